"""`build_book`: every format a book asks for, rendered, then written atomically."""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from bookbuilder import processes
from bookbuilder.build_cache import cached_result, remember
from bookbuilder.diagnostics import BookError, Diagnostic, Report, Severity, WarningCollector
from bookbuilder.epub.package import render_epub
from bookbuilder.html.chapter_cache import ChapterCache
from bookbuilder.model import Book, BookConfig
from bookbuilder.output import output_path, write_atomic, write_folder
from bookbuilder.pdf.part_cache import laid_out_before
from bookbuilder.pdf.part_job import Edition
from bookbuilder.pipeline.background import Helper, LayoutWorkers, Writers
from bookbuilder.pipeline.reading import checked_book_later
from bookbuilder.sources.config import load_config

Step = Callable[[str], None]
_WRITTEN_APART = ("pdf", "pdf-large-print")  # while the other formats render


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it found to say (warnings; errors raise BookError)."""

    outputs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    up_to_date: bool = False  # nothing had changed: the last build's outputs stand
    timings: tuple[tuple[str, float], ...] = ()  # (event, seconds since the build began)


class Clock:
    """When each stage of a build ended, in seconds since it began (`make-book build
    --timings`): where a build's time goes, and, for the benchmarks, what a format adds
    once the print edition is laid out."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.events: list[tuple[str, float]] = []

    def mark(self, event: str) -> None:
        self.events.append((event, round(time.perf_counter() - self.started, 3)))


def build_book(
    book_dir: Path | str = ".",
    *,
    formats: tuple[str, ...] | list[str] | None = None,
    out_dir: Path | str | None = None,
    force: bool = False,
    print_ready: bool | None = None,
    parallel_layout: bool = True,
    on_step: Step | None = None,
) -> BuildResult:
    """Build the book in `book_dir` in `formats` (default: book.toml's) into `out_dir`
    (default: [output] dir). Raises BookError, carrying every diagnostic, when the book
    has errors; then nothing is written. `parallel_layout` false lays the print
    edition out in one pass (pdf/parallel.py)."""
    step = on_step or (lambda description: None)
    clock = Clock()
    report = Report()
    config = load_config(
        Path(book_dir), report, formats=formats, output_dir=out_dir, print_ready=print_ready
    )
    options = {
        "formats": list(config.formats),
        "print_ready": config.print_ready,
        "parallel_layout": parallel_layout,
    }
    if not force:
        with contextlib.suppress(OSError):  # an unreadable record means: build
            record = cached_result(config.root, config.output_dir, options)
            if record is not None:
                clock.mark("up to date")
                return BuildResult(
                    record.outputs, record.diagnostics, up_to_date=True, timings=tuple(clock.events)
                )
    # Started before the book is read, to warm up meanwhile (background.py): a helper
    # when the layout cache will give most parts, a worker a core when it will not.
    edition = _first_edition(config) if parallel_layout and processes.FORK else None
    incremental = not force and laid_out_before(config.root)
    helper = workers = None
    if edition is not None and incremental:
        helper = Helper(edition)
    elif edition is not None and processes.cores() > 1:
        workers = LayoutWorkers(processes.cores(), edition)
    try:
        step("Reading and checking sources")
        cache = ChapterCache(config.root, reuse=not force)  # --force: refreshed, not read
        # The reading measures are taken meanwhile, in another process: they only warn.
        book, said = checked_book_later(config, report, cache)
        clock.mark("read")
        with _layout_warnings() as layout_messages:
            written = build_formats(
                book,
                step=step,
                parallel=parallel_layout,
                use_cache=not force,
                helper=helper,
                workers=workers,
                clock=clock,
            )
    finally:
        for started in (helper, workers):
            if started is not None:
                started.close()
    diagnostics = said() + [
        Diagnostic(config.source, 1, 1, Severity.WARNING, "print-layout", f"print layout: {m}")
        for m in layout_messages
    ]
    remember(book, options, written, diagnostics)
    clock.mark("done")
    return BuildResult(tuple(written), tuple(diagnostics), timings=tuple(clock.events))


def build_formats(
    book: Book,
    *,
    step: Step = lambda description: None,
    parallel: bool = True,
    use_cache: bool = True,
    helper: Helper | None = None,
    workers: LayoutWorkers | None = None,
    clock: Clock | None = None,
) -> list[Path]:
    """Render every format the config asks for, then write each atomically; returns the
    paths written. `parallel`: the print edition is laid out in parts, on every core,
    each from the layout cache when `use_cache` and it has not changed; `helper`, a
    worker started early that lays out and writes the PDF, and `workers`, workers started
    early for the first layout (background.py); `clock` hears when the layout and each
    format are done."""
    config = book.config
    clock = clock or Clock()

    def lay_out(book: Book, **options):
        """WeasyPrint takes half a second to import: only builds that lay out pay it."""
        from bookbuilder.pdf.parallel import lay_out_book

        forked = workers.take() if workers is not None else None
        layout = lay_out_book(
            book, parallel=parallel, use_cache=use_cache, helper=helper, workers=forked, **options
        )
        edition = "large print" if options.get("large_print") else "booklet"
        other = options.get("large_print") or options.get("booklet")
        clock.mark(f"laid out ({edition})" if other else "laid out")
        return layout

    main_layout = functools.cache(lambda: lay_out(book, print_ready=config.print_ready))
    # With other formats to render, a PDF is written in a worker meanwhile (background.py):
    # the PDFs are started first.
    in_background = processes.FORK and (len(config.formats) > 1 or helper is not None)
    writers = Writers(helper) if in_background else None
    rendered: dict[str, bytes | dict[str, bytes] | Future] = {}
    try:
        for name in sorted(config.formats, key=lambda name: name not in _WRITTEN_APART):
            step(f"Rendering {name}")
            render = functools.partial(
                _render_format, book, name, main_layout, lay_out, writers, use_cache
            )
            rendered[name] = _made(book, name, render)
            if isinstance(rendered[name], Future):  # heard when the worker hands it back
                rendered[name].add_done_callback(functools.partial(_made_at, clock, name))
            else:
                clock.mark(f"{name} made")
        for name, made in rendered.items():
            if isinstance(made, Future):
                rendered[name] = _made(book, name, made.result)
    finally:
        if writers is not None:
            writers.close()
    written = []
    for name in config.formats:
        data = rendered[name]
        path = output_path(config, name)
        if isinstance(data, dict):  # a folder of files: the web edition
            write_folder(path, data)
        else:
            write_atomic(path, data)
        written.append(path)
    clock.mark("written")
    return written


def _first_edition(config: BookConfig) -> Edition | None:
    """The edition of the build's first print layout (in `build_formats`' order), which
    the workers started early prepare; None when the build lays nothing out."""
    for name in sorted(config.formats, key=lambda name: name not in _WRITTEN_APART):
        if (name == "epub" and not config.print_page_numbers) or name == "html":
            continue
        from bookbuilder.pdf.geometry import booklet_page_size  # only a build that lays out
        from bookbuilder.pdf.parallel import part_styles

        options = {"print_ready": config.print_ready, "large_print": name == "pdf-large-print"}
        half = booklet_page_size(config.page_size)
        if name == "booklet" and (half != config.page_size or config.print_cover):
            options = {"page_size": half}
        return Edition(config.root, part_styles(config, **options), config.font_files)
    return None


def _made_at(clock: Clock, name: str, _future: Future) -> None:
    clock.mark(f"{name} made")


def _made(book: Book, name: str, make: Callable):
    """`make()`, the format `name`; what a library raises on input it chokes on
    (WeasyPrint, ebooklib, pypdf) becomes an error that names the format."""
    try:
        return make()
    except Exception as error:
        message = (
            f"the {name} could not be made ({type(error).__name__}: {error}); nothing "
            "was written; please report it, with the book"
        )
        raise BookError(
            [Diagnostic(book.config.source, 1, 1, Severity.ERROR, "output-failed", message)]
        ) from error


def _render_format(
    book: Book,
    name: str,
    main_layout: Callable,
    lay_out: Callable,
    writers: Writers | None,
    use_cache: bool,
) -> bytes | dict[str, bytes] | Future:
    config = book.config
    if name == "html":
        from bookbuilder.web.site import render_site

        return render_site(book)
    if name == "epub":
        breaks = main_layout().page_breaks if config.print_page_numbers else ()
        return render_epub(book, breaks, use_cache=use_cache)
    if name in _WRITTEN_APART:
        large = name == "pdf-large-print"
        layout = (
            lay_out(book, print_ready=config.print_ready, large_print=True)
            if large
            else main_layout()
        )
        return writers.write(layout, book) if writers is not None else _pdf(layout, book)
    from bookbuilder.pdf.booklet import render_booklet

    return render_booklet(book, main_layout, lay_out)


@contextlib.contextmanager
def _layout_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings (a glyph no font has, a CSS value it ignores), collected to
    be reported once each, instead of printed raw as they happen."""
    collector = WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)


def _pdf(layout, book: Book) -> bytes:
    from bookbuilder.pdf.write import render_pdf

    return render_pdf(layout, book)
