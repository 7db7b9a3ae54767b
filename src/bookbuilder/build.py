"""Render the requested formats of a loaded book and write them into place.

The print edition is laid out once: the PDF is written from that layout, and the EPUB
takes its page breaks from it, so "page 12" means the same in both.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from bookbuilder.booklet import impose
from bookbuilder.epub import render_epub
from bookbuilder.layout import lay_out
from bookbuilder.model import Book
from bookbuilder.output import write_atomic
from bookbuilder.pdf import render_pdf

FILE_NAMES = {
    "epub": "{name}.epub",
    "pdf": "{name}.pdf",
    "pdf-large-print": "{name}-large-print.pdf",
    "booklet": "{name}-booklet.pdf",
}


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
    main_layout = cache(lambda: lay_out(book, print_ready=print_ready))
    rendered: dict[str, bytes] = {}
    for name in formats:
        step(f"Rendering {name}")
        if name == "pdf":
            rendered[name] = render_pdf(main_layout(), book.modified)
        elif name == "epub":
            rendered[name] = render_epub(book, main_layout().page_breaks)
        elif name == "pdf-large-print":
            large = lay_out(book, large_print=True, print_ready=print_ready)
            rendered[name] = render_pdf(large, book.modified)
        elif name == "booklet":
            a5 = main_layout() if book.config.page_size == "A5" else lay_out(book, page_size="A5")
            rendered[name] = impose(render_pdf(a5, book.modified))
    written = []
    for name, data in rendered.items():
        path = output_path(book, out_dir, name)
        write_atomic(path, data)
        written.append(path)
    return written
