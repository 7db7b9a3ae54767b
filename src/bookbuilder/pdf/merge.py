"""The parts of a print edition laid out apart, merged into one PDF with pikepdf.

Each part comes remediated from its worker (pdf/part_remediation.py). The merge joins
them: their pages in order, the numbers written over the chapters' placeholders
(overlay.py), one font per face (merge_fonts.py), each image once, one structure tree (the parts'
elements under one Document, the body matter's <main> one Part, the parent tree and the
ID tree renumbered and joined), the destinations and the outline of every part, the
page labels and the metadata; then every link says where it leads, with the page's
label, as in a PDF laid out in one pass.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from itertools import pairwise

import pikepdf
from pikepdf import Array, Dictionary, Name

from bookbuilder import theme
from bookbuilder.model import Book
from bookbuilder.pdf.document import link_describer
from bookbuilder.pdf.merge_fonts import MergedFonts
from bookbuilder.pdf.numbering import label_ranges
from bookbuilder.pdf.overlay import Edit, apply, locate, new_glyphs
from bookbuilder.pdf.parallel import PartsLayout
from bookbuilder.pdf.part_cache import font_store
from bookbuilder.pdf.parts import FRONT, slots
from bookbuilder.pdf.print_layout import PrintLayout
from bookbuilder.pdf.remediate import save
from bookbuilder.pdf.tagged_links import describe_links
from bookbuilder.pdf.xmp import add_to_xmp, identifiers_xmp

_CATALOG = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")
_retained: list[pikepdf.Pdf] | None = None  # see retain_pdfs


def retain_pdfs() -> None:
    """Keep every PDF a merge opens or makes, instead of freeing it: for a worker that
    exits when the merge is done, where freeing the objects of a thousand pages would
    take half a second that nothing needs (the process's memory goes with it)."""
    global _retained
    _retained = []


def merge_parts(layout: PrintLayout, book: Book, *, xmp: str | None = None) -> bytes:
    """The book's PDF from its parts; `xmp`: the identifiers' metadata (default: the
    book's)."""
    laid_out: PartsLayout = layout.parts  # type: ignore[assignment]
    merged = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(result.pdf)) for result in laid_out.results]
    if _retained is not None:
        _retained.extend([merged, *sources])
    starts = []
    with warnings.catch_warnings():  # named destinations are joined below (_destinations)
        warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
        for source in sources:
            starts.append(len(merged.pages))
            merged.pages.extend(source.pages)
    edits = _edits(laid_out, starts, layout.page_labels)
    _merge_fonts(merged, laid_out, starts, edits)
    _share_images(merged)
    _join_structure(merged, sources, starts)
    _destinations(merged, sources, laid_out)
    _outline(merged, sources)
    _catalog(merged, sources[0], layout.page_labels, book)
    add_to_xmp(merged, identifiers_xmp(book.config) if xmp is None else xmp)
    describe_links(merged, link_describer(book), theme.translations(book.config).gettext)
    return save(merged, sources[0].pdf_version, prune=False)


def _merge_fonts(merged, laid_out: PartsLayout, starts: list[int], edits: list[Edit]) -> None:
    """One font per face for every page, with the glyphs of the numbers written in;
    then the numbers are written."""
    fonts = MergedFonts(font_store())
    ends = [*starts[1:], len(merged.pages)]
    for start, end, result in zip(starts, ends, laid_out.results, strict=True):
        for page in merged.pages[start:end]:  # each page has the resources it uses
            resources = page.obj.get("/Resources")
            if resources is not None and "/Font" in resources:
                fonts.add(resources.Font, result.fonts, result.glyph_maps)
    located = locate(merged, edits)
    font_resources = fonts.build(merged, new_glyphs(located))
    for page in merged.pages:
        if "/Resources" in page.obj:
            page.obj.Resources.Font = font_resources
    apply(merged, located, fonts.widths)


def _share_images(merged) -> None:
    """An image that several parts show (an ornament on every chapter's opening) kept
    once, not once per part: the same name (WeasyPrint's, from the image's source) and
    the same bytes."""
    kept: dict[tuple[str, bytes], pikepdf.Object] = {}
    for page in merged.pages:
        images = page.obj.get("/Resources", Dictionary()).get("/XObject")
        for name, image in list(images.items()) if images is not None else ():
            if image.get("/Subtype") == "/Image":
                key = (name, hashlib.sha256(image.read_raw_bytes()).digest())
                images[name] = kept.setdefault(key, image)


def _edits(laid_out: PartsLayout, starts: list[int], labels) -> list[Edit]:
    """The numbers to write over the placeholders: the folios of the chapters and the
    back (the page labels), and every page number a part prints of another place."""
    edits = []
    for part, result, start in zip(laid_out.parts, laid_out.results, starts, strict=True):
        if part.kind != FRONT and result.folio_digits:
            for align, piece in zip(result.folio_align, result.folio_pieces, strict=True):
                if piece is not None:
                    at = (start + piece[0], *piece[1:])
                    label = labels[at[0]]
                    edits.append(Edit(at, result.folio_digits, label, None, align))
        targets = slots(part)
        shown = laid_out.shown.get(part.name, {})
        for slot, piece in result.slots.items():
            target = targets.get(slot)
            number = laid_out.numbering.numbers.get(target)
            if number is not None and target in shown and slot in result.digits:
                digits = result.digits[slot]
                at = (start + piece[0], *piece[1:])
                edits.append(Edit(at, digits, number, shown[target]))
    return edits


def _join_structure(merged, sources, starts: list[int]) -> None:
    """One structure tree: every part's elements under one Document, the parts of the
    body matter (each a `Part`) one Part; the parent tree's keys renumbered (a page's is
    its index, then one per annotation), and the parts' ID trees joined."""
    tree_root = merged.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = merged.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    document.P = tree_root
    kids: list = []
    entries: list[tuple[int, object]] = []  # the parent tree's (key, value)
    ids: list = []
    key = len(merged.pages)  # annotations' keys follow the pages'
    body = None  # the body matter's Part, which the chapters' Parts join
    for source, start in zip(sources, starts, strict=True):
        part_root = source.Root.get("/StructTreeRoot")
        if part_root is None:
            continue
        for kid in merged.copy_foreign(part_root.K[0]).get("/K", Array()):
            if kid.get("/S") == "/Part" and body is not None:
                for inner in kid.get("/K", Array()):
                    if isinstance(inner, Dictionary) and "/S" in inner:
                        inner.P = body
                    body.K.append(inner)
                continue
            kid.P = document
            kids.append(kid)
            body = kid if kid.get("/S") == "/Part" else None
        annotations = {}
        for index in range(len(source.pages)):
            page = merged.pages[start + index].obj
            page.StructParents = start + index
            for annotation in page.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotations[int(annotation.StructParent)] = annotation
        # Each tree copied whole (one call, not one per entry), then read in the merge.
        for old, value in _number_tree(_adopt(merged, part_root.get("/ParentTree"))):
            if old < len(source.pages):
                entries.append((start + old, value))
            elif old in annotations:
                annotations[old].StructParent = key
                entries.append((key, value))
                key += 1
        if "/IDTree" in part_root:
            for name, element in pikepdf.NameTree(_adopt(merged, part_root.IDTree)).items():
                ids.append((str(name), element))
    document.K = Array(kids)
    tree_root.K = Array([document])
    # A number tree's keys are in ascending order (the parts' annotations are numbered
    # after every page, part by part): a reader looks them up by bisection.
    entries.sort(key=lambda entry: entry[0])
    nums = [item for entry in entries for item in entry]
    tree_root.ParentTree = merged.make_indirect(Dictionary(Nums=Array(nums)))
    tree_root.ParentTreeNextKey = key
    if ids:
        flat = [item for name, element in sorted(ids) for item in (pikepdf.String(name), element)]
        tree_root.IDTree = merged.make_indirect(Dictionary(Names=Array(flat)))
    first = sources[0].Root.get("/StructTreeRoot")
    for name, value in first.items() if first is not None else ():
        if name not in ("/Type", "/K", "/ParentTree", "/IDTree", "/ParentTreeNextKey"):
            tree_root[name] = _adopt(merged, value)
    merged.Root.StructTreeRoot = tree_root


def _number_tree(node):
    """(key, value) of a number tree, flat or with /Kids."""
    if node is None:
        return
    nums = node.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums) - 1, 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_tree(kid)


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


def _destinations(merged, sources, laid_out: PartsLayout) -> None:
    """The name tree of destinations: each anchor from the part that holds it."""
    names: dict[str, object] = {}
    for source, part in zip(sources, laid_out.parts, strict=True):
        dests = source.Root.get("/Names", {}).get("/Dests")
        if dests is None:
            continue
        kept = {page.objgen for page in source.pages}
        for name, destination in pikepdf.NameTree(dests).items():
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
