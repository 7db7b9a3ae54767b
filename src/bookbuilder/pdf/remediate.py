"""The remediation stage: WeasyPrint's tagged PDF made to satisfy PDF/UA-1's machine checks.

WeasyPrint tags each page on its own. This stage, run on every PDF we write, reshapes the
structure tree with pikepdf (the field's tool for editing PDF structure):

- an element split by page breaks (a chapter, a list) is one element again;
- running heads and folios become `/Pagination` artifacts (`pdf/content.py`);
- footnotes are `Note` elements, with an /ID, right after the `Reference` that calls them;
- the contents are `TOC`/`TOCI`, and a glossary entry is one `LI` (term `Lbl`, definition
  `LBody`);
- each link annotation hangs from its `Link` element, once per line, with a `/Contents`
  that says where it leads; a link to a destination that does not exist is removed;
- a figure's `/BBox` is where its image is drawn;
- heading levels never skip, and a `TH` says its `/Scope`.

`pdf/tagged_links.py` does the links. `check/pdf_rules.py` checks the result against the
same rules, independently.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from bookbuilder.pdf.content import measure_figures, rewrite_pages
from bookbuilder.pdf.structure import (
    Annotation,
    Content,
    Node,
    Tree,
    read_tree,
    unwrap_plain_spans,
    write_tree,
)
from bookbuilder.pdf.tagged_links import (
    Describe,
    Words,
    clean_links,
    describe_links,
    unwrap_nested_links,
)
from bookbuilder.pdf.xmp import add_to_xmp

HEADING_ROLES = ("H1", "H2", "H3", "H4", "H5", "H6")


def remediate(
    data: bytes, describe: Describe | None = None, words: Words | None = None, xmp: str = ""
) -> bytes:
    """`data`, a PDF from WeasyPrint with `tag_sources` stamps, remediated. `describe`
    names a destination ("Chapter 2, Gene Therapy for Back Pain"); the link's /Contents
    adds the page it is on. `xmp`: an `rdf:Description` for the metadata (pdf/xmp.py)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        add_to_xmp(pdf, xmp)
        tree = read_tree(pdf)
        if tree is None:
            return data
        reshape(pdf, tree)
        describe_links(pdf, describe or (lambda name: None), words or (lambda text: text))
        return save(pdf)


def reshape(pdf: pikepdf.Pdf, tree: Tree, *, elsewhere: bool = False, ids: str = "") -> None:
    """Everything remediation does but describe the links (which needs every page's
    label): `tree`, as read from `pdf`, reshaped and written back. For a part of a book
    laid out apart (pdf/merge.py), `elsewhere`: links may lead to other parts (they stay);
    `ids`: a prefix that keeps its element IDs apart from other parts'."""
    root = tree.root
    renamed: dict[str, pikepdf.String] = {}
    _join_split_elements(root, tree.unreached, renamed)
    _rename_headers(root, renamed)
    unwrap_nested_links(root)
    _place_footnotes(root)
    _tag_contents_lists(root)
    _pair_definitions(root)
    _fix_heading_levels(root)
    _scope_table_headers(root)
    _drop_empty(root)
    images = rewrite_pages(pdf, tree.unreached)
    measure_figures(pdf, root, images)
    clean_links(pdf, root, elsewhere=elsewhere)
    if ids:
        _prefix_ids(root, ids)
    unwrap_plain_spans(root)
    write_tree(pdf, tree)
    _drop_untagged_links(pdf, root)


def _prefix_ids(root: Node, prefix: str) -> None:
    for node in root.nodes():
        if "/ID" in node.attributes:
            node.attributes["/ID"] = pikepdf.String(prefix + str(node.attributes["/ID"]))
        attributes = node.attributes.get("/A")
        if isinstance(attributes, Dictionary) and "/Headers" in attributes:
            attributes.Headers = Array(
                [pikepdf.String(prefix + str(h)) for h in attributes.Headers]
            )


def _join_split_elements(node: Node, furniture: dict[Content, str], renamed: dict) -> None:
    """Kids of one parent that come from one HTML element are one element: WeasyPrint
    made one per page. Joining parents first brings their split kids side by side.
    A table's header or footer row group repeated on a later page is read once: the
    repeats join `furniture`, to be artifacts like the running heads, and the IDs of
    their header cells are `renamed` to those of the first."""
    first: dict[object, Node] = {}
    kids: list = []
    for kid in node.kids:
        if isinstance(kid, Node) and kid.key is not None:
            if kid.key in first and kid.role in ("THead", "TFoot"):
                for content in kid.contents():
                    if isinstance(content, Content):
                        furniture[content] = ""
                for repeat, original in zip(_ids(kid), _ids(first[kid.key]), strict=False):
                    renamed[str(repeat)] = original
                continue
            if kid.key in first:
                first[kid.key].kids.extend(kid.kids)
                continue
            first[kid.key] = kid
        kids.append(kid)
    node.kids = kids
    for kid in kids:
        if isinstance(kid, Node):
            _join_split_elements(kid, furniture, renamed)


def _ids(node: Node) -> list:
    return [n.attributes["/ID"] for n in node.nodes() if "/ID" in n.attributes]


def _rename_headers(root: Node, renamed: dict) -> None:
    """Cells whose /Headers name a repeated header cell name the first one instead."""
    if not renamed:
        return
    for cell in root.nodes():
        attributes = cell.attributes.get("/A")
        if isinstance(attributes, Dictionary) and "/Headers" in attributes:
            attributes.Headers = Array([renamed.get(str(h), h) for h in attributes.Headers])


def _place_footnotes(root: Node) -> None:
    """A footnote is a `Note` read right after its call (a `Reference`), not at the foot
    of the page outside the chapter."""
    calls: dict[object, tuple[Node, Node]] = {}
    notes: list[tuple[Node, Node]] = []
    for parent in root.nodes():
        for kid in parent.kids:
            if not isinstance(kid, Node):
                continue
            if kid.tag.endswith("::footnote-call"):
                kid.role = "Reference"
                calls[kid.source.get("Element")] = (parent, kid)
            elif "print-footnote" in kid.classes and not kid.tag.count("::"):
                notes.append((parent, kid))
            elif kid.tag.endswith("::footnote-marker"):
                kid.role = "Lbl"
    for number, (holder, note) in enumerate(notes, start=1):
        note.role = "Note"
        note.attributes["/ID"] = pikepdf.String(f"note-{number}")
        call = calls.get(note.source.get("Element"))
        if call is None:
            continue
        holder.kids.remove(note)
        parent, reference = call
        parent.kids.insert(parent.kids.index(reference) + 1, note)


def _tag_contents_lists(root: Node) -> None:
    """The book's contents (`nav.toc`'s list) are `TOC` of `TOCI`, each a `Reference`."""
    for nav in root.nodes():
        if nav.tag != "nav":
            continue
        for node in nav.nodes():
            if node.role == "L":
                node.role = "TOC"
            elif node.role == "LI":
                node.role = "TOCI"
                for kid in node.kids:
                    if isinstance(kid, Node) and kid.role == "LBody":
                        kid.role = "Reference"


def _pair_definitions(root: Node) -> None:
    """WeasyPrint makes a `dt` and its `dd` two list items; a reader wants one: the term
    as its label, the definition as its body."""
    for node in root.nodes():
        if node.tag != "dl":
            continue
        items: list = []
        for kid in node.kids:
            body = _only_kid(kid)
            if isinstance(kid, Node) and kid.tag == "dt" and body is not None:
                body.role = "Lbl"
                items.append(kid)
            elif isinstance(kid, Node) and kid.tag == "dd" and items and body is not None:
                body.role = "LBody"
                items[-1].kids.append(body)
            else:
                items.append(kid)
        node.kids = items


def _only_kid(node) -> Node | None:
    if isinstance(node, Node) and len(node.kids) == 1 and isinstance(node.kids[0], Node):
        return node.kids[0]
    return None


def _fix_heading_levels(root: Node) -> None:
    """Levels go down one step at a time: a `####` under a `##` is tagged H3 (check warns
    about the source). A heading inside a heading is a `Span`."""
    previous = 0
    for node in root.nodes():
        if node.role not in HEADING_ROLES:
            continue
        for inner in list(node.nodes())[1:]:
            if inner.role in HEADING_ROLES:
                inner.role = "Span"
        level = min(int(node.role[1]), previous + 1)
        node.role = f"H{level}"
        previous = level


def _scope_table_headers(root: Node) -> None:
    """Each `TH` says whom it heads: the HTML `scope`, else its columns in a header row,
    else its row when it is the first cell of a body row. Cells whose table has no
    headers lose an empty /Headers."""
    scopes = {"row": "Row", "col": "Column", "rowgroup": "Row", "colgroup": "Column"}
    for table in root.nodes():
        if table.role != "Table":
            continue
        for section in table.nodes():
            for row in (k for k in section.kids if isinstance(k, Node) and k.role == "TR"):
                cells = [k for k in row.kids if isinstance(k, Node) and k.role in ("TH", "TD")]
                for position, cell in enumerate(cells):
                    attributes = cell.attributes.get("/A")
                    if attributes is None:
                        attributes = cell.attributes["/A"] = Dictionary(O=Name.Table)
                    if cell.role == "TD":
                        if "/Headers" in attributes and not len(attributes.Headers):
                            del attributes.Headers
                        continue
                    scope = scopes.get(str(cell.source.get("Scope", "")).lower())
                    if scope is None:
                        in_head = section.role == "THead" or all(c.role == "TH" for c in cells)
                        scope = "Column" if in_head or position else "Row"
                    attributes.Scope = Name("/" + scope)


def _drop_empty(node: Node) -> None:
    """Elements left with no content (the footnote area, once its notes have moved)."""
    kids = []
    for kid in node.kids:
        if isinstance(kid, Node):
            _drop_empty(kid)
            if not kid.kids:
                continue
        kids.append(kid)
    node.kids = kids


def _drop_untagged_links(pdf: pikepdf.Pdf, root: Node) -> None:
    """A link the tree does not hold (in a running head, or in a repeated table header,
    now artifacts) cannot be tagged, and its old /StructParent now names another
    element: it goes."""
    tagged = {c.annotation.objgen for c in root.contents() if isinstance(c, Annotation)}
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        kept = [a for a in annotations if a.get("/Subtype") != "/Link" or a.objgen in tagged]
        if len(kept) != len(annotations):
            page.obj.Annots = Array(kept)


def save(pdf: pikepdf.Pdf, version: str | None = None, *, prune: bool = True) -> bytes:
    """The same bytes for the same PDF: a /ID from the content, no time stamps added.
    Streams compressed already are written as they are. `prune`: resources no page
    uses are dropped (which reads every page's content: a merge of parts so pruned
    need not). Small objects (the structure tree's thousands of elements, the ones
    remediation adds among them) are packed into object streams: a third smaller."""
    out = io.BytesIO()
    if prune:
        pdf.remove_unreferenced_resources()
    pdf.save(
        out,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
        min_version=version or pdf.pdf_version,
    )
    return out.getvalue()
