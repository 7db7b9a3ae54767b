"""The typed book model: frozen values that each stage builds once and hands on.

Nothing here is filled in later: a stage that knows more builds a new value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

PAGE_SIZES = ("A4", "Letter", "A5")
FORMATS = ("epub", "pdf", "pdf-large-print", "booklet")
DEFAULT_FORMATS = ("epub", "pdf")

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Block elements carry an id (`slug--b12`), so that a print page's start can be placed.
BLOCKS = HEADINGS | {"p", "li", "table", "pre", "blockquote", "dl", "dt", "dd", "figure", "hr"}
BLOCK_ID = re.compile(r"--b[0-9]+$")

# The anchors of the parts that are not chapters, by part; every other anchor is a chapter's
# (`chapter-<slug>`, `<slug>--<id>`) or a glossary entry's (`gl-<term>`).
PART_OF_ANCHOR = {
    "titlepage": "titlepage",
    "book-title": "titlepage",
    "imprint": "imprint",
    "toc": "toc",
    "glossary": "glossary",
}
GLOSSARY_PART = "glossary"
# Slugs a chapter cannot have: they name the book's other parts.
RESERVED_SLUGS = frozenset({*PART_OF_ANCHOR.values(), "cover", "nav"})


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


@dataclass(frozen=True, kw_only=True)
class BookConfig:
    """`book.toml`, validated, with every path resolved inside the book folder. Each field
    after `source` holds the key that sources/schema.py's SETTINGS declares under its name,
    with its table, TOML type, default and help; `strings` holds the [strings] table."""

    root: Path
    source: Path
    title: str
    subtitle: str | None
    language: str
    publisher: str
    identifier: str | None
    rights: str | None
    description: str | None
    chapters: tuple[Path, ...]
    glossary: Path | None
    disclaimer: Path | None
    cover: Path | None
    output_dir: Path
    output_name: str
    formats: tuple[str, ...]
    clinic_name: str | None
    clinic_address: str | None
    clinic_phone: str | None
    clinic_website: str | None
    print_page_numbers: bool  # the EPUB carries the print edition's page breaks
    embed_fonts: bool  # the EPUB carries fonts for its non-Latin scripts
    review_interval_years: int
    reading_grade_max: float
    reading_ease_min: float  # for languages measured by a reading-ease formula
    stale_notice: bool  # an overdue chapter tells the reader, under its dates
    page_size: str
    print_ready: bool
    print_cover: bool  # [pdf] cover
    justify: bool
    hyphenate: bool
    font_files: tuple[Path, ...]  # [fonts] files: the book's own fonts
    strings: tuple[tuple[str, str], ...] = ()  # [strings]: the book's wording of messages

    def clinic(self, phone: str = "Phone: %(number)s") -> tuple[str, ...]:
        """[clinic] as handouts print it, a line a key; `phone` words the number's label."""
        lines = (
            self.clinic_name,
            self.clinic_address,
            phone % {"number": self.clinic_phone.strip()} if self.clinic_phone else None,
            self.clinic_website,
        )
        return tuple(line.strip() for line in lines if line)


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

    def line_of(self, key: str) -> int:
        return dict(self.key_lines).get(key, 2)

    def review_due(self, interval_years: int) -> date:
        """When the chapter is due for medical review: its next_review, or `interval_years`
        after it was updated, whichever comes first."""
        interval_due = add_years(self.updated, interval_years)
        return min(self.next_review, interval_due) if self.next_review else interval_due


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
class Cover:
    data: bytes
    media_type: str
    file_name: str  # "cover.png" or "cover.jpg"


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

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def title(self) -> str:
        return self.source.title

    @property
    def anchor(self) -> str:
        return chapter_anchor(self.slug)


@dataclass(frozen=True)
class GlossaryTerm:
    """One glossary entry as the editor wrote it: its definition still Markdown."""

    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    path: Path
    line: int


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition_html: str
    path: Path
    line: int
    uses: tuple[GlossaryUse, ...] = ()


@dataclass(frozen=True)
class PageBreak:
    """Where printed page `label` starts: at the element with the neutral `anchor`."""

    label: str
    anchor: str


@dataclass(frozen=True)
class Book:
    config: BookConfig
    chapters: tuple[Chapter, ...]
    glossary: tuple[GlossaryEntry, ...]
    disclaimer_html: str
    cover: Cover | None  # None: the EPUB draws one from the title
    edition_date: date
    modified: datetime
    identifier: str
    style_resources: tuple[Resource, ...] = ()
    judged_on: date | None = None  # the day review dates are judged for readers: the build's

    def overdue(self, chapter: Chapter, on: date | None = None) -> date | None:
        """The date `chapter` was due for review, when that is past on the day `on` (the
        build's day, or a handout's print day) and the book shows such notices."""
        day = on or self.judged_on
        if not self.config.stale_notice or day is None:
            return None
        due = chapter.source.review_due(self.config.review_interval_years)
        return due if due <= day else None

    @property
    def authors(self) -> tuple[Author, ...]:
        """Every chapter author once, in order of first appearance."""
        seen: dict[str, Author] = {}
        for chapter in self.chapters:
            for author in chapter.source.authors:
                seen.setdefault(author.name, author)
        return tuple(seen.values())

    @property
    def keywords(self) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        for chapter in self.chapters:
            for keyword in chapter.source.keywords:
                seen.setdefault(keyword.casefold(), keyword)
        return tuple(seen.values())

    def part_of(self, anchor: str) -> str | None:
        """The part of the book that holds `anchor`: a chapter's slug, "glossary", or a
        front matter part ("titlepage", "imprint", "toc"); None for anchors of no part."""
        slugs = self._slugs
        slug = anchor.split("--", 1)[0]
        if "--" in anchor and slug in slugs:  # chapter ids first: a slug may start "gl-"
            return slug
        if anchor.startswith("chapter-") and anchor[len("chapter-") :] in slugs:
            return anchor[len("chapter-") :]
        if anchor in PART_OF_ANCHOR:
            return PART_OF_ANCHOR[anchor]
        return GLOSSARY_PART if anchor.startswith("gl-") else None

    @cached_property
    def _slugs(self) -> frozenset[str]:
        return frozenset(chapter.slug for chapter in self.chapters)

    @property
    def resources(self) -> tuple[Resource, ...]:
        """Every file the EPUB carries besides its documents: images, style fonts."""
        unique = {r.book_path: r for c in self.chapters for r in c.images}
        unique.update({r.book_path: r for r in self.style_resources})
        return tuple(unique[k] for k in sorted(unique))
