"""Python-Markdown's inline stage, skipping the patterns that cannot match a text.

Python-Markdown tries every inline pattern (links, emphasis, code, smart quotes: 34 with
our extensions) on every piece of text, one after another, even where the text holds
none of the characters a pattern needs; that loop, not the matching, was a third of the
time a chapter takes to render (profiled: 14 ms of a chapter's 40 under cProfile). Most
patterns cannot match without one of a few characters (a link needs `[`, emphasis `*` or
`_`, an entity `&`), and a regular expression says which: `needed_characters` reads
them from the pattern's parsed form. A pattern is skipped only when the text holds none
of them, which cannot change what it would have matched; a pattern whose needs cannot
be read (a class of characters, a flag) is always tried. The output is Python-Markdown's
own, character for character: tests/test_fast_paths.py compares both on generated text.
"""

from __future__ import annotations

import re
from re import _constants as sre_constants
from re import _parser as sre_parse

from markdown import Extension, util
from markdown.treeprocessors import InlineProcessor

_SKIPPED = {sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT}


def needed_characters(pattern: re.Pattern) -> frozenset[str] | None:
    """Characters of which every match of `pattern` holds at least one; None if that
    cannot be read from it."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a form this reader does not know: the pattern is always tried
        return None
    return _in_sequence(list(parsed))


def _in_sequence(items) -> frozenset[str] | None:
    """The most telling need of a sequence: every item it must match is a need of its
    own, and a rarer one (punctuation rather than a letter or a space) skips more."""
    found = [need for item in items if (need := _in_item(*item))]
    if not found:
        return None
    telling = [need for need in found if not any(c.isalnum() or c.isspace() for c in need)]
    return min(telling or found, key=len)


def _in_item(op, argument) -> frozenset[str] | None:
    if op in _SKIPPED:
        return None
    if op == sre_constants.LITERAL:
        return frozenset(chr(argument))
    if op == sre_constants.SUBPATTERN:
        _, flags_added, _, inner = argument
        return None if flags_added & re.IGNORECASE else _in_sequence(list(inner))
    if op == sre_constants.ATOMIC_GROUP:
        return _in_sequence(list(argument))
    if op in _REPEATS:
        low, _, inner = argument
        return _in_sequence(list(inner)) if low >= 1 else None
    if op == sre_constants.BRANCH:
        needs = [_in_sequence(list(branch)) for branch in argument[1]]
        return None if any(need is None for need in needs) else frozenset().union(*needs)
    if op == sre_constants.IN and all(kind == sre_constants.LITERAL for kind, _ in argument):
        return frozenset(chr(value) for _, value in argument)
    return None


def _finder(needed: frozenset[str] | None) -> str | re.Pattern | None:
    """The quickest test for any of the characters: the character itself when it is one
    (`in`), else a class of them; None when there is nothing to test."""
    if needed is None:
        return None
    if len(needed) == 1:
        return next(iter(needed))
    return re.compile("[" + "".join(re.escape(character) for character in sorted(needed)) + "]")


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, which skips a pattern when the text holds none
    of the characters it needs (its loop is copied from `__handleInline`, the one
    method it changes)."""

    def __init__(self, md, patterns=None):
        super().__init__(md)
        if patterns is not None:  # smarty's processor has its own patterns
            self.inlinePatterns = patterns

    def run(self, tree, ancestors=None):
        patterns = list(self.inlinePatterns)
        expressions = [pattern.getCompiledRegExp() for pattern in patterns]
        self._patterns = patterns
        if expressions != getattr(self, "_expressions", None):  # read once, not per text
            self._expressions = expressions
            self._needs = [_finder(needed_characters(e)) for e in expressions]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        start = 0
        patterns, needs = self._patterns, self._needs
        while patternIndex < len(patterns):
            need = needs[patternIndex]
            if need is not None and (
                need not in data if isinstance(need, str) else need.search(data) is None
            ):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = self._InlineProcessor__applyPattern(
                patterns[patternIndex], data, patternIndex, start
            )
            if not matched:
                patternIndex += 1
        return data


class SkippingInlineExtension(Extension):
    """Puts SkippingInlineProcessor in place of the stock inline processors (Python-
    Markdown's own, and smarty's); listed last, after the extensions that add patterns."""

    def extendMarkdown(self, md):
        if not hasattr(InlineProcessor, "_InlineProcessor__handleInline"):
            return  # a Python-Markdown whose loop is not this one: keep its own
        for name, priority in (("inline", 20), ("smarty", 6)):
            if name in md.treeprocessors:
                stock = md.treeprocessors[name]
                if type(stock) is InlineProcessor:
                    skipping = SkippingInlineProcessor(md, stock.inlinePatterns)
                    md.treeprocessors.register(skipping, name, priority)
