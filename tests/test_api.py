"""The Python API the README documents: build_book, build_handouts, check_book."""

from __future__ import annotations

import pytest

from bookbuilder import BookError, build_book, build_handouts, check_book
from bookbuilder.pipeline import UnknownChapter
from helpers import BOOKS, Epub, copy_book


def test_build_book_returns_what_it_wrote_and_found(tmp_path):
    result = build_book(BOOKS / "minimal", formats=["epub"], out_dir=tmp_path / "out")
    assert result.outputs == (tmp_path / "out" / "a-minimal-book.epub",)
    assert Epub(result.outputs[0]).opf_xpath("//dc:title/text()")[0] == "A Minimal Book"
    assert {d.code for d in result.diagnostics} >= {"unsafe-html", "glossary-unused"}
    assert not result.up_to_date
    again = build_book(BOOKS / "minimal", formats=["epub"], out_dir=tmp_path / "out")
    assert again.up_to_date and again.outputs == result.outputs
    assert sorted(again.diagnostics) == sorted(result.diagnostics)


def test_build_book_raises_book_error_with_every_diagnostic(tmp_path):
    with pytest.raises(BookError) as raised:
        build_book(BOOKS / "bad-date", out_dir=tmp_path)
    assert [d.code for d in raised.value.errors] == ["front-matter-type"]
    assert list(tmp_path.iterdir()) == []


def test_build_handouts_and_unknown_chapters(tmp_path):
    book = copy_book("print", tmp_path)
    result = build_handouts(book, ["short-chapter"], out_dir=tmp_path / "out")
    assert result.outputs == (tmp_path / "out" / "handouts" / "short-chapter.pdf",)
    assert result.outputs[0].read_bytes().startswith(b"%PDF")
    with pytest.raises(UnknownChapter, match="no chapter 'nope'"):
        build_handouts(book, ["nope"], out_dir=tmp_path / "out")


def test_check_book_returns_diagnostics_in_report_order():
    found = check_book(BOOKS / "check-dates", as_of=None)
    kinds = [d.code for d in found]
    assert kinds.index("date-future") < kinds.index("reading-level")
    assert all(d.path.is_absolute() for d in found)
