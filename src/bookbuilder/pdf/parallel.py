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
import os
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Protocol

from lxml import html as lxml_html

from bookbuilder import processes, theme
from bookbuilder.model import Book, PageBreak
from bookbuilder.pdf.covers import cover_page
from bookbuilder.pdf.document import print_tree
from bookbuilder.pdf.geometry import cross_reference_css
from bookbuilder.pdf.numbering import Guesses, Numbering, label_pages, number_pages, placeholders
from bookbuilder.pdf.part_cache import PartCache, font_store
from bookbuilder.pdf.part_job import PartJob, PartResult
from bookbuilder.pdf.part_order import layout_cost, next_part
from bookbuilder.pdf.parts import (
    FRONT,
    PARALLEL_CSS,
    Part,
    part_css,
    part_document,
    split,
)
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
    **options,
) -> PrintLayout:
    """The print edition laid out: in parts (the default), or in one pass (`parallel`
    false: `make-book build --no-parallel-layout`, for comparison and debugging)."""
    if parallel:
        return lay_out_in_parts(book, use_cache=use_cache, helper=helper, **options)
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
) -> PrintLayout:
    """Lay the book out as `pdf.layout.lay_out` does, in parts (see the module's doc)."""
    styles = ("print.css", "large-print.css") if large_print else ("print.css",)
    document = print_tree(
        book,
        large_print=large_print,
        page_size=page_size,
        cover=cover_page(book, book_url=BOOK_URL, large_print=large_print),
        back_cover=booklet and book.config.print_cover,
    )
    head, parts = split(document, [chapter.slug for chapter in book.chapters])
    words = theme.translations(book.config).gettext
    sources = stylesheet_sources(book, styles, page_size=page_size, print_ready=print_ready)
    sources.append(PARALLEL_CSS + cross_reference_css(words, "attr(data-page)"))
    variant = f"{page_size or book.config.page_size}-{large_print}-{booklet}-{print_ready}"
    cache = PartCache(book.config.root, variant.lower(), enabled=use_cache)
    runner = _Runner(book, head, tuple(sources), _book_title(document), cache, jobs, helper)

    # The chapters and the back are numbered in order; the front (roman) is not. Every
    # part is laid out in one stream of jobs, the front last (its contents name them all).
    numbered = [part for part in parts if part.kind != FRONT]
    chapters = [(p.name, len(p.body), p.anchors) for p in numbered]
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


def lay_out_part(job: PartJob) -> PartResult:
    """`part_layout.lay_out_part`, imported where it runs: in a worker, which has
    WeasyPrint loaded, so that this process need not load it when the cache has the rest."""
    from bookbuilder.pdf.part_layout import lay_out_part as lay_out

    return lay_out(job)


def _prepare(job: PartJob) -> None:
    from bookbuilder.pdf.part_layout import prepare

    prepare(job)  # the fonts and parsed styles, inherited by the workers forked next


class Helper(Protocol):
    def lay_out_part(self, job: PartJob) -> Future | None:
        """The part laid out by a worker started (and warmed up) before this process
        needed it; None when it is busy."""


class _Runner:
    """Lays parts out: from the cache, or in worker processes (first in `helper`'s, if
    given and free)."""

    def __init__(
        self,
        book: Book,
        head,
        styles,
        title,
        cache: PartCache,
        jobs: int | None,
        helper: Helper | None = None,
    ):
        self.book = book
        self.head = head
        self.styles = styles
        self.title = title
        self.cache = cache
        self.jobs = jobs
        self.helper = helper

    def run(self, wanted) -> list[PartResult]:
        """`wanted`: (part, the numbers it prints)."""
        jobs = [self._job(part, numbers) for part, numbers in wanted]
        results: list[PartResult | None] = [self.cache.get(job) for job in jobs]
        missing = [i for i, found in enumerate(results) if found is None]
        for index, result in zip(missing, self._lay_out([jobs[i] for i in missing]), strict=True):
            results[index] = result
            self._keep(jobs[index], result)
        return results  # type: ignore[return-value]

    def run_parts(self, chapters: list[Part], guesses: Guesses) -> dict[str, tuple]:
        """Every part laid out, in order, each with placeholders as wide as `guesses`
        says when it starts: a part that comes back makes the guesses for the next ones
        exact (so that few need laying out again). Returns, by part name, the
        placeholders shown and the result."""
        done: dict[str, tuple[dict[str, str], PartResult]] = {}
        waiting = list(chapters)
        costs = {part.name: layout_cost(part) for part in chapters}
        workers = min(self.jobs or _cores(), len(chapters))
        pool = None
        running: dict = {}
        at_once = max(workers, 1) + (self.helper is not None)
        try:
            while waiting or running:
                while waiting and len(running) < at_once:
                    index = next_part(waiting, costs, guesses, at_once, busy=bool(running))
                    if index is None:
                        break
                    part = waiting.pop(index)
                    shown = placeholders(part.numbers_of, guesses.digits(part.numbers_of))
                    job = self._job(part, shown)
                    found = self.cache.get(job)
                    if found is not None:
                        done[part.name] = (shown, found)
                        guesses.learn(part.name, found.anchors)
                        continue
                    future = self.helper.lay_out_part(job) if self.helper else None
                    if future is None and workers < 2:
                        running[None] = (part, shown, job, lay_out_part(job))
                        continue
                    if future is None:
                        if pool is None:
                            _prepare(job)
                            pool = processes.pool(workers, mp_context=processes.FORK)
                        future = pool.submit(lay_out_part, job)
                    running[future] = (part, shown, job, None)
                finished = [f for f in running if f is None or f.done()]
                if not finished and running:
                    finished = list(wait(running, return_when=FIRST_COMPLETED).done)
                for future in finished:
                    part, shown, job, result = running.pop(future)
                    result = result if future is None else future.result()
                    self._keep(job, result)
                    done[part.name] = (shown, result)
                    guesses.learn(part.name, result.anchors)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        return done

    def _keep(self, job: PartJob, result: PartResult) -> None:
        self.cache.put(job, result)
        self.cache.laid_out.append(job.name)

    def _job(self, part: Part, numbers: dict[str, str]) -> PartJob:
        return PartJob(
            name=part.name,
            html=part_document(self.head, part, numbers),
            root=self.book.config.root,
            styles=self.styles,
            extra_css=part_css(part, book_title=self.title),
            font_files=self.book.config.font_files,
            font_store=font_store(),
        )

    def _lay_out(self, jobs: list[PartJob]) -> list[PartResult]:
        workers = min(self.jobs or _cores(), len(jobs))
        if workers < 2:
            return [lay_out_part(job) for job in jobs]
        order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))  # longest first
        _prepare(jobs[0])
        with processes.pool(workers, mp_context=processes.FORK) as pool:
            futures = {i: pool.submit(lay_out_part, jobs[i]) for i in order}
            return [futures[i].result() for i in range(len(jobs))]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
