"""Compare what two revisions of bookbuilder build from the same books.

A structural change must not change what readers get. This script builds each book with
the code and the book folder of a base revision (checked out into a temporary git
worktree) and with the working tree, both with the same SOURCE_DATE_EPOCH, and compares
every output:

- identical bytes, or else
- with --pixels, a PDF whose pages render to the same pixels (pdftoppm at 100 dpi), and
  an EPUB whose documents hold the same text and whose files are the same apart from
  stylesheets.

    python tests/compare_outputs.py d0cf66c                     # bytes must match
    python tests/compare_outputs.py d0cf66c --pixels            # pixels and text must match
    python tests/compare_outputs.py d0cf66c --book tests/books/print

Exit code 0 when every output matches, 1 otherwise. Both sides run with this Python (the
dependencies of the two revisions must be the same).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from worktree import revision_tree

REPOSITORY = Path(__file__).resolve().parent.parent
BOOKS = (".", "tests/books/print")
FORMATS = ("epub", "pdf", "pdf-large-print", "booklet")
EPOCH = "1700000000"
RUN = "import sys; from bookbuilder.cli import main; sys.argv[0] = 'make-book'; main()"


def build(tree: Path, book: str, out: Path, cache: Path) -> list[Path]:
    """Every format and every handout of `book` as built by the code in `tree`."""
    env = {
        **os.environ,
        "PYTHONPATH": str(tree / "src"),
        "SOURCE_DATE_EPOCH": EPOCH,
        "XDG_CACHE_HOME": str(cache),
    }
    flags = [arg for name in FORMATS for arg in ("-f", name)]
    book_dir = str(tree / book)
    for arguments in (
        ["build", book_dir, "-o", str(out), *flags, "--force", "-q"],
        ["handout", book_dir, "--all", "-o", str(out), "-q"],
        ["handout", book_dir, "--all", "--large-print", "-o", str(out), "-q"],
    ):
        result = subprocess.run(
            [sys.executable, "-c", RUN, *arguments], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            sys.exit(f"{tree}: make-book {' '.join(arguments)} failed:\n{result.stderr}")
    return sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))


def page_images(pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(folder / "p")], check=True)
    return [page.read_bytes() for page in sorted(folder.glob("p-*.png"))]


def epub_texts(epub: Path) -> dict[str, str]:
    """Each document's text and each other file's bytes (as hex), stylesheets left out."""
    found = {}
    with zipfile.ZipFile(epub) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".xhtml"):
                root = etree.fromstring(data)
                found[name] = " ".join("".join(root.itertext()).split())
            elif not name.endswith(".css"):
                found[name] = data.hex()
    return found


def same_looking(base: Path, new: Path, scratch: Path) -> bool:
    if base.suffix == ".pdf":
        return page_images(base, scratch / "base") == page_images(new, scratch / "new")
    if base.suffix == ".epub":
        return epub_texts(base) == epub_texts(new)
    return False


def compare(base_tree: Path, book: str, pixels: bool, scratch: Path) -> list[str]:
    """The outputs of `book` that differ, each with how."""
    sides = {}
    for name, tree in (("base", base_tree), ("new", REPOSITORY)):
        out = scratch / name / "out"
        sides[name] = {p.relative_to(out): p for p in build(tree, book, out, scratch / name)}
    problems = []
    if sides["base"].keys() != sides["new"].keys():
        problems.append(
            f"{book}: files differ: {sorted(sides['base'].keys() ^ sides['new'].keys())}"
        )
    for relative in sorted(sides["base"].keys() & sides["new"].keys()):
        base, new = sides["base"][relative], sides["new"][relative]
        if base.read_bytes() == new.read_bytes():
            print(f"  bytes identical  {book}/{relative}")
        elif pixels and same_looking(base, new, scratch / "pages" / str(relative)):
            print(f"  same {'pixels' if base.suffix == '.pdf' else 'text'}      {book}/{relative}")
        else:
            problems.append(f"{book}/{relative}: differs")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the revision to compare with, such as HEAD or d0cf66c")
    parser.add_argument("--book", action="append", help="book folder, relative to the repo")
    parser.add_argument("--pixels", action="store_true", help="PDF pixels and EPUB text suffice")
    arguments = parser.parse_args()
    problems = []
    with (
        tempfile.TemporaryDirectory() as scratch_name,
        revision_tree(arguments.base, Path(scratch_name) / "base-tree") as base_tree,
    ):
        scratch = Path(scratch_name)
        for book in arguments.book or BOOKS:
            print(f"{book}:")
            problems += compare(base_tree, book, arguments.pixels, scratch / book.replace("/", "_"))
    for problem in problems:
        print(f"DIFFERS: {problem}")
    print("all outputs match" if not problems else f"{len(problems)} outputs differ")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
