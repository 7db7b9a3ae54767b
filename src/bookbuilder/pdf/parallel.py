"""The print edition laid out in parts, on every core, each part only when it changed.

A chapter opens on a recto, so its layout does not depend on where it starts: only the
numbers printed on it do (its folios, and "see page N" of places in other chapters).
So every part (the front matter, each chapter, the back) is laid out apart, in worker
processes, with placeholder numbers of the right width; their page counts then give
every page number, which the merge writes over the placeholders (pdf/overlay.py). The
parts go to the workers in reading order, the front last (its contents name every
part's first page), but a long part goes early if it would otherwise finish last
(pdf/part_order.py); each with placeholders as wide as the pages counted so far say; a
part is laid out again only when a number it prints changed its width (from 9 to 10,
from 99 to 100): the placeholder was then too narrow or too wide. Each part's layout
is cached (pdf/part_cache.py): after an edit, the other parts are not laid out.
"""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from lxml import html as lxml_html

from bookbuilder import theme
from bookbuilder.model import Book, BookConfig, PageBreak
from bookbuilder.pdf.covers import cover_page
from bookbuilder.pdf.document import print_tree
from bookbuilder.pdf.geometry import cross_reference_css
from bookbuilder.pdf.numbering import Guesses, Numbering, label_pages, number_pages, placeholders
from bookbuilder.pdf.part_cache import PartCache
from bookbuilder.pdf.part_job import PartResult
from bookbuilder.pdf.part_runner import Helper, PartRunner
from bookbuilder.pdf.parts import FRONT, PARALLEL_CSS, Part, anchor_places, split
from bookbuilder.pdf.print_layout import BOOK_URL, PrintLayout, stylesheet_sources

LOGGER = logging.getLogger("weasyprint")
MAX_ROUNDS = 4  # layouts of a chapter at most: widths settle in one or two


@dataclass(frozen=True)
class PartsLayout:
    """The laid-out parts, in order, and the numbers the merge writes over a chapter's
    placeholders."""

    parts: tuple[Part, ...]
    results: tuple[PartResult, ...]
    numbering: Numbering
    body_start: int  # the index of the first chapter's first page in the book
    shown: dict[str, dict[str, str]]  # each part's placeholders, by part name
    laid_out: tuple[str, ...] = ()  # the parts laid out afresh (not from the cache)


def lay_out_book(
    book: Book,
    *,
    parallel: bool = True,
    use_cache: bool = True,
    helper: Helper | None = None,
    workers: ProcessPoolExecutor | None = None,
    **options,
) -> PrintLayout:
    """The print edition laid out: in parts (the default), or in one pass (`parallel`
    false: `make-book build --no-parallel-layout`, for comparison and debugging)."""
    if parallel:
        return lay_out_in_parts(
            book, use_cache=use_cache, helper=helper, workers=workers, **options
        )
    from bookbuilder.pdf.layout import lay_out

    return lay_out(book, **options)


def lay_out_in_parts(
    book: Book,
    *,
    print_ready: bool = False,
    page_size: str | None = None,
    large_print: bool = False,
    booklet: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    helper: Helper | None = None,
    workers: ProcessPoolExecutor | None = None,
) -> PrintLayout:
    """Lay the book out as `pdf.layout.lay_out` does, in parts (see the module's doc).
    `workers`: a pool forked before the book was read (pipeline/background.py), which
    this layout uses and shuts down; without it, one is forked when a part is missing."""
    document = print_tree(
        book,
        large_print=large_print,
        page_size=page_size,
        cover=cover_page(book, book_url=BOOK_URL, large_print=large_print),
        back_cover=booklet and book.config.print_cover,
    )
    head, parts = split(document, [chapter.slug for chapter in book.chapters])
    sources = part_styles(
        book.config, page_size=page_size, print_ready=print_ready, large_print=large_print
    )
    variant = f"{page_size or book.config.page_size}-{large_print}-{booklet}-{print_ready}"
    cache = PartCache(book.config.root, variant.lower(), enabled=use_cache)
    title = _book_title(document)
    runner = PartRunner(book, head, sources, title, cache, jobs, helper, workers)
    try:
        return _lay_out_parts(book, parts, runner, cache)
    finally:
        runner.close()  # the workers' memory is freed before the merge


def part_styles(
    config: BookConfig,
    *,
    page_size: str | None = None,
    print_ready: bool = False,
    large_print: bool = False,
) -> tuple[str, ...]:
    """The stylesheets every part of an edition is laid out with: they depend on the
    config alone, so that workers can parse them before the book is read."""
    styles = ("print.css", "large-print.css") if large_print else ("print.css",)
    words = theme.translations(config).gettext
    sources = stylesheet_sources(config, styles, page_size=page_size, print_ready=print_ready)
    return (*sources, PARALLEL_CSS + cross_reference_css(words, "attr(data-page)"))


def _lay_out_parts(book: Book, parts: list[Part], runner: PartRunner, cache: PartCache):
    """Every part laid out, and again while a number it shows changes width."""
    # The chapters and the back are numbered in order; the front (roman) is not. Every
    # part is laid out in one stream of jobs, the front last (its contents name them all).
    numbered = [part for part in parts if part.kind != FRONT]
    chapters = [(p.name, len(p.body), anchor_places(p)) for p in numbered]
    guesses = Guesses(chapters, *cache.last_numbering())
    order = numbered + [part for part in parts if part.kind == FRONT]
    laid_out = runner.run_parts(order, guesses)
    numbering = number_pages([(p.name, laid_out[p.name][1].anchors) for p in numbered])
    for _ in range(MAX_ROUNDS):  # a part whose numbers changed width is laid out again
        digits = numbering.digits()
        wanted = [
            (part, shown)
            for part in order
            if laid_out[part.name][0] != (shown := placeholders(part.numbers_of, digits))
        ]
        if not wanted:
            break
        for (part, shown), result in zip(wanted, runner.run(wanted), strict=True):
            laid_out[part.name] = (shown, result)
        numbering = number_pages([(p.name, laid_out[p.name][1].anchors) for p in numbered])
    results = tuple(laid_out[p.name][1] for p in parts)
    for message in dict.fromkeys(m for result in results for m in result.warnings):
        LOGGER.log(logging.WARNING, message)  # heard as WeasyPrint's own warnings
    cache.keep_numbering(numbering.numbers, {p.name: laid_out[p.name][1].pages for p in numbered})
    shown = {name: numbers for name, (numbers, _) in laid_out.items()}
    return _layout(book, parts, results, numbering, shown, cache.laid_out)


def _layout(book, parts, results, numbering: Numbering, shown, laid_out_afresh) -> PrintLayout:
    front = results[0] if parts[0].kind == FRONT else None
    front_pages = front.pages if front else 0
    title_page = (
        next((i for i, a in enumerate(front.anchors) if "titlepage" in a), 0) if front else 0
    )
    body_pages = sum(r.pages for r in results) - front_pages
    page_labels = label_pages(front_pages, title_page, body_pages)
    marks = [page for result in results for page in result.marks]
    breaks = []
    for label, page in zip(page_labels, marks, strict=True):
        found = next((m for m in page if book.part_of(m) is not None), None)
        if found:
            breaks.append(PageBreak(label, found))
    merged = PartsLayout(
        tuple(parts), tuple(results), numbering, front_pages, shown, tuple(laid_out_afresh)
    )
    return PrintLayout(None, page_labels, tuple(breaks), merged)


def _book_title(document: lxml_html.HtmlElement) -> str:
    """The title the running heads show: the title page's, as `content()` reads it."""
    found = document.find_class("book-title")
    return " ".join(found[0].text_content().split()) if found else ""
