"""The fonts of a built PDF against PDF/UA-1: each has a ToUnicode map, its widths agree
with its embedded program, and no text is drawn with the .notdef glyph (an empty box).
Part of `check/pdf_rules.py`, whose findings these add to."""

from __future__ import annotations

import io

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary


def shows_notdef(font, operands, glyph_counts: dict) -> bool:
    """True if a two-byte (Identity-H) string shows CID 0, or a CID past the glyphs of
    the embedded program: WeasyPrint gives a character no font has a glyph id of its
    own there, drawn as the .notdef box."""
    if not isinstance(font, Dictionary) or font.get("/Subtype") != "/Type0":
        return False
    if font.objgen not in glyph_counts:
        glyph_counts[font.objgen] = _glyph_count(font)
    limit = glyph_counts[font.objgen]
    strings = []
    for operand in operands:
        if isinstance(operand, Array):
            strings += [bytes(s) for s in operand if isinstance(s, pikepdf.String)]
        elif isinstance(operand, pikepdf.String):
            strings.append(bytes(operand))
    for data in strings:
        for index in range(0, len(data) - 1, 2):
            cid = int.from_bytes(data[index : index + 2], "big")
            if cid == 0 or (limit is not None and cid >= limit):
                return True
    return False


def _glyph_count(font: Dictionary) -> int | None:
    """How many glyphs the embedded program has (None if it cannot be read)."""
    descriptor = font.DescendantFonts[0].get("/FontDescriptor", {})
    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    if program is None:
        return None
    try:
        return TTFont(io.BytesIO(program.read_bytes()), lazy=True)["maxp"].numGlyphs
    except Exception:  # a bare CFF program has no maxp; its CIDs are not glyph ids
        return None


def check_fonts(pdf: pikepdf.Pdf, findings) -> None:
    """Fail `findings` (a `pdf_rules` record) for each font without ToUnicode or whose
    widths disagree with its program."""
    seen: set = set()
    for index, page in enumerate(pdf.pages, start=1):
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "?"))[1:]
            if "/ToUnicode" not in font:
                findings.fail("pdf-font-no-tounicode", index, name)
            if font.get("/Subtype") == "/Type0" and _widths_differ(font):
                findings.fail("pdf-font-widths", index, name)


def _widths_differ(font: Dictionary) -> bool:
    """True if /W gives a CID a width its embedded TrueType program does not (by more
    than one unit in 1000), for fonts whose CIDs are glyph ids (CIDToGIDMap Identity)."""
    descendant = font.DescendantFonts[0]
    program = descendant.get("/FontDescriptor", {}).get("/FontFile2")
    if program is None or str(descendant.get("/CIDToGIDMap", "/Identity")) != "/Identity":
        return False
    ttfont = TTFont(io.BytesIO(program.read_bytes()))
    order, metrics = ttfont.getGlyphOrder(), ttfont["hmtx"]
    scale = 1000 / ttfont["head"].unitsPerEm
    widths = list(descendant.get("/W", []))
    index = 0
    while index < len(widths) - 1:
        first = int(widths[index])
        if isinstance(widths[index + 1], Array):
            pairs = [(first + k, float(w)) for k, w in enumerate(widths[index + 1])]
            index += 2
        else:
            last, width = int(widths[index + 1]), float(widths[index + 2])
            pairs = [(cid, width) for cid in range(first, last + 1)]
            index += 3
        for cid, width in pairs:
            if cid < len(order) and abs(metrics[order[cid]][0] * scale - width) > 1:
                return True
    return False
