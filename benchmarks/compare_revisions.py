"""What a change costs: the PDF build of the same books by an earlier revision and by the
working tree, alternating, each run a fresh process.

    python benchmarks/compare_revisions.py REV [--sizes guide,125] [--runs 3]

REV is checked out into a temporary git worktree and run from its src/ (ahead of the
installed package on PYTHONPATH), with the same Python, packages and books. Prints a
Markdown table of medians for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

HERE = Path(__file__).parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from run import book_for  # noqa: E402
from worktree import revision_tree  # noqa: E402


def build(src: Path, book: Path, out: Path, fmt: str) -> float:
    """Seconds for one `make-book build -f fmt --force` with the package in `src`."""
    env = os.environ | {"PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": "1764028800"}
    command = [sys.executable, "-m", "bookbuilder", "build", str(book), "-o", str(out)]
    start = time.perf_counter()
    subprocess.run([*command, "-f", fmt, "--force", "-q"], env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("revision")
    parser.add_argument("--sizes", default="guide,125")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="pdf")
    arguments = parser.parse_args()
    rows = []
    with (
        tempfile.TemporaryDirectory() as temporary,
        revision_tree(arguments.revision, Path(temporary) / "old") as old,
    ):
        scratch = Path(temporary)
        for size in arguments.sizes.split(","):
            book = book_for(size, scratch)
            times: dict[str, list[float]] = {"old": [], "new": []}
            for run in range(arguments.runs):
                for name, src in (("old", old / "src"), ("new", REPOSITORY / "src")):
                    out = scratch / f"{name}-{size}-{run}"
                    times[name].append(build(src, book, out, arguments.format))
            pages = {
                name: len(PdfReader(next((scratch / f"{name}-{size}-0").glob("*.pdf"))).pages)
                for name in times
            }
            old_s, new_s = (statistics.median(times[name]) for name in ("old", "new"))
            rows.append(
                f"| {size} | {pages['old']} → {pages['new']} | {old_s:.2f} s | "
                f"{new_s:.2f} s | {new_s / old_s:.2f} |"
            )
    print(
        f"`python benchmarks/compare_revisions.py {arguments.revision} --sizes "
        f"{arguments.sizes} --runs {arguments.runs}`, {arguments.format}, medians\n"
    )
    print("| book | pages (before → after) | before | after | after / before |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
