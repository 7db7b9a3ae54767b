"""Load and validate `book.toml` into a `BookConfig`, reporting every mistake at once.

The schema is a table of typed options, each with its default and a docstring, in the
manner of mkdocs' config options; unknown keys are warnings with a "did you mean".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from bookbuilder.diagnostics import Report
from bookbuilder.model import DEFAULT_FORMATS, FORMATS, PAGE_SIZES, BookConfig
from bookbuilder.paths import OutsideBook, resolve
from bookbuilder.text import did_you_mean, slugify

CONFIG_NAME = "book.toml"


@dataclass(frozen=True)
class Option:
    kind: type | tuple[type, ...]
    doc: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None


SCHEMA: dict[str, dict[str, Option]] = {
    "book": {
        "title": Option(str, "The book's title.", required=True),
        "subtitle": Option(str, "Shown under the title on the cover and title page."),
        "language": Option(str, "BCP 47 language tag, such as en-GB.", required=True),
        "publisher": Option(str, "Who publishes the book.", required=True),
        "identifier": Option(str, "Stable identifier; derived from title and publisher."),
        "rights": Option(str, "Copyright and licence statement."),
        "description": Option(str, "A sentence or two for catalogues and reading systems."),
        "chapters": Option(list, "Chapter files in reading order; default chapters/*.md."),
        "glossary": Option(str, "Glossary file; default glossary.yaml if present."),
        "disclaimer": Option(str, "Disclaimer file; default disclaimer.md if present."),
        "cover": Option(str, "Cover image (PNG or JPEG); generated when absent."),
    },
    "output": {
        "dir": Option(str, "Output folder, relative to the book folder.", default="build"),
        "name": Option(str, "Output file name without extension; default slug of title."),
        "formats": Option(list, "Formats built by default.", default=list(DEFAULT_FORMATS)),
    },
    "clinic": {
        "name": Option(str, "The clinic's name, printed on the first page of each handout."),
        "address": Option(str, "The clinic's address."),
        "phone": Option(str, "The clinic's telephone number."),
        "website": Option(str, "The clinic's website."),
    },
    "epub": {
        "print_page_numbers": Option(
            bool,
            "Page breaks and a page list from the print edition (needs its layout).",
            default=True,
        ),
    },
    "check": {
        "review_interval": Option(
            int, "Years after which a chapter is due for review.", default=3, minimum=1
        ),
        "reading_grade_max": Option(
            (int, float), "Highest Flesch–Kincaid grade allowed.", default=8, minimum=1
        ),
    },
    "pdf": {
        "page_size": Option(str, "Page size of the print PDF.", default="A4", choices=PAGE_SIZES),
        "print_ready": Option(bool, "3 mm bleed and crop marks for a print shop.", default=False),
    },
}

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
    """Read `root/book.toml`, with the overrides given (None: as the book says); raises
    BookError when it cannot describe a book."""
    path = root / CONFIG_NAME
    if not path.is_file():
        report.error(
            "config-missing", path, 1, f"no {CONFIG_NAME} in {root}: is this a book folder?"
        )
        report.raise_if_errors()
    text = _read_text(path, report)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line, col = (int(position[1]), int(position[2])) if position else (1, 1)
        message = _TOML_POSITION.sub("", str(error)).strip()
        report.error("toml-syntax", path, line, f"malformed TOML: {message}", col)
        report.raise_if_errors()
    lines = _key_lines(text)
    values = _validate(data, path, lines, report)
    report.raise_if_errors()
    config = _build(root, path, text, values, lines, report)
    overrides: dict[str, Any] = {}
    if formats:
        for name in formats:
            if name not in FORMATS:
                report.error(
                    "config-value",
                    path,
                    1,
                    f"unknown format '{name}': choose from {', '.join(FORMATS)}",
                )
        overrides["formats"] = tuple(dict.fromkeys(formats))
    if output_dir is not None:
        overrides["output_dir"] = Path(output_dir)
    if print_ready is not None:
        overrides["print_ready"] = bool(print_ready)
    report.raise_if_errors()
    return replace(config, **overrides)


def _read_text(path: Path, report: Report) -> str:
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


def _validate(
    data: dict[str, Any], path: Path, lines: dict[tuple[str, str], int], report: Report
) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {}
    for table in data:
        if table not in SCHEMA:
            hint = did_you_mean(table, SCHEMA)
            report.warning(
                "config-unknown", path, lines.get((table, ""), 1), f"unknown table [{table}]{hint}"
            )
    for table, options in SCHEMA.items():
        given = data.get(table, {})
        table_line = lines.get((table, ""), 1)
        if not isinstance(given, dict):
            report.error(
                "config-type", path, lines.get(("", table), 1), f"'{table}' must be a table"
            )
            continue
        for key in given:
            if key not in options:
                report.warning(
                    "config-unknown",
                    path,
                    lines.get((table, key), table_line),
                    f"unknown key '{key}' in [{table}]{did_you_mean(key, options)}",
                )
        values[table] = {}
        for key, option in options.items():
            line = lines.get((table, key), table_line)
            if key not in given:
                if option.required:
                    report.error(
                        "config-required",
                        path,
                        table_line,
                        f"[{table}] needs '{key}': {option.doc}",
                    )
                values[table][key] = option.default
                continue
            value = given[key]
            wrong_bool = isinstance(value, bool) and option.kind is not bool
            if (
                not isinstance(value, option.kind)
                or wrong_bool
                or (isinstance(value, str) and not value.strip())
            ):
                report.error(
                    "config-type",
                    path,
                    line,
                    f"'{key}' must be {_kind_name(option.kind)}, not {_describe(value)}",
                )
            elif option.kind is list and not all(isinstance(v, str) for v in value):
                report.error("config-type", path, line, f"'{key}' must be a list of strings")
            elif option.minimum is not None and value < option.minimum:
                report.error(
                    "config-value",
                    path,
                    line,
                    f"'{key}' must be at least {option.minimum}, not {value}",
                )
            elif option.choices and value not in option.choices:
                report.error(
                    "config-value",
                    path,
                    line,
                    f"'{key}' must be one of {', '.join(option.choices)}, not '{value}'",
                )
            values[table][key] = value
    return values


def _build(
    root: Path,
    path: Path,
    text: str,
    values: dict[str, dict[str, Any]],
    lines: dict[tuple[str, str], int],
    report: Report,
) -> BookConfig:
    book, output = values["book"], values["output"]

    def line_of(table: str, key: str) -> int:
        return lines.get((table, key), 1)

    language = book["language"]
    try:
        Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        report.error(
            "config-value",
            path,
            line_of("book", "language"),
            f"unknown language '{language}': use a BCP 47 tag such as en-GB",
        )

    def optional_file(key: str, default: str | None) -> Path | None:
        name = book[key]
        if name is None:
            return _inside(root, default) if default and (root / default).is_file() else None
        return _file(root, path, name, _entry_line(text, name, line_of("book", key)), key, report)

    chapters = _chapter_files(
        root, path, text, book["chapters"], line_of("book", "chapters"), report
    )
    formats = output["formats"]
    for name in formats:
        if name not in FORMATS:
            report.error(
                "config-value",
                path,
                _entry_line(text, name, line_of("output", "formats")),
                f"unknown format '{name}': choose from {', '.join(FORMATS)}",
            )
    config = BookConfig(
        root=root.resolve(),
        source=path,
        title=book["title"].strip(),
        subtitle=book["subtitle"],
        language=language,
        publisher=book["publisher"],
        identifier=book["identifier"],
        rights=book["rights"],
        description=book["description"],
        chapters=chapters,
        glossary=optional_file("glossary", "glossary.yaml"),
        disclaimer=optional_file("disclaimer", "disclaimer.md"),
        cover=optional_file("cover", None),
        output_dir=root / output["dir"],
        output_name=output["name"] or slugify(book["title"]),
        formats=tuple(dict.fromkeys(formats)),
        page_size=values["pdf"]["page_size"],
        print_ready=values["pdf"]["print_ready"],
        clinic=_clinic_lines(values["clinic"]),
        print_page_numbers=values["epub"]["print_page_numbers"],
        review_interval_years=values["check"]["review_interval"],
        reading_grade_max=float(values["check"]["reading_grade_max"]),
    )
    report.raise_if_errors()
    return config


def _clinic_lines(clinic: dict[str, Any]) -> tuple[str, ...]:
    labels = {"name": "", "address": "", "phone": "Phone: ", "website": ""}
    return tuple(f"{label}{clinic[key].strip()}" for key, label in labels.items() if clinic[key])


def _chapter_files(
    root: Path, path: Path, text: str, names: list[str] | None, line: int, report: Report
) -> tuple[Path, ...]:
    if names is None:
        found = sorted((root / "chapters").glob("*.md"))
        if not found:
            report.error(
                "no-chapters",
                path,
                1,
                "no chapters: add chapters/*.md or list them in [book] chapters",
            )
        return tuple(p.resolve() for p in found)
    if not names:
        report.error("no-chapters", path, line, "'chapters' is empty")
    files = [
        _file(root, path, name, _entry_line(text, name, line), "chapter", report) for name in names
    ]
    return tuple(f for f in files if f is not None)


def _file(root: Path, path: Path, name: str, line: int, what: str, report: Report) -> Path | None:
    try:
        target = resolve(root, root, name)
    except OutsideBook as problem:
        report.error("path-outside", path, line, f"{what}: {problem}")
        return None
    if target.is_dir():
        report.error("file-missing", path, line, f"{what} '{name}' is a folder, not a file")
    elif not target.is_file():
        report.error("file-missing", path, line, f"{what} file '{name}' does not exist")
    else:
        return target
    return None


def _inside(root: Path, name: str) -> Path:
    return resolve(root, root, name)


def _entry_line(text: str, value: str, after: int) -> int:
    """The line, at or after `after`, on which the string `value` is written."""
    for number, line in enumerate(text.splitlines()[after - 1 :], start=after):
        if f'"{value}"' in line or f"'{value}'" in line:
            return number
    return after


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "a non-empty string",
        list: "a list",
        bool: "true or false",
        int: "a whole number",
        (int, float): "a number",
    }
    return names.get(kind, str(kind))


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the string '{value}'" if value.strip() else "an empty string"
    return {
        bool: "true or false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
