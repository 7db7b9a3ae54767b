"""The layout cache of a book laid out in parts: after an edit, only the chapter edited
is laid out again; a chapter that grows moves the numbers after it, not their layout;
and the same sources give the same bytes, from the cache or not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bookbuilder.pdf.numbering import Guesses
from bookbuilder.pdf.parallel import lay_out_book
from bookbuilder.pdf.part_order import next_part
from bookbuilder.pdf.parts import CHAPTER, Part
from bookbuilder.pdf.write import render_pdf
from bookbuilder.pipeline import read_book
from helpers import run
from test_parallel_layout import assert_same, both, pages_text, synthetic


def edit_sentence(chapter: Path, words: str) -> None:
    lines = chapter.read_text("utf-8").split("\n")
    body = next(i for i, line in enumerate(lines) if i > 10 and line[:1].isalpha())
    lines[body] = lines[body].replace(".", f". {words}", 1)
    chapter.write_text("\n".join(lines), "utf-8")


@pytest.fixture
def cached_book(tmp_path):
    """A book laid out once in parts, into the (test session's) layout cache."""
    folder = synthetic(tmp_path / "book", 6)
    book, _ = read_book(folder)
    render_pdf(lay_out_book(book, parallel=True), book)
    return folder


def test_after_an_edit_only_that_chapter_is_laid_out_again(cached_book):
    chapters = sorted((cached_book / "chapters").glob("*.md"))
    edit_sentence(chapters[3], "This sentence was added by the test.")
    book, _ = read_book(cached_book)
    layout = lay_out_book(book, parallel=True)
    assert layout.parts.laid_out == (f"chapter-{book.chapters[3].slug}",)
    text = " ".join(pages_text(render_pdf(layout, book)))
    assert "This sentence was added by the test." in text


def test_after_an_edit_the_build_process_never_loads_weasyprint(cached_book, tmp_path):
    """The helper (pipeline/background.py) lays the edited chapter out and merges the
    PDF: the build's own process does neither, and does not import WeasyPrint."""
    chapters = sorted((cached_book / "chapters").glob("*.md"))
    edit_sentence(chapters[2], "A sentence the helper lays out.")
    script = (
        "import sys; from bookbuilder.pipeline.build import build_book; "
        f"build_book({str(cached_book)!r}, formats=('pdf', 'epub'), out_dir={str(tmp_path)!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint'))"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"
    pdf = next(tmp_path.glob("*.pdf"))
    text = " ".join(" ".join(pages_text(pdf.read_bytes())).split())
    assert "A sentence the helper lays out." in text


def test_a_chapter_two_pages_longer_moves_the_numbers_after_it_not_their_layout(cached_book):
    chapters = sorted((cached_book / "chapters").glob("*.md"))
    book, _ = read_book(cached_book)
    before = lay_out_book(book, parallel=True).page_labels
    edit_sentence(chapters[1], "More words for a longer chapter. " * 300)
    book, _ = read_book(cached_book)
    layout = lay_out_book(book, parallel=True)
    assert len(layout.page_labels) >= len(before) + 2
    laid_out = set(layout.parts.laid_out)
    # the edited chapter, and the chapter that names its pages (the one before it), and
    # the front and back, whose contents and glossary name pages: not the others
    assert f"chapter-{book.chapters[1].slug}" in laid_out
    assert not laid_out & {f"chapter-{c.slug}" for c in book.chapters[3:]}
    assert_same(*both(cached_book))


def test_a_chapter_still_out_is_guessed_at_its_last_page_count():
    """While the edited chapter is being laid out, the numbers after it are guessed with
    the page count it had: a guess from its length alone was a page out on a 1000-page
    book, took page 999 to 1000, and laid the glossary out twice on every edit."""
    chapters = [
        ("one", 396_000, (("a", 0),)),
        ("edited", 2200, (("b", 0),)),
        ("three", 1600, (("c", 0),)),
    ]
    last = {"a": "1", "b": "991", "c": "1001"}
    pages = {"one": [("a",)] + [()] * 989, "three": [("c",), (), (), ()]}
    guesses = Guesses(chapters, last, {"one": 990, "edited": 10, "three": 4})
    for name, its_pages in pages.items():
        guesses.learn(name, its_pages)
    assert guesses.digits(["c"]) == {"c": 4}  # page 1 + 990 + 10 = 1001
    guesses = Guesses(chapters, last)  # from its length: 6 pages, and "c" on page 997
    for name, its_pages in pages.items():
        guesses.learn(name, its_pages)
    assert guesses.digits(["c"]) == {"c": 3}


def test_a_guess_is_settled_only_far_from_a_change_of_width():
    """Chapters of 24,000 characters guessed at 10 pages each (2,400 a page): the
    eleventh opens near page 101, where a third more or less changes the width."""
    chapters = [(f"c{i}", 24_000, ((f"a{i}", 0),)) for i in range(20)]
    guesses = Guesses(chapters, {})
    assert guesses.digits(["a10"]) == {"a10": 3}
    assert not guesses.settled(["a10"])  # pages 71 to 151, if a third off
    assert guesses.settled(["a2"]) and guesses.settled(["a19"])  # 21 (15-31), 191
    for index in range(10):  # laid out: exact from now on
        guesses.learn(f"c{index}", [(f"a{index}",)] + [()] * 9)
    assert guesses.settled(["a10"])


def test_a_long_part_goes_first_when_it_would_finish_last():
    """The glossary, as long as the chapters left, goes ahead of them when the widths of
    its numbers are sure; otherwise the parts keep their order. The guide's glossary was
    laid out twice in every cold build, its numbers guessed a digit too wide."""
    chapters = [(f"c{i}", 24_000, ((f"a{i}", 0),)) for i in range(20)]
    guesses = Guesses(chapters, {})

    def part(name: str, size: int, numbers: tuple[str, ...] = ()) -> Part:
        return Part(name, CHAPTER, "x" * size, (), numbers, None)

    waiting = [part(f"c{i}", 100) for i in range(16, 20)]
    costs = {p.name: len(p.body) for p in waiting} | {"back": 250}
    back = part("back", 250, ("a19",))
    assert next_part([*waiting, back], costs, guesses, 2, busy=True) == 0  # 500 < 650
    assert next_part([*waiting[2:], back], costs, guesses, 2, busy=True) == 2  # 500 >= 450
    unsure = part("back", 250, ("a10",))
    assert next_part([*waiting[2:], unsure], costs, guesses, 2, busy=True) == 0
    # among the last parts, it waits for those being laid out to make its widths sure
    assert next_part([unsure], costs, guesses, 2, busy=True) is None
    assert next_part([unsure], costs, guesses, 2, busy=False) == 0


def test_the_same_sources_give_the_same_bytes_cold_or_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = synthetic(tmp_path / "book", 5)
    outputs = []
    for cache in ("a", "a", "b"):  # cold, cached, cold in another cache folder
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / cache))
        result = run("build", str(folder), "-f", "pdf", "-o", str(tmp_path / "out"), "--quiet")
        assert result.exit_code == 0, result.stderr
        outputs.append((tmp_path / "out" / "benchmark-book-of-5-chapters.pdf").read_bytes())
        (tmp_path / "out" / ".make-book-cache.json").unlink()
    assert outputs[0] == outputs[1] == outputs[2]
