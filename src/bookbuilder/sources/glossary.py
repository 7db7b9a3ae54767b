"""Read `glossary.yaml` into glossary terms, checked; their definitions stay Markdown
(the html stage renders them)."""

from __future__ import annotations

from pathlib import Path

from bookbuilder.diagnostics import Report
from bookbuilder.model import GlossaryTerm
from bookbuilder.sources.chapters import read_text
from bookbuilder.sources.yamlfile import YamlProblem, load
from bookbuilder.text import slugify

ENTRY_KEYS = {"term", "aliases", "definition"}


def read_glossary(path: Path | None, report: Report) -> tuple[GlossaryTerm, ...]:
    if path is None:
        return ()
    text = read_text(path, report)
    if text is None:
        report.raise_if_errors()
        return ()
    try:
        located = load(text)
    except YamlProblem as problem:
        report.error("yaml-syntax", path, problem.line, problem.message, problem.col)
        report.raise_if_errors()
    if located.value is None:
        return ()
    if not isinstance(located.value, list):
        report.error(
            "glossary-type",
            path,
            located.line,
            "the glossary must be a list of entries, each '- term: …' with a definition",
        )
        report.raise_if_errors()
    entries: list[GlossaryTerm] = []
    names: dict[str, int] = {}
    for item in located.items:
        fields = item.value
        if not isinstance(fields, dict):
            report.error(
                "glossary-type", path, item.line, "each entry needs 'term' and 'definition'"
            )
            continue
        item.warn_unknown_keys(ENTRY_KEYS, "key", path, report, warning="glossary-unknown")
        term, definition = fields.get("term"), fields.get("definition")
        aliases = fields.get("aliases") or []
        ok = True
        for key, value in (("term", term), ("definition", definition)):
            if not isinstance(value, str) or not value.strip():
                report.error(
                    "glossary-required",
                    path,
                    item.key_lines.get(key, item.line),
                    f"glossary entry needs '{key}' as text",
                )
                ok = False
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in aliases
        ):
            report.error(
                "glossary-type",
                path,
                item.key_lines.get("aliases", item.line),
                "'aliases' must be a list of words, such as [endorphins]",
            )
            ok = False
        if not ok:
            continue
        for name in (term, *aliases):
            key = name.strip().casefold()
            if key in names:
                report.error(
                    "glossary-duplicate",
                    path,
                    item.line,
                    f"'{name}' is already in the glossary (line {names[key]})",
                )
                ok = False
            names.setdefault(key, item.line)
        if ok:
            entries.append(
                GlossaryTerm(
                    id=f"gl-{slugify(term)}",
                    term=term.strip(),
                    aliases=tuple(a.strip() for a in aliases),
                    definition=definition.strip(),
                    path=path,
                    line=item.line,
                )
            )
    report.raise_if_errors()
    return tuple(sorted(entries, key=lambda e: e.term.casefold()))
