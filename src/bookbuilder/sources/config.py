"""Load `book.toml` into a `BookConfig`, reporting every mistake at once.

Each key is declared once, in schema.py's SETTINGS, and loading walks those declarations
as mkdocs' `load_config(**overrides)` walks its config options: first each value written
is checked against its setting (unknown tables and keys are errors with a "did you
mean" that ignores case); then each is resolved into its attribute, the defaults of
absent keys worked out from the book; then the overrides the CLI or the API gives are
checked and resolved by the same settings, and take the place of the file's values.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bookbuilder.diagnostics import Report
from bookbuilder.model import BookConfig
from bookbuilder.sources.schema import SETTINGS
from bookbuilder.sources.strings import STRINGS_TABLE, read_strings, warn_if_untranslated
from bookbuilder.sources.values import Context, value_of
from bookbuilder.text import did_you_mean

CONFIG_NAME = "book.toml"
_TABLES = tuple(dict.fromkeys(declared.table for declared in SETTINGS.values()))

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"""^\s*([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*=""")


def load_config(
    root: Path,
    report: Report,
    *,
    formats: tuple[str, ...] | list[str] | None = None,
    output_dir: Path | str | None = None,
    print_ready: bool | None = None,
) -> BookConfig:
    """Read `root/book.toml`, with the overrides given (None: as the book says; a relative
    `output_dir` starts at the current folder); raises BookError when it cannot describe
    a book."""
    path = root / CONFIG_NAME
    text = _read_text(root, path, report)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line, col = (int(position[1]), int(position[2])) if position else (1, 1)
        message = _TOML_POSITION.sub("", str(error)).strip()
        report.error("toml-syntax", path, line, f"malformed TOML: {message}", col)
        report.raise_if_errors()
    lines = _key_lines(text)
    written = _checked(data, path, lines, report)
    strings = read_strings(data.get(STRINGS_TABLE), path, lines, report)
    report.raise_if_errors()
    values: dict[str, Any] = {}
    for name, declared in SETTINGS.items():
        line = lines.get((declared.table, declared.key), 1)
        context = Context(root, path, text, line, root, declared, values, report)
        values[name] = value_of(written.get(name, declared.default), context)
    report.raise_if_errors()
    overrides = {"formats": formats or None, "output_dir": output_dir, "print_ready": print_ready}
    values |= _overridden(root, path, overrides, values, report)
    report.raise_if_errors()
    warn_if_untranslated(values["language"], path, lines.get(("book", "language"), 1), report)
    return BookConfig(root=root.resolve(), source=path, strings=strings, **values)


def _read_text(root: Path, path: Path, report: Report) -> str:
    if not path.is_file():
        message = f"no {CONFIG_NAME} in {root}: is this a book folder?"
        report.error("config-missing", path, 1, message)
        report.raise_if_errors()
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        report.error("encoding", path, line, "file is not UTF-8 text")
        report.raise_if_errors()
        raise AssertionError("unreachable") from error


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """The line of each `key =` under each `[table]`; tomllib keeps no positions."""
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _TABLE.match(line):
            table = match[1]
            lines.setdefault((table, ""), number)
        elif match := _KEY.match(line):
            key = match[1]
            if key[0] in "\"'":  # a quoted key, as [strings] has: "Next review due"
                key = tomllib.loads(f"k = {key}")["k"]
            lines.setdefault((table, key), number)
    return lines


def _checked(
    data: dict[str, Any], path: Path, lines: dict[tuple[str, str], int], report: Report
) -> dict[str, Any]:
    """The values book.toml gives, by the name of the field that holds each, every one
    checked against its setting."""
    for table in data:
        if table in _TABLES or table == STRINGS_TABLE:
            continue
        if not isinstance(data[table], dict):  # a key above every table
            homes = [s.table for s in SETTINGS.values() if s.key == table]
            hint = f" (did you mean to put it under [{homes[0]}]?)" if homes else ""
            line = lines.get(("", table), 1)
            message = f"'{table}' must be under a table such as [book]{hint}"
        else:
            line = lines.get((table, ""), 1)
            message = f"unknown table [{table}]{did_you_mean(table, _TABLES)}"
        report.error("config-unknown", path, line, message)
    written: dict[str, Any] = {}
    for table in _TABLES:
        given = data.get(table, {})
        table_line = lines.get((table, ""), 1)
        if not isinstance(given, dict):
            line = lines.get(("", table), 1)
            report.error("config-type", path, line, f"'{table}' must be a table")
            continue
        names = {s.key: name for name, s in SETTINGS.items() if s.table == table}
        for key in given:
            if key not in names:
                message = f"unknown key '{key}' in [{table}]{did_you_mean(key, names)}"
                report.error("config-unknown", path, lines.get((table, key), table_line), message)
        for key, name in names.items():
            declared = SETTINGS[name]
            if key not in given:
                if declared.required:
                    message = f"[{table}] needs '{key}': {declared.help}"
                    report.error("config-required", path, table_line, message)
                continue
            if problem := declared.problem(given[key]):
                report.error(problem[0], path, lines.get((table, key), table_line), problem[1])
            written[name] = given[key]
    return written


def _overridden(
    root: Path,
    path: Path,
    overrides: Mapping[str, Any],
    resolved: Mapping[str, Any],
    report: Report,
) -> dict[str, Any]:
    """The overrides given (None: not given), by field name, checked and resolved by the
    same settings as the file's values; a relative folder starts at the current one."""
    values: dict[str, Any] = {}
    for name, override in overrides.items():
        if override is None:
            continue
        declared = SETTINGS[name]
        value = _as_toml(override)
        if problem := declared.problem(value):
            report.error(problem[0], path, 1, problem[1])
            continue
        context = Context(root, path, "", 1, Path(), declared, resolved, report)
        values[name] = value_of(value, context)
    return values


def _as_toml(value: Any) -> Any:
    """An override as tomllib would give it: a sequence as a list, a path as a string."""
    if isinstance(value, tuple):
        return list(value)
    return os.fspath(value) if isinstance(value, os.PathLike) else value
