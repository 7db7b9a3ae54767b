"""The book's bibliography (`[references] bibliography`) read into CSL-JSON items, each
with the line it is written on.

BibTeX is parsed by bibtexparser, the maintained BibTeX parser for Python, which keeps
every entry's line and reports each malformed block where it starts; its entries are
then mapped to CSL's types and variables (below). CSL-JSON and CSL-YAML, the formats
pandoc and Zotero export, are already CSL. Every item is then tried with citeproc-py, so
that an item the formatter cannot read is an error at its line here, not a crash later.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from citeproc.source.json import CiteProcJSON

from bookbuilder.diagnostics import Report
from bookbuilder.model import BibEntry, Bibliography, BookConfig
from bookbuilder.sources.chapters import read_text
from bookbuilder.sources.csl import shipped_style_file
from bookbuilder.sources.yamlfile import Located, YamlProblem, load

MAX_BIBLIOGRAPHY_BYTES = 5_000_000
Item = tuple[dict[str, Any], int]  # a CSL-JSON item and its line

_NAMES = {"author", "editor", "translator", "container-author", "collection-editor", "director"}
_DATES = {"issued", "accessed", "original-date", "event-date", "submitted"}
_ISO = re.compile(r"^(\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def read_bibliography(config: BookConfig, report: Report) -> Bibliography | None:
    """The works the book's chapters may cite, or None when the book names none."""
    path = config.bibliography
    if path is None:
        return None
    text = read_text(path, report, MAX_BIBLIOGRAPHY_BYTES)
    if text is None:
        return None
    suffix = path.suffix.lower()
    if suffix == ".bib":
        from bookbuilder.sources.bibtex import read_bibtex  # bibtexparser: for .bib only

        items = read_bibtex(text, path, report)
    elif suffix == ".json":
        items = _from_json(text, path, report)
    else:
        items = _from_yaml(text, path, report)
    entries: dict[str, BibEntry] = {}
    for item, line in items:
        entry = _entry(item, line, path, report)
        if entry is None:
            continue
        if entry.key in entries:
            first = entries[entry.key].line
            message = f"entry '{entry.key}' is written twice (first on line {first})"
            report.error("bibliography-duplicate", path, line, message)
            continue
        entries[entry.key] = entry
    style = config.citation_style
    style_file = (
        config.root / style if style.lower().endswith(".csl") else shipped_style_file(style)
    )
    return Bibliography(path, tuple(entries.values()), style, style_file)


def _entry(item: dict[str, Any], line: int, path: Path, report: Report) -> BibEntry | None:
    key = item.get("id")
    if not isinstance(key, str | int) or isinstance(key, bool) or not str(key).strip():
        report.error("bibliography-entry", path, line, "an entry has no 'id' (its citation key)")
        return None
    key = str(key).strip()
    if not isinstance(item.get("type"), str):
        message = f"entry '{key}' has no 'type', such as article-journal, book or webpage"
        report.error("bibliography-entry", path, line, message)
        return None
    try:
        item = {name: _normalised(name, value) for name, value in item.items()} | {"id": key}
        CiteProcJSON([json.loads(json.dumps(item))])
    except Exception as error:  # citeproc-py raises many kinds on data it cannot read
        message = f"entry '{key}' cannot be read as CSL ({type(error).__name__}: {error})"
        report.error("bibliography-entry", path, line, message)
        return None
    return BibEntry(key, json.dumps(item, ensure_ascii=False, sort_keys=True), path, line)


def _normalised(name: str, value: Any) -> Any:
    """A CSL variable as citeproc-py reads it: names as lists of mappings, dates as
    date-parts of numbers; what pandoc's CSL-YAML allows (`issued: 2018-03`, a name as
    one string) is taken too."""
    if name in _NAMES:
        names = value if isinstance(value, list) else [value]
        return [{"literal": str(n)} if not isinstance(n, dict) else n for n in names]
    if name in _DATES:
        return csl_date(value)
    return value


def csl_date(value: Any) -> Any:
    """`2018`, `"2018-03-01"` or `{date-parts: [["2018", "3"]]}` as CSL's
    `{"date-parts": [[2018, 3, 1]]}`; a date in words stays a literal."""
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list):
            numbers = [[int(p) for p in part if str(p).strip().isdigit()] for part in parts]
            return {**value, "date-parts": [p for p in numbers if p]}
        if "raw" in value:
            return csl_date(value["raw"])
        return value
    text = str(value).strip()
    ranges = [_ISO.match(part.strip()) for part in text.split("/")]
    if all(ranges) and len(ranges) <= 2:
        return {"date-parts": [[int(p) for p in match.groups() if p] for match in ranges]}
    return {"literal": text}


def _from_json(text: str, path: Path, report: Report) -> list[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"malformed CSL-JSON: {error.msg}"
        report.error("bibliography-syntax", path, error.lineno, message, error.colno)
        return []
    if isinstance(data, dict) and isinstance(data.get("references"), list):
        data = data["references"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        message = 'CSL-JSON must be a list of items, such as [{"id": …, "type": …}]'
        report.error("bibliography-syntax", path, 1, message)
        return []
    lines = _id_lines(text)
    return [(item, lines.get(str(item.get("id")), 1)) for item in data]


def _id_lines(text: str) -> dict[str, int]:
    """The line of each `"id": "key"` in a JSON text (json keeps no positions)."""
    found: dict[str, int] = {}
    for match in re.finditer(r'"id"\s*:\s*"?([^",}\s]+)', text):
        found.setdefault(match[1], text.count("\n", 0, match.start()) + 1)
    return found


def _from_yaml(text: str, path: Path, report: Report) -> list[Item]:
    try:
        located = load(text)
    except YamlProblem as problem:
        report.error("bibliography-syntax", path, problem.line, problem.message, problem.col)
        return []
    if isinstance(located.value, dict) and "references" in located.value:
        located = located.child("references") or Located(None, 1, {})
    if not isinstance(located.value, list):
        message = "CSL-YAML must be a list of items, or a mapping with a 'references' list"
        report.error("bibliography-syntax", path, located.line, message)
        return []
    items = []
    for item in located.items:
        if not isinstance(item.value, dict):
            message = "each item must be a mapping with an id, a type and a title"
            report.error("bibliography-entry", path, item.line, message)
            continue
        items.append((item.value, item.line))
    return items
