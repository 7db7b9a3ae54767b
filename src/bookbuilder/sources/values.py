"""What each kind of book.toml value becomes (a path inside the book, a list of fonts, a
known language), and the defaults worked out from the book: the loader's part of the
declarations in sources/schema.py, which sources/config.py walks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from fontTools.ttLib import TTFont

from bookbuilder.diagnostics import Report
from bookbuilder.paths import OutsideBook, resolve
from bookbuilder.sources import schema
from bookbuilder.sources.csl import UnknownStyle, shipped_style_file, style_problem
from bookbuilder.sources.schema import Computed, IfPresent, Setting, TomlType
from bookbuilder.text import file_slug, isbn13_problem


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


def value_of(value: Any, context: Context) -> Any:
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


def _font_files(names: list[str], context: Context) -> tuple[Path, ...]:
    """The book's own fonts: files inside the book that TrueType or OpenType can read."""
    fonts = []
    for name in names:
        path = _book_file(name, context, "font")
        if path is None:
            continue
        try:
            TTFont(path, lazy=True, fontNumber=0).close()
        except Exception:  # fontTools raises many kinds on what is not a font
            message = f"font '{name}' is not a TrueType or OpenType font file"
            context.error("config-value", context.line_of(name), message)
            continue
        fonts.append(path)
    return tuple(dict.fromkeys(fonts))


def _isbn(isbn: str, context: Context) -> str:
    """An ISBN-13 as written, once its check digit agrees with its other digits."""
    if problem := isbn13_problem(isbn):
        context.error("config-value", context.line, f"'{context.setting.key}': {problem}")
    return isbn.strip()


def _series_number(number: float, context: Context) -> float:
    if context.resolved.get("series") is None:
        message = "'series_number' needs 'series': the name of the series it numbers"
        context.error("config-required", context.line, message)
    return float(number)


BIBLIOGRAPHY_KINDS = (".bib", ".json", ".yaml", ".yml")


def _bibliography(name: str, context: Context) -> Path | None:
    path = _book_file(name, context)
    if path is not None and path.suffix.lower() not in BIBLIOGRAPHY_KINDS:
        message = (
            f"bibliography '{name}' must be BibTeX (.bib), CSL-JSON (.json) or CSL-YAML (.yaml)"
        )
        context.error("config-value", context.line, message)
        return None
    return path


def _citation_style(name: str, context: Context) -> str:
    """A shipped style's name, or the path of a book's own .csl file, checked."""
    name = name.strip()
    if name.lower().endswith(".csl"):
        path = _book_file(name, context)
        if path is not None and (problem := style_problem(path)):
            context.error("config-value", context.line, f"style '{name}' {problem}")
        return name
    try:
        shipped_style_file(name)
    except UnknownStyle as unknown:
        context.error("config-value", context.line, str(unknown))
    return name


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
    schema.FONT_FILES: _font_files,
    schema.FOLDER: lambda name, context: context.base / name,
    schema.STRINGS: _listed,
    schema.NUMBER: lambda number, context: float(number),
    schema.ISBN: _isbn,
    schema.SERIES_NUMBER: _series_number,
    schema.BIBLIOGRAPHY: _bibliography,
    schema.CSL_STYLE: _citation_style,
}

# How the loader works out a computed default; one not named here is a later stage's.
_COMPUTED: dict[Computed, Callable[[Context], Any]] = {
    schema.CHAPTERS_FOUND: _chapters_found,
    schema.SLUG_OF_TITLE: lambda context: file_slug(context.resolved["title"]),
}
