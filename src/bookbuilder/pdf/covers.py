"""The print editions' covers, in the EPUB cover's design (bookbuilder.covers), and the
title page's title, broken as the covers break it."""

from __future__ import annotations

from dataclasses import dataclass

from bookbuilder import theme
from bookbuilder.covers import WIDTH, fit, font
from bookbuilder.fonts import SANS
from bookbuilder.model import Book
from bookbuilder.pdf.geometry import PAPER, geometry, page_size_for

MM_PER_PT = 25.4 / 72
TITLE_PAGE_EM = {False: 2.6, True: 2.0}  # print.css .book-title, in rem; large print 36 pt


@dataclass(frozen=True)
class CoverPage:
    """What the cover page shows: the book's own image, or its title, subtitle and
    publisher set as the EPUB cover sets them (sizes in vw, lines as broken there)."""

    image_url: str | None
    title_lines: tuple[str, ...] = ()
    title_size: float = 0.0
    subtitle_lines: tuple[str, ...] = ()
    subtitle_size: float = 0.0
    edition: str | None = None  # "Large print", on that edition's cover


def cover_page(book: Book, *, book_url: str, large_print: bool = False) -> CoverPage | None:
    """The front cover, or None when `[pdf] cover = false`."""
    config = book.config
    if not config.print_cover:
        return None
    if config.cover is not None:
        return CoverPage(image_url=book_url + config.cover.relative_to(config.root).as_posix())
    title_font, title_lines = fit(config.title, SANS, 700, 200, 4)
    subtitle_lines: list[str] = []
    subtitle_size = 0.0
    if config.subtitle:
        subtitle_font, subtitle_lines = fit(config.subtitle, SANS, 400, 84, 4)
        subtitle_size = subtitle_font.size * 100 / WIDTH
    return CoverPage(
        image_url=None,
        title_lines=tuple(title_lines),
        title_size=round(title_font.size * 100 / WIDTH, 3),
        subtitle_lines=tuple(subtitle_lines),
        subtitle_size=round(subtitle_size, 3),
        edition=theme.translations(config).gettext("Large print") if large_print else None,
    )


def title_page_lines(title: str, page_size: str, *, large_print: bool) -> tuple[str, ...]:
    """The title as the title page breaks it: where the cover breaks it when those lines fit
    the text block at the title's size; else in as few balanced lines as fit it."""
    size = page_size_for(page_size, large_print=large_print)
    shape = geometry(size, large_print=large_print)
    measure_mm = PAPER[size][0] - shape.inner - shape.outer
    title_pt = TITLE_PAGE_EM[large_print] * shape.font_size
    measure = measure_mm / (title_pt * MM_PER_PT) * 100 * 0.98  # at 100 px to the em
    _, cover_lines = fit(title, SANS, 700, 200, 4)
    face = font(SANS, 100, 700)
    if all(face.getlength(line) <= measure for line in cover_lines):
        return tuple(cover_lines)  # the cover's breaks, where they fit
    _, lines = fit(title, SANS, 700, 100, 99, measure=measure)
    return tuple(lines)
