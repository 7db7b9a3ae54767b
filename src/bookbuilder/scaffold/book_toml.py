"""book.toml for a new book: every key of the schema, each with its help, the keys the
book sets written out and the others commented with their default or an example."""

from __future__ import annotations

import json
import textwrap
from itertools import groupby

from bookbuilder.sources.schema import SETTINGS, Computed, IfPresent, Setting

# What to show for keys with no default value to write (all of them valid when
# uncommented, but for the files they name).
EXAMPLES = {
    "subtitle": "A guide for patients",
    "identifier": "urn:uuid:00000000-0000-4000-8000-000000000000",
    "rights": "Text © the named authors. May be printed and shared for patient education.",
    "description": "Plain-language information for patients, with a glossary.",
    "chapters": ["chapters/01-first.md", "chapters/02-second.md"],
    "cover": "images/cover.png",
    "isbn": "978-0-00-000000-2",
    "series": "Patient guides",
    "series_number": 1,
    "edition": "Second edition",
    "output_name": "my-guide",
    "clinic_name": "Riverside Health Centre",
    "clinic_address": "1 River Street, Riverside",
    "clinic_phone": "0113 496 0000",
    "clinic_website": "www.example.org",
    "epub_isbn": "978-0-00-000000-2",
    "font_files": ["fonts/MyScript-Regular.ttf"],
    "bibliography": "references.bib",
}


def book_toml(values: dict[str, object]) -> str:
    """The file: `values` (by BookConfig field name) are set, every other key shown."""
    lines = [
        "# This book's settings. Every key bookbuilder reads is below, with what it is for;",
        "# a line starting with # is not read: remove the # to use a key. Paths are relative",
        "# to this folder. The README of bookbuilder lists them too.",
    ]
    for table, settings in groupby(SETTINGS.items(), key=lambda item: item[1].table):
        lines += ["", f"[{table}]"]
        for field, setting in settings:
            lines += [f"# {line}" for line in _help(setting)]
            if field in values:
                lines.append(f"{setting.key} = {_toml(values[field])}")
            else:
                lines.append(f"# {setting.key} = {_toml(_shown(field, setting))}")
    lines += [
        "",
        "# Any of the words bookbuilder writes into the book, in your own wording, keyed by",
        "# the English message:",
        "# [strings]",
        '# "Contents" = "What is in this guide"',
    ]
    return "\n".join(lines) + "\n"


def _help(setting: Setting) -> list[str]:
    parts = [setting.help]
    if setting.required:
        parts.append("Required.")
    elif isinstance(setting.default, Computed | IfPresent):
        parts.append(f"Default: {setting.default.shown.replace('`', '')}.")
    if setting.choices:
        parts.append(f"One of: {', '.join(setting.choices)}.")
    return textwrap.wrap(" ".join(parts), 86)


def _shown(field: str, setting: Setting) -> object:
    if field in EXAMPLES:
        return EXAMPLES[field]
    if isinstance(setting.default, IfPresent):
        return setting.default.file
    if isinstance(setting.default, tuple):
        return list(setting.default)
    return setting.default


def _toml(value: object) -> str:
    """A TOML value: strings, booleans, numbers and lists of strings are all a book has."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is JSON's
