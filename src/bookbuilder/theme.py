"""Templates and styles: package data that a book may override from its own folders."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from bookbuilder.model import BookConfig


def environment(config: BookConfig) -> Environment:
    """Jinja with the book's `templates/` searched before the package's own."""
    loaders = []
    if (config.root / "templates").is_dir():
        loaders.append(FileSystemLoader(config.root / "templates"))
    loaders.append(PackageLoader("bookbuilder", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    locale = Locale.parse(config.language, sep="-")
    env.filters["long_date"] = lambda value: format_long_date(value, locale)
    return env


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
