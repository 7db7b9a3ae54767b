"""Neutral anchors -> links between the files of an edition with one file per part (the
EPUB's XHTML documents, the web edition's pages): `#anchor` becomes `file#anchor`, or
just `#anchor` inside its own file."""

from __future__ import annotations

from collections.abc import Mapping

from bookbuilder.model import Book, chapter_anchor


class PartLinks:
    """Where each anchor of `book` is, when the parts that are not chapters are the files
    `part_files` names ({"glossary": "glossary.html", …}) and each chapter is the file
    `chapter_files` names, by slug."""

    def __init__(self, book: Book, part_files: Mapping[str, str], chapter_files: Mapping[str, str]):
        self.book = book
        self.files = {**part_files, **chapter_files}

    def file_of(self, anchor: str) -> str | None:
        """The file that holds `anchor`; None for an anchor of no part of the book."""
        part = self.book.part_of(anchor)
        return None if part is None else self.files.get(part)

    def href(self, anchor: str, here: str | None = None) -> str:
        """A link to `anchor` from the file `here`: a part's own anchor is its file."""
        target = self.file_of(anchor)
        if target is None or target == here:
            return f"#{anchor}"
        part = self.book.part_of(anchor)
        return target if anchor in (part, chapter_anchor(part)) else f"{target}#{anchor}"

    def relink(self, root, here: str) -> None:
        """Every `#anchor` link under the lxml element `root` made a link from `here`."""
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("#"):
                link.set("href", self.href(href[1:], here))
