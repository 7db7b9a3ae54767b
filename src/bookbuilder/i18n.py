"""The words bookbuilder itself writes into a book ("Contents", "Updated", "Page 2 of 3"),
in the book's language, from gettext message catalogs.

The catalogs are Babel's: `locales/bookbuilder.pot` holds every message, extracted from
the templates and the code (see the README, "Languages"), and `locales/<locale>/
LC_MESSAGES/bookbuilder.po` its translation. They are read as they are, with Babel, so
that a corrected .po needs no compiling step. A book's language falls back along its
BCP 47 tag (`pt-BR`, then `pt`, then English), and a book can reword any message in
`book.toml`'s `[strings]`, keyed by the English message.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from collections.abc import Mapping
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import escape

DOMAIN = "bookbuilder"


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined, not translated (gettext's
    convention): it is translated where it is used."""
    return message


SOURCE_LANGUAGE = "en"


def locales_folder():
    return resources.files("bookbuilder").joinpath("locales")


@functools.cache
def shipped() -> tuple[str, ...]:
    """The locales a catalog ships for, as Babel names them: "de", "zh_Hans"."""
    folder = locales_folder()
    return tuple(sorted(p.name for p in folder.iterdir() if p.joinpath("LC_MESSAGES").is_dir()))


def catalog_locale(language: str) -> str | None:
    """The shipped catalog a BCP 47 tag falls back to, most specific first ("pt-BR" ->
    "pt_BR", "pt"; "zh-CN" -> "zh_Hans"), or None when there is none."""
    for candidate in candidates(language):
        if candidate in shipped():
            return candidate
    return None


def candidates(language: str) -> list[str]:
    """The locales a BCP 47 tag falls back through, most specific first."""
    try:
        locale = Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        base = language.replace("-", "_").split("_")[0].lower()
        return [base]
    names = [str(locale)]
    if locale.script:
        names.append(f"{locale.language}_{locale.script}")
    if locale.territory:
        names.append(f"{locale.language}_{locale.territory}")
    likely = get_global("likely_subtags").get(locale.language, "")
    parts = likely.split("_")
    if not locale.script and len(parts) > 1 and parts[1].istitle() and len(parts[1]) == 4:
        names.append(f"{locale.language}_{parts[1]}")  # "zh" is written in Hans
    names.append(locale.language)
    return list(dict.fromkeys(names))


@functools.cache
def _catalog_translations(locale: str) -> gettext.NullTranslations:
    path = locales_folder().joinpath(locale, "LC_MESSAGES", f"{DOMAIN}.po")
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class BookTranslations(gettext.NullTranslations):
    """A catalog with the book's own wording (`[strings]`) put first.

    The book's wording is plain text with the message's placeholders: "&" and "100%"
    mean themselves. For templates (`markup`), where Jinja treats a translation as
    markup and always formats it, it is escaped and its other "%" doubled; in code, a
    message with placeholders is formatted, so its "%" are doubled too, and one without
    is given as written."""

    def __init__(self, catalog, overrides: Mapping[str, str], *, markup: bool = False):
        super().__init__()
        self.catalog = catalog
        self.markup = markup
        self.overrides = {
            message: self._prepared(message, wording) for message, wording in overrides.items()
        }

    def _prepared(self, message: str, wording: str) -> str:
        if not self.markup and not PLACEHOLDER.search(message):
            return wording
        parts = PLACEHOLDER.split(wording)  # text, name, text, name, …
        texts = [p.replace("%", "%%") for p in parts[::2]]
        if self.markup:
            texts = [str(escape(t)) for t in texts]
        joined = [texts[0]]
        for name, text in zip(parts[1::2], texts[1:], strict=True):
            joined += [f"%({name})s", text]
        return "".join(joined)

    def gettext(self, message: str) -> str:
        return self.overrides.get(message) or self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        chosen = singular if n == 1 else plural
        return self.overrides.get(chosen) or self.catalog.ngettext(singular, plural, n)


@functools.cache
def _translations(
    language: str, overrides: tuple[tuple[str, str], ...], markup: bool
) -> BookTranslations:
    locale = catalog_locale(language) or SOURCE_LANGUAGE
    return BookTranslations(_catalog_translations(locale), dict(overrides), markup=markup)


def translations(
    language: str, overrides: tuple[tuple[str, str], ...] = (), *, markup: bool = False
) -> BookTranslations:
    """The messages of a book in `language`, reworded by `overrides` (its [strings]);
    `markup`: for templates (see BookTranslations)."""
    return _translations(language, tuple(overrides), markup)


@functools.cache
def messages() -> frozenset[str]:
    """Every message bookbuilder writes (the msgids of the template catalog)."""
    with locales_folder().joinpath(f"{DOMAIN}.pot").open("rb") as pot:
        return frozenset(str(m.id) for m in read_po(pot) if m.id)


def language_name(language: str) -> str:
    """ "German", "Portuguese (Brazil)": a tag as a warning names it, in English."""
    try:
        return Locale.parse(language, sep="-").get_display_name("en") or language
    except (ValueError, UnknownLocaleError):
        return language
