"""Rendered chapters kept between builds: after an edit, only the changed chapter is
rendered again (Markdown, the lxml pass, glossary marking).

Entries live in the user's cache folder (platformdirs), never in the book or build
folder: a book from elsewhere cannot plant HTML that skips the sanitizer. There is one
file per chapter of each book, so the cache does not grow with edits. An entry holds
what rendering produced, its warnings (replayed on a hit, so no warning goes quiet) and
a hash of each image the chapter uses; the key covers everything else rendering reads:
the chapter's text and front matter, its number and slug, the glossary and the versions
of bookbuilder and Python-Markdown. Chapters with errors are never kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

import markdown
import platformdirs

from bookbuilder import __version__
from bookbuilder.diagnostics import Diagnostic, Severity
from bookbuilder.model import (
    Chapter,
    ChapterSource,
    CrossReference,
    GlossaryEntry,
    GlossaryUse,
    Heading,
    Resource,
)
from bookbuilder.output import write_atomic


def cache_folder() -> Path:
    """Where entries go: $XDG_CACHE_HOME/bookbuilder on Linux."""
    return platformdirs.user_cache_path("bookbuilder") / "chapters"


class RenderCache:
    """Rendered chapters of the book in `root`."""

    def __init__(self, root: Path, folder: Path | None = None):
        book_hash = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        self.folder = (folder or cache_folder()) / book_hash
        self.root = root.resolve()
        self.versions = f"{__version__}\0{markdown.__version__}"
        self.rendered: list[str] = []  # slugs rendered afresh in this build (the misses)

    def get(
        self,
        source: ChapterSource,
        number: int,
        glossary: tuple[GlossaryEntry, ...],
    ) -> tuple[Chapter, list[Diagnostic]] | None:
        """The chapter and its warnings, if nothing it depends on changed since it was
        stored; else None (and the slug joins `rendered`)."""
        found = self._load(source, self._key(source, number, glossary), number)
        if found is None:
            self.rendered.append(source.slug)
        return found

    def put(
        self,
        source: ChapterSource,
        number: int,
        glossary: tuple[GlossaryEntry, ...],
        chapter: Chapter,
        diagnostics: list[Diagnostic],
    ) -> None:
        """Keep a rendered chapter, unless rendering found errors in it."""
        if all(d.severity != Severity.ERROR and d.path == source.path for d in diagnostics):
            self._store(source, self._key(source, number, glossary), chapter, diagnostics)

    def _key(self, source, number, glossary) -> str:
        text = f"{self.versions}\0{glossary!r}\0{number}\0{source!r}"
        return hashlib.sha256(text.encode()).hexdigest()

    def _load(self, source, key, number) -> tuple[Chapter, list[Diagnostic]] | None:
        try:
            entry = json.loads((self.folder / f"{source.slug}.json").read_text("utf-8"))
            if entry["key"] != key:
                return None
            images = tuple(
                Resource(self.root / book_path, book_path, media_type)
                for book_path, media_type, _ in entry["images"]
            )
            for image, (_, _, digest) in zip(images, entry["images"], strict=True):
                if _digest(image.source) != digest:
                    return None
            chapter = Chapter(
                source=source,
                number=number,
                html=entry["html"],
                headings=tuple(Heading(*h) for h in entry["headings"]),
                glossary_uses=tuple(GlossaryUse(*u) for u in entry["glossary_uses"]),
                cross_references=tuple(CrossReference(*r) for r in entry["cross_references"]),
                images=images,
                external_links=tuple((href, line) for href, line in entry["external_links"]),
            )
            diagnostics = [
                Diagnostic(source.path, line, col, Severity(severity), code, message)
                for line, col, severity, code, message in entry["diagnostics"]
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or one from another version: render afresh
        return chapter, diagnostics

    def _store(self, source, key: str, chapter: Chapter, found: list[Diagnostic]) -> None:
        entry = {
            "key": key,
            "html": chapter.html,
            "headings": [[h.level, h.text, h.anchor] for h in chapter.headings],
            "glossary_uses": [
                [u.entry_id, u.chapter_slug, u.anchor] for u in chapter.glossary_uses
            ],
            "cross_references": [
                [r.target_file, r.target_slug, r.fragment, r.line] for r in chapter.cross_references
            ],
            "images": [[i.book_path, i.media_type, _digest(i.source)] for i in chapter.images],
            "external_links": [list(link) for link in chapter.external_links],
            "diagnostics": [[d.line, d.col, str(d.severity), d.code, d.message] for d in found],
        }
        with contextlib.suppress(OSError):  # a read-only or full cache only costs speed
            data = json.dumps(entry, ensure_ascii=False).encode()
            write_atomic(self.folder / f"{source.slug}.json", data, sync=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
