"""Single-chapter handouts that clinics print for patients, one PDF each.

`--all` lays them out in parallel, one process per core: WeasyPrint layout is
CPU-bound Python, so threads would not help.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import weasyprint

from bookbuilder import processes
from bookbuilder.model import Book
from bookbuilder.output import build_day
from bookbuilder.pdf.document import handout_document
from bookbuilder.pdf.figures import fit_figures
from bookbuilder.pdf.layout import render_html
from bookbuilder.pdf.write import write_pdf

HANDOUT_STYLES = ("print.css", "handout.css")
LARGE_PRINT_STYLES = ("print.css", "large-print.css", "handout.css")


@dataclass(frozen=True)
class HandoutOptions:
    paper: str
    clinic: tuple[str, ...]
    large_print: bool = False
    printed_on: date = field(default_factory=build_day)


def handout_file_name(slug: str, large_print: bool) -> str:
    return f"{slug}-large-print.pdf" if large_print else f"{slug}.pdf"


def render_handout(book: Book, slug: str, options: HandoutOptions) -> bytes:
    """The handout's PDF. Its list of words stays whole, after the text, when it fits on
    a page; when it is longer than a page it is laid out again to start straight after the
    text and break between entries, rather than leave a page half empty."""
    styles = LARGE_PRINT_STYLES if options.large_print else HANDOUT_STYLES

    def lay_out(words_class: str) -> weasyprint.Document:
        html = handout_document(
            book,
            slug,
            clinic=options.clinic,
            printed_on=options.printed_on,
            large_print=options.large_print,
            words_class=words_class,
        )
        return fit_figures(
            lambda extra_css: render_html(
                book,
                html,
                styles=styles,
                page_size=options.paper,
                facing=False,
                extra_css=extra_css,
            )
        )

    document = lay_out("words-used")
    if _pages_holding(document, "words-used") > 1:
        document = lay_out("words-used long")
    return write_pdf(document, book)


def _pages_holding(document: weasyprint.Document, class_name: str) -> int:
    """On how many pages an element of class `class_name` has boxes (WeasyPrint has no API
    for this: the page's box tree is read)."""

    def classes(box) -> list[str]:
        element = getattr(box, "element", None)
        return (element.get("class") or "").split() if element is not None else []

    return sum(
        any(class_name in classes(box) for box in page._page_box.descendants())
        for page in document.pages
    )


def render_handouts(
    book: Book, slugs: list[str], options: HandoutOptions, workers: int | None = None
) -> dict[str, bytes]:
    """Every requested handout's bytes, by slug; in parallel when there are several."""
    workers = min(workers or os.cpu_count() or 1, len(slugs))
    if workers <= 1:
        return {slug: render_handout(book, slug, options) for slug in slugs}
    with processes.pool(workers) as pool:
        results = pool.map(render_handout, [book] * len(slugs), slugs, [options] * len(slugs))
        return dict(zip(slugs, results, strict=True))
