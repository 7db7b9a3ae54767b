"""`[strings]` and the book's language: the book's own wording of bookbuilder's messages,
checked against the catalog, and a warning when no catalog speaks the language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bookbuilder import i18n
from bookbuilder.diagnostics import Report
from bookbuilder.text import did_you_mean

STRINGS_TABLE = "strings"


def read_strings(
    given: Any, path: Path, lines: dict[tuple[str, str], int], report: Report
) -> tuple[tuple[str, str], ...]:
    """[strings]: the book's wording of bookbuilder's messages, keyed by the English
    message ("Contents" = "What is in this guide")."""
    if given is None:
        return ()
    table_line = lines.get((STRINGS_TABLE, ""), 1)
    if not isinstance(given, dict):
        report.error("config-type", path, table_line, f"'{STRINGS_TABLE}' must be a table")
        return ()
    known = i18n.messages()
    strings = []
    for message, wording in given.items():
        line = lines.get((STRINGS_TABLE, message), table_line)
        if message not in known:
            hint = did_you_mean(message, sorted(known))
            text = f"[strings] has no message '{message}'{hint}; see make-book's catalog"
            report.error("config-unknown", path, line, text)
        elif not isinstance(wording, str) or not wording.strip():
            report.error("config-type", path, line, f"[strings] '{message}' must be a string")
        elif unknown := set(i18n.PLACEHOLDER.findall(wording)) - set(
            i18n.PLACEHOLDER.findall(message)
        ):
            names = ", ".join(f"%({name})s" for name in sorted(unknown))
            have = ", ".join(f"%({n})s" for n in i18n.PLACEHOLDER.findall(message)) or "none"
            text = f"[strings] '{message}': {names} is not one of its placeholders ({have})"
            report.error("config-value", path, line, text)
        else:
            strings.append((message, wording))
    return tuple(sorted(strings))


def warn_if_untranslated(language: str, path: Path, line: int, report: Report) -> None:
    """A language with no catalog of its own, nor of its base language, gets English
    words around its text: say so, naming it."""
    locale = i18n.catalog_locale(language)
    if locale is None and language.split("-")[0].lower() != i18n.SOURCE_LANGUAGE:
        name = i18n.language_name(language)
        report.warning(
            "language-untranslated",
            path,
            line,
            f"bookbuilder has no translation for {name} ('{language}'): the words it writes "
            "(Contents, Updated, Glossary…) stay in English; reword them in [strings], or "
            "add a catalog (README, Languages)",
        )
