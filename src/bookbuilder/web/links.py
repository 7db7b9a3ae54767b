"""Where each part of the book is in the web edition: `index.html` (the title and the
contents), a page per chapter, `glossary.html` and `about.html` (the imprint)."""

from __future__ import annotations

from bookbuilder.html.parts import PartLinks
from bookbuilder.model import Book

PART_PAGES = {
    "titlepage": "index.html",
    "toc": "index.html",
    "imprint": "about.html",
    "glossary": "glossary.html",
}
SEARCH_PAGE = "search.html"
# Files and folders of the site that a chapter's page must not take the name of.
TAKEN = {*PART_PAGES.values(), SEARCH_PAGE, "assets.html", "images.html", "fonts.html"}


def chapter_pages(book: Book) -> dict[str, str]:
    """Each chapter's page, by slug: `<slug>.html`, unless that name is the site's own
    (a chapter `index.md`) or taken, then `<slug>-2.html`, the same for every build."""
    pages: dict[str, str] = {}
    used = set(TAKEN)
    for chapter in book.chapters:
        name, number = f"{chapter.slug}.html", 1
        while name in used:
            number += 1
            name = f"{chapter.slug}-{number}.html"
        used.add(name)
        pages[chapter.slug] = name
    return pages


class WebLinks(PartLinks):
    """Links between the web edition's pages."""

    def __init__(self, book: Book):
        self.chapter_pages = chapter_pages(book)
        super().__init__(book, PART_PAGES, self.chapter_pages)
