"""The speed targets of issue 18, measured in one run as ratios (run by `run.py --targets`).

Every command runs as a fresh process, as a user would run it; peak memory is the
largest sum of the resident sets of the process and its workers, sampled every 50 ms.
Cold builds use `--force` (no chapter or layout cache); "edited" builds follow a warm
build and an edit of one sentence of one chapter.
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


def watch(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and the peak resident megabytes of `command` and its workers."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        problem = process.stderr.read()[-2000:]
        raise RuntimeError(f"{command} exited {process.returncode}: {problem}")
    return wall, peak / 1024


def _tree_rss(pid: int) -> int:
    """Kilobytes resident for `pid` and its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, TypeError):
            continue
    return total


def median(command, runs: int, cwd=None) -> tuple[float, float]:
    results = [watch(command, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


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
    found: dict[str, float] = {}
    out = scratch / "out"

    def build(book: Path, *flags: str) -> list[str]:
        return [*make_book_command, "build", str(book), "-o", str(out), "-q", *flags]

    def pandoc_command(book: Path, target: str, *flags: str) -> list[str]:
        chapters = sorted(str(p) for p in (book / "chapters").glob("*.md"))
        resources = f"--resource-path={book / 'chapters'}"
        metadata = ["--metadata", "title=Book"]
        return [pandoc, "-o", str(out / target), *metadata, resources, *flags, *chapters]

    weasyprint = str(Path(make_book_command[0]).parent / "weasyprint")
    out.mkdir(parents=True, exist_ok=True)

    # The guide: a cold build of its formats, in parts and in one pass.
    guide = Path(__file__).resolve().parent.parent
    found["guide"], _ = median(build(guide, "--force"), runs)
    found["guide, one pass"], _ = median(build(guide, "--force", "--no-parallel-layout"), runs)

    # 200 chapters: the PDF against the peer and against the single pass.
    book200 = make_book(scratch / "book-200", 200)
    found["pdf 200"], found["pdf 200 memory"] = median(build(book200, "-f", "pdf", "--force"), 1)
    one_pass = build(book200, "-f", "pdf", "--force", "--no-parallel-layout")
    found["pdf 200, one pass"], found["pdf 200, one pass memory"] = median(one_pass, 1)
    engine = f"--pdf-engine={weasyprint}"
    found["pandoc pdf 200"], _ = median(pandoc_command(book200, "p.pdf", engine), 1)

    # 1000 pages (250 chapters): memory, the EPUB alone, both, and an edit.
    book250 = make_book(scratch / "book-250", 250)
    found["pdf 1000"], found["pdf 1000 memory"] = median(build(book250, "-f", "pdf", "--force"), 1)
    found["epub 1000"], _ = median(build(book250, "-f", "epub", "--force"), 1)
    found["pdf+epub 1000"], _ = median(build(book250, "-f", "pdf", "-f", "epub", "--force"), 1)
    subprocess.run(build(book250, "-f", "pdf", "-f", "epub"), check=True)  # warm
    edited = []
    for number in range(max(runs, 3)):
        edit_one_sentence(book250, number)
        edited.append(watch(build(book250, "-f", "pdf", "-f", "epub"))[0])
    found["edited 1000"] = statistics.median(edited)

    # The EPUB without print page numbers against pandoc's, at 500 and 1000 pages.
    for chapters, book in ((125, make_book(scratch / "book-125", 125)), (250, book250)):
        plain = plain_copy(book)
        found[f"plain epub {chapters}"], _ = median(build(plain, "-f", "epub", "--force"), runs)
        found[f"pandoc epub {chapters}"], _ = median(pandoc_command(book, "p.epub"), runs)
    return found


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
    on_top = found["pdf+epub 1000"] - found["pdf 1000"]
    absolute = [
        ("EPUB on top of the PDF, 1000 pages", f"{on_top:.2f} s", "≤ 0.3 s", on_top <= 0.3),
        (
            "PDF + EPUB after one edited sentence, 1000 pages",
            f"{found['edited 1000']:.2f} s",
            "≤ 5 s",
            found["edited 1000"] <= 5,
        ),
        (
            "peak memory, cold PDF, 1000 pages (all processes)",
            f"{found['pdf 1000 memory']:.0f} MB",
            "≤ 600 MB",
            found["pdf 1000 memory"] <= 600,
        ),
    ]
    for name, value, goal, met in absolute:
        lines.append(f"| {name} | {value} | | | {goal} | {_met(met)} |")
    single = found["pdf 200, one pass memory"]
    lines.append(
        f"| (peak memory, 200 chapters in one pass, for comparison) | {single:.0f} MB | | | | |"
    )
    return "\n".join(lines)


def _met(met: bool) -> str:
    return "yes" if met else "**no**"
