"""Markdown -> a well-formed XHTML fragment, collecting what later stages need.

Python-Markdown does the Markdown; one lxml pass over its result (raw HTML included)
then makes ids unique across the book, drops unsafe markup, resolves links and images,
and links the first use of each glossary term. One pass keeps the stage linear in the
length of the text whatever the size of the glossary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import markdown as python_markdown
from lxml import etree
from lxml import html as lxml_html

from bookbuilder.diagnostics import Report
from bookbuilder.model import (
    Chapter,
    ChapterSource,
    CrossReference,
    GlossaryEntry,
    GlossaryUse,
    Heading,
    Resource,
)
from bookbuilder.resolver import OutsideBook, book_relative, is_external, resolve
from bookbuilder.resources import IMAGE_TYPES, image_problem
from bookbuilder.resources import media_type as resource_type
from bookbuilder.sanitize import sanitize
from bookbuilder.sources import chapter_slug
from bookbuilder.text import line_of

GLOSSARY_FILE = "glossary.xhtml"
MAX_READABLE_COLUMNS = 12
EXTENSIONS = ["extra", "toc", "smarty", "sane_lists"]
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Blocks get ids so that the print edition's page breaks can be placed in the EPUB.
BLOCKS = HEADINGS | {"p", "li", "table", "pre", "blockquote", "dl", "dt", "dd", "figure", "hr"}
# Glossary terms are never linked inside these (or inside headings).
NO_GLOSSARY = HEADINGS | {"a", "code", "pre", "kbd", "samp", "dfn", "abbr", "sup", "sub", "svg"}
_CHAPTER_LINK = re.compile(r"^(?P<file>[^#?]+\.md)(?:#(?P<fragment>.*))?$")


def new_markdown() -> python_markdown.Markdown:
    return python_markdown.Markdown(extensions=EXTENSIONS, output_format="xhtml")


class GlossaryMatcher:
    """Finds terms and aliases whole-word and case-insensitively, longest first."""

    def __init__(self, entries: tuple[GlossaryEntry, ...]):
        self.entry_of: dict[str, GlossaryEntry] = {}
        for entry in entries:
            for name in (entry.term, *entry.aliases):
                self.entry_of.setdefault(name.casefold(), entry)
        names = sorted(self.entry_of, key=len, reverse=True)
        alternation = "|".join(re.escape(name) for name in names)
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if names else None
        )

    def find(self, text: str) -> Iterator[tuple[re.Match[str], GlossaryEntry]]:
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            yield match, self.entry_of[match[0].casefold()]

    def mark(
        self,
        element: lxml_html.HtmlElement,
        *,
        linked: set[str],
        href_prefix: str,
        anchor_prefix: str | None,
    ) -> list[tuple[GlossaryEntry, str]]:
        """Link the first use of each entry not yet in `linked`, in document order, never
        inside links, code or headings. Returns each entry linked and its link's id."""
        made: list[tuple[GlossaryEntry, str]] = []
        self._mark(element, linked, href_prefix, anchor_prefix, made)
        return made

    def _mark(self, element, linked, href_prefix, anchor_prefix, made) -> None:
        children = list(element)
        self._link_text(element, None, linked, href_prefix, anchor_prefix, made)
        for child in children:
            if isinstance(child.tag, str) and child.tag not in NO_GLOSSARY:
                self._mark(child, linked, href_prefix, anchor_prefix, made)
            self._link_text(element, child, linked, href_prefix, anchor_prefix, made)

    def _link_text(self, parent, before, linked, href_prefix, anchor_prefix, made) -> None:
        """Split parent.text (or the tail of `before`) around the terms it links."""
        text = parent.text if before is None else before.tail
        if not text:
            return
        matches = []
        for match, entry in self.find(text):
            if entry.id not in linked:
                linked.add(entry.id)
                matches.append((match, entry))
        if not matches:
            return
        head = text[: matches[0][0].start()]
        if before is None:
            parent.text, index = head, 0
        else:
            before.tail, index = head, parent.index(before) + 1
        for offset, (match, entry) in enumerate(matches):
            end = matches[offset + 1][0].start() if offset + 1 < len(matches) else len(text)
            attributes = {
                "class": "glossref",
                "role": "doc-glossref",
                "href": f"{href_prefix}#{entry.id}",
            }
            anchor = f"{anchor_prefix}{entry.id}" if anchor_prefix else ""
            if anchor:
                attributes["id"] = anchor
            link = lxml_html.Element("a", attributes)
            link.text, link.tail = match[0], text[match.end() : end]
            parent.insert(index + offset, link)
            made.append((entry, anchor))


@dataclass
class _Found:
    headings: list[Heading] = field(default_factory=list)
    uses: list[GlossaryUse] = field(default_factory=list)
    cross_references: list[CrossReference] = field(default_factory=list)
    images: list[Resource] = field(default_factory=list)
    external_links: list[tuple[str, int]] = field(default_factory=list)


class ChapterRenderer:
    """Renders every chapter of one book with one Markdown instance (reset between uses)."""

    def __init__(self, root: Path, glossary: tuple[GlossaryEntry, ...], report: Report):
        self.root = root
        self.matcher = GlossaryMatcher(glossary)
        self.report = report
        self.md = new_markdown()

    def render(self, source: ChapterSource, number: int) -> Chapter:
        self.md.reset()
        body = self.md.convert(source.body)
        fragment = lxml_html.fragment_fromstring(body or "", create_parent="div")
        found = _Found()
        self._drop_unsafe(fragment, source)
        self._check_tables(fragment, source)
        _demote_headings(fragment)
        _namespace_ids(fragment, f"{source.slug}--")
        _number_blocks(fragment, f"{source.slug}--b")
        self._resolve_links(fragment, source, found)
        self._resolve_images(fragment, source, found)
        for entry, anchor in self.matcher.mark(
            fragment, linked=set(), href_prefix=GLOSSARY_FILE, anchor_prefix=f"{source.slug}--use-"
        ):
            found.uses.append(GlossaryUse(entry.id, source.slug, anchor))
        self._drop_unreferenced_footnotes(fragment, source)
        self._check_local_links(fragment, source)
        _add_note_roles(fragment)
        for element in fragment.iter(*HEADINGS):
            text = " ".join(element.text_content().split())
            found.headings.append(Heading(int(element.tag[1]), text, element.get("id", "")))
        return Chapter(
            source=source,
            number=number,
            html=serialize_children(fragment),
            headings=tuple(found.headings),
            glossary_uses=tuple(found.uses),
            cross_references=tuple(found.cross_references),
            images=tuple(found.images),
            external_links=tuple(found.external_links),
        )

    def _line(self, source: ChapterSource, needle: str) -> int:
        return line_of(source.body, needle, source.body_line)

    def _check_tables(self, fragment: lxml_html.HtmlElement, source: ChapterSource) -> None:
        for table in fragment.iter("table"):
            columns = max(
                (len(row.findall("th")) + len(row.findall("td")) for row in table.iter("tr")),
                default=0,
            )
            if columns > MAX_READABLE_COLUMNS:
                self.report.warning(
                    "table-wide",
                    source.path,
                    self._line(source, "|"),
                    f"a table with {columns} columns cannot be read on a page "
                    f"or a phone; split it (at most {MAX_READABLE_COLUMNS})",
                )

    def _drop_unsafe(self, fragment: lxml_html.HtmlElement, source: ChapterSource) -> None:
        def warn(needle: str, message: str) -> None:
            self.report.warning("unsafe-html", source.path, self._line(source, needle), message)

        sanitize(fragment, warn)

    def _resolve_links(
        self, fragment: lxml_html.HtmlElement, source: ChapterSource, found: _Found
    ) -> None:
        prefix = f"{source.slug}--"
        for link in fragment.iter("a"):
            href = link.get("href")
            if href is None or href.startswith("#") or is_external(href):
                if href and href.startswith("#"):
                    link.set("href", f"#{prefix}{href[1:]}")
                elif href:
                    found.external_links.append((href, self._line(source, href)))
                continue
            line = self._line(source, f"({href}")
            match = _CHAPTER_LINK.match(href)
            if match is None:
                self.report.error(
                    "link-target",
                    source.path,
                    line,
                    f"link '{href}' is neither a web address nor a chapter (.md)",
                )
                continue
            try:
                target = resolve(self.root, source.path.parent, match["file"])
            except OutsideBook as problem:
                self.report.error("path-outside", source.path, line, f"link: {problem}")
                continue
            slug = chapter_slug(target.name)
            fragment_id = match["fragment"]
            found.cross_references.append(
                CrossReference(match["file"], slug, fragment_id or None, line)
            )
            link.set(
                "href", f"{slug}.xhtml#{slug}--{fragment_id}" if fragment_id else f"{slug}.xhtml"
            )
            link.set("class", " ".join(filter(None, [link.get("class"), "xref"])))

    def _drop_unreferenced_footnotes(
        self, fragment: lxml_html.HtmlElement, source: ChapterSource
    ) -> None:
        """Python-Markdown keeps footnotes nothing refers to, with a back link to nowhere."""
        ids = {element.get("id") for element in fragment.iter() if element.get("id")}
        for backref in list(fragment.find_class("footnote-backref")):
            if backref.get("href", "")[1:] in ids:
                continue
            item = next(backref.iterancestors("li"))
            label = item.get("id", "").split("fn:", 1)[-1]
            self.report.warning(
                "footnote-unused",
                source.path,
                self._line(source, f"[^{label}]:"),
                f"footnote [^{label}] is never referred to and was left out",
            )
            notes = item.getparent()
            notes.remove(item)
            if len(notes) == 0:
                notes.getparent().drop_tree()

    def _check_local_links(self, fragment: lxml_html.HtmlElement, source: ChapterSource) -> None:
        ids = {element.get("id") for element in fragment.iter() if element.get("id")}
        prefix = f"{source.slug}--"
        for link in fragment.iter("a"):
            href = link.get("href", "")
            if href.startswith("#") and href[1:] not in ids:
                written = href[1 + len(prefix) :] if href[1:].startswith(prefix) else href[1:]
                self.report.error(
                    "link-anchor",
                    source.path,
                    self._line(source, f"(#{written}"),
                    f"link '#{written}' names no heading or anchor in this chapter",
                )

    def _resolve_images(
        self, fragment: lxml_html.HtmlElement, source: ChapterSource, found: _Found
    ) -> None:
        for image in fragment.iter("img"):
            src = image.get("src", "")
            line = self._line(source, src) if src else source.body_line
            if not image.get("alt", "").strip():
                self.report.error(
                    "image-alt",
                    source.path,
                    line,
                    f"image '{src}' has no alt text: describe it for readers who cannot see it",
                )
            try:
                path = resolve(self.root, source.path.parent, src)
            except OutsideBook as problem:
                self.report.error("path-outside", source.path, line, f"image: {problem}")
                continue
            media_type = resource_type(path)
            if not path.is_file():
                self.report.error(
                    "image-missing", source.path, line, f"image '{src}' does not exist"
                )
            elif media_type not in IMAGE_TYPES:
                self.report.error(
                    "image-type",
                    source.path,
                    line,
                    f"image '{src}' must be PNG, JPEG, GIF, SVG or WebP",
                )
            elif problem := image_problem(path):
                self.report.error("image-corrupt", source.path, line, f"image '{src}' {problem}")
            else:
                book_path = book_relative(self.root, path)
                image.set("src", book_path)
                found.images.append(Resource(path, book_path, media_type))


def _demote_headings(fragment: lxml_html.HtmlElement) -> None:
    """The chapter title is the only h1: body headings start at h2."""
    if next(fragment.iter("h1"), None) is None:
        return
    for element in list(fragment.iter(*HEADINGS)):
        element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"


def _namespace_ids(fragment: lxml_html.HtmlElement, prefix: str) -> None:
    """Prefix every id with the chapter slug so that ids are unique in the whole book."""
    for element in fragment.iter():
        if element.get("id"):
            element.set("id", prefix + element.get("id"))


# The ids _number_blocks gives (`slug--b12`), which exist only to place page breaks.
BLOCK_ID = re.compile(r"--b[0-9]+$")


def _number_blocks(fragment: lxml_html.HtmlElement, prefix: str) -> None:
    for number, element in enumerate(fragment.iter(*BLOCKS), start=1):
        if not element.get("id"):
            element.set("id", f"{prefix}{number}")


def _add_note_roles(fragment: lxml_html.HtmlElement) -> None:
    """DPUB-ARIA roles on Python-Markdown's footnotes, for screen readers."""
    for element in fragment.iter():
        classes = set((element.get("class") or "").split())
        if "footnote-ref" in classes:
            element.set("role", "doc-noteref")
        elif "footnote-backref" in classes:
            element.set("role", "doc-backlink")
            element.attrib.pop("title", None)
            element.set("aria-label", "Back to text")
        elif "footnote" in classes and element.tag == "div":
            element.set("role", "doc-endnotes")


def serialize_children(element: lxml_html.HtmlElement) -> str:
    """The element's content as well-formed XHTML markup (no wrapper, no namespace)."""
    parts = [_escape(element.text or "")]
    parts.extend(etree.tostring(child, method="xml", encoding="unicode") for child in element)
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link_definition(html: str, matcher: GlossaryMatcher, own_id: str) -> str:
    """A glossary definition whose mentions of other entries link to them."""
    fragment = lxml_html.fragment_fromstring(html or "", create_parent="div")
    matcher.mark(fragment, linked={own_id}, href_prefix="", anchor_prefix=None)
    return serialize_children(fragment)


def render_block(md: python_markdown.Markdown, text: str) -> str:
    """Block Markdown (the disclaimer, a glossary definition) as an XHTML fragment."""
    md.reset()
    fragment = lxml_html.fragment_fromstring(md.convert(text) or "", create_parent="div")
    return serialize_children(fragment)
