"""A part of a book laid out apart, remediated in its worker: everything the remediation
stage does (pdf/remediate.py) but describe its links, whose page labels only the merged
book knows; so that the merge of a 1000-page book only joins structure trees."""

from __future__ import annotations

import io
from typing import NamedTuple
from urllib.parse import unquote

import pikepdf

from bookbuilder.pdf.merge_fonts import glyph_maps
from bookbuilder.pdf.overlay import isolate
from bookbuilder.pdf.part_job import GlyphMap, Piece
from bookbuilder.pdf.parts import PART_LINK
from bookbuilder.pdf.remediate import reshape, save
from bookbuilder.pdf.structure import Content, read_tree


class RemediatedPart(NamedTuple):
    pdf: bytes
    slot_pieces: dict[int, Piece]  # where each printed page number is, by slot
    folio_pieces: tuple[Piece | None, ...]  # each page's folio
    glyph_maps: dict[str, GlyphMap]  # each font's glyph widths and texts


def remediated_part(
    data: bytes, dropped: tuple[int, ...], name: str, zeros: dict[int, int], folios: bool
) -> RemediatedPart:
    """The part's PDF remediated as a book's is (pdf/remediate.py), without the pages
    of `dropped` (its sentinel's, at the end), its element IDs prefixed with `name`, its
    links to other parts made links to named destinations; with each printed page
    number (by slot, drawn with the glyph `zeros[slot]`) and each folio (if `folios`)
    in a stream of its own (overlay.isolate); and what the merge needs of its fonts."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", ()):
                action = annotation.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                if uri.startswith(PART_LINK):
                    annotation.Dest = pikepdf.String(unquote(uri[len(PART_LINK) :]))
                    del annotation.A
        tree = read_tree(pdf)
        slots = _slots(tree) if tree is not None else {}
        if tree is not None:
            _without_pages(pdf, tree, set(dropped))
            reshape(pdf, tree, elsewhere=True, ids=f"{name}-")
        else:
            for index in sorted(dropped, reverse=True):
                del pdf.pages[index]
        slot_pieces, folio_pieces = isolate(pdf, slots, zeros, folios)
        return RemediatedPart(save(pdf), slot_pieces, folio_pieces, glyph_maps(pdf))


def _slots(tree) -> dict[int, tuple[int, tuple[int, ...]]]:
    """Where each printed page number is drawn, by slot: the page and the marked
    contents of all its boxes there (a line each; a leader's inside)."""
    drawn: dict[int, dict] = {}
    for node in tree.root.nodes():
        slot = node.source.get("Slot")
        if slot is not None and node.tag.endswith(("::after", "::before")):
            contents = drawn.setdefault(int(slot), {})
            contents.update(dict.fromkeys(c for c in node.contents() if isinstance(c, Content)))
    slots = {}
    for slot, contents in drawn.items():
        if contents:
            last = max(c.page for c in contents)
            slots[slot] = (last, tuple(sorted({c.mcid for c in contents if c.page == last})))
    return slots


def _without_pages(pdf: pikepdf.Pdf, tree, dropped: set[int]) -> None:
    """The pages `dropped` (the last ones) and what the tree holds of them removed."""

    def prune(node) -> None:
        node.kids = [k for k in node.kids if not hasattr(k, "page") or k.page not in dropped]
        for kid in node.kids:
            if hasattr(kid, "kids"):
                prune(kid)

    prune(tree.root)
    for content in [c for c in tree.unreached if c.page in dropped]:
        del tree.unreached[content]
    for index in sorted(dropped, reverse=True):
        del pdf.pages[index]
