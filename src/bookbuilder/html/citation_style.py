"""A CSL style loaded for one book: in its language, with what the citation formatter needs
to know of it (numeric or not; whether citations show locators) and the locale's words
for locators ("p.", "S.") and for names ("and", "et al.")."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import citeproc
from citeproc import CitationStylesStyle

CSL = "{http://purl.org/net/xbiblio/csl}"
LOCATORS = (
    "page", "chapter", "section", "paragraph", "figure", "table", "volume", "verse",
    "line", "note", "part", "column", "book", "folio", "issue", "opus", "sub-verbo",
    "equation", "appendix", "article-locator", "rule", "scene", "supplement", "version",
)  # fmt: skip
ENGLISH_FORMS = {
    "p": "page", "pp": "page", "pg": "page", "chap": "chapter", "ch": "chapter",
    "sec": "section", "para": "paragraph", "fig": "figure", "vol": "volume", "v": "verse",
    "l": "line", "n": "note", "pt": "part", "col": "column", "bk": "book", "fol": "folio",
    "no": "issue", "op": "opus", "s.v": "sub-verbo",
}  # fmt: skip
_LOCATOR = re.compile(
    r"^[\s,]*(?P<term>[^\W\d][\w.]*)\s*"
    r"(?P<value>\d[\w\-–]*(?:\s*[,&–-]\s*\d[\w\-–]*)*)(?P<rest>.*)$"
)


class CitationStyle:
    """The style in `style_file`, with terms in `language` (a BCP 47 tag)."""

    def __init__(self, style_file: Path, language: str):
        self.style = CitationStylesStyle(
            str(style_file), locale=csl_locale(language), validate=False
        )
        root = self.style.root
        category = root.find(f"{CSL}info/{CSL}category[@citation-format]")
        self.numeric = category is not None and category.get("citation-format") == "numeric"
        self.shows_locator = _citation_uses(root, "locator")
        self.forms = self._locator_forms()

    def locator(self, suffix: str) -> tuple[tuple[str, str], str] | None:
        """`(label, value), rest` when `suffix` starts with a locator (", p. 4"), and the
        style shows locators in citations (otherwise the suffix stays as written)."""
        if not self.shows_locator:
            return None
        match = _LOCATOR.match(suffix)
        if match is None:
            return None
        label = self.forms.get(match["term"].lower().rstrip("."))
        if label is None:
            return None
        return (label, match["value"]), match["rest"].strip()

    def names(self, csl: dict) -> str:
        """The authors as a sentence names them ("Foster et al."), for a style whose
        citations show no names (numeric ones)."""
        people = csl.get("author") or csl.get("editor") or []
        family = [p.get("literal") or p.get("family") or "" for p in people if isinstance(p, dict)]
        family = [name for name in family if name]
        if not family:
            return ""
        if len(family) == 1:
            return family[0]
        if len(family) == 2:
            return f"{family[0]} {self._term('and') or 'and'} {family[1]}"
        return f"{family[0]} {self._term('et-al') or 'et al.'}"

    def _term(self, name: str, form: str | None = None) -> str:
        try:
            term = self.style.root.get_term(name, form)
        except Exception:  # citeproc-py on a style without that term
            return ""
        return str(term.single) if term is not None else ""

    def _locator_forms(self) -> dict[str, str]:
        forms = dict(ENGLISH_FORMS)
        for label in LOCATORS:
            forms[label] = label
            for form in (None, "short"):
                try:
                    term = self.style.root.get_term(label, form)
                except Exception:  # a locale without the term
                    continue
                if term is not None:
                    for text in (str(term.single), str(term.multiple)):
                        if text.strip():
                            forms.setdefault(text.strip().lower().rstrip("."), label)
        return forms


def _citation_uses(root, variable: str) -> bool:
    """Whether the style's citation layout, or a macro it calls, renders `variable`."""
    macros = {m.get("name"): m for m in root.iter(f"{CSL}macro")}
    citation = root.find(f"{CSL}citation")
    seen: set[str] = set()
    todo = [citation] if citation is not None else []
    while todo:
        element = todo.pop()
        for node in element.iter():
            if variable in (node.get("variable") or "").split():
                return True
            name = node.get("macro")
            if name and name not in seen and name in macros:
                seen.add(name)
                todo.append(macros[name])
    return False


@cache
def _locales() -> dict[str, str]:
    """citeproc-py's locale files, by language tag, and each language's main dialect."""
    folder = Path(citeproc.__file__).parent / "data" / "locales"
    tags = {path.stem.removeprefix("locales-"): path.stem for path in folder.glob("locales-*.xml")}
    found = {tag.lower(): tag for tag in tags}
    try:
        primary = json.loads((folder / "locales.json").read_text("utf-8"))["primary-dialects"]
    except (OSError, ValueError, KeyError):
        primary = {}
    for language, dialect in primary.items():
        if dialect in tags:
            found.setdefault(language.lower(), dialect)
    return found


def csl_locale(language: str) -> str:
    """The CSL locale for a BCP 47 tag: itself, its language's main dialect, or en-US."""
    tag = language.replace("_", "-")
    known = _locales()
    parts = tag.split("-")
    candidates = [tag, f"{parts[0]}-{parts[-1]}", parts[0]]
    if parts[0] == "zh":  # Hans is written in mainland China, Hant in Taiwan
        candidates.insert(1, "zh-TW" if "Hant" in parts else "zh-CN")
    for candidate in candidates:
        if candidate.lower() in known:
            return known[candidate.lower()]
    return "en-US"
