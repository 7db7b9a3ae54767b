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

import itertools
import re
from dataclasses import dataclass, field

from lxml import html as lxml_html
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

START, END = "\ue000", "\ue001"
POSITION = "data-bookbuilder-position"  # where a marker's position waits for lxml
_MARKER = re.compile(f"{START}([0-9]+):([0-9]+){END}")
# `](dest`: the destination of an inline link or image (up to a space, `)` or `>`).
_INLINE = re.compile(r"\]\([ \t]*<?(?P<dest>[^\s)>]*)")
_DEFINITION = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<dest>[^\s>]+)", re.MULTILINE)
_RAW = re.compile(  # a quoted value (dest) or a bare one
    r"<(?:a|img)\b[^>]*?\b(?:href|src)[ \t]*=[ \t]*"
    r"(?:[\"'](?P<dest>[^\"'<>]*)|(?P<bare>[^\s\"'<>]+))",
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
            end = match.end("dest") if match["dest"] is not None else match.end("bare")
            inserts.append((end, position))
    pieces, last = [], 0
    for offset, (line, col) in sorted(inserts):
        pieces += [text[last:offset], f"{START}{line}:{col}{END}"]
        last = offset
    pieces.append(text[last:])
    return "".join(pieces)


class _TakeMarkers(Treeprocessor):
    """Inside Python-Markdown, once links are parsed and before `toc` makes heading ids
    from heading text: each marker moves from an href or src to a data attribute, and
    is removed from text, so that no id, smart quote or abbreviation ever sees one."""

    def run(self, root) -> None:
        for element in root.iter():
            for name in ("href", "src"):
                value = element.get(name)
                if value and START in value:
                    if match := _MARKER.search(value):
                        element.set(POSITION, f"{match[1]}:{match[2]}")
                    element.set(name, _MARKER.sub("", value))
            if element.text and START in element.text:
                element.text = _MARKER.sub("", element.text)
            if element.tail and START in element.tail:
                element.tail = _MARKER.sub("", element.tail)


class PositionsExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After inline patterns (20) and attr_list (8)... before abbr (7), smarty (6), toc (5).
        md.treeprocessors.register(_TakeMarkers(md), "bookbuilder-positions", 9)


def take_positions(fragment: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, Position]:
    """Each element's position, from its data attribute (Markdown links and images) or
    the marker in its href or src (raw HTML, which Markdown passes through untouched);
    every marker and data attribute is then removed."""
    positions = {}
    for element in fragment.iter():
        if (written := element.attrib.pop(POSITION, None)) is not None:
            line, col = written.split(":")
            positions[element] = (int(line), int(col))
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


# Code, where nothing a diagnostic is about can be: fenced blocks and inline spans.
_CODE = re.compile(
    r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[ \t]*$|\Z)|(`+).+?\2", re.M | re.S
)


@dataclass
class Locator:
    """Finds the n-th occurrence of a text in a chapter's body, outside code and case
    aside: asked for the same text again, it moves on to the next occurrence, as the
    elements it stands for come in document order. A tag (`<x`) is found only as that
    tag, not as the start of `<xmp>` or `<x-foo>`."""

    body: str
    first_line: int
    _seen: dict[str, int] = field(default_factory=dict)
    _searchable: str = field(init=False)

    def __post_init__(self) -> None:
        self._searchable = _CODE.sub(_spaces, self.body)  # same length: offsets hold

    def locate(self, needle: str) -> Position:
        """The position of the next occurrence of `needle`; the last one, or the body's
        first line, when there is none left."""
        tag = re.fullmatch(r"<[\w-]+", needle) is not None
        pattern = re.escape(needle) + (r"(?![\w-])" if tag else "")
        return self.locate_pattern(pattern)

    def locate_pattern(self, pattern: str) -> Position:
        """As `locate`, for the next match of a regular expression (case aside, `^` and
        `$` at each line)."""
        count = self._seen.get(pattern, 0)
        compiled = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
        found = [
            m.start() for m in itertools.islice(compiled.finditer(self._searchable), count + 1)
        ]
        if not found:
            return self.first_line, 1
        self._seen[pattern] = count + 1
        return _position(self.body, found[-1], self.first_line)


def _spaces(match: re.Match[str]) -> str:
    """The match blanked out, its line ends kept, so that offsets stay the same."""
    return re.sub(r"[^\n]", " ", match[0])
