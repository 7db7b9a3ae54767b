"""Neutral anchors -> EPUB hrefs: each part of the book is one XHTML file, so `#anchor`
becomes `file.xhtml#anchor`, or just `#anchor` inside its own file."""

from __future__ import annotations

from lxml import etree

from bookbuilder.html.markdown import serialize_children
from bookbuilder.model import Book, chapter_anchor

OPS = "http://www.idpf.org/2007/ops"
# The EPUB structural semantics of the DPUB-ARIA roles chapter HTML carries.
EPUB_TYPES = {
    "doc-bibliography": "bibliography",
    "doc-biblioref": "biblioref",
    "doc-endnotes": "endnotes",
    "doc-noteref": "noteref",
}
PART_FILES = {
    "titlepage": "titlepage.xhtml",
    "imprint": "imprint.xhtml",
    "toc": "nav.xhtml",
    "glossary": "glossary.xhtml",
}


class EpubLinks:
    """Where each anchor of `book` is in its EPUB."""

    def __init__(self, book: Book):
        self.book = book

    def file_of(self, anchor: str) -> str | None:
        """The file that holds `anchor`; None for an anchor of no part of the book."""
        part = self.book.part_of(anchor)
        if part is None:
            return None
        return PART_FILES.get(part, f"{part}.xhtml")

    def href(self, anchor: str, here: str | None = None) -> str:
        """A link to `anchor` from the file `here`: a part's own anchor is its file."""
        target = self.file_of(anchor)
        if target is None or target == here:
            return f"#{anchor}"
        part = self.book.part_of(anchor)
        return target if anchor in (part, chapter_anchor(part)) else f"{target}#{anchor}"

    def chapter_html(self, html: str, here: str) -> str:
        """A chapter's neutral XHTML with its links made EPUB hrefs from the file `here`,
        and an `epub:type` beside each DPUB-ARIA role that has one."""
        if 'href="#' not in html and 'role="doc-' not in html:
            return html
        root = etree.fromstring(f'<div xmlns:epub="{OPS}">{html}</div>')
        for element in root.iter():
            if (kind := EPUB_TYPES.get(element.get("role", ""))) is not None:
                element.set(f"{{{OPS}}}type", kind)
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("#"):
                link.set("href", self.href(href[1:], here))
        return serialize_children(root)
