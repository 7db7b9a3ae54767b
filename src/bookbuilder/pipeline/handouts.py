"""`build_handouts`: single-chapter handouts for clinics to print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bookbuilder import theme
from bookbuilder.diagnostics import BookError, Diagnostic, Report, Severity
from bookbuilder.html.chapter_cache import ChapterCache
from bookbuilder.model import Book
from bookbuilder.output import write_atomic
from bookbuilder.pipeline.build import BuildResult, Step
from bookbuilder.pipeline.reading import checked_book
from bookbuilder.sources.config import load_config


class UnknownChapter(ValueError):
    """A handout was asked for a slug the book does not have: a usage error."""


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
    book, diagnostics = checked_book(config, report, ChapterCache(config.root), printed=True)
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
