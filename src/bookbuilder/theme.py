"""Templates and styles: package data that a book may override from its own folders."""

from __future__ import annotations

import contextlib
from datetime import date
from importlib import resources
from pathlib import Path

import platformdirs
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)
from markupsafe import Markup, escape

from bookbuilder import i18n
from bookbuilder.model import BookConfig


def environment(config: BookConfig) -> Environment:
    """Jinja with the book's `templates/` searched before the package's own, and the
    book's language: `_()` from its message catalog (Jinja's i18n extension), dates and
    lists by Babel."""
    loaders = []
    if (config.root / "templates").is_dir():
        loaders.append(FileSystemLoader(config.root / "templates"))
    loaders.append(PackageLoader("bookbuilder", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_compiled_templates(),
    )
    markup = i18n.translations(config.language, config.strings, markup=True)
    env.install_gettext_translations(markup, newstyle=True)
    locale = book_locale(config)
    env.globals["direction"] = text_direction(config)
    env.filters["long_date"] = lambda value: format_long_date(value, locale)
    env.filters["time_element"] = lambda value: time_element(value, locale)
    env.filters["names"] = lambda values, css_class=None: names(values, locale, css_class)
    return env


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's compiled templates, kept in the user cache folder: compiling the package's
    templates took 40 ms of every build. Jinja checks each entry against its template's
    source (and Python's version); a cache that cannot be written only costs that time."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


def _compiled_templates() -> _CompiledTemplates:
    return _CompiledTemplates(str(platformdirs.user_cache_path("bookbuilder") / "templates"))


def translations(config: BookConfig) -> i18n.BookTranslations:
    return i18n.translations(config.language, config.strings)


def text_direction(config: BookConfig) -> str:
    """ "rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu), else
    "ltr": CLDR's character order for it."""
    return "rtl" if book_locale(config).character_order == "right-to-left" else "ltr"


def book_locale(config: BookConfig) -> Locale:
    """The Babel locale of the book's language (English when Babel does not know it)."""
    try:
        return Locale.parse(config.language, sep="-")
    except (ValueError, LookupError, UnknownLocaleError):
        return Locale("en")


def time_element(value: date, locale: Locale) -> Markup:
    """`<time datetime="2010-06-15">15 June 2010</time>`, to put into a message."""
    return Markup('<time datetime="{}">{}</time>').format(
        value.isoformat(), format_long_date(value, locale)
    )


def names(values, locale: Locale, css_class: str | None = None) -> Markup:
    """The names as the language writes a list ("A, B and C"), each isolated (a span of
    `css_class` with dir="auto", or a `bdi`), so that an English name in an Arabic
    sentence, or the other way round, keeps its own direction."""
    items = [str(escape(v)) for v in values]
    if css_class:
        items = [f'<span class="{css_class}" dir="auto">{item}</span>' for item in items]
    else:
        items = [f"<bdi>{item}</bdi>" for item in items]
    return Markup(format_list(items, locale=locale)) if items else Markup("")


def format_long_date(value: date, locale: Locale) -> str:
    """'15 June 2010' in en-GB, 'June 15, 2010' in en-US: the book's language decides."""
    return format_date(value, format="long", locale=locale)


def stylesheet(config: BookConfig, name: str) -> str:
    """The package's default style, followed by the book's own `styles/<name>` if any."""
    default, own = stylesheet_parts(config, name)
    if own is not None:
        return f"{default}\n/* styles/{name} */\n{own}"
    return default


def stylesheet_parts(config: BookConfig, name: str) -> tuple[str, str | None]:
    """The package's default style and the book's own `styles/<name>` (None when it has
    none), apart: an EPUB ships them as two files, so that the book's rules that set
    the defaults' selectors again (`:root`) are not duplicates within one stylesheet."""
    default = resources.files("bookbuilder").joinpath("styles", name).read_text("utf-8")
    own: Path = config.root / "styles" / name
    return default, (own.read_text("utf-8") if own.is_file() else None)
