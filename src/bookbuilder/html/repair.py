"""Structure that HTML allows and XHTML does not, repaired without a word to the editor:
lxml's HTML parser leaves it when raw HTML is loose, and EPUBCheck would reject it."""

from __future__ import annotations

from lxml import html as lxml_html

from bookbuilder.text import NOT_XML

# HTML white space: a no-break space is text, and may not stand directly in a list.
SPACE = " \t\n\r\f"
VOID = ("area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr")


MAX_DEPTH = 60  # elements inside elements: deeper, layout and XML tools run out of stack


def flatten_deep_nesting(fragment: lxml_html.HtmlElement) -> bool:
    """Elements nested deeper than MAX_DEPTH give up their tags (their text stays):
    `>` 200 times or `<div>` 500 times would exhaust Python's stack in lxml,
    ebooklib or WeasyPrint. Returns whether any did."""
    too_deep = []
    stack = [(fragment, 0)]
    while stack:
        element, depth = stack.pop()
        for child in element:
            if isinstance(child.tag, str):
                if depth + 1 > MAX_DEPTH:
                    too_deep.append(child)
                stack.append((child, depth + 1))
    for element in reversed(too_deep):  # innermost first
        element.drop_tag()
    return bool(too_deep)


def repair_structure(fragment: lxml_html.HtmlElement) -> None:
    _empty_void_elements(fragment)
    _repair_lists(fragment)
    _give_details_a_summary(fragment)


def _empty_void_elements(fragment: lxml_html.HtmlElement) -> None:
    """lxml's HTML parser does not know every void element (`wbr`): what it put inside
    one follows it instead."""
    for element in [e for e in fragment.iter(*VOID) if e.text or len(e)]:
        element.addprevious(lxml_html.Element(element.tag, dict(element.attrib)))
        element.drop_tag()


def _give_details_a_summary(fragment: lxml_html.HtmlElement) -> None:
    for details in fragment.iter("details"):
        if len(details) == 0 or details[0].tag != "summary" or (details.text or "").strip():
            summary = lxml_html.Element("summary")
            summary.text = "Details"
            summary.tail, details.text = details.text, None
            details.insert(0, summary)


def _repair_lists(fragment: lxml_html.HtmlElement) -> None:
    """A list holds only items: raw HTML can leave text or a link directly in `ol`/`ul`
    (it goes into the item before it) and an `li` outside any list (it gets a `ul`)."""
    for element in list(fragment.iter("li")):
        parent = element.getparent()
        if parent is not None and parent.tag not in ("ol", "ul", "menu"):
            holder = lxml_html.Element("ul")
            element.addprevious(holder)
            holder.tail, element.tail = element.tail, None
            holder.append(element)
    for listing in fragment.iter("ol", "ul", "menu"):
        if listing.text and listing.text.strip(SPACE):
            item = lxml_html.Element("li")
            item.text, listing.text = listing.text, None
            listing.insert(0, item)
        previous = None
        for child in list(listing):
            if child.tag != "li":
                if previous is None:
                    previous = lxml_html.Element("li")
                    child.addprevious(previous)
                previous.append(child)  # its tail goes with it
                continue
            previous = child
            if child.tail and child.tail.strip(SPACE):
                last = child[-1] if len(child) else None
                if last is None:
                    child.text = (child.text or "") + child.tail
                else:
                    last.tail = (last.tail or "") + child.tail
                child.tail = None


def drop_characters_xml_forbids(fragment: lxml_html.HtmlElement) -> bool:
    """Character references (`&#xFFFE;`, `&#1;`) can name characters that no XML may
    hold; the source check cannot see them, as they appear only once parsed. Returns
    whether there were any."""
    found = False
    for element in fragment.iter():
        for name in ("text", "tail"):
            value = getattr(element, name)
            if value and NOT_XML.search(value):
                setattr(element, name, NOT_XML.sub("", value))
                found = True
        for name, value in element.attrib.items():
            if NOT_XML.search(value):
                element.set(name, NOT_XML.sub("", value))
                found = True
    return found
