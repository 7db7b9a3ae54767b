"""The parts of a print edition laid out apart, merged into one PDF with pikepdf: their
pages in order (without the sentinels' pages), the numbers written in (overlay.py), one
font per face (merge_fonts.py), one structure tree, the destinations and the outline of
every part, the page labels and the metadata; then remediated as one document
(remediate.py), as a PDF laid out in one pass is.
"""

from __future__ import annotations

import io
from itertools import pairwise
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, Name

from bookbuilder import theme
from bookbuilder.model import Book
from bookbuilder.pdf.document import link_describer
from bookbuilder.pdf.layout import PrintLayout
from bookbuilder.pdf.merge_fonts import MergedFonts
from bookbuilder.pdf.overlay import Edit, apply, new_glyphs
from bookbuilder.pdf.parallel import PartsLayout
from bookbuilder.pdf.part_cache import font_store
from bookbuilder.pdf.parts import CHAPTER, PART_LINK, slots
from bookbuilder.pdf.remediate import remediate_tree
from bookbuilder.pdf.structure import Annotation, Content, Node, Tree, read_tree
from bookbuilder.pdf.write import label_ranges
from bookbuilder.pdf.xmp import identifiers_xmp

SHARED = ("html", "body", "main")  # elements every part has: one element of the book
_PART_SPAN = 10_000_000  # the stamps' element numbers, kept apart part by part
_CATALOG = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")


def merge_parts(layout: PrintLayout, book: Book, *, xmp: str | None = None) -> bytes:
    """The book's PDF from its parts; `xmp`: the identifiers' metadata (default: the
    book's)."""
    laid_out: PartsLayout = layout.parts  # type: ignore[assignment]
    merged = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(result.pdf)) for result in laid_out.results]
    maps: list[dict[int, int]] = []
    for source, result in zip(sources, laid_out.results, strict=True):
        mapping = {}
        for index, page in enumerate(source.pages):
            if index not in result.dropped:
                mapping[index] = len(merged.pages)
                merged.pages.append(page)
        maps.append(mapping)
    _relink(merged)
    trees = [read_tree(source) for source in sources]
    edits = _edits(laid_out, trees, maps, layout.page_labels)
    _merge_fonts(merged, laid_out, maps, edits)
    tree = _merged_tree(merged, trees, maps)
    _destinations(merged, sources, laid_out, maps)
    _outline(merged, sources)
    _catalog(merged, sources[0], layout.page_labels, book)
    words = theme.translations(book.config).gettext
    metadata = identifiers_xmp(book.config) if xmp is None else xmp
    version = sources[0].pdf_version
    return remediate_tree(merged, tree, link_describer(book), words, metadata, version)


def _merge_fonts(merged, laid_out: PartsLayout, maps, edits: list[Edit]) -> None:
    """One font per face for every page, with the glyphs of the numbers written in;
    then the numbers are written."""
    fonts = MergedFonts(font_store())
    for mapping, result in zip(maps, laid_out.results, strict=True):
        if mapping:
            resources = merged.pages[next(iter(mapping.values()))].obj.get("/Resources")
            if resources is not None and "/Font" in resources:
                fonts.add(resources.Font, result.fonts)
    font_resources = fonts.build(merged, new_glyphs(merged, edits))
    for page in merged.pages:
        if "/Resources" in page.obj:
            page.obj.Resources.Font = font_resources
    apply(merged, edits, fonts.widths)


def _edits(laid_out: PartsLayout, trees, maps, labels) -> list[Edit]:
    """The numbers to write over a chapter's placeholders: its folios (the page labels),
    and the page numbers of its cross-references."""
    edits = []
    for part, result, tree, mapping in zip(
        laid_out.parts, laid_out.results, trees, maps, strict=True
    ):
        if part.kind != CHAPTER or tree is None:
            continue
        if result.folio_digits:
            folios: dict[int, list[int]] = {}
            for content, margin in tree.unreached.items():
                if margin == "Footer" and content.page in mapping:
                    folios.setdefault(content.page, []).append(content.mcid)
            for page, mcids in sorted(folios.items()):
                at, align = mapping[page], result.folio_align[sorted(mapping).index(page)]
                edits.append(Edit(at, tuple(mcids), result.folio_digits, labels[at], None, align))
        targets = slots(part)
        shown = laid_out.shown.get(part.name, {})
        for node in tree.root.nodes():
            slot = node.source.get("Slot")
            if slot is None or not node.tag.endswith("::after") or slot not in result.digits:
                continue
            target = targets.get(slot)
            number = laid_out.numbering.numbers.get(target)
            contents = [c for c in node.contents() if isinstance(c, Content)]
            if number is None or target not in shown or not contents:
                continue
            last = contents[-1].page
            if last in mapping:
                mcids = tuple(c.mcid for c in contents if c.page == last)
                digits = result.digits[slot]
                edits.append(Edit(mapping[last], mcids, digits, number, shown[target]))
    return edits


def _relink(merged: pikepdf.Pdf) -> None:
    """Links to other parts (`bookbuilder-part:<anchor>`) become links to the named
    destination, which the merged name tree holds."""
    for page in merged.pages:
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(PART_LINK):
                annotation.Dest = pikepdf.String(unquote(uri[len(PART_LINK) :]))
                del annotation.A


def _adopt(pdf: pikepdf.Pdf, value):
    """A value of a part's PDF made the merged PDF's: indirect objects copied (each
    once: pikepdf remembers), direct dictionaries and arrays rebuilt around them."""
    if isinstance(value, Dictionary | Array | pikepdf.Stream) and value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, Dictionary):
        return Dictionary({key: _adopt(pdf, item) for key, item in value.items()})
    if isinstance(value, Array):
        return Array([_adopt(pdf, item) for item in value])
    return value


def _merged_tree(merged: pikepdf.Pdf, trees: list[Tree | None], maps) -> Tree:
    """One structure tree: the parts' documents' kids in order, on the merged pages.
    An element every part has (the body, <main>) has one key, so that remediation joins
    its pieces as it joins an element split by page breaks."""
    root = None
    unreached: dict[Content, str] = {}
    for number, (tree, mapping) in enumerate(zip(trees, maps, strict=True)):
        if tree is None:
            continue
        part_root = _moved(merged, tree.root, mapping, number * _PART_SPAN)
        if root is None:
            root = Node(part_root.role, {}, part_root.attributes, [])
        root.kids += part_root.kids
        for content, margin in tree.unreached.items():
            if content.page in mapping:
                unreached[Content(mapping[content.page], content.mcid)] = margin
    if "/StructTreeRoot" not in merged.Root:
        merged.Root.StructTreeRoot = merged.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    return Tree(root or Node("Document"), unreached)


def _moved(merged, node: Node, mapping: dict[int, int], offset: int) -> Node:
    source = dict(node.source)
    if "Element" in source:
        tag = str(source.get("Tag", ""))
        source["Element"] = -1 - SHARED.index(tag) if tag in SHARED else source["Element"] + offset
    kids: list = []
    for kid in node.kids:
        if isinstance(kid, Node):
            kids.append(_moved(merged, kid, mapping, offset))
        elif kid.page is None or kid.page in mapping:
            page = None if kid.page is None else mapping[kid.page]
            if isinstance(kid, Content):
                kids.append(Content(page, kid.mcid))
            else:
                kids.append(Annotation(page, merged.copy_foreign(kid.annotation)))
    attributes = {key: _adopt(merged, value) for key, value in node.attributes.items()}
    return Node(node.role, source, attributes, kids)


def _destinations(merged, sources, laid_out: PartsLayout, maps) -> None:
    """The name tree of destinations: each anchor where its part holds it."""
    names: dict[str, object] = {}
    for source, part, mapping in zip(sources, laid_out.parts, maps, strict=True):
        dests = source.Root.get("/Names", {}).get("/Dests")
        if dests is None:
            continue
        kept = {source.pages[index].obj.objgen for index in mapping}
        items = list(dests.get("/Names", []))
        for name, destination in zip(items[::2], items[1::2], strict=True):
            key = str(name)
            if key in part.own_ids and key not in names:
                page = destination[0] if isinstance(destination, Array) else None
                if page is None or page.objgen in kept:
                    names[key] = _adopt(merged, destination)
    ordered = Array()
    for key in sorted(names, key=lambda k: k.encode("utf-16-be")):
        ordered.append(pikepdf.String(key))
        ordered.append(names[key])
    merged.Root.Names = Dictionary(Dests=merged.make_indirect(Dictionary(Names=ordered)))


def _outline(merged, sources) -> None:
    """The bookmarks of every part, in order (each part's are the headings it holds)."""
    items = []
    for source in sources:
        outlines = source.Root.get("/Outlines")
        item = outlines.get("/First") if outlines is not None else None
        while item is not None:
            items.append(_bookmark(merged, item))
            item = item.get("/Next")
    if items:
        outline = merged.make_indirect(Dictionary(Type=Name.Outlines))
        _link(merged, outline, items)
        merged.Root.Outlines = outline


def _bookmark(merged, item) -> tuple:
    children = []
    child = item.get("/First")
    while child is not None:
        children.append(_bookmark(merged, child))
        child = child.get("/Next")
    closed = int(item.get("/Count", 0)) < 0
    return item.Title, _adopt(merged, item.Dest) if "/Dest" in item else None, children, closed


def _link(pdf, parent, items) -> int:
    """Outline items under `parent`; returns how many are visible (for /Count)."""
    made = []
    visible = 0
    for title, destination, children, closed in items:
        entry = pdf.make_indirect(Dictionary(Title=title, Parent=parent))
        if destination is not None:
            entry.Dest = destination
        if children:
            count = _link(pdf, entry, children)
            entry.Count = -count if closed else count
            visible += 0 if closed else count
        made.append(entry)
        visible += 1
    for before, after in pairwise(made):
        before.Next, after.Prev = after, before
    parent.First, parent.Last = made[0], made[-1]
    parent.Count = visible
    return visible


def _catalog(merged, first, labels: tuple[str, ...], book: Book) -> None:
    """The document's language, tagging mark, title display and metadata (the same in
    every part: the book's), its information dictionary, and its page labels."""
    for key in _CATALOG:
        if key in first.Root:
            merged.Root[key] = _adopt(merged, first.Root[key])
    tree_root = first.Root.get("/StructTreeRoot")
    for key, value in tree_root.items() if tree_root is not None else ():
        if key not in ("/K", "/ParentTree", "/IDTree", "/ParentTreeNextKey"):
            merged.Root.StructTreeRoot[key] = _adopt(merged, value)
    if "/Info" in first.trailer:
        merged.trailer.Info = _adopt(merged, first.trailer.Info)
    cover = theme.translations(book.config).gettext("Cover")
    numbers = Array()
    for start, style, prefix, first_number in label_ranges(labels, cover):
        entry = Dictionary(S=Name(style))
        if prefix:
            entry.P = pikepdf.String(prefix)
        if first_number is not None:
            entry.St = first_number
        numbers.extend([start, entry])
    merged.Root.PageLabels = Dictionary(Nums=numbers)
