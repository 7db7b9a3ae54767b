"""A chapter's citations formatted by citeproc-py with the book's CSL style, and its own
numbered "References" list at its end.

Each citation links to its entry (`doc-biblioref`), and each entry back to where it is
first cited (`doc-backlink`). The neutral HTML carries DPUB-ARIA roles; the EPUB adds
their `epub:type`s (epub/links.py). Items are given to citeproc-py under ids of our own
(`r0`, `r1`…): it lowercases keys, and pandoc's keys are case-sensitive.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from lxml import html as lxml_html

from bookbuilder.diagnostics import Report
from bookbuilder.html import citeproc_fixes
from bookbuilder.html.citation_style import CitationStyle
from bookbuilder.html.citation_syntax import PLACEHOLDER
from bookbuilder.html.markdown import parse_html
from bookbuilder.model import Bibliography
from bookbuilder.text import did_you_mean

_OPEN, _CLOSE, _END = "\ue020", "\ue021", "\ue022"  # an item's link: open N close … end
_LINKED = re.compile(f"{_OPEN}([0-9]+){_CLOSE}(.*?){_END}", re.S)
_WEB = re.compile(
    r"(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:)\]])|(?P<doi>\b10\.\d{4,9}/[^\s<>\"]+[^\s<>\".,;:)\]])"
)
_NUMBER = re.compile(r"^\s*(\[?\(?\d+[\].)]?\.?)\s*")  # a numeric style's "1." or "[1]"
Locate = Callable[[str], tuple[int, int]]  # where the next citation of a key is written


class ChapterCitations:
    """Formats the citations of each chapter of one book (one per renderer: loading a
    CSL style takes a while)."""

    def __init__(self, bibliography: Bibliography | None, language: str):
        self.bibliography = bibliography
        self.style = CitationStyle(bibliography.style_file, language) if bibliography else None
        entries = bibliography.entries if bibliography else ()
        self.ids = {entry.key: f"r{index}" for index, entry in enumerate(entries)}
        self.keys = {ident: key for key, ident in self.ids.items()}
        data = [entry.csl | {"id": self.ids[entry.key]} for entry in entries]
        self.source = CiteProcJSON(data) if data else None

    def apply(
        self,
        fragment: lxml_html.HtmlElement,
        slug: str,
        path: Path,
        locate: Locate,
        report: Report,
        words: tuple[str, str],
    ) -> tuple[str, ...]:
        """Every citation placeholder of `fragment` formatted, and the list appended;
        the keys cited, in the list's order. `words`: the list's heading, and a back
        link's label."""
        placeholders = [span for span in fragment.iter("span") if span.get(PLACEHOLDER)]
        if not placeholders:
            return ()
        citations = []
        for span in placeholders:
            try:
                written = json.loads(span.attrib.pop(PLACEHOLDER))
            except ValueError:
                continue
            if self.bibliography is None and written["mode"] == "narrative":
                span.drop_tag()  # "@name" in a book that cites nothing is text (a handle)
                continue
            items = [self._item(part, path, locate, report) for part in written["items"]]
            citations.append((span, written, [item for item in items if item is not None]))
        for span, _, items in citations:
            if not items:  # each key missing: the citation reads as written
                span.drop_tag()
        if self.source is None:
            return ()
        listing = CitationStylesBibliography(self.style.style, self.source, formatter.html)
        registered = []
        for span, written, items in citations:
            if items:
                citation = Citation(items)
                listing.register(citation)
                registered.append((span, written["mode"], citation))
        listing.sort()
        number_of = {ident: index for index, ident in enumerate(listing.keys, start=1)}
        first_citation: dict[int, str] = {}
        taken = {element.get("id") for element in fragment.iter() if element.get("id")}
        for count, (span, mode, citation) in enumerate(registered, start=1):
            text = self._cite(listing, mode, citation, number_of)
            if any(ancestor.tag == "a" for ancestor in span.iterancestors()):
                text = _LINKED.sub(r"\2", text)  # a citation in a link's text: no link in it
            _replace(span, _linked(text, slug, count, first_citation))
        entries = [str(entry) for entry in listing.bibliography()]
        heading_id = _unique(f"{slug}--references", taken)
        _append_list(fragment, slug, heading_id, entries, first_citation, self.style.numeric, words)
        return tuple(self.keys[ident] for ident in listing.keys)

    def _item(self, part: dict, path: Path, locate: Locate, report: Report):
        key = part["key"]
        line, col = locate(key)
        if self.bibliography is None:
            message = (
                f"'@{key}' cites a work, but book.toml names no bibliography: add "
                '[references] bibliography = "references.bib", or write \\@ for an @'
            )
            report.error("citation-no-bibliography", path, line, message, col)
            return None
        if key not in self.ids:
            hint = did_you_mean(key, self.ids)
            message = (
                f"no entry '{key}' in {self.bibliography.path.name}{hint}"
                " (write \\@ for an @ that cites nothing)"
            )
            report.error("citation-missing", path, line, message, col)
            return None
        prefix, suffix = part["prefix"], part["suffix"]
        options = {}
        locator = self.style.locator(suffix)
        if locator is not None:
            (label, value), suffix = locator
            options["locator"] = Locator(label, value)
        item = CitationItem(self.ids[key], **options)
        dict.__setitem__(item, "prefix", html.escape(prefix + " " if prefix else ""))
        dict.__setitem__(
            item,
            "suffix",
            html.escape(suffix if suffix[:1] in ",;" else f" {suffix}" if suffix else ""),
        )
        dict.__setitem__(item, citeproc_fixes.SUPPRESS, part["suppress"])
        return item

    def _cite(self, listing, mode: str, citation: Citation, number_of: dict[str, int]) -> str:
        items = citation.cites
        for item in items:
            number = number_of[item.key]
            item["prefix"] = item.get("prefix", "") + f"{_OPEN}{number}{_CLOSE}"
            item["suffix"] = _END + item.get("suffix", "")
        if mode != "narrative":
            return str(listing.cite(citation, _missing))
        item = items[0]
        dict.__setitem__(item, citeproc_fixes.SUPPRESS, True)
        text = str(listing.cite(citation, _missing))
        entry = self.bibliography.entry(self.keys[item.key])
        author = item.get(citeproc_fixes.AUTHOR) or self.style.names(entry.csl)
        return f"{author} {text}" if author else text


def _missing(item) -> str:
    return html.escape(item.key)


def _linked(text: str, slug: str, count: int, first_citation: dict[int, str]) -> str:
    """citeproc's HTML with each item's markers made a link to its entry."""
    links = 0

    def link(match: re.Match[str]) -> str:
        nonlocal links
        links += 1
        number = int(match[1])
        anchor = f"{slug}--cite-{count}" + (f"-{links}" if links > 1 else "")
        first_citation.setdefault(number, anchor)
        return f'<a href="#{slug}--ref-{number}" id="{anchor}" role="doc-biblioref">{match[2]}</a>'

    return _LINKED.sub(link, text).replace(_OPEN, "").replace(_CLOSE, "").replace(_END, "")


def _replace(span: lxml_html.HtmlElement, markup: str) -> None:
    new = parse_html(f'<span class="citation">{_clean(markup)}</span>')[0]
    new.tail = span.tail
    span.getparent().replace(span, new)


def _clean(markup: str) -> str:
    """citeproc-py's HTML as chapter HTML: its `<l>` (light) is not an HTML element, and
    its small capitals are inline styles."""
    markup = markup.replace("<l>", '<span class="light">').replace("</l>", "</span>")
    return markup.replace('style="font-variant:small-caps;"', 'class="small-caps"')


def _unique(anchor: str, taken: set[str]) -> str:
    """`anchor`, or with a number after it when a heading of the author's has it."""
    number = 1
    found = anchor
    while found in taken:
        number += 1
        found = f"{anchor}-{number}"
    return found


def _append_list(fragment, slug, heading_id, entries, first_citation, numeric, words) -> None:
    heading, back = words
    items = []
    for number, entry in enumerate(entries, start=1):
        entry = _web_links(_clean(entry))
        if numeric:
            entry = _NUMBER.sub(r'<span class="reference-number">\1 </span>', entry, count=1)
        backlink = ""
        if number in first_citation:
            backlink = (
                f' <a href="#{first_citation[number]}" role="doc-backlink" '
                f'class="reference-backlink" aria-label="{html.escape(back)}">↩</a>'
            )
        items.append(f'<li id="{slug}--ref-{number}">{entry}{backlink}</li>')
    section = parse_html(
        f'<section class="references" role="doc-bibliography" aria-labelledby="{heading_id}">'
        f'<h2 id="{heading_id}">{html.escape(heading)}</h2>'
        f'<ol class="references-list{" numbered" if numeric else ""}">{"".join(items)}</ol>'
        "</section>"
    )[0]
    notes = next(
        (div for div in fragment.iter("div") if "footnote" in (div.get("class") or "").split()),
        None,
    )
    if notes is not None:
        notes.addprevious(section)
    else:
        fragment.append(section)


def _web_links(markup: str) -> str:
    """URLs and DOIs in an entry as links (in print they read as the text they are)."""

    def link(match: re.Match[str]) -> str:
        if match["url"]:
            return f'<a href="{match["url"]}">{match["url"]}</a>'
        return f'<a href="https://doi.org/{match["doi"]}">{match["doi"]}</a>'

    pieces = re.split(r"(<[^>]+>)", markup)
    return "".join(p if p.startswith("<") else _WEB.sub(link, p) for p in pieces)
