"""Font programs made once for the whole book when its parts are laid out apart.

WeasyPrint subsets each font to the glyphs a document draws and turns a variable font
into the static instance the text asked for. Parts laid out apart would each carry their
own subset of every face: 200 chapters, 200 copies of Source Serif 4. So while a part's
PDF is written (`deferred_font_programs`), WeasyPrint's cleaning step only records what
it would have done (the original file, the variation) and embeds a stand-in; the merge
then makes each face's program once (`font_program`), subset to the glyphs every part
drew, with the same steps (HarfBuzz's subsetter keeping glyph ids, and its instancer).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import uharfbuzz as hb

from bookbuilder.output import write_cached
from bookbuilder.pdf.part_job import FontSource

# Tables a PDF's fonts do not need (as WeasyPrint drops them): the text is shaped.
DROPPED = (
    "GSUB",
    "GPOS",
    "GDEF",
    "BASE",
    "JSTF",
    "DSIG",
    "SVG ",
    "EBDT",
    "EBLC",
    "EBSC",
    "LTSH",
    "PCLT",
)
STAND_IN = {"otf": b"OTTO", "ttf": b"\x00\x01\x00\x00"}  # what `Font.type` reads


@contextlib.contextmanager
def deferred_font_programs(store: Path, recorded: dict[str, FontSource]) -> Iterator[None]:
    """While active, WeasyPrint embeds stand-ins for font programs and `recorded` gets
    each font's source, by its PDF name (/BaseFont); originals are kept in `store`."""
    from weasyprint.pdf import fonts as weasyprint_fonts  # the merge needs no WeasyPrint

    original_clean = weasyprint_fonts.Font.clean

    def clean(font, to_unicode, hinting):
        if font.bitmap or font.png or font.svg or font.colr or font.missing:
            return original_clean(font, to_unicode, hinting)  # embedded as WeasyPrint does
        content = font.file_content
        digest = _digest(content)
        target = store / f"{digest}.font"
        if not target.is_file():
            write_cached(target, content)
        variations = _variations(font, content, digest) if "fvar" in font.tables else {}
        recorded[font.name.decode()] = FontSource(
            digest, font.index, tuple(sorted(variations.items())), font.type
        )
        font.file_content = STAND_IN[font.type]

    weasyprint_fonts.Font.clean = clean
    try:
        yield
    finally:
        weasyprint_fonts.Font.clean = original_clean


def _variations(font, content: bytes, digest: str) -> dict[str, float]:
    """The instance WeasyPrint's `Font.clean` would make (weasyprint/pdf/fonts.py)."""
    axes = _axes(digest, content, font.index)
    variations = dict(font.variations)
    if "wght" in axes and "wght" not in variations:
        variations["wght"] = font.weight
    if "opsz" in axes and "opsz" not in variations:
        variations["opsz"] = font.font_size
    if "slnt" in axes and "slnt" not in variations:
        slnt = 0
        if font.style == 1:
            low, high = axes["slnt"]
            slnt = low if high == 0 else high
        variations["slnt"] = slnt
    if "ital" in axes and "ital" not in variations:
        variations["ital"] = int(font.style == 2)
    return {key: float(value) for key, value in variations.items()}


_DIGESTS: dict[tuple[int, bytes, bytes], str] = {}
_AXES: dict[tuple[str, int], dict[str, tuple[float, float]]] = {}


def _digest(content: bytes) -> str:
    """The font file's SHA-256, worked out once a process for each file (a part asks for
    each face again: a megabyte hashed each time)."""
    key = (len(content), content[:4096], content[-4096:])
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(content).hexdigest()
    return _DIGESTS[key]


def _axes(digest: str, content: bytes, index: int) -> dict[str, tuple[float, float]]:
    if (digest, index) not in _AXES:
        axes = hb.Face(hb.Blob(content), index).axis_infos
        _AXES[digest, index] = {axis.tag: (axis.min_value, axis.max_value) for axis in axes}
    return _AXES[digest, index]


def font_program(content: bytes, source: FontSource, glyphs: set[int]) -> tuple[bytes, dict]:
    """One face's program: the font file subset to `glyphs`, their ids kept (so that the
    parts' glyph codes stay right), made static at the face's variation; and the glyphs'
    advance widths in thousandths of the em. HarfBuzz's subsetter does both, as it does
    WeasyPrint's subsetting: a CJK face of 16 MB takes a hundredth of a second, where
    fontTools took five."""
    face = hb.Face(hb.Blob(content), source.index)
    wanted = hb.SubsetInput()
    wanted.glyph_set.update(sorted(glyphs | {0}))
    wanted.flags = (
        hb.SubsetFlags.RETAIN_GIDS
        | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
        | hb.SubsetFlags.DESUBROUTINIZE
        | hb.SubsetFlags.NO_HINTING
    )
    dropped = wanted.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    dropped.update(int.from_bytes(tag.encode("latin-1"), "big") for tag in DROPPED)
    variations = dict(source.variations)
    for axis in face.axis_infos:  # every axis pinned: a static instance
        value = variations.get(axis.tag, axis.default_value)
        wanted.pin_axis_location(face, axis.tag, min(max(value, axis.min_value), axis.max_value))
    subsetted = hb.subset(face, wanted)
    if subsetted is None:
        raise ValueError(f"HarfBuzz could not subset the font {source.digest[:12]}")
    font = hb.Font(subsetted)
    scale = 1000 / subsetted.upem
    widths = {gid: round(font.get_glyph_h_advance(gid) * scale) for gid in sorted(glyphs)}
    return subsetted.blob.data, widths


def built_program(
    store: Path, source: FontSource, glyphs: set[int]
) -> tuple[bytes, dict[int, int]]:
    """`font_program` of the file subset to `glyphs`, from the store when it was made
    before (an edit that draws no new glyph needs no new font)."""
    key = json.dumps(
        [hb.__version__, source.digest, source.index, source.variations, sorted(glyphs)]
    )
    cached = store / "built" / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    with contextlib.suppress(OSError, ValueError, KeyError):
        widths = json.loads(cached.with_suffix(".json").read_text("utf-8"))
        return cached.with_suffix(".font").read_bytes(), {int(k): v for k, v in widths.items()}
    content = (store / f"{source.digest}.font").read_bytes()
    program, widths = font_program(content, source, glyphs)
    with contextlib.suppress(OSError):
        write_cached(cached.with_suffix(".font"), program)
        write_cached(cached.with_suffix(".json"), json.dumps(widths).encode())
    return program, widths
