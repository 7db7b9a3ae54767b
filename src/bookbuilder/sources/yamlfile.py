"""YAML read safely, keeping the line of every mapping key for precise diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_YAML_BYTES = 1_000_000


@dataclass(frozen=True)
class Located:
    """A parsed YAML value and the (1-based) line of each key, when it is a mapping."""

    value: Any
    line: int
    key_lines: dict[str, int]
    items: tuple[Located, ...] = ()  # for a sequence: each item with its own lines
    children: dict[str, Located] | None = None  # for a mapping: each value with its lines

    def child(self, key: str) -> Located | None:
        return (self.children or {}).get(key)


# libyaml's parser, when PyYAML was built with it, reads front matter ten times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
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
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        message = f"malformed YAML: {error.problem or error.context}"
        if error.context and error.context_mark and error.problem:
            message += f" ({error.context} that starts on line "
            message += f"{first_line + error.context_mark.line})"
        raise YamlProblem(line, message) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"malformed YAML: {error}") from None
    finally:
        loader.dispose()
    return _locate(node, value, first_line)


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
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        key_lines = {str(key.value): first_line + key.start_mark.line for key, _ in node.value}
        children = {
            str(key.value): _locate(child, value.get(key.value), first_line)
            for key, child in node.value
            if isinstance(key.value, str) and key.value in value
        }
        return Located(value, line, key_lines, children=children)
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        items = tuple(_locate(n, v, first_line) for n, v in zip(node.value, value, strict=True))
        return Located(value, line, {}, items)
    return Located(value, line, {})
