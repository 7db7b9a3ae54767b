"""Every key of `book.toml`, declared once: its table, TOML type, default, allowed values
and one line of help, under the name of the `BookConfig` field that holds its value.

In the manner of mkdocs' config options: the loader (config.py) checks and resolves
book.toml by these declarations, and `reference()` renders README.md's table of keys
from them; tests/test_config.py fails when the README, or BookConfig's fields, differ.
A new key is a line here and its typed field in the model; only a new kind of value
needs the loader told what it becomes. Regenerate the README's table with:

    python -m bookbuilder.sources.schema --write README.md
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bookbuilder.model import DEFAULT_FORMATS, FORMATS, PAGE_SIZES


@dataclass(frozen=True, eq=False)  # compared by identity: the loader looks kinds up
class TomlType:
    """A kind of value a key holds: its name in the reference, the Python types tomllib
    gives for it, and how a message asks for it. What a valid value becomes (a path, a
    float) is the loader's part."""

    name: str
    accepts: type | tuple[type, ...]
    wanted: str


STRING = TomlType("string", str, "a non-empty string")
TRIMMED = TomlType("string", str, "a non-empty string")  # the spaces around it dropped
LANGUAGE = TomlType("language tag", str, "a non-empty string")
FILE = TomlType("file path", str, "a non-empty string")
CHAPTER_FILES = TomlType("list of file paths", list, "a list")
FONT_FILES = TomlType("list of file paths", list, "a list")
FOLDER = TomlType("folder path", str, "a non-empty string")
STRINGS = TomlType("list of strings", list, "a list")
BOOLEAN = TomlType("boolean", bool, "true or false")
INTEGER = TomlType("integer", int, "a whole number")
NUMBER = TomlType("number", (int, float), "a number")
SERIES_NUMBER = TomlType("number", (int, float), "a number")
ISBN = TomlType("ISBN-13", str, "a non-empty string")
BIBLIOGRAPHY = TomlType("file path", str, "a non-empty string")
CSL_STYLE = TomlType("CSL style", str, "a non-empty string")


@dataclass(frozen=True, eq=False)  # compared by identity: the loader looks them up
class Computed:
    """A default worked out from the book when the key is absent, by the loader or by a
    later stage; `shown` says how, for the reference."""

    shown: str


@dataclass(frozen=True)
class IfPresent:
    """A default file that a book may have: the key names it when it exists."""

    file: str

    @property
    def shown(self) -> str:
        return f"`{self.file}` if present"


CHAPTERS_FOUND = Computed("every `chapters/*.md`, by name")
SLUG_OF_TITLE = Computed("slug of the title")


@dataclass(frozen=True)
class Setting:
    """One key of book.toml."""

    table: str
    key: str
    type: TomlType
    help: str
    required: bool = False
    default: Any = None  # taken when the key is absent: a TOML value, Computed or IfPresent
    choices: tuple[str, ...] = ()  # the values allowed; for a list, those of each entry
    entry: str = ""  # what one entry of a list is called in messages
    minimum: float | None = None

    def problem(self, value: Any) -> tuple[str, str] | None:
        """The code and message of what is wrong with `value`, as TOML gives it, or None.
        (A list's entries are matched with the choices when it is resolved.)"""
        accepts, key = self.type.accepts, self.key
        wrong_bool = isinstance(value, bool) and accepts is not bool
        blank = isinstance(value, str) and not value.strip()
        if not isinstance(value, accepts) or wrong_bool or blank:
            return "config-type", f"'{key}' must be {self.type.wanted}, not {_described(value)}"
        if accepts is list and not all(isinstance(v, str) for v in value):
            return "config-type", f"'{key}' must be a list of strings"
        if self.minimum is not None and value < self.minimum:
            return "config-value", f"'{key}' must be at least {self.minimum}, not {value}"
        if self.choices and isinstance(value, str) and value not in self.choices:
            allowed = ", ".join(self.choices)
            return "config-value", f"'{key}' must be one of {allowed}, not '{value}'"
        return None


def _described(value: Any) -> str:
    """A value as a message names it."""
    if isinstance(value, str):
        return f"the string '{value}'" if value.strip() else "an empty string"
    if isinstance(value, bool):
        return "true or false"
    kinds = {int: "a number", float: "a number", list: "a list", dict: "a table"}
    return kinds.get(type(value), type(value).__name__)


def _key(key: str, type: TomlType, help: str, **options: Any) -> Setting:
    """The Setting of the key written "table.key"; `options` are Setting's."""
    table, name = key.split(".")
    return Setting(table, name, type, help, **options)


# Every key, by the name of the BookConfig field that holds its value, in the order the
# reference lists them.
SETTINGS: dict[str, Setting] = {
    "title": _key("book.title", TRIMMED, "The book's title.", required=True),
    "subtitle": _key("book.subtitle", STRING, "Shown under the title on the cover and title page."),
    "language": _key(
        "book.language", LANGUAGE, "BCP 47 language tag, such as en-GB.", required=True
    ),
    "publisher": _key("book.publisher", STRING, "Who publishes the book.", required=True),
    "identifier": _key(
        "book.identifier",
        STRING,
        "Stable identifier, such as a urn:uuid: or urn:isbn: URN.",
        default=Computed("a UUID derived from title and publisher"),
    ),
    "rights": _key("book.rights", STRING, "Copyright and licence statement."),
    "description": _key(
        "book.description", STRING, "A sentence or two for catalogues and reading systems."
    ),
    "chapters": _key(
        "book.chapters", CHAPTER_FILES, "Chapter files in reading order.", default=CHAPTERS_FOUND
    ),
    "glossary": _key(
        "book.glossary",
        FILE,
        "Glossary of the terms linked from the chapters.",
        default=IfPresent("glossary.yaml"),
    ),
    "disclaimer": _key(
        "book.disclaimer",
        FILE,
        "Disclaimer shown on the imprint page.",
        default=IfPresent("disclaimer.md"),
    ),
    "cover": _key(
        "book.cover", FILE, "Cover image, PNG or JPEG.", default=Computed("drawn from the title")
    ),
    "isbn": _key(
        "book.isbn",
        ISBN,
        "ISBN-13 of the print edition; printed in the imprint and on the back cover.",
    ),
    "series": _key("book.series", STRING, "The series the book belongs to."),
    "series_number": _key(
        "book.series_number", SERIES_NUMBER, "The book's number in its series.", minimum=0
    ),
    "edition": _key("book.edition", STRING, "An edition statement, such as Second edition."),
    "output_dir": _key(
        "output.dir", FOLDER, "Output folder, relative to the book folder.", default="output"
    ),
    "output_name": _key(
        "output.name", STRING, "Output file name without extension.", default=SLUG_OF_TITLE
    ),
    "formats": _key(
        "output.formats",
        STRINGS,
        "Formats built when none are asked for.",
        default=DEFAULT_FORMATS,
        choices=FORMATS,
        entry="format",
    ),
    "clinic_name": _key(
        "clinic.name", STRING, "The clinic's name, printed on the first page of each handout."
    ),
    "clinic_address": _key("clinic.address", STRING, "The clinic's address."),
    "clinic_phone": _key("clinic.phone", STRING, "The clinic's telephone number."),
    "clinic_website": _key("clinic.website", STRING, "The clinic's website."),
    "epub_isbn": _key("epub.isbn", ISBN, "ISBN-13 of the EPUB edition."),
    "print_page_numbers": _key(
        "epub.print_page_numbers",
        BOOLEAN,
        "Page breaks and a page list from the print edition (needs its layout).",
        default=True,
    ),
    "embed_fonts": _key(
        "epub.embed_fonts",
        BOOLEAN,
        "Fonts for the non-Latin scripts the book uses, subset, in the EPUB and the web edition.",
        default=True,
    ),
    "review_interval_years": _key(
        "check.review_interval",
        INTEGER,
        "Years after which a chapter is due for review.",
        default=3,
        minimum=1,
    ),
    "reading_grade_max": _key(
        "check.reading_grade_max",
        NUMBER,
        "Highest Flesch–Kincaid grade allowed (English).",
        default=8,
        minimum=1,
    ),
    "reading_ease_min": _key(
        "check.reading_ease_min",
        NUMBER,
        "Lowest reading ease allowed (German, Spanish, French: 60 reads easily).",
        default=60,
        minimum=0,
    ),
    "stale_notice": _key(
        "check.stale_notice",
        BOOLEAN,
        "Chapters overdue for review say so to readers, under their dates.",
        default=True,
    ),
    "page_size": _key(
        "pdf.page_size", STRING, "Page size of the print PDF.", default="A4", choices=PAGE_SIZES
    ),
    "print_ready": _key(
        "pdf.print_ready", BOOLEAN, "3 mm bleed and crop marks for a print shop.", default=False
    ),
    "print_cover": _key(
        "pdf.cover",
        BOOLEAN,
        "A front cover on the print and large-print PDFs, and covers on the booklet.",
        default=True,
    ),
    "justify": _key(
        "pdf.justify",
        BOOLEAN,
        "Justified body text; ragged right, as patient guidance asks, when false.",
        default=False,
    ),
    "hyphenate": _key(
        "pdf.hyphenate",
        BOOLEAN,
        "Hyphenation of words of 7 letters or more; never of glossary terms.",
        default=False,
    ),
    "font_files": _key(
        "fonts.files",
        FONT_FILES,
        "The book's own font files (TrueType, OpenType), for scripts the packaged fonts lack.",
        default=(),
    ),
    "bibliography": _key(
        "references.bibliography",
        BIBLIOGRAPHY,
        "The works chapters cite: BibTeX (.bib), CSL-JSON (.json) or CSL-YAML (.yaml).",
    ),
    "citation_style": _key(
        "references.style",
        CSL_STYLE,
        "CSL style of citations and reference lists: a shipped style's name, or a .csl file.",
        default="vancouver",
    ),
}


if __name__ == "__main__":  # the README's table: sources/reference.py
    from bookbuilder.sources.reference import main

    main()
