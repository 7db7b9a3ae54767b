"""The links of a tagged PDF: each annotation hangs from its `Link` element, once per line,
and says in /Contents where it leads; a link to a destination that is not there goes.

WeasyPrint gives every inline box of a link its own annotation (the link, the span of a
chapter number inside it, its ::after page number), and parents some of them to `Span`s.
A screen reader then announces one link three times, and checkers find annotations
outside `Link` elements (Matterhorn 28-011). Its /Contents is the destination's id,
which reads as "gene-therapy-for-back-pain--use-gl-thymine".
"""

from __future__ import annotations

from collections.abc import Callable

import pikepdf
from pikepdf import Array, Dictionary

from bookbuilder.pdf.structure import Annotation, Node

Describe = Callable[[str], "str | None"]
Words = Callable[[str], str]  # a gettext: the English message -> the book's language


def unwrap_nested_links(node: Node) -> None:
    """A link's ::before and ::after parts give WeasyPrint `Link` elements inside the
    `Link`, and spans inside a link carry annotations of their own: the inner links'
    content joins the outer one, and every annotation hangs from its `Link`."""
    _splice_inner_links(node, inside=False)
    _lift_annotations(node, link=None)


def _splice_inner_links(node: Node, *, inside: bool) -> None:
    kids: list = []
    for kid in node.kids:
        if isinstance(kid, Node):
            _splice_inner_links(kid, inside=inside or kid.role == "Link")
            if kid.role == "Link" and (inside or node.role == "Link"):
                kids.extend(kid.kids)
                continue
        kids.append(kid)
    node.kids = kids


def _lift_annotations(node: Node, link: Node | None) -> None:
    kids: list = []
    for kid in node.kids:
        if isinstance(kid, Annotation) and node.role != "Link":
            if link is not None:
                link.kids.append(kid)
            else:
                kids.append(Node("Link", kids=[kid]))
            continue
        if isinstance(kid, Node):
            _lift_annotations(kid, kid if kid.role == "Link" else link)
        kids.append(kid)
    node.kids = kids


def clean_links(pdf: pikepdf.Pdf, root: Node, *, elsewhere: bool = False) -> None:
    """Each link keeps one annotation per line (not one per span inside it), and is
    removed, with its annotations, if it leads nowhere (`elsewhere`: the PDF is a part
    of a book, and a destination it lacks may be in another part)."""
    destinations = _destinations(pdf)
    dropped: set[tuple[int, int]] = set()
    for link in [n for n in root.nodes() if n.role == "Link"]:
        annotations = [k for k in link.kids if isinstance(k, Annotation)]
        keep = [a for a in annotations if not _inside_another(a, annotations)]
        for annotation in annotations:
            target = annotation.annotation.get("/Dest")
            dead = isinstance(target, pikepdf.String) and str(target) not in destinations
            if annotation not in keep or (dead and not elsewhere):
                link.kids.remove(annotation)
                dropped.add(annotation.annotation.objgen)
    for page in pdf.pages:
        if "/Annots" in page.obj and dropped:
            page.obj.Annots = Array([a for a in page.obj.Annots if a.objgen not in dropped])


def describe_links(pdf: pikepdf.Pdf, describe: Describe, _: Words) -> None:
    """Each link annotation says in /Contents where it leads: "Chapter 2, Gene Therapy
    for Back Pain, page 3" (in the book's language: `_`), "Web address https://…"."""
    destinations = _destinations(pdf)
    labels = [page.label for page in pdf.pages]
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", ()):
            if annotation.get("/Subtype") == "/Link":
                text = _describe(annotation, destinations, labels, describe, _)
                annotation.Contents = pikepdf.String(text)


def _inside_another(annotation: Annotation, annotations: list[Annotation]) -> bool:
    """True if another annotation of the same link covers this one (the first of two
    equal ones stays)."""
    x1, y1, x2, y2 = annotation.rect
    for index, other in enumerate(annotations):
        if other is annotation or other.page != annotation.page:
            continue
        ox1, oy1, ox2, oy2 = other.rect
        covers = ox1 - 0.5 <= x1 and oy1 - 0.5 <= y1 and x2 <= ox2 + 0.5 and y2 <= oy2 + 0.5
        if covers and (other.rect != annotation.rect or index < annotations.index(annotation)):
            return True
    return False


def _describe(annotation, destinations, labels, describe: Describe, _: Words) -> str:
    target = annotation.get("/Dest")
    if isinstance(target, pikepdf.String) and str(target) in destinations:
        name = str(target)
        label = labels[destinations[name]]
        what = describe(name)
        if what:
            return _("%(place)s, page %(page)s") % {"place": what, "page": label}
        return _("Page %(page)s") % {"page": label}
    uri = str(annotation.get("/A", {}).get("/URI", ""))
    if uri.startswith("mailto:"):
        return _("Email %(address)s") % {"address": uri.removeprefix("mailto:")}
    return _("Web address %(address)s") % {"address": uri} if uri else _("Link")


def _destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Each named destination, and the index of the page it is on."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found = {}
    for name, target in pikepdf.NameTree(names.Dests).items():
        array = target.get("/D") if isinstance(target, Dictionary) else target
        if isinstance(array, Array) and len(array) and array[0].objgen in pages:
            found[str(name)] = pages[array[0].objgen]
    return found
