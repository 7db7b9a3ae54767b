"""Single-chapter handouts that clinics print for patients, one PDF each.

`--all` lays them out in parallel, one process per core: WeasyPrint layout is
CPU-bound Python, so threads would not help.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from bookbuilder.model import Book
from bookbuilder.output import build_day
from bookbuilder.pdf.document import handout_document
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
    html = handout_document(
        book,
        slug,
        clinic=options.clinic,
        printed_on=options.printed_on,
        large_print=options.large_print,
    )
    styles = LARGE_PRINT_STYLES if options.large_print else HANDOUT_STYLES
    document = render_html(book, html, styles=styles, page_size=options.paper)
    return write_pdf(document, book.modified)


def render_handouts(
    book: Book, slugs: list[str], options: HandoutOptions, workers: int | None = None
) -> dict[str, bytes]:
    """Every requested handout's bytes, by slug; in parallel when there are several."""
    workers = min(workers or os.cpu_count() or 1, len(slugs))
    if workers <= 1:
        return {slug: render_handout(book, slug, options) for slug in slugs}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(render_handout, [book] * len(slugs), slugs, [options] * len(slugs))
        return dict(zip(slugs, results, strict=True))
