"""Fonts for every script a book uses, from packages only (issue 15, items 2 and 3): a
chapter in five scripts prints with the packages' fonts and no system font (pdffonts),
without a .notdef, and a character no font draws is an error at its line and column
for print, a warning for an EPUB alone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from bookbuilder import fonts
from bookbuilder.check.pdf_rules import check_pdf_rules
from bookbuilder.diagnostics import Report
from helpers import copy_book, run

MANY_SCRIPTS = """
## In other languages

In Hindi, back pain is called पीठ दर्द. In Arabic it is ألم الظهر, and in Chinese 背痛.
In Tamil it is முதுகு வலி, and in Thai ปวดหลัง. Greek: πόνος στην πλάτη.
"""
OUR_FONTS = re.compile(r"^[A-Z]{6}\+(Source-Serif-4|Atkinson-Hyperlegible|Source-Code-Pro|Noto-)")


def book_with(tmp_path: Path, text: str) -> Path:
    book = copy_book("tagged", tmp_path)
    chapter = book / "chapters" / "02-resting.md"
    chapter.write_text(chapter.read_text() + text)
    return book


@pytest.fixture(scope="module")
def many_scripts_pdf(tmp_path_factory) -> Path:
    if fonts.script_font_file(fonts.SCRIPT_FONTS[-1]) is None:
        pytest.skip("the cjk extra (Noto Sans CJK) is not installed")
    book = book_with(tmp_path_factory.mktemp("scripts"), MANY_SCRIPTS)
    result = run("build", str(book), "-q", "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    return next((book / "output").glob("*.pdf"))


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler's pdffonts is not installed")
def test_every_script_prints_in_a_packaged_font_and_no_system_font(many_scripts_pdf):
    listing = subprocess.run(
        ["pdffonts", str(many_scripts_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = [line.split()[0] for line in listing]
    assert all(OUR_FONTS.match(name) for name in names), names
    assert all(" yes yes yes " in line for line in listing), "embedded, subset, ToUnicode"
    for family in ("Noto-Sans-Arabic", "Noto-Sans-Tamil", "Noto-Sans-Thai", "Noto-Sans-CJK"):
        assert any(family in name for name in names), family
    assert not any(re.search(r"DejaVu|Droid|Liberation|FreeSans", name) for name in names)


def test_no_character_prints_as_notdef(many_scripts_pdf):
    report = Report()
    with pikepdf.open(many_scripts_pdf) as pdf:
        check_pdf_rules(many_scripts_pdf, pdf, report)
    assert not report.diagnostics, [d.message for d in report.diagnostics]


def test_the_fontconfig_of_a_layout_is_put_back():
    before = os.environ.get("FONTCONFIG_FILE")
    with fonts.isolated_fontconfig():
        conf = Path(os.environ["FONTCONFIG_FILE"]).read_text()
        assert "<dir>" in conf and "/usr/share/fonts" not in conf
    assert os.environ.get("FONTCONFIG_FILE") == before


def test_a_character_no_font_draws_is_an_error_for_print_at_its_place(tmp_path):
    book = book_with(tmp_path, "\nFeeling better? 😀 Good.\n")
    result = run("build", str(book), "-f", "pdf")
    assert result.exit_code == 1
    line = len((book / "chapters" / "02-resting.md").read_text().splitlines())
    assert re.search(
        rf"02-resting\.md:{line}:17: error: '😀' \(U\+1F600 GRINNING FACE\) has no glyph in "
        r"the fonts bookbuilder uses and would print as an empty box: no emoji font is "
        r"packaged.*\[glyph-missing\]",
        result.stderr,
    )
    assert not (book / "output").exists() or not list((book / "output").glob("*.pdf"))
    epub_only = run("build", str(book), "-f", "epub")
    assert epub_only.exit_code == 0
    assert "warning: '😀' (U+1F600 GRINNING FACE) has no glyph" in epub_only.stderr


def test_a_missing_package_is_named(monkeypatch, tmp_path):
    arabic = next(f for f in fonts.SCRIPT_FONTS if f.family == "Noto Sans Arabic")
    real = fonts.script_font_file
    monkeypatch.setattr(fonts, "script_font_file", lambda f: None if f is arabic else real(f))
    from bookbuilder.check.glyphs import _remedy

    assert _remedy("ظ") == ": install fontpkg-noto-sans-arabic for Arabic, Urdu, Persian"


def tiny_font(path: Path, code_point: int) -> None:
    """A font with one glyph (a square) for `code_point`, named "Book Symbol"."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 600), (500, 600), (500, 0)):
        (pen.lineTo if pen.points else pen.moveTo)(point)
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "square"])
    builder.setupCharacterMap({code_point: "square"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (600, 0), "square": (600, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Book Symbol", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_a_books_own_font_draws_what_the_packages_lack(tmp_path):
    book = book_with(tmp_path, "\nThe arrow ⭷ points up and to the right.\n")
    assert run("build", str(book), "-f", "pdf", "-q").exit_code == 1, "no font has it yet"
    (book / "fonts").mkdir()
    tiny_font(book / "fonts" / "symbol.ttf", 0x2B77)
    toml = book / "book.toml"
    toml.write_text(toml.read_text() + '\n[fonts]\nfiles = ["fonts/symbol.ttf"]\n')
    result = run("build", str(book), "-f", "pdf", "-q")
    assert result.exit_code == 0, result.stderr
    pdf_path = next((book / "output").glob("*.pdf"))
    with pikepdf.open(pdf_path) as pdf:
        names = {str(f.BaseFont) for p in pdf.pages for f in p.obj.Resources.Font.values()}
        report = Report()
        check_pdf_rules(pdf_path, pdf, report)
    assert any("Book-Symbol" in name for name in names), names
    assert not [d for d in report.diagnostics if d.code == "pdf-notdef"]


def test_a_book_font_outside_the_book_or_not_a_font_is_an_error(tmp_path):
    book = copy_book("tagged", tmp_path)
    (book / "fonts").mkdir()
    (book / "fonts" / "notes.ttf").write_text("not a font")
    toml = book / "book.toml"
    toml.write_text(toml.read_text() + '\n[fonts]\nfiles = ["fonts/notes.ttf", "../x.ttf"]\n')
    result = run("build", str(book), "-f", "epub")
    assert result.exit_code == 1
    assert re.search(
        r"book\.toml:\d+:1: error: font 'fonts/notes\.ttf' is not a TrueType", result.stderr
    )
    assert "[path-outside]" in result.stderr


def test_a_fonts_characters_are_read_from_ttf_otf_and_woff_alike(tmp_path):
    """HarfBuzz reads the character maps (fast) but does not unpack WOFF: a book's own
    WOFF font must not look as if it drew nothing."""
    from fontTools.ttLib import TTFont

    source = fonts.font_file("Source Serif 4")
    woff = tmp_path / "serif.woff"
    with TTFont(source) as font:
        expected = frozenset(font.getBestCmap())
        font.flavor = "woff"
        font.save(woff)
    assert len(expected) > 500
    assert fonts.character_map(source) == expected
    assert fonts.character_map(woff) == expected
    symbol, symbol_woff = tmp_path / "symbol.ttf", tmp_path / "symbol.woff"
    tiny_font(symbol, 0x2B77)  # a character no packaged font draws
    with TTFont(symbol) as font:
        font.flavor = "woff"
        font.save(symbol_woff)
    assert fonts.undrawn({0x2B77}, ()) == {0x2B77}
    assert fonts.undrawn({0x2B77}, (symbol_woff,)) == set()
