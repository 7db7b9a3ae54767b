"""Laid-out parts kept between builds: after an edit, only the parts whose document
changed are laid out again.

An entry is a part's PDF and what the merge needs of its layout, in the user cache
folder (never in the book: a book from elsewhere cannot bring layouts of its own), one
entry per part of each edition of each book, so the cache does not grow with edits.
Its key is the part's document (its HTML, whose printed numbers are written in, or for
a chapter, placeholders of their widths), the edition's styles, its rules, the fonts'
files, and the code that lays it out. The last build's page numbers are kept too: the
next build's first guess at each number's width.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from pathlib import Path

import platformdirs

from bookbuilder import __version__, fonts
from bookbuilder.output import book_key, files_digest, write_cached
from bookbuilder.pdf.part_job import FontSource, PartJob, PartResult


def cache_folder() -> Path:
    return platformdirs.user_cache_path("bookbuilder") / "parts"


def font_store() -> Path:
    """Where the original font programs are kept for the merge (by their digest)."""
    return platformdirs.user_cache_path("bookbuilder") / "font-programs"


@functools.cache
def _code_digest() -> str:
    """The code that lays parts out and the versions of what it uses; and the fonts'
    files (a font package upgraded draws other glyphs)."""
    import importlib.metadata  # 0.05 s: only for builds that lay out

    weasyprint = importlib.metadata.version("weasyprint")  # not imported: this process
    font_files = [  # may never lay out; a font's size and time stand for its bytes
        f"{path.name} {path.stat().st_size} {path.stat().st_mtime_ns}"
        for path in sorted(fonts.installed_font_files())
    ]
    code = sorted(Path(__file__).parent.glob("*.py"))
    return files_digest(code, __version__, weasyprint, *font_files)


def laid_out_before(root: Path) -> bool:
    """Whether some edition of the book in `root` has parts in the cache: a build will
    then find most parts there, and lay out few."""
    return _book_folder(root).is_dir()


def _book_folder(root: Path, folder: Path | None = None) -> Path:
    return (folder or cache_folder()) / book_key(root)


class PartCache:
    """The laid-out parts of one edition (`variant`) of the book in `root`."""

    def __init__(
        self, root: Path, variant: str, folder: Path | None = None, *, enabled: bool = True
    ):
        self.folder = _book_folder(root, folder) / variant
        self.enabled = enabled  # false: every part laid out afresh (make-book --force)
        self.laid_out: list[str] = []  # parts laid out afresh in this build (the misses)

    def key(self, job: PartJob) -> str:
        fonts_of_book = [hashlib.sha256(p.read_bytes()).hexdigest() for p in job.font_files]
        text = json.dumps([_code_digest(), job.html, job.styles, job.extra_css, fonts_of_book])
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, job: PartJob) -> PartResult | None:
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._path(job.name, ".json").read_text("utf-8"))
            if entry["key"] != self.key(job):
                return None
            pdf = self._path(job.name, ".pdf").read_bytes()
            return PartResult(
                name=job.name,
                pdf=pdf,
                dropped=tuple(entry["dropped"]),
                anchors=tuple(tuple(a) for a in entry["anchors"]),
                marks=tuple(tuple(m) for m in entry["marks"]),
                digits={int(k): tuple(v) for k, v in entry["digits"].items()},
                slots={int(k): tuple(v) for k, v in entry["slots"].items()},
                folio_digits=tuple(entry["folio_digits"]) if entry["folio_digits"] else None,
                folio_align=tuple(entry["folio_align"]),
                folio_pieces=tuple(tuple(v) if v else None for v in entry["folio_pieces"]),
                fonts={
                    k: FontSource(v[0], v[1], tuple(map(tuple, v[2])), v[3])
                    for k, v in entry["fonts"].items()
                },
                glyph_maps={
                    name: (dict(widths), {gid: text for gid, text in texts})
                    for name, (widths, texts) in entry["glyph_maps"].items()
                },
                warnings=tuple(entry["warnings"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, job: PartJob, result: PartResult) -> None:
        entry = {
            "key": self.key(job),
            "dropped": result.dropped,
            "anchors": result.anchors,
            "marks": result.marks,
            "digits": result.digits,
            "slots": result.slots,
            "folio_digits": result.folio_digits,
            "folio_align": result.folio_align,
            "folio_pieces": result.folio_pieces,
            "fonts": {
                k: [v.digest, v.index, v.variations, v.kind] for k, v in result.fonts.items()
            },
            "glyph_maps": {  # pairs: JSON's keys are strings
                name: [list(widths.items()), list(texts.items())]
                for name, (widths, texts) in result.glyph_maps.items()
            },
            "warnings": result.warnings,
        }
        with contextlib.suppress(OSError):  # a read-only or full cache only costs time
            write_cached(self._path(job.name, ".pdf"), result.pdf)
            write_cached(self._path(job.name, ".json"), json.dumps(entry).encode())

    def last_numbering(self) -> tuple[dict[str, str], dict[str, int]]:
        """The page numbers of the last build of this edition (anchor -> number), and
        its page count of each part."""
        if not self.enabled:
            return {}, {}
        try:
            entry = json.loads(self._path("numbers", ".json").read_text("utf-8"))
            return dict(entry["numbers"]), dict(entry["pages"])
        except (OSError, ValueError, TypeError, KeyError):
            return {}, {}

    def keep_numbering(self, numbers: dict[str, str], pages: dict[str, int]) -> None:
        with contextlib.suppress(OSError):
            entry = {"numbers": numbers, "pages": pages}
            data = json.dumps(entry, sort_keys=True).encode()
            write_cached(self._path("numbers", ".json"), data)

    def _path(self, name: str, suffix: str) -> Path:
        safe = hashlib.sha256(name.encode()).hexdigest()[:20] if not name.isascii() else name
        return self.folder / f"{safe}{suffix}"  # "front", "chapter-<slug>", "back", "numbers"
