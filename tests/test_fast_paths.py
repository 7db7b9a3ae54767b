"""The two shortcuts of the Markdown stage give exactly what the long way gives, on
generated text: Python-Markdown's inline stage skipping patterns that cannot match
(html/inline_triggers.py), and the glossary's terms found with shared look-arounds
(html/glossary.py). Both were made for speed (issue 18); neither may change a byte."""

from __future__ import annotations

import re

import markdown as python_markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bookbuilder.html import glossary
from bookbuilder.html import markdown as book_markdown
from bookbuilder.html.citation_syntax import CitationExtension
from bookbuilder.html.inline_triggers import SkippingInlineProcessor, needed_characters
from bookbuilder.html.positions import PositionsExtension
from bookbuilder.text import slugify

# Text dense in what inline patterns look for: brackets, stars, backticks, quotes,
# dashes, dots, angle brackets, entities, at signs, escapes, line breaks.
MARKUP = [
    *"[]()!*_`'\"-.<>&@\\^:/ \n#=|{}~",
    "  \n",
    "[^1]",
    "[^1]: note",
    "[@doe2020]",
    "@doe2020",
    "<https://example.org>",
    "<a@b.org>",
    "&amp;",
    "&#8212;",
    "<span>",
    "</span>",
    "![alt](x.png)",
    "[link](https://example.org)",
    "[ref]",
    "[ref]: https://example.org",
    "...",
    "---",
    "**",
    "__",
]
markdown_text = st.lists(
    st.one_of(st.sampled_from(MARKUP), st.text(min_size=1, max_size=6)), max_size=40
).map("".join)


def stock_markdown() -> python_markdown.Markdown:
    """Our extensions with Python-Markdown's own inline processors."""
    return python_markdown.Markdown(
        extensions=[*book_markdown.EXTENSIONS, PositionsExtension(), CitationExtension()],
        extension_configs={"toc": {"slugify": slugify}},
        output_format="xhtml",
    )


STOCK, SKIPPING = stock_markdown(), book_markdown.new_markdown(citations=True)


def test_the_skipping_processors_are_in_place():
    for name in ("inline", "smarty"):
        assert isinstance(SKIPPING.treeprocessors[name], SkippingInlineProcessor)
        assert not isinstance(STOCK.treeprocessors[name], SkippingInlineProcessor)


def test_needs_are_read_from_the_patterns():
    assert needed_characters(re.compile(r"(?<!\!)\[")) == {"["}
    assert needed_characters(re.compile(r"\*|_")) == {"*", "_"}
    assert needed_characters(re.compile(r"(\s|&nbsp;)'(?=\w)")) == {"'"}
    assert needed_characters(re.compile(r"[a-z]+")) is None  # a class: always tried
    assert needed_characters(re.compile(r"x?y*")) is None  # nothing required
    assert needed_characters(re.compile(r"\[", re.IGNORECASE)) is None
    assert needed_characters(re.compile(r"(?i:a)b")) == {"b"}  # not "a": any case matches
    assert needed_characters(re.compile(r"(?i:a)")) is None
    assert needed_characters(re.compile(r"[^\[]")) is None  # a negated class needs nothing


@settings(max_examples=400, deadline=None, derandomize=True)
@given(markdown_text)
def test_skipping_patterns_changes_no_output(text):
    STOCK.reset()
    SKIPPING.reset()
    assert SKIPPING.convert(text) == STOCK.convert(text)


def per_name_pattern(names: list[str]) -> re.Pattern:
    """The glossary's pattern as it was: a pair of look-arounds around each name."""
    alternatives = []
    for name in names:
        before, after = glossary._edges(name)
        alternatives.append(f"{before}{re.escape(name)}{after}")
    return re.compile("|".join(alternatives), re.IGNORECASE)


# Names that begin alike with different edges ("疼痛" and "疼痛 gene", "gene" and
# "gene 疼痛"): grouping must keep the order of preference, not only the edges.
NAMES = ["gene", "gene therapy", "DNA", "疼痛", "背痛治疗", "ยา", "x-ray", "A/B", "é", "痛 x"]
NAMES += ["疼痛 gene", "gene 疼痛"]
names = st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True).map(
    lambda found: sorted(found, key=len, reverse=True)  # longest first, as the matcher has them
)
prose = st.lists(
    st.sampled_from([*NAMES, "genes", " ", "therapy", "治疗", "背", "-", "xgene", "_"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(names, prose)
@example(["疼痛 gene", "疼痛"], "疼痛 gene")  # the longer name, though its edges differ
@example(["gene 疼痛", "gene"], "a gene 疼痛.")
def test_shared_look_arounds_find_what_a_pair_per_name_finds(terms, text):
    grouped = re.compile(glossary._alternation(terms), re.IGNORECASE)
    expected = [(m.span(), m[0]) for m in per_name_pattern(terms).finditer(text)]
    assert [(m.span(), m[0]) for m in grouped.finditer(text)] == expected
