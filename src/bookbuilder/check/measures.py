"""Each chapter's reading measures, kept between builds by the chapter's text: a chapter
that did not change is not measured again (on a 250-chapter book, the measures take most
of a second of every build).

One file per book in the user's cache folder, holding the measures of the chapters the
last build had; the key is the chapter's rendered text, its language and this code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs

from bookbuilder import processes
from bookbuilder.check.readability import Readability, measure, prose_blocks, syllable_counts
from bookbuilder.codec import decode, encode
from bookbuilder.model import Chapter
from bookbuilder.output import book_key, files_digest, write_cached


@functools.cache
def _code_digest() -> str:
    return files_digest(sorted(Path(__file__).parent.glob("*.py")))[:16]


def reading_measures(
    chapters: Sequence[Chapter], language: str, root: Path | None, *, reuse: bool = True
) -> dict[str, Readability | None]:
    """Each chapter's readability by slug (None: it has no words), from the cache of the
    book in `root` where the chapter is unchanged (`root` None: no cache; `reuse` false:
    every chapter measured, and the cache refreshed)."""
    keys = {c.slug: _key(c.html, language) for c in chapters}
    path = _cache_file(root) if root is not None else None
    known = _read(path) if path is not None and reuse else {}
    missing = [c for c in chapters if keys[c.slug] not in known]
    prose = {c.slug: prose_blocks(c.html) for c in missing}
    counts = syllable_counts([" ".join(blocks) for blocks in prose.values()], language)
    found = {keys[slug]: measure(blocks, language, counts) for slug, blocks in prose.items()}
    measures = {slug: found[key] if key in found else known[key] for slug, key in keys.items()}
    if path is not None and missing:
        kept = {keys[slug]: encode(result) for slug, result in measures.items()}
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            write_cached(path, json.dumps(kept, sort_keys=True).encode())
    return measures


def reading_measures_later(
    chapters: Sequence[Chapter], language: str, root: Path | None, *, reuse: bool = True
) -> Callable[[], dict[str, Readability | None]]:
    """`reading_measures`, computed in a forked process while this one goes on (where
    processes fork); the function returned waits for them. A process that fails to give
    them (it ran out of memory, it was killed) costs only time: they are then measured
    here."""
    future = None
    if processes.FORK is not None:
        with contextlib.suppress(OSError):  # no process to be had: measured here
            pool = processes.pool(1, mp_context=processes.FORK)
            future = pool.submit(reading_measures, chapters, language, root, reuse=reuse)
            pool.shutdown(wait=False)
    if future is None:
        found = reading_measures(chapters, language, root, reuse=reuse)
        return lambda: found

    def result() -> dict[str, Readability | None]:
        try:
            return future.result()
        except Exception:
            return reading_measures(chapters, language, root, reuse=reuse)

    return result


def _key(html: str, language: str) -> str:
    return hashlib.sha256(f"{_code_digest()}\0{language}\0{html}".encode()).hexdigest()


def _cache_file(root: Path) -> Path:
    return platformdirs.user_cache_path("bookbuilder") / "reading" / f"{book_key(root)}.json"


def _read(path: Path) -> dict[str, Readability | None]:
    try:
        entries = json.loads(path.read_text("utf-8"))
        return {
            key: None if value is None else decode(Readability, value)
            for key, value in entries.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
