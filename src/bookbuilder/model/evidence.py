"""What lets a reader trust a chapter: the work it was adapted from, and the sources it
cites (a bibliography, formatted by a CSL style)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class SourceWork:
    """The work a chapter was adapted from, as its front matter `source:` names it."""

    title: str
    author: str | None = None
    publisher: str | None = None  # the publisher, or the web site
    issued: str | None = None  # an ISO date ("2010-06-15") or a year ("2010")
    url: str | None = None

    @property
    def issued_day(self) -> date | None:
        """The day it was issued, when its date is a full one."""
        return date.fromisoformat(self.issued) if self.issued and len(self.issued) == 10 else None

    @property
    def as_text(self) -> str:
        """One line for metadata (`dc:source`): author, "title", publisher, date, URL."""
        title = f"“{self.title}”"
        parts = [self.author, title, self.publisher, self.issued, self.url]
        return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class BibEntry:
    """One work of the bibliography: its key, its CSL-JSON item, and where it is written."""

    key: str
    csl_json: str  # the CSL-JSON item, serialised: the model stays frozen and hashable
    path: Path
    line: int

    @property
    def csl(self) -> dict:
        return json.loads(self.csl_json)


@dataclass(frozen=True)
class Bibliography:
    """The book's `[references]`: the works chapters may cite, and the CSL style that
    formats citations and lists."""

    path: Path
    entries: tuple[BibEntry, ...]
    style: str  # as book.toml names it: "vancouver", "apa", or a .csl file of the book
    style_file: Path

    @cached_property
    def digest(self) -> str:
        """Changes whenever a rendered citation could: for the chapter cache (asked for
        twice a chapter; the style file is read once)."""
        text = json.dumps([self.style, [(e.key, e.csl_json) for e in self.entries]])
        style = self.style_file.read_bytes() if self.style_file.is_file() else b""
        return hashlib.sha256(text.encode() + style).hexdigest()

    def entry(self, key: str) -> BibEntry | None:
        return next((entry for entry in self.entries if entry.key == key), None)
