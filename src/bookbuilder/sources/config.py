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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from bookbuilder.diagnostics import Report
from bookbuilder.model import BookConfig
from bookbuilder.paths import OutsideBook, resolve
from bookbuilder.sources import schema
from bookbuilder.sources.schema import SETTINGS, Computed, IfPresent, Setting, TomlType
from bookbuilder.text import did_you_mean, slugify

CONFIG_NAME = "book.toml"
_TABLES = tuple(dict.fromkeys(declared.table for declared in SETTINGS.values()))

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


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
    report.raise_if_errors()
    values: dict[str, Any] = {}
    for name, declared in SETTINGS.items():
        line = lines.get((declared.table, declared.key), 1)
        context = Context(root, path, text, line, root, declared, values, report)
        values[name] = _resolved(written.get(name, declared.default), context)
    report.raise_if_errors()
    overrides = {"formats": formats or None, "output_dir": output_dir, "print_ready": print_ready}
    values |= _overridden(root, path, overrides, values, report)
    report.raise_if_errors()
    return BookConfig(root=root.resolve(), source=path, **values)


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
            lines.setdefault((table, match[1]), number)
    return lines


def _checked(
    data: dict[str, Any], path: Path, lines: dict[tuple[str, str], int], report: Report
) -> dict[str, Any]:
    """The values book.toml gives, by the name of the field that holds each, every one
    checked against its setting."""
    for table in data:
        if table in _TABLES:
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
        values[name] = _resolved(value, context)
    return values


def _as_toml(value: Any) -> Any:
    """An override as tomllib would give it: a sequence as a list, a path as a string."""
    if isinstance(value, tuple):
        return list(value)
    return os.fspath(value) if isinstance(value, os.PathLike) else value


@dataclass(frozen=True)
class Context:
    """What resolving a value may need besides the value: the book, where the value was
    written, and the attributes resolved before it."""

    root: Path  # the book folder, as given
    source: Path  # its book.toml
    text: str  # book.toml's text; "" for an override
    line: int  # the key's line; 1 when it is absent, or for an override
    base: Path  # where a relative folder starts: the book folder; the cwd for an override
    setting: Setting
    resolved: Mapping[str, Any]  # the attributes of the fields declared before this one
    report: Report

    def line_of(self, entry: str) -> int:
        """The line, at or after the key's, on which the string `entry` is written."""
        lines = self.text.splitlines()[self.line - 1 :]
        for number, line in enumerate(lines, start=self.line):
            if f'"{entry}"' in line or f"'{entry}'" in line:
                return number
        return self.line

    def error(self, code: str, line: int, message: str) -> None:
        self.report.error(code, self.source, line, message)


def _resolved(value: Any, context: Context) -> Any:
    """The attribute that `value`, given for `context.setting` or its default, becomes."""
    if isinstance(value, IfPresent):
        return _book_file(value.file, context) if (context.root / value.file).is_file() else None
    if isinstance(value, Computed):
        compute = _COMPUTED.get(value)
        return compute(context) if compute else None  # None: a later stage works it out
    if value is None:
        return None
    return _RESOLVERS.get(context.setting.type, _as_written)(value, context)


def _as_written(value: Any, context: Context) -> Any:
    return value


def _known_language(tag: str, context: Context) -> str:
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        message = f"unknown language '{tag}': use a BCP 47 tag such as en-GB"
        context.error("config-value", context.line, message)
    return tag


def _listed(names: list[str], context: Context) -> tuple[str, ...]:
    """Each entry once, in order; an entry that is not one of the choices is an error."""
    choices, entry = context.setting.choices, context.setting.entry
    for name in names:
        if choices and name not in choices:
            message = f"unknown {entry} '{name}': choose from {', '.join(choices)}"
            context.error("config-value", context.line_of(name), message)
    return tuple(dict.fromkeys(names))


def _book_file(name: str, context: Context, what: str = "") -> Path | None:
    """The file `name` inside the book; None, with an error, when it is not one."""
    what = what or context.setting.key
    line = context.line_of(name)
    try:
        target = resolve(context.root, context.root, name)
    except OutsideBook as problem:
        context.error("path-outside", line, f"{what}: {problem}")
        return None
    if target.is_dir():
        context.error("file-missing", line, f"{what} '{name}' is a folder, not a file")
    elif not target.is_file():
        context.error("file-missing", line, f"{what} file '{name}' does not exist")
    else:
        return target
    return None


def _chapter_files(names: list[str], context: Context) -> tuple[Path, ...]:
    if not names:
        context.error("no-chapters", context.line, "'chapters' is empty")
    files = [_book_file(name, context, "chapter") for name in names]
    return tuple(file for file in files if file is not None)


def _chapters_found(context: Context) -> tuple[Path, ...]:
    found = sorted(p for p in (context.root / "chapters").glob("*.md") if not p.is_dir())
    if not found:
        message = "no chapters: add chapters/*.md or list them in [book] chapters"
        context.error("no-chapters", context.line, message)
    return tuple(path.resolve() for path in found)


# What a valid value of each kind becomes; a kind not named here is kept as written.
_RESOLVERS: dict[TomlType, Callable[[Any, Context], Any]] = {
    schema.TRIMMED: lambda text, context: text.strip(),
    schema.LANGUAGE: _known_language,
    schema.FILE: _book_file,
    schema.CHAPTER_FILES: _chapter_files,
    schema.FOLDER: lambda name, context: context.base / name,
    schema.STRINGS: _listed,
    schema.NUMBER: lambda number, context: float(number),
}

# How the loader works out a computed default; one not named here is a later stage's.
_COMPUTED: dict[Computed, Callable[[Context], Any]] = {
    schema.CHAPTERS_FOUND: _chapters_found,
    schema.SLUG_OF_TITLE: lambda context: slugify(context.resolved["title"]),
}
