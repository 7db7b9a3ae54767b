"""One chapter's Markdown -> its format-neutral XHTML and what later stages need to know
of it (headings, glossary uses, cross-references, images, web links).

Python-Markdown does the Markdown; one lxml pass over its result (raw HTML included) then
drops unsafe markup, makes ids unique across the book, resolves links and images and
links the first use of each glossary term. One pass keeps the stage linear in the length
of the text whatever the size of the glossary. Links are neutral anchors (`#slug--id`,
`#chapter-slug`, `#gl-term`): each renderer maps them to its own form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from bookbuilder.diagnostics import Report
from bookbuilder.html.citation_syntax import citation_pattern
from bookbuilder.html.citations import ChapterCitations
from bookbuilder.html.figures import make_figures
from bookbuilder.html.glossary import GlossaryMatcher, mark_uses
from bookbuilder.html.lint import lint_chapter
from bookbuilder.html.markdown import new_markdown, parse, serialize_children
from bookbuilder.html.positions import mark_positions, take_positions
from bookbuilder.html.references import Found, Place, resolve_images, resolve_links
from bookbuilder.html.sanitize import sanitize
from bookbuilder.html.tables import infer_row_headers
from bookbuilder.model import (
    BLOCKS,
    HEADINGS,
    Bibliography,
    Chapter,
    ChapterSource,
    GlossaryTerm,
    Heading,
    block_id,
)
from bookbuilder.text import join_unspaced_lines


@dataclass(frozen=True)
class Labels:
    """The words a chapter's HTML holds that are not the author's, in the book's language
    (`language`): a figure's label ("Figure %(number)s"), the way back from a footnote or
    a reference ("Back to text"), and the heading of the references."""

    figure: str
    back_to_text: str
    references: str = "References"
    language: str = "en"


ENGLISH = Labels("Figure %(number)s", "Back to text")


class ChapterRenderer:
    """Renders every chapter of one book with one Markdown instance (reset between uses)."""

    def __init__(
        self,
        root: Path,
        glossary: tuple[GlossaryTerm, ...],
        report: Report,
        labels: Labels = ENGLISH,
        bibliography: Bibliography | None = None,
    ):
        self.root = root
        self.matcher = GlossaryMatcher(glossary)
        self.report = report
        self.labels = labels
        self.citations = ChapterCitations(bibliography, labels.language)
        self.md = new_markdown(citations=True)

    def render(self, source: ChapterSource, number: int) -> Chapter:
        place = Place(self.root, source.path, source.slug, source.body, source.body_line)
        fragment = parse(self.md, mark_positions(source.body, source.body_line))
        place.positions = take_positions(fragment)
        found = Found()
        sanitize(fragment, self._warn_unsafe(place))
        make_figures(fragment, number, self.labels.figure)
        _demote_headings(fragment)
        _join_unspaced_lines(fragment)
        _namespace_ids(fragment, f"{source.slug}--")
        _number_blocks(fragment, source.slug)
        resolve_links(fragment, place, self.report, found)
        resolve_images(fragment, place, self.report, found)
        uses = mark_uses(fragment, self.matcher, source.slug)
        cited = self.citations.apply(
            fragment,
            source.slug,
            source.path,
            lambda key: place.locator.locate_pattern(citation_pattern(key)),
            self.report,
            (self.labels.references, self.labels.back_to_text),
        )
        self._drop_unreferenced_footnotes(fragment, place)
        infer_row_headers(fragment)
        lint_chapter(fragment, place, self.report)
        _add_note_roles(fragment, self.labels.back_to_text)
        headings = self._headings(fragment, place)
        return Chapter(
            source=source,
            number=number,
            html=serialize_children(fragment),
            headings=tuple(headings),
            glossary_uses=tuple(uses),
            cross_references=tuple(found.cross_references),
            images=tuple(found.images),
            external_links=tuple(found.external_links),
            cited_keys=cited,
        )

    def _headings(self, fragment: lxml_html.HtmlElement, place: Place) -> list[Heading]:
        """The chapter's headings for the contents, by their text (or their images' alt
        text); a heading with neither has no name to list, and is reported."""
        headings = []
        for element in fragment.iter(*HEADINGS):
            text = (
                " ".join(element.text_content().split())
                or " ".join(
                    " ".join(image.get("alt", "").split()) for image in element.iter("img")
                ).strip()
            )
            if text:
                headings.append(Heading(int(element.tag[1]), text, element.get("id", "")))
            else:
                line, col = place.locator.locate_pattern(r"^[ ]{0,3}#{1,6}[ \t#]*$")
                message = "a heading with no text: give it words, or remove the '#' line"
                self.report.warning("heading-empty", place.path, line, message, col)
        return headings

    def _warn_unsafe(self, place: Place):
        def warn(needle: str, message: str) -> None:
            line, col = place.locate(needle)
            self.report.warning("unsafe-html", place.path, line, message, col)

        return warn

    def _drop_unreferenced_footnotes(self, fragment: lxml_html.HtmlElement, place: Place) -> None:
        """Python-Markdown keeps footnotes nothing refers to, with a back link to nowhere."""
        ids = {element.get("id") for element in fragment.iter() if element.get("id")}
        for backref in list(fragment.find_class("footnote-backref")):
            if backref.get("href", "")[1:] in ids:
                continue
            item = next(backref.iterancestors("li"))
            label = item.get("id", "").split("fn:", 1)[-1]
            line, col = place.locate(f"[^{label}]:")
            self.report.warning(
                "footnote-unused",
                place.path,
                line,
                f"footnote [^{label}] is never referred to and was left out",
                col,
            )
            notes = item.getparent()
            notes.remove(item)
            if len(notes) == 0:
                notes.getparent().drop_tree()


def _join_unspaced_lines(fragment: lxml_html.HtmlElement) -> None:
    """No space where an editor's line ended between two Chinese or Japanese characters
    (outside preformatted text)."""
    for element in fragment.iter():
        if element.tag == "pre" or any(a.tag == "pre" for a in element.iterancestors()):
            continue
        if element.text and "\n" in element.text:
            element.text = join_unspaced_lines(element.text)
        if element.tail and "\n" in element.tail:
            element.tail = join_unspaced_lines(element.tail)


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


def _number_blocks(fragment: lxml_html.HtmlElement, slug: str) -> None:
    """Blocks get ids so that the print edition's page breaks can be placed in the EPUB."""
    for number, element in enumerate(fragment.iter(*BLOCKS), start=1):
        if not element.get("id"):
            element.set("id", block_id(slug, number))


def _add_note_roles(fragment: lxml_html.HtmlElement, back_to_text: str) -> None:
    """DPUB-ARIA roles on Python-Markdown's footnotes, for screen readers, and no `<hr>`
    before them (a screen reader announces it as a separator)."""
    for element in list(fragment.iter()):  # a list: the loop removes elements
        classes = set((element.get("class") or "").split())
        if "footnote-ref" in classes:
            element.set("role", "doc-noteref")
        elif "footnote-backref" in classes:
            element.set("role", "doc-backlink")
            element.attrib.pop("title", None)
            element.set("aria-label", back_to_text)
        elif "footnote" in classes and element.tag == "div":
            element.set("role", "doc-endnotes")
            for rule in element.findall("hr"):  # announced as a separator; CSS draws it
                element.remove(rule)
