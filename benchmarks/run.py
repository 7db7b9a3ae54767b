"""Speed and scale, measured side by side in one run, written to benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes guide,25,125,250] [--runs 3] [--write]
    python benchmarks/run.py --targets [--runs 3] [--write]   (issue 18's targets: targets.py)

For the guide and synthetic books (benchmarks/make_book.py; 25 chapters is about 100 A4
pages), each command runs as a fresh process, as a user would run it, alternating with
its comparisons; the table shows medians and peak memory:

- EPUB: `make-book build -f epub` (laid out for print page numbers) and the same with
  `[epub] print_page_numbers = false`; pandoc: `pandoc -o x.epub` on the same Markdown.
- PDF: `make-book build -f pdf`; floor: WeasyPrint alone rendering the same final HTML
  and CSS (benchmarks/floor.py); pandoc: `--pdf-engine=weasyprint`.
- handouts: `make-book handout --all` with all cores and with `--jobs 1`.
- no-op: `make-book build` again with nothing changed.
- edited: the EPUB (no print pages) rebuilt after an edit to one chapter, the other
  chapters coming from the chapter cache. Every other build runs with `--force`, which
  uses no cache.

Installs Debian's pandoc when it is missing (as root).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from floor import prepare  # noqa: E402
from make_book import make_book  # noqa: E402

PYTHON = sys.executable
MAKE_BOOK = [PYTHON, "-m", "bookbuilder"]
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "wall = time.perf_counter() - start\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(wall, peak, code)"
)


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one run of `command`."""
    result = subprocess.run(
        [PYTHON, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True
    )
    wall, peak, code = result.stdout.split()
    if code != "0":
        raise RuntimeError(f"{command} exited {code}: {result.stderr[-2000:]}")
    return float(wall), int(peak) / 1024


def ensure_pandoc() -> str:
    found = shutil.which("pandoc")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "pandoc"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    found = shutil.which("pandoc")
    if not found:
        sys.exit("pandoc is needed: apt-get install pandoc")
    return found


def book_for(size: str, scratch: Path) -> Path:
    if size == "guide":
        target = scratch / "guide"
        target.mkdir()
        for name in ("book.toml", "glossary.yaml", "disclaimer.md"):
            shutil.copy(REPOSITORY / name, target)
        shutil.copytree(REPOSITORY / "chapters", target / "chapters")
        return target
    return make_book(scratch / f"book-{size}", int(size))


def without_page_numbers(book: Path) -> Path:
    copy = book.parent / (book.name + "-plain")
    shutil.copytree(book, copy)
    with (copy / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n[epub]\nprint_page_numbers = false\n")
    return copy


def commands(book: Path, plain: Path, out: Path, pandoc: str) -> dict[str, tuple[list[str], Path]]:
    chapters = sorted(str(p) for p in (book / "chapters").glob("*.md"))
    weasyprint = str(Path(PYTHON).parent / "weasyprint")
    return {
        "epub": (
            [*MAKE_BOOK, "build", str(book), "-o", str(out / "a"), "-f", "epub", "--force", "-q"],
            book,
        ),
        "epub, no print pages": (
            [*MAKE_BOOK, "build", str(plain), "-o", str(out / "b"), "-f", "epub", "--force", "-q"],
            book,
        ),
        "pandoc epub": (
            [
                pandoc,
                "-o",
                str(out / "pandoc.epub"),
                "--metadata",
                "title=Book",
                f"--resource-path={book / 'chapters'}",
                *chapters,
            ],
            book,
        ),
        "pdf": (
            [*MAKE_BOOK, "build", str(book), "-o", str(out / "c"), "-f", "pdf", "--force", "-q"],
            book,
        ),
        "floor": (
            [
                PYTHON,
                str(HERE / "floor.py"),
                str(book),
                str(out / "prepared"),
                str(out / "floor.pdf"),
            ],
            book,
        ),
        "pandoc pdf": (
            [
                pandoc,
                "-o",
                str(out / "pandoc.pdf"),
                "--metadata",
                "title=Book",
                f"--pdf-engine={weasyprint}",
                f"--resource-path={book / 'chapters'}",
                *chapters,
            ],
            book,
        ),
        "handouts": ([*MAKE_BOOK, "handout", str(book), "--all", "-o", str(out / "h"), "-q"], book),
        "handouts, 1 job": (
            [*MAKE_BOOK, "handout", str(book), "--all", "--jobs", "1", "-o", str(out / "h1"), "-q"],
            book,
        ),
    }


def pages_of(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def run_size(size: str, runs: int, pandoc: str, scratch: Path) -> dict:
    book = book_for(size, scratch)
    plain = without_page_numbers(book)
    out = scratch / f"out-{size}"
    table = commands(book, plain, out, pandoc)
    prepare(book, out / "prepared")
    times: dict[str, list[float]] = {name: [] for name in table}
    peaks: dict[str, float] = {name: 0.0 for name in table}
    for _ in range(runs):
        for name, (command, cwd) in table.items():  # alternate: load drifts hit all alike
            wall, peak = measure(command, cwd)
            times[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    subprocess.run([*MAKE_BOOK, "build", str(book), "-o", str(out / "n"), "-q"], check=True)
    noop = [
        measure([*MAKE_BOOK, "build", str(book), "-o", str(out / "n"), "-q"])[0]
        for _ in range(max(runs, 3))
    ]
    medians = {name: statistics.median(values) for name, values in times.items()}
    medians["no-op"] = statistics.median(noop)
    medians["edited"] = statistics.median(edited_rebuilds(plain, out / "e", max(runs, 3)))
    return {
        "size": size,
        "pages": pages_of(out / "c" / next(p.name for p in (out / "c").glob("*.pdf"))),
        "medians": medians,
        "peaks": peaks,
    }


def edited_rebuilds(book: Path, out: Path, runs: int) -> list[float]:
    """EPUB rebuilds after an edit to one chapter (in the middle of the book), with the
    other chapters' renders cached by the build before."""
    build = [*MAKE_BOOK, "build", str(book), "-o", str(out), "-f", "epub", "-q"]
    subprocess.run(build, check=True)
    chapters = sorted((book / "chapters").glob("*.md"))
    chapter = chapters[len(chapters) // 2]
    walls = []
    for number in range(runs):
        with chapter.open("a", encoding="utf-8") as stream:
            stream.write(f"\nAn added sentence, number {number}.\n")
        walls.append(measure(build)[0])
    return walls


def table(results: list[dict]) -> str:
    head = (
        "| book | pages | EPUB | EPUB, no print pages | EPUB, no print pages, one chapter "
        "edited | pandoc EPUB | PDF | WeasyPrint floor "
        "| pandoc+WeasyPrint PDF | handouts (all cores) | handouts (1 job) | no-op rebuild "
        "| peak memory, PDF | PDF / floor | EPUB / pandoc | EPUB no print pages / pandoc "
        "| edited / pandoc | PDF / pandoc PDF | handouts speed-up | PDF s/page |"
    )
    rows = [head, "|" + "---|" * 20]
    for result in results:
        m, pages = result["medians"], result["pages"]
        rows.append(
            f"| {result['size']} | {pages} | {m['epub']:.2f} s | {m['epub, no print pages']:.2f} s"
            f" | {m['edited']:.2f} s"
            f" | {m['pandoc epub']:.2f} s | {m['pdf']:.2f} s | {m['floor']:.2f} s"
            f" | {m['pandoc pdf']:.2f} s | {m['handouts']:.2f} s | {m['handouts, 1 job']:.2f} s"
            f" | {m['no-op']:.2f} s | {result['peaks']['pdf']:.0f} MB"
            f" | {m['pdf'] / m['floor']:.2f} | {m['epub'] / m['pandoc epub']:.2f}"
            f" | {m['epub, no print pages'] / m['pandoc epub']:.2f}"
            f" | {m['edited'] / m['pandoc epub']:.2f}"
            f" | {m['pdf'] / m['pandoc pdf']:.2f}"
            f" | {m['handouts, 1 job'] / m['handouts']:.2f}"
            f" | {m['pdf'] / pages:.3f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="guide,25,125,250")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--targets", action="store_true", help="issue 18's targets")
    args = parser.parse_args()
    pandoc = ensure_pandoc()
    if args.targets:
        return run_the_targets(args, pandoc)
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")  # builds cache chapters
        for size in args.sizes.split(","):
            runs = args.runs if size in ("guide", "25") else max(1, args.runs - 1)
            started = time.perf_counter()
            results.append(run_size(size, runs, pandoc, Path(scratch)))
            print(f"{size}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    text = table(results)
    print(text)
    if args.write:
        machine = _machine()
        section = (
            f"\n## Speed and scale, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
            f"`python benchmarks/run.py --sizes {args.sizes} --runs {args.runs}` on "
            f"{machine}; medians of wall time (each a fresh process); peak memory is "
            f"the largest resident set of any run.\n\n{text}\n"
        )
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as stream:
            stream.write(section)


def run_the_targets(args, pandoc: str) -> None:
    from targets import run_targets, targets_table

    with tempfile.TemporaryDirectory() as scratch:
        os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")
        os.environ["PYTHON"] = PYTHON
        found = run_targets(MAKE_BOOK, pandoc, Path(scratch), args.runs)
        pages = {
            n: pages_of(next((Path(scratch) / "out").glob(f"*{n}-chapters.pdf")))
            for n in (200, 250)
        }
    text = targets_table(found)
    print(text)
    if args.write:
        machine = _machine()
        section = (
            f"\n## Issue 18's targets, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
            f"`python benchmarks/run.py --targets --runs {args.runs}` on {machine}; "
            f"the 200-chapter book has {pages[200]} pages, the 250-chapter one {pages[250]}; "
            "medians of wall time, each command a fresh process.\n\n"
            f"{text}\n\nEvery figure: `{found}`\n"
        )
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as stream:
            stream.write(section)


def _machine() -> str:
    return (
        f"{platform.node()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
