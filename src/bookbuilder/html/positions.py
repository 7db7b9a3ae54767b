"""Where in the source each link and image of a chapter was written.

Python-Markdown keeps no positions. So before it runs, every link and image destination
in the Markdown (inline `[text](dest)` and `![alt](dest)`, reference definitions, raw
`<a href>` and `<img src>`, autolinks) gets a marker of its line and column
(`\ue000LINE:COL\ue001`, private-use characters that Markdown and lxml pass through);
after it, `take_positions` reads each element's marker and removes every marker from the
tree. A diagnostic about a link or image then names the place where that element was
written, even when the same text is written twice.

Other diagnostics (a table, a raw tag, a footnote) are located by `Locator`, which finds
the n-th occurrence of their text for the n-th element, so repeats are told apart too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

START, END = "\ue000", "\ue001"
_MARKER = re.compile(f"{START}([0-9]+):([0-9]+){END}")
# `](dest`: the destination of an inline link or image (up to a space, `)` or `>`).
_INLINE = re.compile(r"\]\([ \t]*<?(?P<dest>[^\s)>]*)")
_DEFINITION = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<dest>[^\s>]+)", re.MULTILINE)
_RAW = re.compile(
    r"<(?:a|img)\b[^>]*?\b(?:href|src)[ \t]*=[ \t]*(?P<quote>[\"'])(?P<dest>[^\"'<>]*)",
    re.IGNORECASE,
)
_AUTOLINK = re.compile(r"<(?P<dest>(?:https?|ftp)://[^<>\s]+)>", re.IGNORECASE)

Position = tuple[int, int]  # (line, column), both from 1


def mark_positions(text: str, first_line: int) -> str:
    """`text` with a position marker after every link and image destination."""
    inserts: list[tuple[int, Position]] = []
    for match in _INLINE.finditer(text):
        start = _opening_bracket(text, match.start())
        inserts.append((match.end("dest"), _position(text, start, first_line)))
    for pattern in (_DEFINITION, _RAW, _AUTOLINK):
        for match in pattern.finditer(text):
            position = _position(text, match.start(), first_line)
            inserts.append((match.end("dest"), position))
    pieces, last = [], 0
    for offset, (line, col) in sorted(inserts):
        pieces += [text[last:offset], f"{START}{line}:{col}{END}"]
        last = offset
    pieces.append(text[last:])
    return "".join(pieces)


def take_positions(fragment: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, Position]:
    """Each element's position, from the marker in its href or src; every marker is then
    removed from attributes and text alike."""
    positions = {}
    for element in fragment.iter():
        for name, value in element.attrib.items():
            if START in value:
                if name in ("href", "src") and (match := _MARKER.search(value)):
                    positions.setdefault(element, (int(match[1]), int(match[2])))
                element.set(name, _MARKER.sub("", value))
        if element.text and START in element.text:
            element.text = _MARKER.sub("", element.text)
        if element.tail and START in element.tail:
            element.tail = _MARKER.sub("", element.tail)
    return positions


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text)


def _opening_bracket(text: str, close: int) -> int:
    """The `[` (or the `!` before it) that the `]` at `close` ends; `close` if none."""
    depth, index = 0, close
    while index > max(0, close - 2000):
        index -= 1
        if text[index] == "]":
            depth += 1
        elif text[index] == "[":
            if depth == 0:
                return index - 1 if index and text[index - 1] == "!" else index
            depth -= 1
    return close


def _position(text: str, offset: int, first_line: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1


@dataclass
class Locator:
    """Finds the n-th occurrence of a text in a chapter's body: asked for the same text
    again, it moves on to the next occurrence, as the elements it stands for come in
    document order."""

    body: str
    first_line: int
    _seen: dict[str, int] = field(default_factory=dict)

    def locate(self, needle: str) -> Position:
        """The position of the next occurrence of `needle` (tags case-insensitively);
        the body's first line when it is not there."""
        haystack = self.body.lower() if needle.startswith("<") else self.body
        needle = needle.lower() if needle.startswith("<") else needle
        count = self._seen.get(needle, 0)
        offset = -1
        for _ in range(count + 1):
            found = haystack.find(needle, offset + 1)
            if found < 0:
                break
            offset = found
        if offset < 0:
            return self.first_line, 1
        self._seen[needle] = count + 1
        return _position(self.body, offset, self.first_line)
