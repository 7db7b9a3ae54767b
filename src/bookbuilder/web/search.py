"""The web edition's search, made at build time: an index of every section of the book
(a chapter's opening, each of its `##` sections, each glossary entry) that a small
script on the search page reads. Nothing is fetched: the index is a script file, which
browsers load from `file://` too.

Words are folded the same way here and in search.js: Unicode letters, marks and digits,
Latin accents dropped, lower case. Scripts written without spaces (Chinese, Japanese,
Thai, Khmer) are indexed as pairs of characters, so a query of two or more of their
characters finds them anywhere; any query word also finds the words it begins
("endorphin" finds "endorphins").
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from bookbuilder.model import HEADINGS, Book
from bookbuilder.text import UNSPACED, unspaced
from bookbuilder.web.pages import parse_fragment

EXCERPT_WORDS = 30
TITLE_WEIGHT = 5  # a word in a section's heading counts as this many in its text
_LATIN_ACCENTS = re.compile("[\u0300-\u036f]")
SKIPPED = {"script", "style"}  # text that is not read
SKIPPED_CLASSES = {"footnote-backref", "reference-backlink"}


@dataclass(frozen=True)
class Section:
    href: str  # the page and the anchor of the section
    title: str  # the chapter's title, or "Glossary"
    heading: str  # the section's heading ("" for a chapter's opening)
    text: str
    also: str = ""  # words found but not shown: a glossary entry's other forms


def fold(text: str) -> str:
    """Text as the index keeps it: compatibility forms and Latin accents gone, lower case."""
    text = _LATIN_ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return unicodedata.normalize("NFC", text)


@functools.cache
def _word() -> re.Pattern[str]:
    """A run of letters, marks and digits (Python's \\w lacks the marks, without which
    Devanagari words would break at every vowel sign)."""
    marks, start = [], None
    for code_point in [*range(0x20000), *range(0xE0100, 0xE01F0)]:
        is_mark = unicodedata.category(chr(code_point)).startswith("M")
        if is_mark and start is None:
            start = code_point
        elif not is_mark and start is not None:
            marks.append(f"{_escape(start)}-{_escape(code_point - 1)}")
            start = None
    return re.compile(f"(?:[^\\W_]|[{''.join(marks)}])+")


def _escape(code_point: int) -> str:
    return f"\\U{code_point:08x}"


def words(text: str) -> list[str]:
    """The indexed words of `text`: whole words, and pairs of characters of scripts
    written without spaces (a lone such character as itself)."""
    found = []
    for run in _word().findall(fold(text)):
        for piece in _split_unspaced(run):
            if unspaced(piece[0]) and len(piece) > 1:
                found += [piece[i : i + 2] for i in range(len(piece) - 1)]
            else:
                found.append(piece)
    return found


def _split_unspaced(run: str) -> list[str]:
    """ "abc背痛def" -> ["abc", "背痛", "def"]."""
    pieces: list[str] = []
    for character in run:
        if pieces and unspaced(pieces[-1][-1]) == unspaced(character):
            pieces[-1] += character
        else:
            pieces.append(character)
    return pieces


def sections_of(book: Book, page_of_chapter: dict[str, str], glossary_page: str, words_of):
    """Every section of the book, in reading order. `words_of` is the book's gettext."""
    sections = []
    for chapter in book.chapters:
        page = page_of_chapter[chapter.slug]
        current = Section(page, chapter.title, "", chapter.source.summary or "")
        parts = [current.text]
        for element in parse_fragment(chapter.html):
            if element.tag == "h2":
                sections.append(_with_text(current, parts))
                heading = " ".join("".join(element.itertext()).split())
                current = Section(f"{page}#{element.get('id')}", chapter.title, heading, "")
                parts = []
            else:
                parts.append(_text(element))
        sections.append(_with_text(current, parts))
    glossary = words_of("Glossary")
    for entry in book.glossary:
        text = " ".join(_text(parse_fragment(entry.definition_html)).split())
        href = f"{glossary_page}#{entry.id}"
        sections.append(Section(href, glossary, entry.term, text, " ".join(entry.aliases)))
    return sections


def _with_text(section: Section, parts: list[str]) -> Section:
    return Section(section.href, section.title, section.heading, " ".join(" ".join(parts).split()))


def _text(element: etree._Element) -> str:
    if element.tag in SKIPPED or SKIPPED_CLASSES & set((element.get("class") or "").split()):
        return element.tail or ""
    inner = [element.text or ""] + [_text(child) for child in element]
    separator = " " if element.tag in HEADINGS or element.tag in ("p", "li", "td", "th") else ""
    return separator.join(inner) + " " + (element.tail or "")


def search_index(sections: list[Section]) -> str:
    """The index as a script: `window.bookSearchIndex = {…}` with each section's link,
    titles and opening words, the sorted words, and for each word the sections that
    hold it with a weight. Deterministic: the same book gives the same bytes."""
    postings: dict[str, list[int]] = {}
    for number, section in enumerate(sections):
        counts = Counter(words(section.text))
        for word in words(f"{section.title} {section.heading} {section.also}"):
            counts[word] += TITLE_WEIGHT
        for word, count in sorted(counts.items()):
            postings.setdefault(word, []).extend((number, count))
    terms = sorted(postings)
    index = {
        "sections": [[s.href, s.title, s.heading, _excerpt(s.text)] for s in sections],
        "words": terms,
        "postings": [postings[term] for term in terms],
        "unspaced": [list(pair) for pair in UNSPACED],
    }
    data = json.dumps(index, ensure_ascii=True, separators=(",", ":"))
    return f"window.bookSearchIndex = {data};\n"


def _excerpt(text: str) -> str:
    """The section's opening words, for the result list."""
    split = text.split()
    return " ".join(split[:EXCERPT_WORDS]) + (" …" if len(split) > EXCERPT_WORDS else "")
