"""The print edition laid out once: the PDF, the contents and glossary page numbers and
the EPUB's print page equivalents all come from this one WeasyPrint pass."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from bookbuilder import fonts
from bookbuilder.model import Book, PageBreak
from bookbuilder.pdf.covers import cover_page
from bookbuilder.pdf.document import print_document
from bookbuilder.pdf.figures import fit_figures
from bookbuilder.pdf.numbering import label_pages
from bookbuilder.pdf.print_layout import BOOK_URL, PrintLayout, stylesheet_sources
from bookbuilder.pdf.weasyprint_fixes import apply as apply_weasyprint_fixes

apply_weasyprint_fixes()


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


def render_html(
    book: Book,
    html: str,
    *,
    styles: tuple[str, ...] = ("print.css",),
    page_size: str | None = None,
    print_ready: bool = False,
    facing: bool = True,
    extra_css: str = "",
) -> weasyprint.Document:
    """Lay out `html` with `styles`, fonts from their packages only (no system font), and
    a fetcher that reads nothing outside the book."""
    fetcher = BookFetcher(book.config.root)
    with fonts.isolated_fontconfig(book.config.font_files):  # the packages', the book's
        font_config = FontConfiguration()
    styles_url = f"{BOOK_URL}styles/"  # the book styles' url()s are relative to styles/
    stylesheets = [
        weasyprint.CSS(
            string=source, url_fetcher=fetcher, base_url=styles_url, font_config=font_config
        )
        for source in stylesheet_sources(
            book.config,
            styles,
            page_size=page_size,
            print_ready=print_ready,
            facing=facing,
            extra_css=extra_css,
        )
    ]
    document = weasyprint.HTML(string=html, base_url=BOOK_URL, url_fetcher=fetcher)
    return document.render(stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/ua-1")


def lay_out(
    book: Book,
    *,
    print_ready: bool = False,
    page_size: str | None = None,
    large_print: bool = False,
    booklet: bool = False,
) -> PrintLayout:
    """Lay out the whole book (in large print when asked) as a paginated edition; a
    `booklet` gets a back cover too. Figures that would leave a page more than a third
    empty are scaled down to fit it (figures.py)."""
    styles = ("print.css", "large-print.css") if large_print else ("print.css",)
    html = print_document(
        book,
        large_print=large_print,
        page_size=page_size,
        cover=cover_page(book, book_url=BOOK_URL, large_print=large_print),
        back_cover=booklet and book.config.print_cover,
    )

    def render(extra_css: str) -> weasyprint.Document:
        return render_html(
            book,
            html,
            styles=styles,
            page_size=page_size,
            print_ready=print_ready,
            extra_css=extra_css,
        )

    document = fit_figures(render)
    labels = page_labels(document, book)
    return PrintLayout(document, labels, tuple(_page_breaks(document, labels, book)))


def page_labels(document: weasyprint.Document, book: Book) -> tuple[str, ...]:
    """Each page's folio: "Cover 1" and "Cover 2" for the cover and the blank inside it (as
    printers call them), lower-case roman from the title page, arabic from the first
    chapter."""
    pages = document.pages

    def first(anchor: str, default: int) -> int:
        return next((i for i, page in enumerate(pages) if anchor in page.anchors), default)

    title_page = first("titlepage", 0)
    first_body = first(book.chapters[0].anchor, title_page)
    return label_pages(first_body, title_page, len(pages) - first_body)


def _page_breaks(document: weasyprint.Document, labels: tuple[str, ...], book: Book):
    """Each page's first element that starts on it (by its id or block mark) and belongs
    to a part of the book: where the EPUB's page break goes."""
    seen: set[str] = set()
    for page, label in zip(document.pages, labels, strict=True):
        found = None
        # Boxes in document order; an element continued from an earlier page is seen.
        for mark in marks(page._page_box):  # the page's box tree: WeasyPrint has no API
            if mark in seen:
                continue
            seen.add(mark)
            if found is None and book.part_of(mark) is not None:
                found = PageBreak(label, mark)
        if found:
            yield found


def marks(page_box) -> Iterator[str]:
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and not box.element_tag.endswith(("::marker", "::before")):
            mark = element.get("id") or element.get("data-block")
            if mark:
                yield mark
