"""The print edition cut into parts that can be laid out apart: the front matter (cover,
title page, imprint, contents), each chapter, and the back (the glossary, a booklet's
back cover).

Each part is a document of its own with the whole book's <head>, so the same styles
apply. What ties a part to the rest of the book is written into it:

- page numbers it prints of places elsewhere (the contents, the glossary's pages, "see
  page 12") are `data-page` attributes that the parallel styles show instead of
  `target-counter()`; a chapter gets placeholders of the right number of digits, and
  the merge writes the real numbers over them (pdf/overlay.py);
- a link to a place in another part is written `bookbuilder-part:<anchor>` (WeasyPrint
  drops links to anchors its document lacks, and keeps links to other documents); the
  merge makes it a link to the named destination again;
- a last, empty "sentinel" element that starts as the next part starts (on a recto),
  so that WeasyPrint itself adds the blank page a chapter may need before the next; the
  sentinel's own page is dropped.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree
from lxml import html as lxml_html

FRONT, CHAPTER, BACK = "front", "chapter", "back"
SENTINEL_ID = "part-end"
_ID = re.compile(r'\sid="([^"]*)"')  # an id as lxml writes it
PART_LINK = "bookbuilder-part:"  # a link to another part's anchor, until the merge
NUMBERED = "//nav[contains(@class,'toc')]//a | //a[contains(@class,'pageref')] | //a[contains(@class,'xref')]"  # noqa: E501


@dataclass(frozen=True)
class Part:
    """One part of the print edition, its numbers still to be written in."""

    name: str  # "front", "chapter-<slug>", or "back"
    kind: str  # FRONT, CHAPTER or BACK
    body: str  # the part's <body>, as HTML
    anchors: tuple[str, ...]  # the anchors it holds, in order
    numbers_of: tuple[str, ...]  # anchors whose page numbers it prints
    sentinel: str | None  # what ends it: the start of the next part, emptied (None: last)
    opening_ids: frozenset[str] = frozenset()  # anchors surely on its first page

    @functools.cached_property
    def own_ids(self) -> frozenset[str]:
        return frozenset(self.anchors)


def split(document: lxml_html.HtmlElement, chapter_slugs: list[str]) -> tuple[str, list[Part]]:
    """The document's <head> (with its <html> start tag) and its parts, in order."""
    body = document.find("body")
    main = body.find("main")
    before = list(body)[: list(body).index(main)] if main is not None else list(body)
    after = list(body)[list(body).index(main) + 1 :] if main is not None else []
    sections = list(main) if main is not None else []
    chapters = [s for s in sections if "chapter" in (s.get("class") or "").split()]
    back_sections = [s for s in sections if s not in chapters]
    groups: list[tuple[str, str, list, bool]] = [("front", FRONT, before, False)]
    for slug, section in zip(chapter_slugs, chapters, strict=True):
        groups.append((f"chapter-{slug}", CHAPTER, [section], True))
    if back_sections or after:
        groups.append(("back", BACK, [*back_sections, *after], bool(back_sections)))
    parts = []
    for index, (name, kind, elements, in_main) in enumerate(groups):
        if not elements and kind == FRONT:
            continue
        sentinel = None
        if index + 1 < len(groups):
            sentinel = _sentinel(main, groups[index + 1], in_main)
        parts.append(_part(body, main, name, kind, elements, in_main, sentinel))
    head = etree.tostring(document.find("head"), method="html", encoding="unicode")
    return _start_tag(document) + head, parts


def _start_tag(document: lxml_html.HtmlElement) -> str:
    attributes = "".join(f' {k}="{_escape(v)}"' for k, v in document.attrib.items())
    return f"<!DOCTYPE html>\n<html{attributes}>\n"


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _sentinel(main, upcoming, in_main: bool) -> str:
    """An empty element that starts a page as the next part starts: a chapter on a
    recto, in <main>; a booklet's back cover on the next page."""
    _, _, elements, next_in_main = upcoming
    first = elements[0]
    div = f'<div id="{SENTINEL_ID}" class="part-end {first.get("class") or ""}"></div>'
    if next_in_main and not in_main:  # the front, before <main>
        attributes = "".join(f' {k}="{_escape(v)}"' for k, v in main.attrib.items())
        return f"<main{attributes}>{div}</main>"
    return div


def _part(body, main, name, kind, elements, in_main, sentinel) -> Part:
    new_body = lxml_html.Element("body", dict(body.attrib))
    holder = new_body
    if in_main:
        holder = lxml_html.Element("main", dict(main.attrib))
        new_body.append(holder)
    for element in elements:
        if in_main and element.getparent() is body:  # a back cover follows <main>
            new_body.append(copy.deepcopy(element))
        else:
            holder.append(copy.deepcopy(element))
    own = tuple(dict.fromkeys(new_body.xpath("//@id")))
    numbers_of = tuple(
        dict.fromkeys(a.get("href", "")[1:] for a in new_body.xpath(NUMBERED) if a.get("href"))
    )
    text = etree.tostring(new_body, method="html", encoding="unicode")
    return Part(name, kind, text, own, numbers_of, sentinel, _opening_ids(elements[0]))


def _opening_ids(first) -> frozenset[str]:
    """The first element's id and its first heading's: on the part's first page."""
    ids = {first.get("id")}
    heading = next(first.iter("h1", "h2", "h3"), None)
    if heading is not None:
        ids.add(heading.get("id"))
    return frozenset(i for i in ids if i)


def anchor_places(part: Part) -> tuple[tuple[str, float], ...]:
    """Each anchor of the part with the share of its HTML before it (0 at the top): where
    in the part's pages its number is guessed to fall, before the part is laid out."""
    found = {m[1]: m.start() for m in reversed(list(_ID.finditer(part.body)))}
    size = max(len(part.body), 1)
    last = len(part.anchors) or 1
    return tuple(  # an id the HTML writes escaped: its place among the anchors instead
        (anchor, found[anchor] / size if anchor in found else index / last)
        for index, anchor in enumerate(part.anchors)
    )


def _body(part: Part) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(part.body).find("body")


def slots(part: Part) -> dict[int, str]:
    """Each printed page number's slot, and the anchor whose page it prints."""
    return {slot: link.get("href", "")[1:] for slot, link in enumerate(_body(part).xpath(NUMBERED))}


def part_document(head: str, part: Part, numbers: Mapping[str, str]) -> str:
    """The part as a document WeasyPrint lays out: each printed page number from
    `numbers` (anchor -> text), a slot number on each cross-reference (for the overlay
    of a chapter's numbers), links to other parts, and its sentinel."""
    body = _body(part)
    for slot, link in enumerate(body.xpath(NUMBERED)):
        target = link.get("href", "")[1:]
        if target in numbers:
            link.set("data-page", numbers[target])
        link.set("data-slot", str(slot))
    for link in body.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and href[1:] not in part.own_ids:
            link.set("href", PART_LINK + quote(href[1:], safe=""))
    first = body.find("main") if body.find("main") is not None else body
    if part.sentinel is not None:
        first.append(lxml_html.fragment_fromstring(part.sentinel))
    return head + etree.tostring(body, method="html", encoding="unicode") + "\n</html>\n"


# The styles of the parallel layout, after the edition's own: printed page numbers come
# from `data-page`, and the sentinel takes a page of its own.
PARALLEL_CSS = """
.toc a[data-page]::after { content: "\\2002" leader(" . ") "\\2002" attr(data-page); }
a.pageref[data-page]::before { content: attr(data-page); }
.part-end { display: block; height: 1px; margin: 0; padding: 0; border: 0; }
.part-end * , .part-end::before, .part-end::after { display: none; }
"""


def part_css(part: Part, *, book_title: str) -> str:
    """Rules of one part: the book's title for the running heads (set on the title page,
    which only the front holds)."""
    if part.kind == FRONT:
        return ""
    title = book_title.replace("\\", "\\\\").replace('"', '\\"')
    return f'html {{ string-set: book-title "{title}"; }}'
