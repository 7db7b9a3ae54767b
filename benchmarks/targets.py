"""The speed targets of issue 18, measured in one run as ratios (run by `run.py --targets`).

Every command runs as a fresh process, as a user would run it. Peak memory is sampled
every 50 ms over the process and its workers, two ways: the sum of their resident sets
(RSS), which counts a page shared by a forked worker and its parent once per process,
and the sum of their proportional set sizes (PSS, /proc/PID/smaps_rollup), which splits
each shared page between the processes that map it: the memory the build really holds.
Cold builds use `--force` (no chapter or layout cache); "edited" builds follow a warm
build and an edit of one sentence of one chapter. Commands compared with each other run
in rounds (ours, the peer's, ours, the peer's, …), so that this shared machine's load,
which drifts by ±10 % over minutes, weighs on both; each round's ratio is recorded too.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import time
from pathlib import Path

from make_book import make_book

PYTHON = os.environ.get("PYTHON") or "python3"


def watch(command: list[str], cwd: Path | None = None) -> tuple[float, float, float, str]:
    """Wall seconds, the peak RSS and PSS megabytes of `command` and its workers, and
    what it printed on stderr."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    while process.poll() is None:
        rss, pss = _tree_memory(process.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.05)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        problem = process.stderr.read()[-2000:]
        raise RuntimeError(f"{command} exited {process.returncode}: {problem}")
    return wall, peak_rss / 1024, peak_pss / 1024, process.stderr.read().decode()


def stage_times(stderr: str) -> dict[str, float]:
    """`make-book build --timings`: when each stage ended, by name."""
    lines = stderr.split("Seconds since the build began:\n", 1)[-1].splitlines()
    pairs = [line.strip().rsplit(None, 1) for line in lines if line.startswith("  ")]
    return {name: float(seconds) for name, seconds in pairs}


def after_layout(run: tuple) -> float:
    """Seconds from the end of the print layout to the end of the build."""
    times = stage_times(run[3])
    return times["done"] - times["laid out"]


def _tree_memory(pid: int) -> tuple[int, int]:
    """Kilobytes of RSS and of PSS for `pid` and its descendants (Linux /proc)."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M)[1])
            pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M)[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, TypeError):
            continue
    return rss, pss


def median(command, runs: int, cwd=None) -> tuple[float, float, float]:
    """Median wall seconds, and the largest peak RSS and PSS of `runs` runs."""
    return summary([watch(command, cwd) for _ in range(runs)])


def in_rounds(commands: dict[str, list[str]], runs: int) -> dict[str, list[tuple]]:
    """Each command `runs` times, in rounds (A B C, A B C, …), not one after another: a
    load on the machine that drifts over minutes then weighs on every command alike, and
    the commands of one round can be compared in pairs. Each run: wall, RSS, PSS."""
    found: dict[str, list[tuple]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            found[name].append(watch(command))
    return found


def summary(results: list[tuple]) -> tuple[float, float, float]:
    """The median wall time and the largest peaks of a command's runs."""
    return (
        statistics.median(r[0] for r in results),
        max(r[1] for r in results),
        max(r[2] for r in results),
    )


def edit_one_sentence(book: Path, number: int) -> None:
    """Change one sentence of the chapter in the middle of the book."""
    chapters = sorted((book / "chapters").glob("*.md"))
    chapter = chapters[len(chapters) // 2]
    text = chapter.read_text("utf-8")
    lines = text.split("\n")
    body = next(i for i, line in enumerate(lines) if i > 10 and line[:1].isalpha())
    lines[body] = lines[body].replace(".", f". Edited {number} times.", 1)
    chapter.write_text("\n".join(lines), "utf-8")


def plain_copy(book: Path) -> Path:
    copy = book.parent / f"{book.name}-plain"
    if not copy.exists():
        subprocess.run(["cp", "-r", str(book), str(copy)], check=True)
        with (copy / "book.toml").open("a", encoding="utf-8") as toml:
            toml.write("\n[epub]\nprint_page_numbers = false\n")
    return copy


def run_targets(make_book_command: list[str], pandoc: str, scratch: Path, runs: int) -> dict:
    """Every figure the targets need, by name."""
    found: dict = {}  # seconds, megabytes, and lists of them by run
    out = scratch / "out"

    def build(book: Path, *flags: str) -> list[str]:
        return [*make_book_command, "build", str(book), "-o", str(out), "-q", "--timings", *flags]

    def pandoc_command(book: Path, target: str, *flags: str) -> list[str]:
        chapters = sorted(str(p) for p in (book / "chapters").glob("*.md"))
        resources = f"--resource-path={book / 'chapters'}"
        metadata = ["--metadata", "title=Book"]
        return [pandoc, "-o", str(out / target), *metadata, resources, *flags, *chapters]

    weasyprint = str(Path(make_book_command[0]).parent / "weasyprint")
    out.mkdir(parents=True, exist_ok=True)

    # The guide: a cold build of its formats, in parts and in one pass.
    guide = Path(__file__).resolve().parent.parent
    rounds = in_rounds(
        {
            "guide": build(guide, "--force"),
            "guide, one pass": build(guide, "--force", "--no-parallel-layout"),
        },
        runs,
    )
    found["guide"] = summary(rounds["guide"])[0]
    found["guide, one pass"] = summary(rounds["guide, one pass"])[0]

    # 200 chapters: the PDF against the peer (in rounds) and against the single pass.
    book200 = make_book(scratch / "book-200", 200)
    engine = f"--pdf-engine={weasyprint}"
    rounds = in_rounds(
        {
            "pdf 200": build(book200, "-f", "pdf", "--force"),
            "pandoc pdf 200": pandoc_command(book200, "p.pdf", engine),
        },
        runs,
    )
    found["pdf 200"] = summary(rounds["pdf 200"])[0]
    found["pandoc pdf 200"] = summary(rounds["pandoc pdf 200"])[0]
    found["pdf 200 / pandoc, by round"] = _ratios(rounds["pdf 200"], rounds["pandoc pdf 200"])
    one_pass = build(book200, "-f", "pdf", "--force", "--no-parallel-layout")
    found["pdf 200, one pass"], found["pdf 200, one pass memory"], _ = median(one_pass, 1)

    # 1000 pages (250 chapters): memory, the EPUB alone, both, and an edit. The EPUB on
    # top of the PDF is a difference of two 45-second builds: taken round by round, so
    # that a slow minute of the machine falls on both, then the median.
    book250 = make_book(scratch / "book-250", 250)
    rounds = in_rounds(
        {
            "pdf": build(book250, "-f", "pdf", "--force"),
            "epub": build(book250, "-f", "epub", "--force"),
            "both": build(book250, "-f", "pdf", "-f", "epub", "--force"),
        },
        runs,
    )
    found["pdf 1000"], found["pdf 1000 memory"], found["pdf 1000 pss"] = summary(rounds["pdf"])
    found["epub 1000"] = summary(rounds["epub"])[0]
    found["pdf+epub 1000"] = summary(rounds["both"])[0]
    found["epub 1000 / pdf 1000, by round"] = _ratios(rounds["epub"], rounds["pdf"])
    found["on top, by round"] = [
        round(b[0] - p[0], 2) for b, p in zip(rounds["both"], rounds["pdf"], strict=True)
    ]
    found["on top, wall"] = statistics.median(found["on top, by round"])
    # What the EPUB adds, timed by the builds themselves (--timings): until the layout
    # ends, a PDF+EPUB build does what a PDF build does (the chapters are read once for
    # both; the EPUB is made from the laid-out pages), so the EPUB's cost is in what
    # follows: the difference of the two builds' times from the layout's end to exit.
    found["laid out, pdf and both, by round"] = [
        (stage_times(p[3])["laid out"], stage_times(b[3])["laid out"])
        for p, b in zip(rounds["pdf"], rounds["both"], strict=True)
    ]
    found["after layout, pdf, by round"] = [round(after_layout(p), 3) for p in rounds["pdf"]]
    found["after layout, both, by round"] = [round(after_layout(b), 3) for b in rounds["both"]]
    found["on top, after layout, by round"] = [
        round(after_layout(b) - after_layout(p), 3)
        for b, p in zip(rounds["both"], rounds["pdf"], strict=True)
    ]
    found["on top"] = statistics.median(found["on top, after layout, by round"])
    warm = build(book250, "-f", "pdf", "-f", "epub")
    subprocess.run(warm, check=True, stderr=subprocess.DEVNULL)  # its --timings: not needed
    edited = []
    for number in range(max(runs, 3)):
        edit_one_sentence(book250, number)
        edited.append(round(watch(build(book250, "-f", "pdf", "-f", "epub"))[0], 2))
    found["edited 1000, by run"] = edited
    found["edited 1000"] = statistics.median(edited)

    # The EPUB without print page numbers against pandoc's, at 500 and 1000 pages.
    for chapters, book in ((125, make_book(scratch / "book-125", 125)), (250, book250)):
        plain = plain_copy(book)
        rounds = in_rounds(
            {
                "ours": build(plain, "-f", "epub", "--force"),
                "pandoc": pandoc_command(book, "p.epub"),
            },
            runs,
        )
        found[f"plain epub {chapters}"] = summary(rounds["ours"])[0]
        found[f"pandoc epub {chapters}"] = summary(rounds["pandoc"])[0]
        found[f"plain epub {chapters} / pandoc, by round"] = _ratios(
            rounds["ours"], rounds["pandoc"]
        )
    return found


def _ratios(ours: list[tuple], theirs: list[tuple]) -> list[float]:
    return [round(a[0] / b[0], 3) for a, b in zip(ours, theirs, strict=True)]


def targets_table(found: dict) -> str:
    """Each target: the figures, the ratio, the goal, met or not."""
    ratios = [
        ("cold PDF, 200 chapters / pandoc+WeasyPrint", "pdf 200", "pandoc pdf 200", 1.0),
        ("cold PDF, 200 chapters / single pass", "pdf 200", "pdf 200, one pass", 0.6),
        ("EPUB, no print pages, 500 pages / pandoc", "plain epub 125", "pandoc epub 125", 0.5),
        ("EPUB, no print pages, 1000 pages / pandoc", "plain epub 250", "pandoc epub 250", 0.5),
        ("EPUB alone, 1000 pages / PDF alone", "epub 1000", "pdf 1000", 1.05),
        ("guide, cold / single pass", "guide", "guide, one pass", 1.0),
    ]
    lines = ["| target | measured | against | ratio | goal | met |", "|---|---|---|---|---|---|"]
    for name, ours, theirs, goal in ratios:
        ratio = found[ours] / found[theirs]
        lines.append(
            f"| {name} | {found[ours]:.2f} s | {found[theirs]:.2f} s | {ratio:.2f} | ≤ {goal} "
            f"| {_met(ratio <= goal)} |"
        )
    on_top, on_top_wall = found["on top"], found["on top, wall"]
    absolute = [
        (
            "EPUB on top of the PDF, 1000 pages: the builds' own time from the layout's "
            "end to exit, PDF+EPUB less PDF (median of the rounds)",
            f"{on_top:.2f} s",
            "≤ 0.3 s",
            on_top <= 0.3,
        ),
        (
            "(the same, as the difference of the two builds' wall times: this machine's "
            "noise, ±5 s at 50 s)",
            f"{on_top_wall:.2f} s",
            "",
            None,
        ),
        (
            "PDF + EPUB after one edited sentence, 1000 pages",
            f"{found['edited 1000']:.2f} s",
            "≤ 5 s",
            found["edited 1000"] <= 5,
        ),
        (
            "peak memory, cold PDF, 1000 pages (PSS of all processes)",
            f"{found['pdf 1000 pss']:.0f} MB",
            "≤ 600 MB",
            found["pdf 1000 pss"] <= 600,
        ),
        (
            "peak memory, cold PDF, 1000 pages (RSS of all processes, shared pages counted "
            "in each)",
            f"{found['pdf 1000 memory']:.0f} MB",
            "≤ 600 MB",
            found["pdf 1000 memory"] <= 600,
        ),
    ]
    for name, value, goal, met in absolute:
        lines.append(f"| {name} | {value} | | | {goal} | {'' if met is None else _met(met)} |")
    single = found["pdf 200, one pass memory"]
    lines.append(
        f"| (peak memory, 200 chapters in one pass, for comparison) | {single:.0f} MB | | | | |"
    )
    return "\n".join(lines)


def _met(met: bool) -> str:
    return "yes" if met else "**no**"
