"""Page numbers written into a chapter laid out before they were known.

A chapter is laid out with placeholder numbers: folios counting from 1, and zeros of
the right width where it says "see page N". Once every chapter's pages are counted, the
real numbers replace the placeholders' glyphs in the page's content stream: the glyphs
of each digit in the placeholder's own font and style come from the layout
(part_layout), so the number looks as if it had been laid out there. The figures of a
cross-reference are tabular (print.css), so a number of the same width fits exactly; a
folio, alone in its margin box, keeps its alignment (a right-aligned one moves left as
it grows).

Works on the stream's bytes, as content.py does: WeasyPrint writes each glyph as a hex
string of its glyph id inside a TJ array (`[<0012>0<0034>-15]TJ`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pikepdf

_BDC = b"/[^\\s/<>\\[\\]()]+\\s*<<\\s*/MCID\\s+%d\\s*>>\\s*BDC"
_FOOTER = re.compile(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*/Subtype\s*/Footer\s*>>\s*BDC")
_NESTING = re.compile(rb"\b(BDC|BMC|EMC)\b")
_FONT = re.compile(rb"/([^\s/<>\[\]()]+)\s+(-?[\d.]+)\s+Tf")
_MATRIX = re.compile(
    rb"(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+Tm"
)
_SHOW = re.compile(rb"\[(.*?)\]\s*TJ", re.DOTALL)
_GLYPH = re.compile(rb"<([0-9a-fA-F]{4})>")


@dataclass(frozen=True)
class Edit:
    """A number to write on page `page`, in the marked content `mcids` (None: the page's
    footer, a pagination artifact), with the glyphs `digits` (of 0-9). `placeholder`:
    the text to find there (the last occurrence); None for a folio, the footer's number
    alone. `align`: where a folio's box holds it (0 left, 0.5 centre, 1 right)."""

    page: int
    mcids: tuple[int, ...] | None
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


def new_glyphs(pdf: pikepdf.Pdf, edits: list[Edit]) -> dict[str, dict[int, str]]:
    """The glyphs the edits will draw (glyph -> the digit it shows), by the font
    (resource name) they are drawn in."""
    found: dict[str, dict[int, str]] = {}
    for edit in edits:
        glyphs = _region(_content(pdf, edit.page), edit.mcids)
        if glyphs:
            digits = {edit.digits[int(d)]: d for d in edit.text}
            found.setdefault(glyphs[-1].font, {}).update(digits)
    return found


def apply(pdf: pikepdf.Pdf, edits: list[Edit], widths: dict[str, dict[int, int]]) -> int:
    """Write each edit's number; `widths` are the fonts' glyph widths (thousandths of
    the em) by resource name. Returns how many numbers were written."""
    by_page: dict[int, list[Edit]] = {}
    for edit in edits:
        by_page.setdefault(edit.page, []).append(edit)
    written = 0
    for page_index, page_edits in by_page.items():
        data = _content(pdf, page_index)
        changes: list[tuple[int, int, bytes]] = []
        for edit in page_edits:
            glyphs = _region(data, edit.mcids)
            change = _changes(edit, glyphs, widths)
            if change:
                changes += change
                written += 1
        for start, end, replacement in sorted(changes, reverse=True):
            data = data[:start] + replacement + data[end:]
        pdf.pages[page_index].obj.Contents = pdf.make_stream(data)
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


def _region(data: bytes, mcids: tuple[int, ...] | None) -> list[_Glyph]:
    """The glyphs drawn inside the marked content `mcids` (None: the page's footer), in
    the stream's order."""
    if mcids is None:
        starts = [match.end() for match in _FOOTER.finditer(data)]
    else:
        starts = sorted(s for s in (_start(data, mcid) for mcid in mcids) if s is not None)
    glyphs: list[_Glyph] = []
    for start in starts:
        end = _end(data, start)
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
                for glyph in _GLYPH.finditer(array[1]):
                    offset = position + array.start(1)
                    glyphs.append(
                        _Glyph(
                            offset + glyph.start(),
                            offset + glyph.end(),
                            int(glyph[1], 16),
                            font,
                            size,
                            matrix,
                        )
                    )
            position = at + 2
    return glyphs


def _start(data: bytes, mcid: int) -> int | None:
    match = re.search(_BDC % mcid, data)
    return match.end() if match else None


def _end(data: bytes, start: int) -> int:
    depth = 1
    for match in _NESTING.finditer(data, start):
        depth += -1 if match[1] == b"EMC" else 1
        if depth == 0:
            return match.start()
    return len(data)
