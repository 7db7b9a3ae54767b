"""Typesetting the print document before layout: what CSS cannot say to WeasyPrint.

- The last two words of every paragraph, list item, definition, caption and heading are
  kept together (a no-break space; in a heading, a `nowrap` span): no paragraph ends with
  a short word alone on its line (a runt), and no title ends on one word ("…respond to /
  treatment").
- A paragraph that introduces what follows it ("…for example:") is marked `lead-in`,
  to stay on the page of the list, table or figure it introduces.
- A table with more columns than fit the text block at their narrowest shares its width
  out evenly (print.css: `table.many-columns`) instead of running off the page; its
  cells carry their column's heading, for large print to set it one row at a time.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from bookbuilder.model import HEADINGS

NBSP = "\u00a0"
# Blocks whose last line is typeset here; a list item or cell holding blocks is left to them.
TIED = ("p", "li", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6")
_BLOCK_CHILDREN = frozenset(
    ("p", "ul", "ol", "dl", "div", "table", "figure", "blockquote", "pre", "section")
)
_NOT_TEXT = ("pre", "code", "kbd", "samp", "svg", "math", "img", "br")
_LAST_SPACE = re.compile(r"\s+(?=\S+\s*$)")
_SET_ALREADY = ("cover", "back-", "book-")  # covers and title page: broken by covers.py
_LAST_TWO = re.compile(r"\S+\s+\S+\s*$")
_INTRODUCED = ("ul", "ol", "dl", "table", "figure", "pre", "blockquote")
MAX_TIED = 24  # characters: a longer pair of words could not share a line with others
MAX_COLUMNS = 6  # more than this, and even one word a column would crowd the measure


def typeset(html: str) -> str:
    """The print document `html` with its last words tied and its wide tables marked."""
    return serialized(typeset_tree(lxml_html.document_fromstring(html)))


def serialized(root: lxml_html.HtmlElement) -> str:
    return "<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="unicode")


def typeset_tree(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """`typeset` on a parsed document, in place (returned)."""
    for element in root.iter(*TIED):
        if (element.get("class") or "").startswith(_SET_ALREADY):
            continue
        if not any(child.tag in _BLOCK_CHILDREN for child in element):
            if element.tag in HEADINGS and len(element) == 0:
                keep_last_words(element)
            else:
                tie_last_words(element)
    for paragraph in root.iter("p"):
        following = paragraph.getnext()
        if (
            following is not None
            and following.tag in _INTRODUCED
            and paragraph.text_content().rstrip().endswith(":")
        ):
            paragraph.set("class", " ".join(filter(None, [paragraph.get("class"), "lead-in"])))
    for note in root.find_class("print-footnote"):
        for paragraph in note.iterchildren("span"):
            tie_last_words(paragraph)
    for table in root.iter("table"):
        first_row = next(table.iter("tr"), None)
        if first_row is not None and _columns(first_row) > MAX_COLUMNS:
            table.set("class", " ".join(filter(None, [table.get("class"), "many-columns"])))
            _label_cells(table)
    return root


def tie_last_words(element: lxml_html.HtmlElement) -> None:
    """Replace the last break opportunity in `element`'s text with a no-break space, when
    the two words it joins are short enough to share a line with others."""
    slots = list(_text_slots(element))
    texts = [getattr(node, attribute) or "" for node, attribute in slots]
    words = "".join(texts)
    space = _LAST_SPACE.search(words)
    if space is None:
        return
    before, after = words[: space.start()].split(), words[space.end() :].strip()
    if not before or len(before[-1]) + 1 + len(after) > MAX_TIED:
        return
    position = 0
    for (node, attribute), text in zip(slots, texts, strict=True):
        start, position = position, position + len(text)
        low, high = max(space.start(), start), min(space.end(), position)
        if low < high:
            tie = NBSP if low == space.start() else ""
            setattr(node, attribute, text[: low - start] + tie + text[high - start :])


def keep_last_words(heading: lxml_html.HtmlElement) -> None:
    """A heading of plain text keeps its last two words on one line with a `nowrap` span:
    its text keeps a plain space, for the PDF's outline and for search."""
    text = heading.text or ""
    last = _LAST_TWO.search(text)
    if last is None or not text[: last.start()].strip() or len(last.group(0)) > MAX_TIED:
        return
    span = lxml_html.Element("span", {"class": "last-words"})
    span.text = " ".join(last.group(0).split())
    heading.text = text[: last.start()]
    heading.append(span)


def _text_slots(element: lxml_html.HtmlElement):
    """(node, "text" | "tail") for each run of `element`'s text, in reading order,
    skipping code, footnotes and other things that are not running words."""
    yield element, "text"
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _NOT_TEXT:
            yield child, "tail"
            continue
        if "print-footnote" in (child.get("class") or "").split():
            yield child, "tail"
            continue
        yield from _text_slots(child)
        yield child, "tail"


def _label_cells(table: lxml_html.HtmlElement) -> None:
    """Each cell labelled with its column's heading (`data-label`), so that large print
    can set a wide table as one block per row: "Mon: Stretch twice"."""
    head = table.find(".//thead/tr")
    if head is None:
        return
    labels = [" ".join(cell.text_content().split()) for cell in head if cell.tag == "th"]
    for row in table.iter("tr"):
        if row.getparent().tag == "thead":
            continue
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        for label, cell in zip(labels, cells, strict=False):
            cell.set("data-label", label)


def _columns(row: lxml_html.HtmlElement) -> int:
    return sum(int(cell.get("colspan", "1") or 1) for cell in row if cell.tag in ("td", "th"))
