"""One font per face in a PDF merged from parts: the parts' font dictionaries of a face
(the same resource name: WeasyPrint names a font by its description) become one, whose
program is made once, subset to the glyphs every part drew (pdf/font_programs.py),
with the parts' widths and Unicode maps joined.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from bookbuilder.pdf.font_programs import built_program
from bookbuilder.pdf.part_job import FontSource, GlyphMap

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")  # a glyph may map to no text


def glyph_maps(pdf: pikepdf.Pdf) -> dict[str, GlyphMap]:
    """The widths and texts of the glyphs of each font the pages use, by resource name:
    read in a part's worker (and kept with its layout), not in the merge of every
    part, which only joins them."""
    maps: dict[str, GlyphMap] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for key, font in fonts.items() if fonts is not None else ():
            if key[1:] not in maps:
                maps[key[1:]] = _glyph_map(font)
    return maps


def _glyph_map(font: pikepdf.Dictionary) -> GlyphMap:
    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else None
    widths = _widths(descendant.W) if descendant is not None and "/W" in descendant else {}
    texts = _unicode(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
    return widths, texts


class MergedFonts:
    """The faces of the parts, gathered: `add` each part's font resources, then `build`."""

    def __init__(self, store: Path):
        self.store = store
        self.first: dict[str, pikepdf.Dictionary] = {}  # a part's font dict, by resource name
        self.widths: dict[str, dict[int, int]] = defaultdict(dict)
        self.unicode: dict[str, dict[int, str]] = defaultdict(dict)
        self.sources: dict[str, FontSource] = {}
        self.seen: set[tuple[int, int]] = set()  # font dictionaries already added

    def add(
        self, fonts: pikepdf.Dictionary, sources: dict[str, FontSource], maps: dict[str, GlyphMap]
    ) -> None:
        """A part's /Font resources (already in the merged PDF), with its font sources
        by /BaseFont and its glyph maps by resource name (`glyph_maps`)."""
        for key, font in fonts.items():
            if font.objgen in self.seen:
                continue
            self.seen.add(font.objgen)
            name = key[1:]
            self.first.setdefault(name, font)
            base = str(font.get("/BaseFont", ""))
            if base in sources:
                self.sources[name] = sources[base]
            widths, texts = maps[name] if name in maps else _glyph_map(font)
            self.widths[name].update(widths)
            # The first text a glyph is found for, as in one pass.
            self.unicode[name] = texts | self.unicode[name]

    def build(self, pdf: pikepdf.Pdf, extra: dict[str, dict[int, str]]) -> pikepdf.Dictionary:
        """The merged /Font resources: one font per face, with the glyphs of `extra` (by
        resource name: glyph -> its text) too (numbers written after the layout)."""
        for name, texts in extra.items():
            self.unicode[name] = texts | self.unicode[name]
        glyphs: dict[tuple[str, int], set[int]] = defaultdict(set)
        for name, source in self.sources.items():
            glyphs[source.digest, source.index] |= set(self.widths[name]) | set(extra.get(name, ()))
        self.streams: dict[bytes, pikepdf.Stream] = {}  # one stream for one program
        resources = Dictionary()
        for name, font in self.first.items():
            source = self.sources.get(name)
            if source is None:  # embedded whole by WeasyPrint (bitmap, colour): kept as is
                resources[f"/{name}"] = font
                continue
            used = glyphs[source.digest, source.index]
            program, widths = built_program(self.store, source, used)
            for gid in extra.get(name, ()):
                self.widths[name].setdefault(gid, widths.get(gid, 0))
            resources[f"/{name}"] = self._font(pdf, name, font, program, source)
        return pdf.make_indirect(resources)

    def _font(self, pdf, name: str, font, program: bytes, source: FontSource) -> Dictionary:
        merged = pdf.make_indirect(Dictionary(dict(font.items())))
        descendant = pdf.make_indirect(Dictionary(dict(font.DescendantFonts[0].items())))
        descriptor = pdf.make_indirect(Dictionary(dict(descendant.FontDescriptor.items())))
        key = "/FontFile3" if source.kind == "otf" else "/FontFile2"
        stream = self.streams.get(program)
        if stream is None:  # two sizes of a static face: one program
            stream = self.streams[program] = pdf.make_stream(program)
            if source.kind == "otf":
                stream.Subtype = Name.OpenType
            else:
                stream.Length1 = len(program)
        descriptor[key] = stream
        descendant.FontDescriptor = descriptor
        descendant.W = _w_array(self.widths[name])
        merged.DescendantFonts = Array([descendant])
        merged.ToUnicode = pdf.make_stream(_cmap(self.unicode[name]))
        return merged


def _widths(array: pikepdf.Array) -> dict[int, int]:
    """A /W array (`first [w w w] first [w]`…) as glyph -> width."""
    widths: dict[int, int] = {}
    items = list(array)
    index = 0
    while index < len(items) - 1:
        first, value = int(items[index]), items[index + 1]
        if isinstance(value, Array):
            widths.update({first + i: round(float(w)) for i, w in enumerate(value)})
            index += 2
        else:  # `first last width`
            for gid in range(first, int(value) + 1):
                widths[gid] = round(float(items[index + 2]))
            index += 3
    return widths


def _w_array(widths: dict[int, int]) -> pikepdf.Array:
    items: list = []
    run: list[int] = []
    start = None
    for gid in sorted(widths):
        if start is not None and gid == start + len(run):
            run.append(widths[gid])
            continue
        if run:
            items += [start, Array(run)]
        start, run = gid, [widths[gid]]
    if run:
        items += [start, Array(run)]
    return Array(items)


def _unicode(cmap: bytes) -> dict[int, str]:
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for glyph, text in _BFCHAR.findall(block):
            found[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    return found


def _cmap(unicode: dict[int, str]) -> bytes:
    """A ToUnicode CMap, as WeasyPrint writes one."""
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo",
        b"<< /Registry (Adobe)",
        b"/Ordering (UCS)",
        b"/Supplement 0",
        b">> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(unicode.items())
    for index in range(0, len(items), 100):
        batch = items[index : index + 100]
        lines.append(b"%d beginbfchar" % len(batch))
        for glyph, text in batch:
            lines.append(b"<%04x> <%s>" % (glyph, text.encode("utf-16-be").hex().encode()))
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
