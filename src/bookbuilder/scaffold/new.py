"""Writing a new book: its files rendered from the scaffold's package data, the sample
text in the book's language (English where the scaffold has none), then moved into
place at once, so that a failed `new` leaves no half-made book."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from bookbuilder import i18n
from bookbuilder.model import add_years
from bookbuilder.output import build_day, write_folder
from bookbuilder.scaffold.book_toml import book_toml
from bookbuilder.text import chapter_slug

REVIEW_AFTER_YEARS = 1  # the sample chapter's next review: well within [check]'s interval
DEFAULT_FORMATS = ["epub", "pdf", "html"]


class FolderNotEmpty(ValueError):
    """`make-book new` writes only into a new or empty folder: never over a book."""


@dataclass(frozen=True)
class NewBook:
    folder: Path
    paths: tuple[Path, ...]  # every file written
    sample_language: str  # the locale of the sample text
    sample_translated: bool  # False: the scaffold has no text in the book's language


def content_locales() -> tuple[str, ...]:
    """The languages the sample text is written in, as Babel names them."""
    return tuple(sorted(p.name for p in _scaffold("content").iterdir() if p.is_dir()))


def new_book(
    folder: Path, *, title: str, language: str, author: str, today: date | None = None
) -> NewBook:
    """Write a new book into `folder` (created; it must be empty if it exists)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "a file" if not folder.is_dir() else "a folder that is not empty"
        raise FolderNotEmpty(
            f"'{folder}' is {what}: make-book new writes a book only into a new or empty "
            "folder, so that nothing there is overwritten"
        )
    day = today or build_day()
    locale = _sample_locale(language)
    content = _scaffold("content", locale)
    chapter_name = next(p.name for p in content.joinpath("chapters").iterdir())
    context = {
        "title": title,
        "author": author,
        "today": day.isoformat(),
        "next_review": add_years(day, REVIEW_AFTER_YEARS).isoformat(),
        "slug": chapter_slug(chapter_name),
        "chapter_file": f"chapters/{chapter_name}",
    }
    files = {
        "book.toml": book_toml(
            {
                "title": title,
                "language": language,
                "publisher": author,
                "formats": DEFAULT_FORMATS,
            }
        ),
    }
    for tree in (_scaffold("common"), content):
        for relative, source in _files(tree, ""):
            if relative == "gitignore":  # a package's data keeps no dot files
                relative = ".gitignore"
            if relative.endswith((".md", ".yaml")):
                files[relative] = _render(source.read_text("utf-8"), context)
            else:
                files[relative] = source.read_text("utf-8")
    _write_new_folder(folder, files)
    paths = tuple(sorted(folder / name for name in files))
    return NewBook(folder, paths, locale, locale == _sample_locale(language, fallback=None))


def _write_new_folder(folder: Path, files: dict[str, str]) -> None:
    """The files written into a temporary folder beside `folder`, which then becomes it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        write_folder(temporary, {name: text.encode("utf-8") for name, text in files.items()})
        temporary.chmod(0o755)
        if folder.is_dir():
            folder.rmdir()  # empty, as new_book checked
        os.replace(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _sample_locale(language: str, fallback: str | None = i18n.SOURCE_LANGUAGE) -> str | None:
    """The sample text's language: the book's, or the nearest the scaffold has."""
    for candidate in i18n.candidates(language):
        if candidate in content_locales():
            return candidate
    return fallback


def _scaffold(*parts: str) -> Traversable:
    return resources.files("bookbuilder").joinpath("scaffold", *parts)


def _files(tree: Traversable, prefix: str):
    for entry in sorted(tree.iterdir(), key=lambda e: e.name):
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from _files(entry, f"{name}/")
        elif not entry.name.endswith(".py"):
            yield name, entry


def _render(template: str, context: dict[str, str]) -> str:
    """The scaffold's texts are Markdown and YAML, not HTML: nothing is escaped."""
    environment = Environment(undefined=StrictUndefined, keep_trailing_newline=True)
    return environment.from_string(template).render(context)
