"""Neutral anchors -> EPUB hrefs: each part of the book is one XHTML file, so `#anchor`
becomes `file.xhtml#anchor`, or just `#anchor` inside its own file."""

from __future__ import annotations

from lxml import etree

from bookbuilder.html.markdown import serialize_children
from bookbuilder.html.parts import PartLinks
from bookbuilder.model import Book

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


class EpubLinks(PartLinks):
    """Where each anchor of `book` is in its EPUB: a chapter is `<slug>.xhtml`."""

    def __init__(self, book: Book):
        super().__init__(book, PART_FILES, {c.slug: f"{c.slug}.xhtml" for c in book.chapters})

    def chapter_html(self, html: str, here: str) -> str:
        """A chapter's neutral XHTML with its links made EPUB hrefs from the file `here`,
        and an `epub:type` beside each DPUB-ARIA role that has one."""
        if 'href="#' not in html and 'role="doc-' not in html:
            return html
        root = etree.fromstring(f'<div xmlns:epub="{OPS}">{html}</div>')
        for element in root.iter():
            if (kind := EPUB_TYPES.get(element.get("role", ""))) is not None:
                element.set(f"{{{OPS}}}type", kind)
        self.relink(root, here)
        return serialize_children(root)
