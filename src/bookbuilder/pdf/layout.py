"""The print edition laid out once: the PDF, the contents and glossary page numbers and
the EPUB's print page equivalents all come from this one WeasyPrint pass."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from bookbuilder import fonts, theme
from bookbuilder.model import Book, PageBreak
from bookbuilder.pdf.document import page_css, print_document

BOOK_URL = "file:///bookbuilder-book/"  # where layouts see the book folder


@dataclass(frozen=True)
class PrintLayout:
    document: weasyprint.Document
    page_labels: tuple[str, ...]
    page_breaks: tuple[PageBreak, ...]


class BookFetcher(URLFetcher):
    """Resources come only from the book folder and the font packages: no network, no
    other file. Layouts see them under fixed URLs (BOOK_URL, FONT_URL), so no output
    depends on where the book or the packages are on disk."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("file",))
        self.folders = {BOOK_URL: root.resolve()}
        self.folders |= {
            f"{fonts.FONT_URL}{name}/": folder.resolve()
            for name, folder in fonts.font_folders().items()
        }

    def fetch(self, url, headers=None):
        if urlparse(url).scheme != "file":
            raise ValueError(f"not fetched (books use local files only): {url}")
        for prefix, folder in self.folders.items():
            if url.startswith(prefix):
                path = folder / unquote(urlparse(url).path[len(urlparse(prefix).path) :])
                path = path.resolve()
                if path.is_relative_to(folder) and path.is_file():
                    return URLFetcherResponse(url, body=path.read_bytes())
        raise ValueError(f"not fetched (outside the book): {url}")


def stylesheet_sources(
    book: Book,
    styles: tuple[str, ...] = ("print.css",),
    *,
    page_size: str | None = None,
    print_ready: bool = False,
) -> list[str]:
    """The CSS a layout uses: the package's (and the book's) `styles`, then the rules that
    depend on the build (fonts, page size, bleed)."""
    sources = [theme.stylesheet(book.config, name) for name in styles]
    sources.append(page_css(book, page_size=page_size, print_ready=print_ready))
    return sources


def render_html(
    book: Book,
    html: str,
    *,
    styles: tuple[str, ...] = ("print.css",),
    page_size: str | None = None,
    print_ready: bool = False,
) -> weasyprint.Document:
    """Lay out `html` with `styles`, fonts from their packages, and a fetcher that reads
    nothing outside the book."""
    fetcher = BookFetcher(book.config.root)
    font_config = FontConfiguration()
    styles_url = f"{BOOK_URL}styles/"  # the book styles' url()s are relative to styles/
    stylesheets = [
        weasyprint.CSS(
            string=source, url_fetcher=fetcher, base_url=styles_url, font_config=font_config
        )
        for source in stylesheet_sources(book, styles, page_size=page_size, print_ready=print_ready)
    ]
    document = weasyprint.HTML(string=html, base_url=BOOK_URL, url_fetcher=fetcher)
    return document.render(stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/ua-1")


def lay_out(
    book: Book,
    *,
    print_ready: bool = False,
    page_size: str | None = None,
    large_print: bool = False,
) -> PrintLayout:
    """Lay out the whole book (in large print when asked) as a paginated edition."""
    styles = ("print.css", "large-print.css") if large_print else ("print.css",)
    html = print_document(book, body_class="book large-print" if large_print else "book")
    document = render_html(book, html, styles=styles, page_size=page_size, print_ready=print_ready)
    labels = page_labels(document, book)
    return PrintLayout(document, labels, tuple(_page_breaks(document, labels, book)))


def page_labels(document: weasyprint.Document, book: Book) -> tuple[str, ...]:
    """Each page's folio: lower-case roman before the first chapter, arabic from 1."""
    first_body = next(
        (i for i, page in enumerate(document.pages) if book.chapters[0].anchor in page.anchors),
        0,
    )
    return tuple(
        _roman(i + 1) if i < first_body else str(i - first_body + 1)
        for i in range(len(document.pages))
    )


def _page_breaks(document: weasyprint.Document, labels: tuple[str, ...], book: Book):
    """Each page's first element that starts on it (by its id or block mark) and belongs
    to a part of the book: where the EPUB's page break goes."""
    seen: set[str] = set()
    for page, label in zip(document.pages, labels, strict=True):
        found = None
        # Boxes in document order; an element continued from an earlier page is seen.
        for mark in _marks(page._page_box):  # the page's box tree: WeasyPrint has no API
            if mark in seen:
                continue
            seen.add(mark)
            if found is None and book.part_of(mark) is not None:
                found = PageBreak(label, mark)
        if found:
            yield found


def _marks(page_box) -> Iterator[str]:
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and not box.element_tag.endswith(("::marker", "::before")):
            mark = element.get("id") or element.get("data-block")
            if mark:
                yield mark


def _roman(number: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    result = ""
    for value, numeral in numerals:
        while number >= value:
            result += numeral
            number -= value
    return result
