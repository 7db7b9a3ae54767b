"""BibTeX -> CSL-JSON items: bibtexparser reads the file (entries with their lines, and
each malformed block where it starts); its entries are mapped to CSL's types and
variables as pandoc and Zotero map them, and LaTeX accents are decoded with pylatexenc
(what bibtexparser's own decoding uses)."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bibtexparser.model import DuplicateBlockKeyBlock
from pylatexenc.latex2text import LatexNodes2Text

from bookbuilder.diagnostics import Report

TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "unpublished": "manuscript",
    "misc": "document",
}
FIELDS = {  # BibTeX field -> CSL variable, where the name alone changes
    "title": "title",
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "volume": "volume",
    "edition": "edition",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "note": "note",
    "abstract": "abstract",
    "series": "collection-title",
    "chapter": "chapter-number",
}
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# bibtexparser logs each malformed block as well; the report says it once, at its line.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False
_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
Item = tuple[dict[str, Any], int]


def read_bibtex(text: str, path: Path, report: Report) -> list[Item]:
    """The CSL item of every well-formed entry, with its line; an error for each block
    bibtexparser could not read, at the line where it starts."""
    library: Library = bibtexparser.parse_string(
        text, append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    for block in library.failed_blocks:
        line = block.start_line + 1  # bibtexparser counts lines from 0
        if isinstance(block, DuplicateBlockKeyBlock):
            first = getattr(block.previous_block, "start_line", None)
            where = f" (first on line {first + 1})" if first is not None else ""
            message = f"entry '{block.key}' is written twice{where}"
            report.error("bibliography-duplicate", path, line, message)
            continue
        reason = getattr(block.error, "abort_reason", None) or str(block.error)
        stopped = line + (block.raw or "").rstrip().count("\n")
        report.error("bibliography-syntax", path, line, _why(block.raw or "", reason, stopped))
    return [(_csl(entry), entry.start_line + 1) for entry in library.entries]


def _why(raw: str, reason: str, stopped: int) -> str:
    """What bibtexparser found wrong with an entry, and where it gave up on it."""
    head = raw.strip().split("\n", 1)[0].rstrip(",")[:40]
    detail = " ".join(reason.split()).rstrip(".") or "it cannot be read"
    return f"malformed BibTeX entry '{head}': {detail} (reading stopped on line {stopped})"


def _csl(entry) -> dict[str, Any]:
    fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
    kind = entry.entry_type.lower()
    item: dict[str, Any] = {"id": entry.key, "type": TYPES.get(kind, "document")}
    if kind == "misc" and "url" in fields:
        item["type"] = "webpage"
    for name in ("author", "editor", "translator"):
        if isinstance(fields.get(name), list):
            item[name] = [_name(parts) for parts in fields[name]]
    for key, variable in FIELDS.items():
        if isinstance(fields.get(key), str) and variable not in item:
            item[variable] = _plain(fields[key])
    if isinstance(fields.get("number"), str):
        item["issue" if kind == "article" else "number"] = _plain(fields["number"])
    if isinstance(fields.get("pages"), str):
        item["page"] = re.sub(r"\s*[-–]+\s*", "-", _plain(fields["pages"]))
    for key in ("institution", "organization", "school"):
        if isinstance(fields.get(key), str):
            item.setdefault("publisher", _plain(fields[key]))
    if kind == "phdthesis":
        item["genre"] = "PhD thesis"
    if issued := _issued(fields):
        item["issued"] = issued
    if isinstance(fields.get("urldate"), str):
        item["accessed"] = _plain(fields["urldate"])
    if isinstance(fields.get("doi"), str):
        item["DOI"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", item["DOI"], flags=re.I)
    return item


def _name(parts) -> dict[str, str]:
    """A name as bibtexparser split it: `{World Health Organization}` is one literal."""
    last = " ".join(parts.last)
    if not parts.first and last.startswith("{") and last.endswith("}"):
        return {"literal": _plain(last)}
    name = {"family": _plain(last), "given": _plain(" ".join(parts.first))}
    if parts.von:
        name["non-dropping-particle"] = _plain(" ".join(parts.von))
    if parts.jr:
        name["suffix"] = _plain(" ".join(parts.jr))
    return {key: value for key, value in name.items() if value}


def _issued(fields: dict[str, Any]) -> str | None:
    """`date`, or `year` and `month`, as an ISO date string."""
    if isinstance(fields.get("date"), str):
        return fields["date"].strip()
    year = fields.get("year")
    if not isinstance(year, str) or not re.fullmatch(r"\s*\d{1,4}\s*", year):
        return _plain(year) if isinstance(year, str) else None
    month = str(fields.get("month", "")).strip().lower()[:3]
    number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
    return f"{int(year):04d}-{number:02d}" if number and 1 <= number <= 12 else year.strip()


def _plain(text: str) -> str:
    """LaTeX (accents, braces, `--`) as the text it stands for."""
    try:
        plain = _LATEX.latex_to_text(text)
    except Exception:  # pylatexenc on unbalanced input: keep the text, braces dropped
        plain = text.replace("{", "").replace("}", "")
    return " ".join(plain.split())
