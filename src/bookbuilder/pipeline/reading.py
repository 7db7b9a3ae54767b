"""Reading a book and checking it: for `check`, for Python callers, and for the web
edition that `make-book serve` rebuilds after each edit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from bookbuilder.book import load_book
from bookbuilder.check.editorial import check_loaded_book
from bookbuilder.codes import KINDS, kind_of
from bookbuilder.diagnostics import BookError, Diagnostic, Report, Severity
from bookbuilder.html.chapter_cache import ChapterCache
from bookbuilder.model import Book, BookConfig
from bookbuilder.sources.config import load_config


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


def checked_book(
    config: BookConfig, report: Report, cache: ChapterCache | None, *, printed: bool | None = None
) -> tuple[Book, list[Diagnostic]]:
    """The book, after the source checks; raises BookError when they found errors.
    `printed`: what is built is printed (default: the formats say)."""
    book, said = checked_book_later(config, report, cache, printed=printed, background=False)
    return book, said()


def checked_book_later(
    config: BookConfig,
    report: Report,
    cache: ChapterCache | None,
    *,
    printed: bool | None = None,
    background: bool = True,
) -> tuple[Book, Callable[[], list[Diagnostic]]]:
    """`checked_book`, with the reading measures taken in another process while the
    caller goes on (a build renders meanwhile): the function returned waits for them and
    gives what the checks said, the measures' warnings in their place. Those are never
    errors: errors are raised here, as `checked_book` raises them."""
    book = load_book(config, report, cache)
    remember = cache is not None
    reuse = remember and cache.reuse
    finish = check_loaded_book(
        book, report, printed=printed, remember=remember, reuse=reuse, background=background
    )

    def said() -> list[Diagnostic]:
        finish()
        return [d for d in report.diagnostics if d.severity != Severity.INFO]

    if report.errors:
        raise BookError(said())
    return book, said


def build_site(
    book_dir: Path | str = ".", *, preview=None, cache: ChapterCache | None = None
) -> tuple[Book, dict[str, bytes], list[Diagnostic]]:
    """The web edition of the book in `book_dir`, in memory (its files by their path in
    the site), after the source checks, with `preview`'s additions (`make-book serve`);
    and the warnings. Raises BookError when the book has errors."""
    from bookbuilder.web.site import render_site

    report = Report()
    config = load_config(Path(book_dir), report)
    book, diagnostics = checked_book(config, report, cache, printed=False)
    return book, render_site(book, preview), diagnostics
