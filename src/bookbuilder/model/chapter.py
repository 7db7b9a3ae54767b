"""A chapter: as the editor wrote it (`ChapterSource`), and rendered (`Chapter`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bookbuilder.model.evidence import SourceWork

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Block elements carry an id (`slug--b12`), so that a print page's start can be placed.
BLOCKS = HEADINGS | {"p", "li", "table", "pre", "blockquote", "dl", "dt", "dd", "figure", "hr"}
BLOCK_ID = re.compile(r"--b[0-9]+$")


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def block_id(slug: str, number: int) -> str:
    return f"{slug}--b{number}"


def chapter_anchor(slug: str) -> str:
    """The neutral anchor of a whole chapter."""
    return f"chapter-{slug}"


@dataclass(frozen=True)
class Author:
    name: str
    credentials: str | None = None

    @property
    def byline(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass(frozen=True)
class ChapterSource:
    """One article as the editor wrote it: front matter read, body still Markdown."""

    path: Path
    slug: str
    title: str
    authors: tuple[Author, ...]
    updated: date
    next_review: date | None
    summary: str | None
    keywords: tuple[str, ...]
    body: str
    body_line: int  # the line of the file on which the body starts
    key_lines: tuple[tuple[str, int], ...] = ()  # front matter keys and their lines
    reading_level_exception: str | None = None  # why the chapter may read above the target
    reviewed: date | None = None  # when it was last reviewed, by `reviewed_by`
    reviewed_by: tuple[Author, ...] = ()
    adapted_from: SourceWork | None = None  # front matter `source:`

    def line_of(self, key: str) -> int:
        return dict(self.key_lines).get(key, 2)

    @property
    def last_checked(self) -> date:
        """The newer of `updated` and `reviewed`: the day the text was last known good."""
        return max(self.updated, self.reviewed) if self.reviewed else self.updated

    def review_due(self, interval_years: int) -> date:
        """When the chapter is due for medical review: its next_review, or `interval_years`
        after it was last updated or reviewed, whichever comes first (a next_review that a
        later review has passed counts no more)."""
        interval_due = add_years(self.last_checked, interval_years)
        if self.next_review and self.next_review > self.last_checked:
            return min(self.next_review, interval_due)
        return interval_due


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str  # the id in the book (unique across chapters)


@dataclass(frozen=True)
class GlossaryUse:
    """The first use of a glossary entry in one chapter, linked to the entry."""

    entry_id: str
    chapter_slug: str
    anchor: str


@dataclass(frozen=True)
class CrossReference:
    """A link from a chapter to another chapter's file (and maybe one of its headings)."""

    target_file: str  # as written, e.g. "02-gene-therapy-for-back-pain.md"
    target_slug: str
    fragment: str | None
    line: int
    col: int = 1


@dataclass(frozen=True)
class Resource:
    """A file a chapter or style uses (an image, a font): on disk, and in the book."""

    source: Path
    book_path: str  # posix path relative to the book folder, used inside the EPUB
    media_type: str


@dataclass(frozen=True)
class Chapter:
    source: ChapterSource
    number: int
    html: str  # XHTML fragment of the body, ids unique across the book
    headings: tuple[Heading, ...]
    glossary_uses: tuple[GlossaryUse, ...]
    cross_references: tuple[CrossReference, ...]
    images: tuple[Resource, ...]
    external_links: tuple[tuple[str, int], ...] = ()  # (URL, line)
    cited_keys: tuple[str, ...] = ()  # the bibliography entries it cites, in order

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def title(self) -> str:
        return self.source.title

    @property
    def anchor(self) -> str:
        return chapter_anchor(self.slug)
