"""The floor: WeasyPrint alone laying out a book's final HTML and CSS into a PDF.

    python benchmarks/floor.py BOOK_DIR PREPARED_DIR OUT.pdf

run.py writes the book's final HTML and CSS to PREPARED_DIR (book.html and style-N.css,
in order) before timing; this process only imports WeasyPrint, reads them and lays them
out with the same fonts and fetcher, as WeasyPrint's own command would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from bookbuilder.pdf.layout import BOOK_URL, BookFetcher


def prepare(book_dir: Path, prepared: Path) -> None:
    """Write the final HTML and CSS of the book (not timed)."""
    from bookbuilder import read_book
    from bookbuilder.pdf.document import print_document
    from bookbuilder.pdf.layout import stylesheet_sources

    book, _ = read_book(book_dir)
    prepared.mkdir(parents=True, exist_ok=True)
    (prepared / "book.html").write_text(print_document(book), "utf-8")
    for number, source in enumerate(stylesheet_sources(book.config)):
        (prepared / f"style-{number}.css").write_text(source, "utf-8")


def main() -> None:
    root, prepared, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), Path(sys.argv[3])
    fetcher = BookFetcher(root)
    fonts = FontConfiguration()
    sheets = [
        weasyprint.CSS(
            string=path.read_text("utf-8"),
            url_fetcher=fetcher,
            font_config=fonts,
            base_url=f"{BOOK_URL}styles/",
        )
        for path in sorted(prepared.glob("style-*.css"))
    ]
    html = (prepared / "book.html").read_text("utf-8")
    document = weasyprint.HTML(string=html, base_url=BOOK_URL, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1"
    )
    out.write_bytes(document.write_pdf(pdf_variant="pdf/ua-1"))


if __name__ == "__main__":
    main()
