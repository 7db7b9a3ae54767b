"""Page numbers written into parts laid out before they were known.

A part is laid out with placeholder numbers: folios counting from 1, and zeros of the
right width where it says "see page N". Once every part's pages are counted, the real
numbers replace the placeholders' glyphs in the page's content: the glyphs of each digit
in the placeholder's own font and style come from the layout (part_layout), so the
number looks as if it had been laid out there. The figures of a printed page number are
tabular (print.css), so a number of the same width fits exactly; a folio, alone in its
margin box, keeps its alignment (a right-aligned one moves left as it grows).

Two halves. In the part's worker, `isolate` cuts each placeholder's marked content (a
whole BDC...EMC sequence, its text object inside) out of the page's content stream into
a small stream of its own: the page's /Contents becomes an array, which a PDF reads as
one stream. In the merge, `locate` and `apply` read and rewrite only those small streams,
so a 1000-page book's content is not decompressed and compressed again for its folios.

Works on the stream's bytes, as content.py does: WeasyPrint writes each glyph as a hex
string of its glyph id inside a TJ array (`[<0012>0<0034>-15]TJ`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array

from bookbuilder.pdf.part_job import Piece

_MARKED = re.compile(rb"/[^\s/<>\[\]()]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_FOOTER = re.compile(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*/Subtype\s*/Footer\s*>>\s*BDC")
_NESTING = re.compile(rb"\b(BDC|BMC|EMC)\b")
_FONT = re.compile(rb"/([^\s/<>\[\]()]+)\s+(-?[\d.]+)\s+Tf")
_MATRIX = re.compile(
    rb"(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+Tm"
)
_SHOW = re.compile(rb"\[(.*?)\]\s*TJ", re.DOTALL)
_GLYPH = re.compile(rb"<([0-9a-fA-F]{4})>")
NEAR = 2048  # bytes: numbers closer than this share a stream (a glossary's page of them)


@dataclass(frozen=True)
class Edit:
    """A number to write in the stream `piece` (of `isolate`), with the glyphs `digits`
    (of 0-9). `placeholder`: the text to find there (the last occurrence); None for a
    folio, the piece's number alone. `align`: where a folio's box holds it (0 left, 0.5
    centre, 1 right)."""

    piece: Piece
    digits: tuple[int, ...]
    text: str
    placeholder: str | None = None
    align: float = 0.0


@dataclass(frozen=True)
class _Glyph:
    start: int  # of its hex string in the stream
    end: int
    gid: int
    font: str
    size: float
    matrix: tuple[int, int, float] | None  # the Tm before it: (start, end, x)
    marked: tuple[int, int]  # its marked-content sequence: from its tag to after its EMC


def isolate(
    pdf: pikepdf.Pdf,
    slots: dict[int, tuple[int, tuple[int, ...]]],
    zeros: dict[int, int],
    folios: bool,
) -> tuple[dict[int, Piece], tuple[Piece | None, ...]]:
    """Each placeholder in a stream of its own: of each slot (page, MCIDs) the last run
    of its zero glyph (`zeros`, by slot), and of each page its footer's folio when
    `folios`. Returns the slots' pieces and each page's folio piece."""
    slot_pieces: dict[int, Piece] = {}
    folio_pieces: list[Piece | None] = [None] * len(pdf.pages)
    for index in range(len(pdf.pages)):
        on_page = [(s, mcids) for s, (p, mcids) in slots.items() if p == index and s in zeros]
        if not on_page and not folios:
            continue
        data = _content(pdf, index)
        marked = _marked(data)
        spans: dict[object, tuple[int, int]] = {}
        for slot, mcids in on_page:
            run = _last_run(_region(data, mcids, marked), zeros[slot])
            if run:
                spans[slot] = (min(g.marked[0] for g in run), max(g.marked[1] for g in run))
        footer = _region(data, None, marked) if folios else []
        if footer:
            spans["folio"] = (footer[0].marked[0], footer[-1].marked[1])
        if spans:
            places = _cut(pdf, index, data, spans)
            slot_pieces |= {s: places[s] for s in spans if s != "folio"}
            folio_pieces[index] = places.get("folio")
    return slot_pieces, tuple(folio_pieces)


def _last_run(glyphs: list[_Glyph], zero: int) -> list[_Glyph]:
    """The last run of the zero glyph: the placeholder (after it, only ")" and the like)."""
    end = next((i + 1 for i in range(len(glyphs) - 1, -1, -1) if glyphs[i].gid == zero), 0)
    start = end
    while start > 0 and glyphs[start - 1].gid == zero:
        start -= 1
    return glyphs[start:end]


def _cut(pdf: pikepdf.Pdf, index: int, data: bytes, spans: dict) -> dict[object, Piece]:
    """The page's content as an array of streams, the spans in streams of their own
    (spans that overlap or lie NEAR one another share one); returns each span's place."""
    groups: list[list] = []  # [start, end, keys]
    for key, (start, end) in sorted(spans.items(), key=lambda item: item[1]):
        if groups and start < groups[-1][1] + NEAR:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][2].append(key)
        else:
            groups.append([start, end, [key]])
    pieces: list[bytes] = []
    found: dict[object, Piece] = {}
    position = 0
    for start, end, keys in groups:
        if start > position:
            pieces.append(data[position:start])
        for key in keys:
            first, last = spans[key]
            found[key] = (index, len(pieces), first - start, last - start)
        pieces.append(data[start:end])
        position = end
    if position < len(data):
        pieces.append(data[position:])
    pdf.pages[index].obj.Contents = Array([pdf.make_stream(piece) for piece in pieces])
    return found


@dataclass
class _Stream:
    """A stream that numbers are written in, and the edits written there."""

    data: bytes
    edits: list[Edit]

    read: dict[tuple[int, int], list[_Glyph]] = field(default_factory=dict)

    def glyphs(self, edit: Edit) -> list[_Glyph]:
        """The glyphs of the edit's number: its bytes start with their marked content's
        tag, so the font and the text matrix are set inside them."""
        _, _, start, end = edit.piece
        if (start, end) not in self.read:
            self.read[start, end] = _glyphs(self.data, start, end, (start, end))
        return self.read[start, end]


def locate(pdf: pikepdf.Pdf, edits: list[Edit]) -> dict[tuple[int, int], _Stream]:
    """The streams the edits are written in (by page and index), each read once: what
    `new_glyphs` and `apply` work on."""
    streams: dict[tuple[int, int], _Stream] = {}
    for edit in edits:
        page, index = edit.piece[:2]
        if (page, index) not in streams:
            data = pdf.pages[page].obj.Contents[index].read_bytes()
            streams[page, index] = _Stream(data, [])
        streams[page, index].edits.append(edit)
    return streams


def new_glyphs(streams: dict[tuple[int, int], _Stream]) -> dict[str, dict[int, str]]:
    """The glyphs the edits will draw (glyph -> the digit it shows), by the font
    (resource name) they are drawn in."""
    found: dict[str, dict[int, str]] = {}
    for stream in streams.values():
        for edit in stream.edits:
            glyphs = stream.glyphs(edit)
            if glyphs:
                digits = {edit.digits[int(d)]: d for d in edit.text}
                found.setdefault(glyphs[-1].font, {}).update(digits)
    return found


def apply(
    pdf: pikepdf.Pdf, streams: dict[tuple[int, int], _Stream], widths: dict[str, dict[int, int]]
) -> int:
    """Write each edit's number; `widths` are the fonts' glyph widths (thousandths of
    the em) by resource name. Returns how many numbers were written."""
    written = 0
    for (page, index), stream in streams.items():
        changes: list[tuple[int, int, bytes]] = []
        for edit in stream.edits:
            change = _changes(edit, stream.glyphs(edit), widths)
            if change:
                changes += change
                written += 1
        if not changes:
            continue
        data, parts, last = stream.data, [], 0
        for start, end, replacement in sorted(changes):
            parts += [data[last:start], replacement]
            last = end
        parts.append(data[last:])
        pdf.pages[page].obj.Contents[index] = pdf.make_stream(b"".join(parts))
    return written


def _changes(edit: Edit, glyphs: list[_Glyph], widths) -> list[tuple[int, int, bytes]]:
    new = [edit.digits[int(d)] for d in edit.text]
    if edit.placeholder is None:
        old = glyphs
    else:
        wanted = [edit.digits[int(d)] for d in edit.placeholder]
        gids = [g.gid for g in glyphs]
        at = next(
            (
                i
                for i in range(len(gids) - len(wanted), -1, -1)
                if gids[i : i + len(wanted)] == wanted
            ),
            None,
        )
        if at is None:
            return []
        old = glyphs[at : at + len(wanted)]
    if not old or [g.gid for g in old] == new:
        return []
    changes = []
    if len(old) == len(new):
        changes = [(g.start, g.end, b"<%04x>" % gid) for g, gid in zip(old, new, strict=True)]
    else:  # another width than laid out for (a last resort): the glyphs follow on
        text = b"".join(b"<%04x>" % gid for gid in new)
        changes = [(old[0].start, old[-1].end, text)]
    matrix = old[0].matrix
    if edit.placeholder is None and edit.align and matrix is not None:
        font = widths.get(old[0].font, {})
        difference = sum(font.get(g.gid, 0) for g in old) - sum(font.get(g, 0) for g in new)
        x = matrix[2] + difference / 1000 * old[0].size * edit.align
        changes.append((matrix[0], matrix[1], b"%.6f" % x))
    return changes


def _content(pdf: pikepdf.Pdf, page_index: int) -> bytes:
    page = pdf.pages[page_index]
    page.contents_coalesce()
    return page.obj.Contents.read_bytes()


def _marked(data: bytes) -> dict[int, tuple[int, int]]:
    """Where each marked content starts (its tag) and where its content starts, by MCID."""
    return {int(match[1]): (match.start(), match.end()) for match in _MARKED.finditer(data)}


def _region(data: bytes, mcids: tuple[int, ...] | None, marked: dict) -> list[_Glyph]:
    """The glyphs drawn inside the marked content `mcids` (None: the page's footer, a
    pagination artifact), in the stream's order."""
    if mcids is None:
        starts = [(match.start(), match.end()) for match in _FOOTER.finditer(data)]
    else:
        starts = sorted(marked[mcid] for mcid in mcids if mcid in marked)
    glyphs: list[_Glyph] = []
    for tag, start in starts:
        end = _end(data, start)
        glyphs += _glyphs(data, start, end, (tag, end + 3))  # past "EMC"
    return glyphs


def _glyphs(data: bytes, start: int, end: int, marked: tuple[int, int]) -> list[_Glyph]:
    """The glyphs shown between `start` and `end`, with the font, size and text matrix
    each is drawn with."""
    glyphs: list[_Glyph] = []
    font, size, matrix = "", 0.0, None
    position = start
    for match in re.finditer(rb"Tf|Tm|TJ", data[start:end]):
        at = start + match.start()
        segment = data[position : at + 2]
        if match[0] == b"Tf" and (found := list(_FONT.finditer(segment))):
            font, size = found[-1][1].decode(), float(found[-1][2])
        elif match[0] == b"Tm" and (found := list(_MATRIX.finditer(segment))):
            last = found[-1]
            matrix = (position + last.start(5), position + last.end(5), float(last[5]))
        elif match[0] == b"TJ" and (found := list(_SHOW.finditer(segment))):
            array = found[-1]
            offset = position + array.start(1)
            for glyph in _GLYPH.finditer(array[1]):
                at_glyph = (offset + glyph.start(), offset + glyph.end())
                glyphs.append(_Glyph(*at_glyph, int(glyph[1], 16), font, size, matrix, marked))
        position = at + 2
    return glyphs


def _end(data: bytes, start: int) -> int:
    depth = 1
    for match in _NESTING.finditer(data, start):
        depth += -1 if match[1] == b"EMC" else 1
        if depth == 0:
            return match.start()
    return len(data)
