"""A PDF's structure tree as plain Python objects, read from and written back to pikepdf.

The remediation stage reshapes the tree: it joins elements split at page breaks, moves
footnotes to their calls and renames roles. That is list surgery, easier and much faster
on small Python objects than on PDF dictionaries. `read_tree` makes the objects;
`write_tree` writes a new tree and its parent tree (which content belongs to which
element) from them, so no stale entry survives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

# The stamp pdf/tag_sources.py gives each structure element: its key, read and removed here.
SOURCE_KEY = "BookbuilderSource"
_OWN_KEYS = {"/Type", "/S", "/P", "/K", "/Pg", "/" + SOURCE_KEY}


@dataclass(frozen=True)
class Content:
    """A marked-content sequence: MCID `mcid` in page `page`'s content stream."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    """An annotation (a link) on page `page`, reached through an OBJR."""

    page: int
    annotation: pikepdf.Dictionary

    @property
    def rect(self) -> tuple[float, float, float, float]:
        x1, y1, x2, y2 = (float(v) for v in self.annotation.Rect)
        return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


@dataclass(eq=False)
class Node:
    """One structure element: its role (`"H1"`), the HTML it came from (`source`, the
    stamp of `tag_sources`), its other attributes (`/A`, `/Alt`, `/ID`…) and its kids."""

    role: str
    source: dict[str, object] = field(default_factory=dict)
    attributes: dict[str, object] = field(default_factory=dict)
    kids: list[Node | Content | Annotation] = field(default_factory=list)

    @property
    def key(self) -> tuple[object, object] | None:
        """The HTML element and box tag this node came from; None for anonymous boxes."""
        element = self.source.get("Element")
        return None if element is None else (element, self.source.get("Tag"))

    @property
    def tag(self) -> str:
        return str(self.source.get("Tag", ""))

    @property
    def classes(self) -> list[str]:
        return str(self.source.get("Class", "")).split()

    def nodes(self):
        """This node and every node below it, in reading order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.nodes()

    def contents(self):
        """Every marked-content sequence and annotation below this node, in order."""
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.contents()
            else:
                yield kid

    def text_pages(self) -> list[int]:
        return [c.page for c in self.contents()]


@dataclass
class Tree:
    """The document element, plus what the old parent tree named but the tree did not
    reach: page furniture, as (page, MCID) -> "Header" or "Footer" (or "" if unknown)."""

    root: Node
    unreached: dict[Content, str]


def read_tree(pdf: pikepdf.Pdf) -> Tree | None:
    """The structure tree of `pdf`, or None if it has none."""
    tree_root = pdf.Root.get("/StructTreeRoot")
    if tree_root is None:
        return None
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    reached: set[tuple[int, int]] = set()

    def node_of(element: pikepdf.Dictionary, page: int | None) -> Node:
        reached.add(element.objgen)
        if "/Pg" in element:
            page = pages.get(element.Pg.objgen, page)
        node = Node(
            role=str(element.get("/S", "/NonStruct"))[1:],
            source=_stamp(element),
            attributes={k: v for k, v in element.items() if k not in _OWN_KEYS},
        )
        kids = element.get("/K")
        kids = [] if kids is None else list(kids) if isinstance(kids, Array) else [kids]
        for kid in kids:
            if isinstance(kid, int):
                node.kids.append(Content(page, int(kid)))
            elif kid.get("/Type") == "/MCR":
                kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                node.kids.append(Content(kid_page, int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                node.kids.append(Annotation(kid_page, kid.Obj))
            else:
                node.kids.append(node_of(kid, page))
        return node

    top = tree_root.K
    top = top[0] if isinstance(top, Array) else top
    root = node_of(top, None)
    unreached: dict[Content, str] = {}
    for page_index, element in _parent_tree_entries(tree_root):
        for mcid, owner in enumerate(element if isinstance(element, Array) else []):
            if isinstance(owner, Dictionary) and owner.objgen not in reached:
                unreached[Content(page_index, mcid)] = _margin_of(owner)
    return Tree(root, unreached)


def unwrap_plain_spans(node: Node) -> None:
    """A `Span` with no attributes around marked content says nothing: its text belongs
    to the element around it (a `P` may hold marked content directly). WeasyPrint wraps
    each line of text of each element in one, and an HTML <span> (a typesetting tie)
    makes one: half the objects of a book's PDF, to write, merge and read."""
    kids: list = []
    for kid in node.kids:
        if isinstance(kid, Node):
            unwrap_plain_spans(kid)  # first: a span of spans is then a span of text
            if _is_plain_span(kid):
                kids.extend(kid.kids)
                continue
        kids.append(kid)
    node.kids = kids


def _is_plain_span(node: Node) -> bool:
    return (
        node.role == "Span"
        and not node.attributes
        and all(isinstance(kid, Content) for kid in node.kids)
    )


def write_tree(pdf: pikepdf.Pdf, tree: Tree) -> None:
    """Replace `pdf`'s structure tree with `tree`, with a new parent tree and /IDTree."""
    tree_root = pdf.Root.StructTreeRoot
    page_refs = [page.obj for page in pdf.pages]
    by_page: dict[int, dict[int, Dictionary]] = {}
    annotation_owners: list[tuple[pikepdf.Dictionary, Dictionary]] = []
    ids: dict[str, Dictionary] = {}

    def element_of(node: Node, parent: Dictionary) -> Dictionary:
        element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role)))
        element.P = parent
        for key, value in node.attributes.items():
            element[key] = value
        pages = node.text_pages()
        own_page = pages[0] if pages else None
        if own_page is not None:
            element.Pg = page_refs[own_page]
        kids = Array()
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(element_of(kid, element))
            elif isinstance(kid, Content):
                by_page.setdefault(kid.page, {})[kid.mcid] = element
                if kid.page == own_page:
                    kids.append(kid.mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=page_refs[kid.page], MCID=kid.mcid))
            else:
                objr = Dictionary(Type=Name.OBJR, Obj=kid.annotation, Pg=page_refs[kid.page])
                kids.append(pdf.make_indirect(objr))
                annotation_owners.append((kid.annotation, element))
        element.K = kids
        if "/ID" in element:
            ids[str(element.ID)] = element
        return element

    document = element_of(tree.root, tree_root)
    tree_root.K = Array([document])
    nums: list = []  # built as a list: each append to a pikepdf Array copies it
    for page_index in range(len(page_refs)):
        owners = by_page.get(page_index, {})
        size = max(owners, default=-1) + 1
        nums += [page_index, Array([owners.get(mcid, None) for mcid in range(size)])]
        page_refs[page_index].StructParents = page_index
    key = len(page_refs)
    for annotation, owner in annotation_owners:
        annotation.StructParent = key
        nums += [key, owner]
        key += 1
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    tree_root.ParentTreeNextKey = key
    if ids:
        tree_root.IDTree = pdf.make_indirect(
            Dictionary(
                Names=Array([v for name in sorted(ids) for v in (pikepdf.String(name), ids[name])])
            )
        )
    elif "/IDTree" in tree_root:
        del tree_root.IDTree


def _stamp(element: pikepdf.Dictionary) -> dict[str, object]:
    stamp = element.get("/" + SOURCE_KEY)
    if stamp is None:
        return {}
    values: dict[str, object] = {}
    for key, value in stamp.items():
        if isinstance(value, pikepdf.String):
            values[key[1:]] = str(value)
        elif isinstance(value, Name):
            values[key[1:]] = str(value)[1:]
        else:
            values[key[1:]] = int(value)
    return values


def _margin_of(element: pikepdf.Dictionary) -> str:
    """ "Header" or "Footer" for content of a page-margin box (from the stamp of the
    element or of an ancestor), or "" if no stamp says."""
    for _ in range(64):
        margin = _stamp(element).get("Margin")
        if margin:
            return str(margin)
        element = element.get("/P")
        if not isinstance(element, Dictionary) or element.get("/Type") != "/StructElem":
            return ""
    return ""


def _parent_tree_entries(tree_root: pikepdf.Dictionary):
    """(key, value) of the parent tree, a number tree (flat or with /Kids)."""
    parent_tree = tree_root.get("/ParentTree")
    if parent_tree is None:
        return
    stack = [parent_tree]
    while stack:
        node = stack.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for index in range(0, len(nums) - 1, 2):
                yield int(nums[index]), nums[index + 1]
        stack.extend(reversed(list(node.get("/Kids", []))))
