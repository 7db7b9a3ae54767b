"""What a layout of the print edition is, and the styles it is laid out with: shared by
the layout in one pass (pdf/layout.py) and in parts (pdf/parallel.py), and read by
processes that never import WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass

from bookbuilder import theme
from bookbuilder.model import BookConfig, PageBreak
from bookbuilder.pdf.geometry import page_css

BOOK_URL = "file:///bookbuilder-book/"  # where layouts see the book folder


@dataclass(frozen=True)
class PrintLayout:
    """The print edition laid out: in one pass (`document`), or in parts laid out apart
    (`parts`, a pdf/parallel.PartsLayout) that the PDF is merged from."""

    document: object | None  # a weasyprint.Document
    page_labels: tuple[str, ...]
    page_breaks: tuple[PageBreak, ...]
    parts: object = None


def stylesheet_sources(
    config: BookConfig,
    styles: tuple[str, ...] = ("print.css",),
    *,
    page_size: str | None = None,
    print_ready: bool = False,
    facing: bool = True,
    extra_css: str = "",
) -> list[str]:
    """The CSS a layout uses: the package's (and the book's) `styles`, then the rules that
    depend on the build (fonts, page size and margins, bleed), then `extra_css`."""
    sources = [theme.stylesheet(config, name) for name in styles]
    large_print = "large-print.css" in styles
    sources.append(
        page_css(
            config,
            page_size=page_size,
            print_ready=print_ready,
            large_print=large_print,
            facing=facing,
        )
    )
    if extra_css:
        sources.append(extra_css)
    return sources
