"""A revision of this repository checked out beside the working tree, for the scripts that
compare what two revisions build (tests/compare_outputs.py) or how fast they build it
(benchmarks/compare_revisions.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


@contextmanager
def revision_tree(revision: str, folder: Path) -> Iterator[Path]:
    """`revision` checked out into `folder` as a detached git worktree, removed after."""
    git = ["git", "-C", str(REPOSITORY), "worktree"]
    subprocess.run([*git, "add", "--detach", "-q", str(folder), revision], check=True)
    try:
        yield folder
    finally:
        subprocess.run([*git, "remove", "--force", str(folder)], check=False)
