"""Chapter and glossary XHTML made fit for a web page: links between pages, glossary terms
that show their definition in place, and HTML serialisation.

A term's first use in a chapter becomes a button that opens its definition as a popover
(the HTML `popover` attribute: no script, reached by keyboard and touch, closed with Esc
or a tap elsewhere); the definition links on to the glossary.
"""

from __future__ import annotations

from lxml import etree

from bookbuilder.i18n import N_
from bookbuilder.model import GlossaryEntry
from bookbuilder.web.links import WebLinks

# A button may not be inside these (interactive content): a term there stays a link.
INTERACTIVE = {"a", "button", "summary", "label", "select", "textarea", "details"}
# The elements a popover's definition keeps; anything else gives up its text only.
MORE = N_("More in the glossary")  # the link from a definition to its entry
# Punctuation that may not start a line after a term: it stays with it.
_CLOSING = (
    ".,;:!?)]}’”»…%\u060c\u061b\u061f\u06d4\u0964\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff09"
)
PHRASING = {"a", "em", "strong", "i", "b", "code", "sub", "sup", "abbr", "span", "bdi", "cite"}


def parse_fragment(xhtml: str) -> etree._Element:
    """A neutral XHTML fragment (the model's chapter or definition HTML) under a `div`."""
    return etree.fromstring(f"<div>{xhtml}</div>")


def serialize(root: etree._Element) -> str:
    """The content of `root` as HTML (void elements without a slash)."""
    parts = [_escape(root.text or "")]
    parts.extend(etree.tostring(child, method="html", encoding="unicode") for child in root)
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PageFragments:
    """Renders the book's fragments for the page `here`, its links made relative."""

    def __init__(self, links: WebLinks, glossary: tuple[GlossaryEntry, ...], words):
        self.links = links
        self.entries = {entry.id: entry for entry in glossary}
        self.words = words  # the book's gettext

    def chapter(self, xhtml: str, here: str) -> str:
        """A chapter's body: links relative to `here`, glossary terms with popovers."""
        root = parse_fragment(xhtml)
        for link in list(root.iter("a")):
            entry = self.entries.get(link.get("href", "")[1:])
            if "glossref" in (link.get("class") or "").split() and entry is not None:
                self._term_with_definition(link, entry, here)
        self.links.relink(root, here)
        return serialize(root)

    def definition(self, entry: GlossaryEntry, here: str) -> str:
        """A glossary entry's definition as a block (the glossary page)."""
        root = parse_fragment(entry.definition_html)
        self.links.relink(root, here)
        return serialize(root)

    def _term_with_definition(self, link: etree._Element, entry: GlossaryEntry, here: str):
        """`link` becomes a button opening a popover with the definition, unless it sits
        where a button may not (then it stays a link to the glossary)."""
        anchor = link.get("id")  # the use's own id, which the glossary links back to
        if anchor is None or any(a.tag in INTERACTIVE for a in link.iterancestors()):
            return
        card_id = f"{anchor}-definition"
        button = etree.Element(
            "button",
            {"type": "button", "class": "glossref", "popovertarget": card_id, "id": anchor},
        )
        button.text = link.text
        button.extend(list(link))
        button.tail = None
        card = etree.Element("span", {"class": "gloss-card", "id": card_id, "popover": ""})
        term = etree.SubElement(card, "dfn", {"class": "gloss-term"})
        term.text = entry.term
        definition = etree.SubElement(card, "span", {"class": "gloss-definition"})
        _phrasing_into(definition, parse_fragment(entry.definition_html))
        more = etree.SubElement(
            card, "a", {"class": "gloss-more", "href": self.links.href(entry.id, here)}
        )
        more.text = self.words(MORE)
        # A button is one box to line breaking: the punctuation after it would be free to
        # start the next line, so the two are kept together.
        tail = link.tail or ""
        glued = len(tail) - len(tail.lstrip(_CLOSING))
        holder = etree.Element("span", {"class": "glossref-nowrap"}) if glued else None
        parent = link.getparent()
        index = parent.index(link)
        parent.remove(link)
        if holder is not None:
            holder.extend([button, card])
            card.tail = tail[:glued]
            holder.tail = tail[glued:]
            parent.insert(index, holder)
        else:
            card.tail = tail
            parent.insert(index, button)
            parent.insert(index + 1, card)


def _phrasing_into(target: etree._Element, source: etree._Element) -> None:
    """The definition's paragraphs as phrasing content (a popover lives inside a
    paragraph), each paragraph after the first on a line of its own."""
    blocks = [child for child in source if child.tag == "p"] or [source]
    for number, block in enumerate(blocks):
        if number:
            etree.SubElement(target, "br")
        _append_text(target, block.text)
        for child in block:
            if child.tag in PHRASING:
                tail, child.tail = child.tail, None
                target.append(child)
                _append_text(target, tail)
            else:
                _append_text(target, "".join(child.itertext()) + (child.tail or ""))


def _append_text(target: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text
