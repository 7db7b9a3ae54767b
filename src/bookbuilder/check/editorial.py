"""The editorial checks a medical editor needs: review dates, glossary use, reading level,
links (the built outputs are check/outputs.py's).

Each check is a small function adding `Diagnostic`s with stable codes to a `Report`, as
in Standard Ebooks' lint. Config, front matter, link and image errors are found while
the book loads (book.load_book); these run on the loaded book.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from babel.dates import format_timedelta

from bookbuilder.check.glyphs import check_glyphs
from bookbuilder.check.measures import reading_measures, reading_measures_later
from bookbuilder.check.readability import Readability, formula_for
from bookbuilder.diagnostics import Report
from bookbuilder.i18n import language_name
from bookbuilder.model import Book, Chapter, add_years


def check_loaded_book(
    book: Book,
    report: Report,
    on: date | None = None,
    *,
    printed: bool | None = None,
    remember: bool = False,
    reuse: bool = True,
    background: bool = False,
) -> Callable[[], None]:
    """Every source check on a loaded book, with dates measured on the day `on` (today by
    default: not SOURCE_DATE_EPOCH, which dates the outputs, not the review). `printed`:
    whether what is built is printed (a missing glyph is then an error). `remember`:
    the chapters' reading measures are kept for the next build (check/measures.py), and
    unchanged chapters' come from the last build's unless `reuse` is false.

    With `background`, the reading measures (half a second on a long book, and never
    more than a warning) are taken in another process while the caller goes on: the
    function returned waits for them and puts their diagnostics into `report` where they
    belong, each chapter's after its dates'. Without it, that is done before returning."""
    on = on or date.today()
    root = book.config.root if remember else None
    language = book.config.language
    if background:
        measured = reading_measures_later(book.chapters, language, root, reuse=reuse)
    else:
        found = reading_measures(book.chapters, language, root, reuse=reuse)

        def measured() -> dict[str, Readability | None]:
            return found

    places = []  # where each chapter's reading diagnostics go in report.diagnostics
    for chapter in book.chapters:
        check_dates(chapter, book.config.review_interval_years, on, report)
        places.append(len(report.diagnostics))
        list_external_links(chapter, report)
    check_glossary_use(book, report)
    check_references_cited(book, report)
    check_glyphs(book, report, printed=printed)
    finished = False

    def finish() -> None:
        nonlocal finished
        if finished:
            return  # the diagnostics are in place already
        finished = True
        measures = measured()
        for chapter, place in reversed(list(zip(book.chapters, places, strict=True))):
            readability = Report()
            check_readability(chapter, book, readability, measures[chapter.slug])
            report.diagnostics[place:place] = readability.diagnostics

    if not background:
        finish()
    return finish


def check_dates(chapter: Chapter, interval_years: int, on: date, report: Report) -> None:
    """Review age is measured from the newer of `updated` and `reviewed`."""
    source = chapter.source
    path, review = source.path, source.next_review
    for key, day in (("updated", source.updated), ("reviewed", source.reviewed)):
        if day is not None and day > on:
            message = f"{key} {day.isoformat()} is in the future"
            report.error("date-future", path, source.line_of(key), message)
            return
    checked = source.last_checked
    latest = "reviewed" if source.reviewed and source.reviewed > source.updated else "updated"
    interval_due = add_years(checked, interval_years)
    if review and review > interval_due:
        report.warning(
            "review-interval",
            path,
            source.line_of("next_review"),
            f"next_review {review.isoformat()} is more than {interval_years} years "
            f"after {latest}; review at least every {interval_years} years",
        )
    due = source.review_due(interval_years)
    if due <= on:
        in_time = review and checked < review <= interval_due
        line = source.line_of("next_review" if in_time else latest)
        report.warning(
            "review-due",
            path,
            line,
            f"{latest} {_age(checked, on)} ago; review was due {due.isoformat()}",
        )


def check_readability(
    chapter: Chapter, book: Book, report: Report, result: Readability | None
) -> None:
    """The chapter's reading level against the book's limit; `result`: its measures
    (None: it has no words)."""
    source, language = chapter.source, book.config.language
    formula = formula_for(language)
    if result is None:
        return
    if formula is None:
        name = language_name(language)
        message = f"reading level not measured for {name}: no readability formula for it"
        report.info("reading-not-measured", source.path, source.line_of("title"), message)
        return
    longest = "; ".join(f"{words} words: “{_clip(text)}”" for words, text in result.longest[:2])
    counted = f"({result.words} words, {result.sentences} sentences)"
    if formula.is_grade:
        limit, within = book.config.reading_grade_max, result.grade <= book.config.reading_grade_max
        summary = (
            f"Flesch–Kincaid grade {result.grade:.1f}, reading ease {result.ease:.0f} {counted}"
        )
        above = f"above grade {limit:g}"
    else:
        score, limit = formula.score(result), book.config.reading_ease_min
        within = score >= limit
        summary = f"{formula.name} {score:.0f} {counted}"
        above = f"below reading ease {limit:g}"
    if within:
        report.info(
            "reading-level",
            source.path,
            source.line_of("title"),
            f"{summary}; longest sentences: {longest}",
        )
    elif source.reading_level_exception:
        report.info(
            "reading-grade-accepted",
            source.path,
            source.line_of("reading_level_exception"),
            f"{summary}: {above}, accepted: {source.reading_level_exception}",
        )
    else:
        report.warning(
            "reading-grade",
            source.path,
            source.line_of("title"),
            f"{summary}: {above}; shorten the longest sentences "
            f"({longest}) or explain why in reading_level_exception",
        )


def list_external_links(chapter: Chapter, report: Report) -> None:
    for url, line in chapter.external_links:
        report.info("link-external", chapter.source.path, line, f"links to {url}")


def check_glossary_use(book: Book, report: Report) -> None:
    for entry in book.glossary:
        if not entry.uses:
            report.warning(
                "glossary-unused",
                entry.path,
                entry.line,
                f"no chapter uses '{entry.term}'"
                + (f" or its aliases ({', '.join(entry.aliases)})" if entry.aliases else ""),
            )


def check_references_cited(book: Book, report: Report) -> None:
    if book.bibliography is None:
        return
    cited = {key for chapter in book.chapters for key in chapter.cited_keys}
    for entry in book.bibliography.entries:
        if entry.key not in cited:
            message = f"no chapter cites '{entry.key}' (cite it as [@{entry.key}], or remove it)"
            report.warning("reference-unused", entry.path, entry.line, message)


def _age(since: date, on: date) -> str:
    return format_timedelta(timedelta(days=(on - since).days), threshold=1.0, locale="en")


def _clip(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
