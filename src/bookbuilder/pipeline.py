"""The one entry point: `build_book`, `build_handouts` and `check_book` run the stages in
order (sources -> html -> book -> epub / pdf / check) and return what they made and found.

The CLI, the benchmarks and Python callers all come here; nothing below prints. The print
edition is laid out once per build: the PDF is written from that layout, and the EPUB
takes its page breaks from it, so "page 12" means the same in both.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from bookbuilder import theme
from bookbuilder.book import load_book
from bookbuilder.build_cache import cached_result, remember
from bookbuilder.check.editorial import check_loaded_book
from bookbuilder.codes import KINDS, kind_of
from bookbuilder.diagnostics import BookError, Diagnostic, Report, Severity
from bookbuilder.epub.package import render_epub
from bookbuilder.html.chapter_cache import ChapterCache
from bookbuilder.model import Book, BookConfig
from bookbuilder.output import output_path, write_atomic
from bookbuilder.sources.config import load_config

Step = Callable[[str], None]


class UnknownChapter(ValueError):
    """A handout was asked for a slug the book does not have: a usage error."""


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it found to say (warnings; errors raise BookError)."""

    outputs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    up_to_date: bool = False  # nothing had changed: the last build's outputs stand


def build_book(
    book_dir: Path | str = ".",
    *,
    formats: tuple[str, ...] | list[str] | None = None,
    out_dir: Path | str | None = None,
    force: bool = False,
    print_ready: bool | None = None,
    on_step: Step | None = None,
) -> BuildResult:
    """Build the book in `book_dir` in `formats` (default: book.toml's) into `out_dir`
    (default: [output] dir). Raises BookError, carrying every diagnostic, when the book
    has errors; then nothing is written."""
    step = on_step or (lambda description: None)
    report = Report()
    config = load_config(
        Path(book_dir), report, formats=formats, output_dir=out_dir, print_ready=print_ready
    )
    options = {"formats": list(config.formats), "print_ready": config.print_ready}
    if not force:
        with contextlib.suppress(OSError):  # an unreadable record means: build
            record = cached_result(config.root, config.output_dir, options)
            if record is not None:
                return BuildResult(record.outputs, record.diagnostics, up_to_date=True)
    step("Reading and checking sources")
    cache = None if force else ChapterCache(config.root)
    book, diagnostics = _checked_book(config, report, cache)
    with _layout_warnings() as layout_messages:
        written = build_formats(book, step=step)
    diagnostics += [
        Diagnostic(config.source, 1, 1, Severity.WARNING, "print-layout", f"print layout: {m}")
        for m in layout_messages
    ]
    remember(book, options, written, diagnostics)
    return BuildResult(tuple(written), tuple(diagnostics))


def build_handouts(
    book_dir: Path | str = ".",
    slugs: list[str] | None = None,
    *,
    out_dir: Path | str | None = None,
    large_print: bool = False,
    clinic: tuple[str, ...] | None = None,
    paper: str | None = None,
    jobs: int | None = None,
    strict: bool = False,
    on_step: Step | None = None,
) -> BuildResult:
    """Handouts of the chapters `slugs` (default: every chapter) in OUT_DIR/handouts/.
    Raises BookError when the book has errors, or with `strict` when a chapter is overdue
    for review on the day the handout is printed; UnknownChapter for a slug it lacks."""
    from bookbuilder.pdf.handouts import HandoutOptions, handout_file_name, render_handouts

    step = on_step or (lambda description: None)
    report = Report()
    config = load_config(Path(book_dir), report, output_dir=out_dir)
    step("Reading and checking sources")
    book, diagnostics = _checked_book(config, report, ChapterCache(config.root), printed=True)
    known = [chapter.slug for chapter in book.chapters]
    for slug in slugs or ():
        if slug not in known:
            raise UnknownChapter(
                f"the book has no chapter '{slug}'; its chapters are: " + ", ".join(known)
            )
    options = HandoutOptions(
        paper=paper or ("Letter" if config.page_size == "Letter" else "A4"),
        clinic=config.clinic(theme.translations(config).gettext("Phone: %(number)s"))
        if clinic is None
        else clinic,
        large_print=large_print,
    )
    wanted = slugs or known
    if strict:
        _refuse_overdue(book, wanted, options.printed_on)
    step("Laying out handouts")
    written = []
    for slug, data in render_handouts(book, wanted, options, jobs).items():
        path = config.output_dir / "handouts" / handout_file_name(slug, large_print)
        write_atomic(path, data)
        written.append(path)
    return BuildResult(tuple(written), tuple(diagnostics))


def _refuse_overdue(book: Book, slugs: list[str], printed_on: date) -> None:
    """--strict: no handout is printed of a chapter whose review is overdue."""
    refused = []
    for chapter in (c for c in book.chapters if c.slug in slugs):
        due = chapter.source.review_due(book.config.review_interval_years)
        if due <= printed_on:
            message = (
                f"'{chapter.title}' was due for review on {due.isoformat()}: with --strict "
                "no handout is printed of a chapter overdue for review"
            )
            line = chapter.source.line_of(
                "next_review" if chapter.source.next_review else "updated"
            )
            refused.append(
                Diagnostic(chapter.source.path, line, 1, Severity.ERROR, "handout-overdue", message)
            )
    if refused:
        raise BookError(refused)


def check_book(
    book_dir: Path | str = ".",
    *,
    outputs: bool = False,
    as_of: date | None = None,
    out_dir: Path | str | None = None,
) -> list[Diagnostic]:
    """Every diagnostic of every check, grouped by kind as the report shows them. With
    `outputs`, the built files in `out_dir` (default: [output] dir) are checked too."""
    book, diagnostics = load_and_check(Path(book_dir), on=as_of, output_dir=out_dir)
    report = Report(diagnostics)
    if book is None:
        source = Path(book_dir).resolve() / "book.toml"
        report.info(
            "checks-skipped",
            source,
            1,
            "the book did not load, so the date, glossary and reading checks did not run: "
            "fix the errors above first",
        )
    elif outputs:
        from bookbuilder.check.outputs import check_outputs

        check_outputs(book, report)
    return sorted(report.diagnostics, key=report_order)


def read_book(
    book_dir: Path | str = ".", *, cache: ChapterCache | None = None
) -> tuple[Book, list[Diagnostic]]:
    """The book in `book_dir`, loaded but not checked, and the warnings found on the way;
    raises BookError on errors. For callers that render a book their own way."""
    report = Report()
    config = load_config(Path(book_dir), report)
    return load_book(config, report, cache), report.diagnostics


def load_and_check(
    book_dir: Path,
    *,
    on: date | None = None,
    output_dir: Path | str | None = None,
) -> tuple[Book | None, list[Diagnostic]]:
    """The book and every source diagnostic: loading's, then the checks'. The book is None
    when it did not load; then only the loading checks ran."""
    report = Report()
    try:
        config = load_config(book_dir, report, output_dir=output_dir)
        book = load_book(config, report)
    except BookError as error:
        return None, list(error.diagnostics)
    check_loaded_book(book, report, on)
    return book, report.diagnostics


def report_order(diagnostic: Diagnostic) -> tuple:
    rank = KINDS.index(kind_of(diagnostic.code))
    return (rank, str(diagnostic.path), diagnostic.line, diagnostic.col, diagnostic.code)


def build_formats(book: Book, *, step: Step = lambda description: None) -> list[Path]:
    """Render every format the config asks for, then write each atomically; returns the
    paths written."""
    config = book.config
    main_layout = cache(lambda: _lay_out(book, print_ready=config.print_ready))
    rendered: dict[str, bytes] = {}
    for name in config.formats:
        step(f"Rendering {name}")
        try:
            rendered[name] = _render_format(book, name, main_layout)
        except Exception as error:  # WeasyPrint, ebooklib, pypdf on input they choke on
            message = (
                f"the {name} could not be made ({type(error).__name__}: {error}); nothing "
                "was written; please report it, with the book"
            )
            raise BookError(
                [Diagnostic(config.source, 1, 1, Severity.ERROR, "output-failed", message)]
            ) from error
    written = []
    for name, data in rendered.items():
        path = output_path(config, name)
        write_atomic(path, data)
        written.append(path)
    return written


def _render_format(book: Book, name: str, main_layout: Callable) -> bytes:
    config = book.config
    if name == "epub":
        breaks = main_layout().page_breaks if config.print_page_numbers else ()
        return render_epub(book, breaks)
    if name == "pdf":
        return _pdf(main_layout(), book)
    if name == "pdf-large-print":
        return _pdf(_lay_out(book, large_print=True, print_ready=config.print_ready), book)
    from bookbuilder.pdf.booklet import render_booklet

    return render_booklet(book, main_layout)


def _checked_book(
    config: BookConfig, report: Report, cache: ChapterCache | None, *, printed: bool | None = None
) -> tuple[Book, list[Diagnostic]]:
    """The book, after the source checks; raises BookError when they found errors.
    `printed`: what is built is printed (default: the formats say)."""
    book = load_book(config, report, cache)
    check_loaded_book(book, report, printed=printed)
    said = [d for d in report.diagnostics if d.severity != Severity.INFO]
    if report.errors:
        raise BookError(said)
    return book, said


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)


@contextlib.contextmanager
def _layout_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings (a glyph no font has, a CSS value it ignores), collected to
    be reported once each, instead of printed raw as they happen."""
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)


def _lay_out(book: Book, **options):
    """WeasyPrint takes half a second to import: only builds that lay out pages pay it."""
    from bookbuilder.pdf.layout import lay_out

    return lay_out(book, **options)


def _pdf(layout, book: Book) -> bytes:
    from bookbuilder.pdf.write import render_pdf

    return render_pdf(layout, book)
