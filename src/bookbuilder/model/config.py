"""`book.toml` as the stages see it: validated, every path resolved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGE_SIZES = ("A4", "Letter", "A5")
FORMATS = ("epub", "pdf", "pdf-large-print", "booklet", "html")
DEFAULT_FORMATS = ("epub", "pdf")


@dataclass(frozen=True, kw_only=True)
class BookConfig:
    """`book.toml`, validated, with every path resolved inside the book folder. Each field
    after `source` holds the key that sources/schema.py's SETTINGS declares under its name,
    with its table, TOML type, default and help; `strings` holds the [strings] table."""

    root: Path
    source: Path
    title: str
    subtitle: str | None
    language: str
    publisher: str
    identifier: str | None
    rights: str | None
    description: str | None
    chapters: tuple[Path, ...]
    glossary: Path | None
    disclaimer: Path | None
    cover: Path | None
    isbn: str | None  # the print edition's ISBN-13, as written (hyphens kept)
    series: str | None
    series_number: float | None
    edition: str | None  # an edition statement: "Second edition"
    output_dir: Path
    output_name: str
    formats: tuple[str, ...]
    clinic_name: str | None
    clinic_address: str | None
    clinic_phone: str | None
    clinic_website: str | None
    epub_isbn: str | None  # the EPUB's own ISBN-13
    print_page_numbers: bool  # the EPUB carries the print edition's page breaks
    embed_fonts: bool  # the EPUB carries fonts for its non-Latin scripts
    review_interval_years: int
    reading_grade_max: float
    reading_ease_min: float  # for languages measured by a reading-ease formula
    stale_notice: bool  # an overdue chapter tells the reader, under its dates
    page_size: str
    print_ready: bool
    print_cover: bool  # [pdf] cover
    justify: bool
    hyphenate: bool
    font_files: tuple[Path, ...]  # [fonts] files: the book's own fonts
    bibliography: Path | None  # [references] bibliography: BibTeX, CSL-JSON or CSL-YAML
    citation_style: str  # [references] style: a shipped CSL style's name, or a .csl file
    strings: tuple[tuple[str, str], ...] = ()  # [strings]: the book's wording of messages

    def clinic(self, phone: str = "Phone: %(number)s") -> tuple[str, ...]:
        """[clinic] as handouts print it, a line a key; `phone` words the number's label."""
        lines = (
            self.clinic_name,
            self.clinic_address,
            phone % {"number": self.clinic_phone.strip()} if self.clinic_phone else None,
            self.clinic_website,
        )
        return tuple(line.strip() for line in lines if line)
