"""Read chapter files: split front matter from body and validate it against the contract."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bookbuilder.diagnostics import Report
from bookbuilder.model import RESERVED_SLUGS, ChapterSource
from bookbuilder.sources.dates import read_date
from bookbuilder.sources.people import read_people, read_source_work
from bookbuilder.sources.yamlfile import Located, YamlProblem, load
from bookbuilder.text import NOT_XML, chapter_slug

MAX_CHAPTER_BYTES = 5_000_000
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

FRONT_MATTER_KEYS = {
    "title",
    "authors",
    "updated",
    "next_review",
    "summary",
    "keywords",
    "reading_level_exception",
    "reviewed",
    "reviewed_by",
    "source",
}


def read_text(path: Path, report: Report, limit: int = MAX_CHAPTER_BYTES) -> str | None:
    """A source file's text, or None with an error when it is too large or not UTF-8.
    Characters that XML forbids are removed, with a warning."""
    try:
        raw = path.read_bytes()
    except OSError as error:  # a folder where a file should be, no permission, …
        report.error("file-unreadable", path, 1, f"cannot be read: {error.strerror}")
        return None
    if len(raw) > limit:
        report.error(
            "file-too-large",
            path,
            1,
            f"file is {len(raw) / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        report.error("encoding", path, line, "file is not UTF-8 text (save it as UTF-8)")
        return None
    if match := NOT_XML.search(text):
        report.warning(
            "encoding-control",
            path,
            text.count("\n", 0, match.start()) + 1,
            f"control character U+{ord(match[0]):04X} (and any others) removed",
        )
        text = NOT_XML.sub("", text)
    # Windows (CRLF) and old Mac (CR) line ends read as the Unix ones Markdown expects;
    # line numbers stay those of the file.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_chapters(paths: tuple[Path, ...], report: Report) -> tuple[ChapterSource, ...]:
    """Every chapter's front matter and body; errors for all of them are collected."""
    chapters: list[ChapterSource] = []
    slugs: dict[str, Path] = {}
    for path in paths:
        chapter = read_chapter(path, report)
        if chapter is None:
            continue
        if chapter.slug in RESERVED_SLUGS:
            report.error(
                "duplicate-slug",
                path,
                1,
                f"a chapter cannot be called '{chapter.slug}': that name is the book's own "
                f"{chapter.slug} page; rename the file (for example 01-{chapter.slug}-notes.md)",
            )
            continue
        if chapter.slug in slugs:
            report.error(
                "duplicate-slug",
                path,
                1,
                f"chapter slug '{chapter.slug}' is already used by {slugs[chapter.slug].name}",
            )
            continue
        slugs[chapter.slug] = path
        chapters.append(chapter)
    report.raise_if_errors()
    return tuple(chapters)


def read_chapter(path: Path, report: Report) -> ChapterSource | None:
    text = read_text(path, report)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or not _FENCE.fullmatch(lines[0].rstrip("\r")):
        report.error(
            "front-matter-missing",
            path,
            1,
            "no front matter: start the file with a '---' line, then title, authors "
            "and updated, then '---'",
        )
        return None
    closing = next(
        (i for i in range(1, len(lines)) if _FENCE.fullmatch(lines[i].rstrip("\r"))), None
    )
    if closing is None:
        report.error("front-matter-unclosed", path, 1, "front matter has no closing '---' line")
        return None
    try:
        located = load("\n".join(lines[1:closing]), first_line=2)
    except YamlProblem as problem:
        report.error("yaml-syntax", path, problem.line, problem.message, problem.col)
        return None
    if not isinstance(located.value, dict):
        report.error(
            "front-matter-type",
            path,
            2,
            "front matter must be a mapping of keys to values (title: …, authors: …, updated: …)",
        )
        return None
    body = "\n".join(lines[closing + 1 :])
    return _chapter_source(path, located, body, closing + 2, report)


def _chapter_source(
    path: Path, located: Located, body: str, body_line: int, report: Report
) -> ChapterSource | None:
    fields = located.value
    errors_before = len(report.errors)

    def line(key: str) -> int:
        return located.key_lines.get(key, located.line)

    located.warn_unknown_keys(
        FRONT_MATTER_KEYS, "front matter key", path, report, warning="front-matter-unknown"
    )
    for key in ("title", "authors", "updated"):
        if key not in fields or fields[key] in (None, "", []):
            report.error("front-matter-required", path, located.line, f"front matter needs '{key}'")

    title = _string(fields, "title", path, line("title"), report)
    authors = read_people(located.child("authors"), "authors", path, report)
    reviewed = read_date(located.child("reviewed"), "reviewed", path, report)
    reviewed_by = read_people(located.child("reviewed_by"), "reviewed_by", path, report)
    for given, needed, why in (
        ("reviewed_by", "reviewed", "the date of the review"),
        ("reviewed", "reviewed_by", "who reviewed the chapter, with their credentials"),
    ):
        if fields.get(given) not in (None, "", []) and fields.get(needed) in (None, "", []):
            message = f"'{given}' needs '{needed}': {why}"
            report.error("front-matter-required", path, line(given), message)
    updated = read_date(located.child("updated"), "updated", path, report)
    next_review = read_date(located.child("next_review"), "next_review", path, report)
    summary = _string(fields, "summary", path, line("summary"), report)
    keywords = fields.get("keywords") or []
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        report.error(
            "front-matter-type",
            path,
            line("keywords"),
            "'keywords' must be a list of words, such as [back pain, gene therapy]",
        )
        keywords = []
    keywords = [" ".join(str(k).split()) for k in keywords if str(k).strip()]
    if updated and next_review and next_review < updated:
        report.error(
            "front-matter-value",
            path,
            line("next_review"),
            f"next_review ({next_review}) is before updated ({updated})",
        )
    if len(report.errors) > errors_before or title is None or updated is None:
        return None
    if re.search(r"<[A-Za-z/!]", title):
        report.warning(
            "front-matter-markup",
            path,
            line("title"),
            "the title contains HTML, which is shown as written, not as markup",
        )
    if not body.strip():
        report.warning("chapter-empty", path, body_line, "the chapter has no text")
    return ChapterSource(
        path=path,
        slug=chapter_slug(path.name),
        title=title,
        authors=authors,
        updated=updated,
        next_review=next_review,
        summary=summary,
        keywords=tuple(keywords),
        body=body,
        body_line=body_line,
        key_lines=tuple(located.key_lines.items()),
        reading_level_exception=_string(
            fields, "reading_level_exception", path, line("reading_level_exception"), report
        ),
        reviewed=reviewed,
        reviewed_by=reviewed_by,
        adapted_from=read_source_work(located.child("source"), path, report),
    )


def _string(fields: dict[str, Any], key: str, path: Path, line: int, report: Report) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        report.error("front-matter-type", path, line, f"'{key}' must be text")
        return None
    return str(value).strip() or None
