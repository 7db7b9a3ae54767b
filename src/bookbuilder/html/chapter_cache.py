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
import functools
import hashlib
import json
from pathlib import Path

import markdown
import platformdirs

from bookbuilder import __version__
from bookbuilder.codec import decode, encode
from bookbuilder.diagnostics import Diagnostic, Severity
from bookbuilder.html.chapter import ENGLISH, Labels
from bookbuilder.model import Bibliography, Chapter, ChapterSource, GlossaryTerm
from bookbuilder.output import book_key, files_digest, write_cached


def cache_folder() -> Path:
    """Where entries go: $XDG_CACHE_HOME/bookbuilder on Linux."""
    return platformdirs.user_cache_path("bookbuilder") / "chapters"


@functools.cache
def _code_digest() -> str:
    """The html stage's own code and the model: a chapter that other code rendered (an
    upgrade, or a change not yet released) is never reused."""
    package = Path(__file__).parent
    code = sorted([*package.glob("*.py"), *(package.parent / "model").glob("*.py")])
    return files_digest(code)[:16]


class ChapterCache:
    """Rendered chapters of the book in `root`. With `reuse` false (`make-book build
    --force`) nothing is read from it, and every chapter rendered is kept for the next
    build."""

    def __init__(self, root: Path, folder: Path | None = None, *, reuse: bool = True):
        self.folder = (folder or cache_folder()) / book_key(root)
        self.versions = [__version__, markdown.__version__, _code_digest()]
        self.reuse = reuse
        self.rendered: list[str] = []  # slugs rendered afresh in this build (the misses)
        self._encoded_glossary: tuple | None = None

    def get(
        self,
        source: ChapterSource,
        number: int,
        glossary: tuple[GlossaryTerm, ...],
        labels: Labels = ENGLISH,
        bibliography: Bibliography | None = None,
    ) -> tuple[Chapter, list[Diagnostic]] | None:
        """The chapter and its warnings, if nothing it depends on changed since it was
        stored; else None (and the slug joins `rendered`)."""
        found = None
        if self.reuse:
            found = self._load(source, self._key(source, number, glossary, labels, bibliography))
        if found is None:
            self.rendered.append(source.slug)
        return found

    def put(
        self,
        source: ChapterSource,
        number: int,
        glossary: tuple[GlossaryTerm, ...],
        labels: Labels,
        bibliography: Bibliography | None,
        chapter: Chapter,
        diagnostics: list[Diagnostic],
    ) -> None:
        """Keep a rendered chapter, unless rendering found errors in it."""
        if all(d.severity != Severity.ERROR and d.path == source.path for d in diagnostics):
            key = self._key(source, number, glossary, labels, bibliography)
            self._store(source, key, chapter, diagnostics)

    def _key(self, source, number, glossary, labels, bibliography) -> str:
        cited = bibliography.digest if bibliography else None
        text = json.dumps(
            [self.versions, self._glossary(glossary), number, encode(source), encode(labels), cited]
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def _glossary(self, glossary: tuple[GlossaryTerm, ...]):
        """The glossary, encoded once for all the chapters of a book (the same object)."""
        if self._encoded_glossary is None or self._encoded_glossary[0] is not glossary:
            self._encoded_glossary = (glossary, encode(glossary))
        return self._encoded_glossary[1]

    def _load(self, source, key) -> tuple[Chapter, list[Diagnostic]] | None:
        try:
            entry = json.loads((self.folder / f"{source.slug}.json").read_text("utf-8"))
            if entry["key"] != key:
                return None
            chapter = decode(Chapter, entry["chapter"], source=source)
            if [_digest(image.source) for image in chapter.images] != entry["image_digests"]:
                return None
            diagnostics = [decode(Diagnostic, d, path=source.path) for d in entry["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or one from another version: render afresh
        return chapter, diagnostics

    def _store(self, source, key: str, chapter: Chapter, found: list[Diagnostic]) -> None:
        entry = {
            "key": key,
            "chapter": {k: v for k, v in encode(chapter).items() if k != "source"},
            "image_digests": [_digest(image.source) for image in chapter.images],
            "diagnostics": [{k: v for k, v in encode(d).items() if k != "path"} for d in found],
        }
        with contextlib.suppress(OSError):  # a read-only or full cache only costs speed
            data = json.dumps(entry, ensure_ascii=False).encode()
            write_cached(self.folder / f"{source.slug}.json", data)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
