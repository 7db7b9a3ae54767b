"""The floor: WeasyPrint alone laying out a book's final HTML and CSS into a PDF.

    python benchmarks/floor.py BOOK_DIR PREPARED_DIR OUT.pdf

run.py writes the book's final HTML and CSS to PREPARED_DIR (book.html, print.css,
page.css) before timing; this process only imports WeasyPrint, reads them and lays them
out with the same fonts and fetcher, as WeasyPrint's own command would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from bookbuilder.layout import BOOK_URL, BookFetcher


def prepare(book_dir: Path, prepared: Path) -> None:
    """Write the final HTML and CSS of the book (not timed)."""
    from bookbuilder import templates
    from bookbuilder.assemble import load_book
    from bookbuilder.print_html import page_css, print_document

    book, _ = load_book(book_dir)
    prepared.mkdir(parents=True, exist_ok=True)
    (prepared / "book.html").write_text(print_document(book), "utf-8")
    (prepared / "print.css").write_text(templates.stylesheet(book.config, "print.css"), "utf-8")
    (prepared / "page.css").write_text(page_css(book), "utf-8")


def main() -> None:
    root, prepared, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), Path(sys.argv[3])
    fetcher = BookFetcher(root)
    fonts = FontConfiguration()
    sheets = [
        weasyprint.CSS(
            string=(prepared / name).read_text("utf-8"),
            url_fetcher=fetcher,
            font_config=fonts,
            base_url=f"{BOOK_URL}styles/",
        )
        for name in ("print.css", "page.css")
    ]
    html = (prepared / "book.html").read_text("utf-8")
    document = weasyprint.HTML(string=html, base_url=BOOK_URL, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1"
    )
    out.write_bytes(document.write_pdf(pdf_variant="pdf/ua-1"))


if __name__ == "__main__":
    main()
