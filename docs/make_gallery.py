"""Regenerate the README's gallery: what a new user gets from `make-book`, as pictures.

    python docs/make_gallery.py

Builds the guide (the print PDF, the large-print PDF and a handout) into a temporary
folder, renders pages with poppler's `pdftoppm`, and writes PNGs to docs/gallery/:
the cover, a spread of the print edition, the first page of a handout and a page of
large print. Needs poppler-utils (Debian: `apt-get install poppler-utils`).

Then `make-book serve` on a copy of the guide, in Debian's Chromium (playwright, from the
`test` extra): a chapter page after an edit broke its front matter, with the overlay
that says where (preview.png).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
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
        preview(out)


def preview(folder: Path) -> None:
    """The live preview, as an editor sees it just after a slip in the front matter."""
    from playwright.sync_api import sync_playwright

    book = folder / "guide"
    book.mkdir()
    for name in ("book.toml", "glossary.yaml", "disclaimer.md", "chapters", "styles"):
        copy = shutil.copytree if (REPOSITORY / name).is_dir() else shutil.copy
        copy(REPOSITORY / name, book / name)
    env = os.environ | {"SOURCE_DATE_EPOCH": "1764028800", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "bookbuilder", "serve", str(book)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        url = re.search(r"http://\S+/", server.stdout.readline())[0]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--headless", "--no-sandbox", "--disable-background-networking"],
            )
            view = browser.new_page(viewport={"width": 1100, "height": 720})
            view.goto(url + "gene-therapy-for-back-pain.html")
            view.wait_for_load_state("networkidle")
            chapter = book / "chapters" / "02-gene-therapy-for-back-pain.md"
            text = chapter.read_text("utf-8")
            chapter.write_text(text.replace("updated: 2010-06-15", "updated: 2010-15-06"))
            view.locator("#make-book-problems").wait_for()
            view.screenshot(path=str(folder / "preview.png"))
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    image = Image.open(folder / "preview.png").convert("RGB")
    save(image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.LANCZOS), "preview.png")


if __name__ == "__main__":
    main()
