"""Glossary terms in XHTML: the first use of each term in a text linked to its entry, and
the glossary's own entries rendered, cross-linked and given their uses.

Links are neutral anchors (`#gl-endorphin`): each renderer maps them to its own form.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import html as lxml_html

from bookbuilder.diagnostics import Report
from bookbuilder.html.markdown import new_markdown, serialize_children
from bookbuilder.html.sanitize import render_safe_block
from bookbuilder.model import HEADINGS, Chapter, GlossaryEntry, GlossaryTerm, GlossaryUse
from bookbuilder.text import unspaced

# Glossary terms are never linked inside these (or inside headings): links, code, and a
# term's own definition. Inside other inline markup (em, strong, span, abbr, sup, sub)
# they are.
NO_GLOSSARY = HEADINGS | {"a", "code", "pre", "kbd", "samp", "dfn", "svg", "math"}


@dataclass(frozen=True)
class _Link:
    entry: GlossaryTerm
    anchor: str  # the link's own id, "" when it has none


def _alternation(names: list[str]) -> str:
    """The names, in order, as one regular expression of whole words: a name is not
    found inside a longer word. Scripts written without spaces between words (Chinese,
    Japanese, Thai, Khmer) have no word edges to look for, so a name that begins or ends
    in one of them is matched where it stands.

    Neighbouring names with the same edges share one pair of look-arounds,
    `(?<!\\w)(?:a|b)(?!\\w)`: the same matches, in the same order of preference, as a
    pair around each name, and six times faster on a chapter (a look-behind before every
    alternative keeps `re` from skipping to the places where a name can start)."""
    return "|".join(
        f"{before}(?:{'|'.join(re.escape(name) for name in run)}){after}"
        for (before, after), run in itertools.groupby(names, key=_edges)
    )


def _edges(name: str) -> tuple[str, str]:
    before = "" if unspaced(name[0]) else r"(?<!\w)"
    after = "" if unspaced(name[-1]) else r"(?!\w)"
    return before, after


def _inside_a_word(text: str, match: re.Match[str]) -> bool:
    """True if a letter, digit or mark runs on from the match: `\\w` misses the vowel
    signs of Devanagari, so "रोग" would otherwise be found in "रोगी"."""
    name, start, end = match[0], match.start(), match.end()
    before = not unspaced(name[0]) and start > 0 and _word_character(text[start - 1])
    after = not unspaced(name[-1]) and end < len(text) and _word_character(text[end])
    return before or after


def _word_character(character: str) -> bool:
    return character == "_" or unicodedata.category(character)[0] in "LMN"


class GlossaryMatcher:
    """Finds terms and aliases whole-word and case-insensitively, longest first."""

    def __init__(self, terms: tuple[GlossaryTerm, ...]):
        self.entry_of: dict[str, GlossaryTerm] = {}
        for entry in terms:
            for name in (entry.term, *entry.aliases):
                self.entry_of.setdefault(name.casefold(), entry)
        names = sorted((n for n in self.entry_of if n.strip()), key=len, reverse=True)
        self.pattern = re.compile(_alternation(names), re.IGNORECASE) if names else None

    def find(self, text: str) -> Iterator[tuple[re.Match[str], GlossaryTerm]]:
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            if not _inside_a_word(text, match):
                yield match, self.entry_of[match[0].casefold()]

    def mark(
        self, element: lxml_html.HtmlElement, *, linked: set[str], anchor_prefix: str | None
    ) -> list[_Link]:
        """Link the first use of each entry not yet in `linked`, in document order, never
        inside links, code or headings. Returns each entry linked and its link's id."""
        made: list[_Link] = []
        self._mark(element, linked, anchor_prefix, made)
        return made

    def _mark(self, element, linked, anchor_prefix, made) -> None:
        children = list(element)
        self._link_text(element, None, linked, anchor_prefix, made)
        for child in children:
            if isinstance(child.tag, str) and child.tag not in NO_GLOSSARY:
                self._mark(child, linked, anchor_prefix, made)
            self._link_text(element, child, linked, anchor_prefix, made)

    def _link_text(self, parent, before, linked, anchor_prefix, made) -> None:
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
            attributes = {"class": "glossref", "role": "doc-glossref", "href": f"#{entry.id}"}
            anchor = f"{anchor_prefix}{entry.id}" if anchor_prefix else ""
            if anchor:
                attributes["id"] = anchor
            link = lxml_html.Element("a", attributes)
            link.text, link.tail = match[0], text[match.end() : end]
            parent.insert(index + offset, link)
            made.append(_Link(entry, anchor))


def mark_uses(
    fragment: lxml_html.HtmlElement, matcher: GlossaryMatcher, slug: str
) -> list[GlossaryUse]:
    """Link the first use of each term in a chapter; each link gets an id of its own, so
    that the glossary can point back at it."""
    return [
        GlossaryUse(link.entry.id, slug, link.anchor)
        for link in matcher.mark(fragment, linked=set(), anchor_prefix=f"{slug}--use-")
    ]


def render_glossary(
    terms: tuple[GlossaryTerm, ...], chapters: tuple[Chapter, ...], report: Report
) -> tuple[GlossaryEntry, ...]:
    """The glossary's entries: definitions as XHTML, made safe as chapters are (raw HTML
    that could run or fetch is removed, with a warning at the entry's line), whose
    mentions of other entries link to them, each with the chapters' uses of its term."""
    md = new_markdown()
    matcher = GlossaryMatcher(terms)
    uses: dict[str, list[GlossaryUse]] = {term.id: [] for term in terms}
    for chapter in chapters:
        for use in chapter.glossary_uses:
            uses[use.entry_id].append(use)
    entries = []
    for term in terms:

        def warn(needle: str, message: str, term: GlossaryTerm = term) -> None:
            report.warning("unsafe-html", term.path, term.line, f"'{term.term}': {message}")

        def warn_image(needle: str, message: str, term: GlossaryTerm = term) -> None:
            report.warning("image-place", term.path, term.line, f"'{term.term}': {message}")

        fragment = render_safe_block(md, term.definition, warn, warn_image)
        matcher.mark(fragment, linked={term.id}, anchor_prefix=None)
        entries.append(
            GlossaryEntry(
                id=term.id,
                term=term.term,
                aliases=term.aliases,
                definition_html=serialize_children(fragment),
                path=term.path,
                line=term.line,
                uses=tuple(uses[term.id]),
            )
        )
    return tuple(entries)
