"""The chapter cache: an edit re-renders only the edited chapter, and a build from cached
chapters is the same, byte for byte and warning for warning, as one from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from bookbuilder import read_book
from bookbuilder.diagnostics import BookError
from bookbuilder.html.chapter_cache import ChapterCache
from helpers import BOOKS, run

SLUGS = ["first-steps", "second-chapter"]


@pytest.fixture
def book(tmp_path) -> Path:
    root = tmp_path / "book"
    shutil.copytree(BOOKS / "minimal", root)
    return root


def load(root: Path, folder: Path):
    """The book through a fresh cache in `folder`, and the slugs that cache rendered."""
    cache = ChapterCache(root, folder)
    book, diagnostics = read_book(root, cache=cache)
    return book, diagnostics, cache.rendered


def test_an_edit_renders_only_the_edited_chapter(book, tmp_path):
    folder = tmp_path / "cache"
    first, _, rendered = load(book, folder)
    assert rendered == SLUGS
    again, _, rendered = load(book, folder)
    assert rendered == []
    assert again == first

    chapter = book / "chapters" / "02-second-chapter.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nA new paragraph on gene therapy.\n")
    edited, _, rendered = load(book, folder)
    assert rendered == ["second-chapter"]
    fresh, _ = read_book(book)
    assert edited == fresh
    assert "A new paragraph on" in edited.chapters[1].html


def test_a_cache_not_reused_is_refreshed(book, tmp_path):
    """`make-book build --force`: every chapter rendered afresh, and kept, so that the
    next build renders none."""
    folder = tmp_path / "cache"
    load(book, folder)
    chapter = book / "chapters" / "01-first-steps.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nOne more sentence.\n")
    cache = ChapterCache(book, folder, reuse=False)
    read_book(book, cache=cache)
    assert cache.rendered == SLUGS
    again, _, rendered = load(book, folder)
    assert rendered == []
    assert "One more sentence." in again.chapters[0].html


def test_cached_chapters_replay_their_warnings(book, tmp_path):
    folder = tmp_path / "cache"
    _, first, _ = load(book, folder)
    _, again, rendered = load(book, folder)
    assert rendered == []
    codes = {d.code for d in first}
    assert {"unsafe-html", "footnote-unused"} <= codes
    assert sorted(again) == sorted(first)


def test_a_glossary_change_renders_every_chapter(book, tmp_path):
    folder = tmp_path / "cache"
    load(book, folder)
    glossary = book / "glossary.yaml"
    glossary.write_text(
        glossary.read_text("utf-8") + "- term: Heading\n  definition: A title over a section.\n"
    )
    edited, _, rendered = load(book, folder)
    assert rendered == SLUGS
    assert edited == read_book(book)[0]


def test_a_changed_or_missing_image_is_noticed(book, tmp_path):
    folder = tmp_path / "cache"
    load(book, folder)
    image = book / "images" / "square.png"
    Image.new("RGB", (8, 8), "red").save(image)
    _, _, rendered = load(book, folder)
    assert rendered == ["first-steps"]

    image.unlink()
    with pytest.raises(BookError) as raised:
        load(book, folder)
    assert [d.code for d in raised.value.errors] == ["image-missing"]


def test_a_damaged_entry_is_rendered_afresh(book, tmp_path):
    folder = tmp_path / "cache"
    first, _, _ = load(book, folder)
    (entry,) = folder.glob("*/first-steps.json")
    entry.write_text('{"key": "', "utf-8")
    again, _, rendered = load(book, folder)
    assert rendered == ["first-steps"]
    assert again == first


def test_the_cache_lives_outside_the_book_and_build_folders(book, tmp_path):
    """A book from elsewhere must not be able to supply 'rendered' HTML of its own."""
    out = tmp_path / "out"
    result = run("build", str(book), "-o", str(out), "-f", "epub", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert not list(book.rglob("*.json"))
    assert [p.name for p in out.rglob("*.json")] == [".make-book-cache.json"]


def test_a_build_after_an_edit_equals_a_build_from_scratch(book, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    both = ("-f", "epub", "-f", "pdf", "-q")
    assert run("build", str(book), "-o", str(tmp_path / "a"), *both, env=env).exit_code == 0
    chapter = book / "chapters" / "01-first-steps.md"
    chapter.write_text(chapter.read_text("utf-8").replace("The footnote text.", "A new note."))
    cached = run("build", str(book), "-o", str(tmp_path / "a"), *both, env=env)
    scratch = run("build", str(book), "-o", str(tmp_path / "b"), *both, "--force", env=env)
    assert cached.exit_code == scratch.exit_code == 0
    assert cached.stderr == scratch.stderr
    built = sorted(p.name for p in (tmp_path / "a").iterdir() if not p.name.startswith("."))
    assert built == ["a-minimal-book.epub", "a-minimal-book.pdf"]
    for name in built:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
