"""A part of the print edition to lay out, and what comes back: plain data, which the
main process makes and reads without importing WeasyPrint (pdf/part_layout.py lays it
out, in a worker that has)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Where a number is: its page, the stream's index in the page's /Contents array, and
# the bytes of that stream that hold it (a stream may hold several numbers).
Piece = tuple[int, int, int, int]
GlyphMap = tuple[dict[int, int], dict[int, str]]  # a font's glyph widths, and glyph texts


@dataclass(frozen=True)
class FontSource:
    """What a face's program is made from: the original file (by its digest, kept in the
    font store), the face of a collection, and the variation of a variable font."""

    digest: str
    index: int
    variations: tuple[tuple[str, float], ...]
    kind: str  # "otf" or "ttf"


@dataclass(frozen=True)
class Edition:
    """What a worker prepares once for every part of an edition: the fonts (WeasyPrint's
    font configuration, from the packages' and the book's files) and the parsed styles."""

    root: Path
    styles: tuple[str, ...]
    font_files: tuple[Path, ...]


@dataclass(frozen=True)
class PartJob:
    name: str
    html: str
    root: Path  # the book folder: what the layout may read
    styles: tuple[str, ...]  # the edition's stylesheets, the same for every part
    extra_css: str  # this part's own rules
    font_files: tuple[Path, ...]  # [fonts] files
    font_store: Path  # where the original font programs go, for the merge

    @property
    def edition(self) -> Edition:
        return Edition(self.root, self.styles, self.font_files)


@dataclass(frozen=True)
class PartResult:
    name: str
    pdf: bytes
    dropped: tuple[int, ...]  # pages laid out that are not the book's (the sentinel's)
    anchors: tuple[tuple[str, ...], ...]  # each kept page's anchors
    marks: tuple[tuple[str, ...], ...]  # each kept page's first new block marks
    digits: dict[int, tuple[int, ...]] = field(default_factory=dict)  # slot -> glyphs 0-9
    slots: dict[int, Piece] = field(default_factory=dict)  # slot -> where its number is
    folio_digits: tuple[int, ...] | None = None  # the folios' glyphs for 0-9
    folio_align: tuple[float, ...] = ()  # each kept page's folio: 0 left, 1 right-aligned
    folio_pieces: tuple[Piece | None, ...] = ()  # each kept page's folio
    fonts: dict[str, FontSource] = field(default_factory=dict)  # by /BaseFont
    glyph_maps: dict[str, GlyphMap] = field(default_factory=dict)  # by font resource name
    warnings: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return len(self.anchors)
