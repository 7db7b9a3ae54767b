"""Render the requested formats of a loaded book and write them into place.

The print edition is laid out once: the PDF is written from that layout, and the EPUB
takes its page breaks from it, so "page 12" means the same in both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from bookbuilder.epub import render_epub
from bookbuilder.model import Book
from bookbuilder.output import write_atomic

FILE_NAMES = {
    "epub": "{name}.epub",
    "pdf": "{name}.pdf",
    "pdf-large-print": "{name}-large-print.pdf",
    "booklet": "{name}-booklet.pdf",
}


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def layout_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings (a glyph no font has, a CSS value it ignores), collected for
    the CLI to show once each, instead of printed raw as they happen."""
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)


def output_path(book: Book, out_dir: Path, format_name: str) -> Path:
    return out_dir / FILE_NAMES[format_name].format(name=book.config.output_name)


def build_formats(
    book: Book,
    formats: tuple[str, ...],
    out_dir: Path,
    *,
    print_ready: bool,
    step: Callable[[str], None] = lambda description: None,
) -> list[Path]:
    """Render every format first, then write each atomically; returns the paths written."""
    main_layout = cache(lambda: _lay_out(book, print_ready=print_ready))
    rendered: dict[str, bytes] = {}
    for name in formats:
        step(f"Rendering {name}")
        if name == "pdf":
            rendered[name] = _pdf(main_layout(), book)
        elif name == "epub":
            breaks = main_layout().page_breaks if book.config.print_page_numbers else ()
            rendered[name] = render_epub(book, breaks)
        elif name == "pdf-large-print":
            large = _lay_out(book, large_print=True, print_ready=print_ready)
            rendered[name] = _pdf(large, book)
        elif name == "booklet":
            from bookbuilder.booklet import impose

            a5 = main_layout() if book.config.page_size == "A5" else _lay_out(book, page_size="A5")
            rendered[name] = impose(_pdf(a5, book))
    written = []
    for name, data in rendered.items():
        path = output_path(book, out_dir, name)
        write_atomic(path, data)
        written.append(path)
    return written


def _lay_out(book: Book, **options):
    """WeasyPrint takes half a second to import: only builds that lay out pages pay it."""
    from bookbuilder.layout import lay_out

    return lay_out(book, **options)


def _pdf(layout, book: Book) -> bytes:
    from bookbuilder.pdf import render_pdf

    return render_pdf(layout, book.modified)
