"""One pass over each page's content stream: page furniture becomes artifacts, and each
figure's image is measured where it is really drawn.

WeasyPrint marks the running heads and folios as tagged content whose structure
elements nothing points to (Matterhorn 01-005). Here their marked-content sequences
become `/Artifact` of type `/Pagination`, `/Header` or `/Footer`. And the `/BBox` of
a figure has to be in the page's own coordinates: the corners of the image, found by
following the transformation matrix to the `Do` that draws it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pikepdf
from pikepdf import Array, Dictionary, Name

from bookbuilder.pdf.structure import Content, Node

Box = tuple[float, float, float, float]


# A tagged marked-content sequence as WeasyPrint writes it: "/P <</MCID 12>> BDC".
_MARKED = re.compile(rb"/[^\s/<>\[\]()]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def rewrite_pages(pdf: pikepdf.Pdf, furniture: Mapping[Content, str]) -> dict[Content, Box]:
    """Turn the marked content named in `furniture` into artifacts, page by page, and
    return the box of every image drawn inside marked content, by its (page, MCID).
    The rewrite works on the stream's bytes, as parsing and writing every page's
    instructions again took 8 s for 750 pages; only pages with images are parsed."""
    images: dict[Content, Box] = {}
    for page_index, page in enumerate(pdf.pages):
        if "/Contents" not in page.obj:
            continue
        page.contents_coalesce()
        data = page.obj.Contents.read_bytes()

        def artifact(match: re.Match, page_index: int = page_index) -> bytes:
            subtype = furniture.get(Content(page_index, int(match[1])))
            if subtype is None:
                return match[0]
            return (
                b"/Artifact <</Type /Pagination"
                + (b" /Subtype /" + subtype.encode() if subtype else b"")
                + b">> BDC"
            )

        rewritten = _MARKED.sub(artifact, data)
        if rewritten != data:
            page.obj.Contents = pdf.make_stream(rewritten)
        if b"Do" in data:
            images.update(_image_boxes(page, page_index))
    return images


def _image_boxes(page: pikepdf.Page, page_index: int) -> dict[Content, Box]:
    """Where each XObject drawn inside tagged marked content lands on the page."""
    boxes: dict[Content, Box] = {}
    matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    marks: list[int | None] = []  # the MCID of each open marked-content sequence
    for operands, operator in pikepdf.parse_content_stream(page, "q Q cm BDC BMC EMC Do"):
        name = str(operator)
        if name == "q":
            saved.append(matrix)
        elif name == "Q":
            matrix = saved.pop() if saved else matrix
        elif name == "cm":
            matrix = _multiply(tuple(float(v) for v in operands), matrix)
        elif name in ("BDC", "BMC"):
            marks.append(_mcid(operands) if name == "BDC" else None)
        elif name == "EMC" and marks:
            marks.pop()
        elif name == "Do":
            mcid = next((m for m in reversed(marks) if m is not None), None)
            if mcid is not None:
                drawn = _drawn_box(page, operands[0], matrix)
                boxes[Content(page_index, mcid)] = drawn
    return boxes


def _drawn_box(page: pikepdf.Page, name, matrix: tuple[float, ...]) -> Box:
    """Where an XObject lands: an image fills the unit square; a form (an SVG with
    text, an opacity group) its /BBox, through its own /Matrix."""
    xobject = page.obj.get("/Resources", {}).get("/XObject", {}).get(str(name))
    if xobject is None or xobject.get("/Subtype") != "/Form":
        return _unit_square(matrix)
    x1, y1, x2, y2 = (float(v) for v in xobject.get("/BBox", [0, 0, 1, 1]))
    own = tuple(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    scale = (x2 - x1, 0.0, 0.0, y2 - y1, x1, y1)  # the unit square onto the /BBox
    return _unit_square(_multiply(_multiply(scale, own), matrix))


def _mcid(operands) -> int | None:
    if len(operands) == 2 and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
        return int(operands[1].MCID)
    return None


def _multiply(first: tuple[float, ...], second: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix `first` then `second` (PDF's row-vector convention: first times second)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _unit_square(matrix: tuple[float, ...]) -> Box:
    """Where an image (drawn in the unit square) lands under `matrix`: x1, y1, x2, y2."""
    a, b, c, d, e, f = matrix
    xs = [e + a * x + c * y for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    ys = [f + b * x + d * y for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    return round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)


def measure_figures(pdf: pikepdf.Pdf, root: Node, images: Mapping[Content, tuple]) -> None:
    """A `Figure`'s /BBox is its image's box on the page, in the page's coordinates. A
    figure drawn with no XObject (an SVG of paths) keeps WeasyPrint's box, which is in
    CSS pixels from the page's top: it is turned into points from the bottom."""
    for node in root.nodes():
        if node.role != "Figure":
            continue
        boxes = [images[c] for c in node.contents() if isinstance(c, Content) and c in images]
        if not boxes:
            boxes = _from_css_pixels(pdf, node)
        if not boxes:
            continue
        box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        attributes = node.attributes.get("/A") or Dictionary()
        attributes.O = Name.Layout
        attributes.BBox = Array(box)
        attributes.Placement = Name.Block
        node.attributes["/A"] = attributes


def _from_css_pixels(pdf: pikepdf.Pdf, node: Node) -> list[tuple]:
    attributes = node.attributes.get("/A")
    pages = node.text_pages()
    if not isinstance(attributes, Dictionary) or "/BBox" not in attributes or not pages:
        return []
    x1, y1, x2, y2 = (float(v) * 0.75 for v in attributes.BBox)  # 96 px = 72 pt
    height = float(pdf.pages[pages[0]].mediabox[3])
    return [(round(x1, 2), round(height - y2, 2), round(x2, 2), round(height - y1, 2))]
