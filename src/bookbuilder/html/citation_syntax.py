"""Pandoc's citation syntax in Python-Markdown: `[@key]`, `[see @a, p. 4; @b]`,
`[-@key]` (the author left out) and `@key says…` (the author named in the text).

The inline pattern runs after code spans and escapes (so `` `@x` `` and `\\@x` stay
text) and before links, and leaves a placeholder `<span>` holding what was written, as
JSON; html/citations.py formats the placeholders of a chapter together, since numbering
depends on every citation before. As in pandoc, an `@` after a letter or digit (an
e-mail address) starts no citation, and a bracket followed by `(` or `[` is a link.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

PLACEHOLDER = "data-bookbuilder-citation"
# A key: letters, digits and `_`, with inner punctuation `:.#$%&-+?<>~/`; or `{anything}`.
KEY = r"(?:\{[^{}\n]+\}|\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*)"
_BRACKETED = r"\[(?!\^)(?P<content>[^\[\]]*?(?<![\w@])-?@" + KEY + r"[^\[\]]*)\](?![(\[:])"
_NARRATIVE = r"(?<![\w@\\])@(?P<key>" + KEY + r")(?:[ \t]*\[(?P<after>[^\[\]@]+)\](?![(\[:]))?"
_ITEM = re.compile(
    r"^(?P<prefix>.*?)(?:(?<=\s)|^)(?P<suppress>-)?@(?P<key>" + KEY + r")(?P<suffix>.*)$", re.S
)


def citation_pattern(key: str) -> str:
    """A regular expression for where `@key` is written (for a diagnostic's position)."""
    written = re.escape(key)
    return rf"(?<![\w@])@(?:{written}|\{{\s*{written}\s*\}})(?![\w])"


def parse_items(content: str) -> list[dict] | None:
    """The items of a bracketed citation, or None when a part of it cites nothing (then
    the brackets are text, as in pandoc)."""
    items = []
    for part in content.split(";"):
        match = _ITEM.match(part.strip())
        if match is None:
            return None
        items.append(
            {
                "key": _unbraced(match["key"]),
                "prefix": " ".join(match["prefix"].split()),
                "suffix": " ".join(match["suffix"].split()),
                "suppress": bool(match["suppress"]),
            }
        )
    return items


def _unbraced(key: str) -> str:
    return key[1:-1].strip() if key.startswith("{") else key


class _Bracketed(InlineProcessor):
    def handleMatch(self, match, data):
        items = parse_items(match["content"])
        if items is None:
            return None, None, None
        return _placeholder("bracketed", items, match[0]), match.start(0), match.end(0)


class _Narrative(InlineProcessor):
    def handleMatch(self, match, data):
        after = " ".join((match["after"] or "").split())
        item = {"key": _unbraced(match["key"]), "prefix": "", "suffix": after, "suppress": False}
        return _placeholder("narrative", [item], match[0]), match.start(0), match.end(0)


def _placeholder(mode: str, items: list[dict], written: str) -> etree.Element:
    span = etree.Element("span")
    span.set(PLACEHOLDER, json.dumps({"mode": mode, "items": items, "written": written}))
    span.text = AtomicString(written)  # no other pattern reads it
    return span


class CitationExtension(Extension):
    def extendMarkdown(self, md) -> None:
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")
        # After escapes (180) and code spans (190), before reference links (170).
        md.inlinePatterns.register(_Bracketed(_BRACKETED, md), "bookbuilder-citation", 175)
        md.inlinePatterns.register(_Narrative(_NARRATIVE, md), "bookbuilder-narrative", 174)
