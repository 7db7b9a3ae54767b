"""Regenerate the README's gallery: what a new user gets from `make-book`, as pictures.

    python docs/make_gallery.py

Builds the guide (the print PDF, the large-print PDF and a handout) into a temporary
folder, renders pages with poppler's `pdftoppm`, and writes PNGs to docs/gallery/:
the cover, a spread of the print edition, the first page of a handout and a page of
large print. Needs poppler-utils (Debian: `apt-get install poppler-utils`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPOSITORY = Path(__file__).resolve().parent.parent
GALLERY = REPOSITORY / "docs" / "gallery"
DPI = "60"
SPREAD = (8, 9)  # pages of the print PDF: the end of chapter 1 and the opening of chapter 2
LARGE_PRINT_PAGE = 12  # the second page of chapter 2, with its footnote


def make_book(*arguments: str) -> None:
    env = os.environ | {"SOURCE_DATE_EPOCH": "1764028800"}  # 25 November 2025
    command = [sys.executable, "-m", "bookbuilder", *arguments, "--quiet"]
    subprocess.run(command, check=True, cwd=REPOSITORY, env=env)


def page(pdf: Path, number: int, folder: Path) -> Image.Image:
    stem = folder / f"{pdf.stem}-{number}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            DPI,
            "-png",
            "-singlefile",
            "-f",
            str(number),
            "-l",
            str(number),
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return Image.open(f"{stem}.png").convert("RGB")


def spread(left: Image.Image, right: Image.Image) -> Image.Image:
    """Two facing pages as they lie open, with a hairline at the fold."""
    sheet = Image.new("RGB", (left.width + right.width, max(left.height, right.height)), "white")
    sheet.paste(left, (0, 0))
    sheet.paste(right, (left.width, 0))
    for y in range(sheet.height):
        sheet.putpixel((left.width, y), (200, 200, 200))
    return sheet


def save(image: Image.Image, name: str) -> None:
    image.save(GALLERY / name, optimize=True)
    print(GALLERY / name)


def main() -> None:
    GALLERY.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary)
        make_book("build", ".", "-o", str(out), "-f", "pdf", "-f", "pdf-large-print")
        make_book("handout", ".", "gene-therapy-for-back-pain", "-o", str(out))
        book = out / "treating-back-pain.pdf"
        save(page(book, 1, out), "cover.png")
        save(spread(page(book, SPREAD[0], out), page(book, SPREAD[1], out)), "spread.png")
        handout = out / "handouts" / "gene-therapy-for-back-pain.pdf"
        save(page(handout, 1, out), "handout.png")
        large = out / "treating-back-pain-large-print.pdf"
        save(page(large, LARGE_PRINT_PAGE, out), "large-print.png")


if __name__ == "__main__":
    main()
