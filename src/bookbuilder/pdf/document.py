"""Book -> the one HTML document that WeasyPrint lays out as the print edition.

Chapters' neutral anchors are already in-document links here; their footnotes move to the
foot of the page, and in a handout links to other chapters name the chapter instead.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree
from lxml import html as lxml_html

from bookbuilder import __version__, theme
from bookbuilder.model import BLOCK_ID, HEADINGS, Book
from bookbuilder.pdf.covers import CoverPage, title_page_lines
from bookbuilder.pdf.typeset import serialized, typeset, typeset_tree

_LINK_TARGET = re.compile(r'href="#([^"]+)"')


def handout_document(
    book: Book,
    slug: str,
    *,
    clinic: tuple[str, ...],
    printed_on: date,
    large_print: bool,
    words_class: str = "words-used",
) -> str:
    """One chapter as a handout: the chapter, the glossary words it uses, the disclaimer.
    `words_class` "words-used long" lets a list of words too long for one page break
    between its entries."""
    env = theme.environment(book.config)
    chapter = next(c for c in book.chapters if c.slug == slug)
    used = {use.entry_id for use in chapter.glossary_uses}
    html = env.get_template("handout.html.jinja").render(
        book=book,
        chapter=chapter,
        chapter_html=print_fragment(chapter.html, book, handout_of=slug),
        entries=[entry for entry in book.glossary if entry.id in used],
        clinic=clinic,
        printed_on=printed_on,
        review_day=printed_on,
        large_print=large_print,
        version=__version__,
        modified=book.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        words_class=words_class,
    )
    return typeset(html)


def print_document(book: Book, **options) -> str:
    """The print edition as one HTML string: the cover (when given), the front matter,
    the chapters and the glossary, and the booklet's back cover (`back_cover`)."""
    return serialized(print_tree(book, **options))


def print_tree(
    book: Book,
    *,
    large_print: bool = False,
    page_size: str | None = None,
    cover: CoverPage | None = None,
    back_cover: bool = False,
) -> lxml_html.HtmlElement:
    """`print_document`, parsed: what the layout in parts splits (pdf/parts.py)."""
    env = theme.environment(book.config)
    linked = {target for c in book.chapters for target in _LINK_TARGET.findall(c.html)}
    chapter_html = {c.slug: print_fragment(c.html, book, linked=linked) for c in book.chapters}
    html = env.get_template("print.html.jinja").render(
        book=book,
        chapters={c.slug: c for c in book.chapters},
        chapter_html=chapter_html,
        version=__version__,
        modified=book.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        body_class="book large-print" if large_print else "book",
        cover=cover,
        back_cover=back_cover,
        title_lines=title_page_lines(
            book.config.title, page_size or book.config.page_size, large_print=large_print
        ),
    )
    return typeset_tree(lxml_html.document_fromstring(html))


def print_fragment(
    xhtml: str, book: Book, *, handout_of: str | None = None, linked: set[str] = frozenset()
) -> str:
    """A chapter's neutral fragment made fit for one print document.

    In a handout (`handout_of` is its chapter's slug) other chapters are not there to
    turn to, so a link to one names it instead of a page.

    The ids numbering blocks (`slug--b12`) that no link in the book (`linked`) names
    become `data-block` marks: the layout still finds each page's first block by them,
    and WeasyPrint, whose bookkeeping of ids grows with the square of their number, lays
    the book out faster (512 pages: 13 % of the layout time).
    """
    fragment = lxml_html.fragment_fromstring(xhtml or "", create_parent="div")
    for element in fragment.xpath("//*[@id]"):
        block_id = element.get("id")
        if BLOCK_ID.search(block_id) and block_id not in linked and element.tag not in HEADINGS:
            del element.attrib["id"]
            element.set("data-block", block_id)
    if handout_of:
        _name_other_chapters(fragment, book, handout_of)
    _name_targets(fragment, book)
    _footnotes_to_floats(fragment)
    _join_source_lines(fragment)
    return "".join(
        [fragment.text or ""]
        + [etree.tostring(child, method="html", encoding="unicode") for child in fragment]
    )


def link_describer(book: Book):
    """A function naming each place a link can lead, for the PDF links' /Contents (the
    remediation stage adds the page): "Chapter 2, Gene Therapy for Back Pain",
    "Glossary: Endorphin", "Gene Therapy for Back Pain: What it is"."""
    _ = theme.translations(book.config).gettext
    names: dict[str, str] = {"toc": _("Contents"), "glossary": _("Glossary")}
    terms = {entry.id: entry.term for entry in book.glossary}
    names.update({key: _("Glossary: %(term)s") % {"term": t} for key, t in terms.items()})
    for chapter in book.chapters:
        title = chapter.title
        names[chapter.anchor] = _("Chapter %(number)s, %(title)s") % {
            "number": chapter.number,
            "title": title,
        }
        names[f"{chapter.anchor}-title"] = names[chapter.anchor]
        for heading in chapter.headings:
            names[heading.anchor] = _("%(chapter)s: %(heading)s") % {
                "chapter": title,
                "heading": heading.text,
            }
        for use in chapter.glossary_uses:
            term = terms.get(use.entry_id, use.entry_id)
            names[use.anchor] = _("%(term)s, in %(chapter)s") % {"term": term, "chapter": title}

    def describe(anchor: str) -> str | None:
        return names.get(anchor) or _title_of(book, anchor)

    return describe


def _title_of(book: Book, anchor: str) -> str | None:
    """What a reader would call the place `anchor` names: its heading, or its chapter."""
    part = book.part_of(anchor)
    chapter = next((c for c in book.chapters if c.slug == part), None)
    if chapter is None:
        return None
    heading = next((h.text for h in chapter.headings if h.anchor == anchor), None)
    return heading or chapter.title


def _same_words(one: str, other: str) -> bool:
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def _name_targets(fragment: lxml_html.HtmlElement, book: Book) -> None:
    """A cross-reference reads "see “Title”, page 3" (print.css adds the words around
    `data-see`), or just "(page 3)" when its own text is the title already."""
    for link in fragment.find_class("xref"):
        title = _title_of(book, link.get("href", "#")[1:])
        if title is not None:
            link.set("data-see", "" if _same_words(link.text_content(), title) else title)


def _name_other_chapters(fragment: lxml_html.HtmlElement, book: Book, slug: str) -> None:
    """A handout has only its own chapter to turn to: a link to another one names the
    chapter and the book it is in: "see “Title” in *Book*"."""
    chapters = {c.slug: c for c in book.chapters}
    _ = theme.translations(book.config).gettext
    for link in list(fragment.iter("a")):
        href = link.get("href", "")
        target = chapters.get(book.part_of(href[1:])) if href.startswith("#") else None
        if target is None or target.slug == slug:
            continue
        note = lxml_html.Element("span", {"class": "xref-note"})
        cite = lxml_html.Element("cite")
        cite.text = book.config.title
        note.append(cite)
        if _same_words(link.text_content(), target.title):
            message = _("“%(title)s” in %(book)s")
            note.text, cite.tail = _around_book(message, target.title)
            note.tail = link.tail
            link.getparent().replace(link, note)
            continue
        link.attrib.pop("href")
        link.set("class", "xref-elsewhere")
        note.text, cite.tail = _around_book(_("(see “%(title)s” in %(book)s)"), target.title)
        note.text = " " + note.text
        note.tail, link.tail = link.tail, None
        link.addnext(note)


def _around_book(message: str, title: str) -> tuple[str, str]:
    """The words before and after the book's title (a `<cite>`) in `message`."""
    before, _, after = message.partition("%(book)s")
    return before % {"title": title}, after % {"title": title}


def _join_source_lines(fragment: lxml_html.HtmlElement) -> None:
    """Markdown keeps the editor's line ends inside paragraphs. They mean nothing, but
    WeasyPrint sometimes breaks a line early at one, so they become spaces."""
    for element in fragment.iter():
        if element.tag in ("pre", "code") or any(a.tag == "pre" for a in element.iterancestors()):
            continue
        if element.text and "\n" in element.text:
            element.text = element.text.replace("\n", " ")
        if (
            element.tail
            and "\n" in element.tail
            and element.getparent() is not None
            and element.getparent().tag != "pre"
        ):
            element.tail = element.tail.replace("\n", " ")


def _footnotes_to_floats(fragment: lxml_html.HtmlElement) -> None:
    """Python-Markdown's end notes become `float: footnote` spans at their call."""
    notes = {li.get("id"): li for li in fragment.xpath("//div[@role='doc-endnotes']//li[@id]")}
    for ref in fragment.find_class("footnote-ref"):
        note = notes.get(ref.get("href", "")[1:])
        sup = ref.getparent()
        if note is None or sup is None:
            continue
        span = lxml_html.Element("span", {"class": "print-footnote"})
        for backref in note.find_class("footnote-backref"):
            backref.drop_tree()
        paragraphs = note.findall("p") or [note]
        for index, paragraph in enumerate(paragraphs):
            if index:
                span.append(lxml_html.Element("br"))
            holder = lxml_html.Element("span")
            holder.text = paragraph.text
            for child in list(paragraph):
                holder.append(child)
            span.append(holder)
        span.tail = sup.tail
        sup.getparent().replace(sup, span)
        # WeasyPrint keeps no anchors inside footnotes, so a glossary term first used in
        # one would have no page: its id moves to the call, which is on the same page.
        for element in span.xpath(".//*[@id]"):
            span.addprevious(lxml_html.Element("span", {"id": element.attrib.pop("id")}))
    for container in fragment.xpath("//div[@role='doc-endnotes']"):
        container.drop_tree()
