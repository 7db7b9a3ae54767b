"""The whole book: every part gathered, frozen, for the renderers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from bookbuilder.model.chapter import Author, Chapter, GlossaryUse, Resource
from bookbuilder.model.config import BookConfig
from bookbuilder.model.evidence import Bibliography

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


@dataclass(frozen=True)
class Cover:
    data: bytes
    media_type: str
    file_name: str  # "cover.png" or "cover.jpg"


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
    bibliography: Bibliography | None = None  # [references]

    @property
    def reviewers(self) -> tuple[Author, ...]:
        """Every chapter's reviewers once, in order of first appearance."""
        return _each_once(person for c in self.chapters for person in c.source.reviewed_by)

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
        return _each_once(person for c in self.chapters for person in c.source.authors)

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


def _each_once(people: Iterable[Author]) -> tuple[Author, ...]:
    """Each person once, by name, as first named."""
    seen: dict[str, Author] = {}
    for person in people:
        seen.setdefault(person.name, person)
    return tuple(seen.values())
