"""YAML read safely, keeping the line and column of every key and value for precise
diagnostics, and turning the parser's jargon into advice an editor can act on.

Dates stay text here (PyYAML would raise a bare ValueError on `2010-15-06`): the stage
that reads a date checks it and says what is wrong with it, where.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bookbuilder.diagnostics import Report
from bookbuilder.text import did_you_mean

MAX_YAML_BYTES = 1_000_000


@dataclass(frozen=True)
class Located:
    """A parsed YAML value and the (1-based) line of each key, when it is a mapping."""

    value: Any
    line: int
    key_lines: dict[str, int]
    items: tuple[Located, ...] = ()  # for a sequence: each item with its own lines
    children: dict[str, Located] | None = None  # for a mapping: each value with its lines
    col: int = 1

    def child(self, key: str) -> Located | None:
        return (self.children or {}).get(key)

    def warn_unknown_keys(
        self, known: Iterable[str], what: str, path: Path, report: Report, *, warning: str
    ) -> None:
        """A `warning` (its code) at its line for each key of this mapping that is not
        `known`: "unknown {what} 'sumary' (did you mean 'summary'?)"."""
        known = tuple(known)
        for key in self.value if isinstance(self.value, dict) else ():
            if key not in known:
                line = self.key_lines.get(str(key), self.line)
                message = f"unknown {what} '{key}'{did_you_mean(str(key), known)}"
                report.warning(warning, path, line, message)


# libyaml's parser, when PyYAML was built with it, reads front matter ten times faster.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with dates (and times) left as the text the editor wrote."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


class YamlProblem(ValueError):
    def __init__(self, line: int, message: str, col: int = 1):
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def load(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; line numbers are offset so that they are the file's."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise YamlProblem(first_line, f"YAML is larger than {MAX_YAML_BYTES // 1000} kB")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, first_line, {})
        alias_line = _first_alias(node)
        if alias_line is not None:
            raise YamlProblem(first_line + alias_line, "YAML aliases (*name) are not allowed")
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _problem(error, text, first_line) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"malformed YAML: {error}") from None
    finally:
        loader.dispose()
    return _locate(node, value, first_line)


# What the parser was reading when the text ran out: advice at the place it opened.
_UNCLOSED = {
    "quoted scalar": "this quoted value is never closed: add the closing quote on the same "
    "line (a quote inside the value is written twice, or use the other kind of quote)",
    "flow sequence": "this list in [ ] is never closed: add the ']' on the same line, and "
    "put any item with a comma or colon in quotes",
    "flow mapping": "this mapping in { } is never closed: add the '}' on the same line",
}


def _problem(error: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlProblem:
    """The parser's complaint as advice, at the place the editor has to change."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line = first_line + (mark.line if mark else 0)
    col = (mark.column + 1) if mark else 1
    written = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
    if "mapping values are not allowed" in problem and written[:1] in (" ", "\t"):
        return YamlProblem(
            line,
            "this key is indented: each key of the front matter starts at the beginning of "
            "its line (only the items of a list, such as authors, are indented)",
            1,
        )
    if "could not determine a constructor" in problem:
        return YamlProblem(
            line, "YAML tags (such as !!python/object) are not allowed: write plain text", col
        )
    if "mapping values are not allowed" in problem:
        return YamlProblem(
            line,
            "a colon followed by a space inside a value: put the whole value in quotes, "
            'as in title: "Gene therapy: what it is"',
            col,
        )
    if "tab" in problem:
        return YamlProblem(line, "a tab character: YAML indents with spaces only", col)
    start = error.context_mark
    for opened, advice in _UNCLOSED.items():
        if opened in context and start is not None:
            return YamlProblem(first_line + start.line, advice, start.column + 1)
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return YamlProblem(
            line,
            "this line does not line up with the keys above it: indent each key of a "
            "mapping by the same number of spaces, and start list items with '- '",
            col,
        )
    message = f"malformed YAML: {problem or context}"
    if context and error.context_mark and problem:
        message += f" ({context} that starts on line {first_line + error.context_mark.line})"
    return YamlProblem(line, message, col)


def _first_alias(node: yaml.Node) -> int | None:
    """The 0-based line of the first alias: aliases let a few bytes expand into gigabytes
    (a 'billion laughs'), and books need none."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return current.start_mark.line
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _locate(node: yaml.Node, value: Any, first_line: int) -> Located:
    line, col = first_line + node.start_mark.line, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        key_lines = {str(key.value): first_line + key.start_mark.line for key, _ in node.value}
        children = {
            str(key.value): _locate(child, value.get(key.value), first_line)
            for key, child in node.value
            if isinstance(key.value, str) and key.value in value
        }
        return Located(value, line, key_lines, children=children, col=col)
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        items = tuple(_locate(n, v, first_line) for n, v in zip(node.value, value, strict=True))
        return Located(value, line, {}, items, col=col)
    return Located(value, line, {}, col=col)
