"""The Arabic and Simplified Chinese example books (issue 15): every test of
test_languages.py on them, on another xdist worker, and what is theirs alone: right to
left in the EPUB, mirrored print and booklet, Chinese line breaks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import BOOKS, NS, Epub, Pdf, run
from test_languages import (  # noqa: F401  (collected here too, with this module's books)
    build_examples,
    test_ace_reports_no_violations,
    test_epubs_carry_subset_fonts_for_their_scripts,
    test_epubs_pass_epubcheck,
    test_every_format_builds,
    test_pdffonts_sees_the_script_fonts_embedded,
    test_pdfs_use_only_shipped_fonts_and_pass_the_pdf_checks,
)

LANGUAGES = ("ar", "zh")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    return build_examples(tmp_path_factory, LANGUAGES)


def test_the_arabic_epub_reads_right_to_left(built):
    epub = Epub(built["ar"]["epub"])
    spine = epub.opf_xpath("//opf:spine")[0]
    assert spine.get("page-progression-direction") == "rtl"
    for href in epub.spine:
        root = epub.document(href)
        assert root.get("dir") == "rtl" and root.get("lang") == "ar", href
    nav = epub.document("nav.xhtml")
    assert nav.xpath("string(//x:nav[@id='toc']/x:h2)", namespaces=NS) == "المحتويات"
    # Titles and names keep their own direction inside the book's: isolated.
    assert set(nav.xpath("//x:nav[@id='toc']//x:a/@dir", namespaces=NS)) == {"auto"}
    chapter = epub.document("chapter-01.xhtml")
    assert chapter.xpath("//x:span[@class='author']/@dir", namespaces=NS) == ["auto"]


def test_arabic_print_is_mirrored(built):
    pdf = Pdf(built["ar"]["pdf"])
    opening = pdf.reader.page_labels.index("1")  # the first chapter opens on page 1
    page = pdf.plumber.pages[opening]
    words = page.extract_words(extra_attrs=["size"])
    body = [w for w in words if 60 < w["top"] < page.height - 60]
    size = max(w["size"] for w in body)
    title_end = max(w["x1"] for w in body if w["size"] == size)
    right_edge = max(w["x1"] for w in body)
    left_edge = min(w["x0"] for w in body)
    assert title_end == pytest.approx(right_edge, abs=2), "the title is set from the right"
    assert page.width - right_edge < left_edge + 40, "lines start at the right margin"
    folio = next(w for w in words if w["text"] == "1" and w["top"] > page.height - 60)
    assert folio["x0"] < page.width / 2, "a recto is a left page: its folio is on the left"
    assert opening % 2 == 0, "chapters open on a recto, the left page of a spread"


def test_chinese_lines_break_without_spaces(built):
    pdf = Pdf(built["zh"]["pdf"])
    index = pdf.reader.page_labels.index("1")
    text = pdf.plumber.pages[index].extract_text()
    start = text.index("大多数腰背痛会在")
    first_lines = text[start:].splitlines()[:2]
    assert len(first_lines) == 2, "the paragraph runs over lines"
    assert " " not in first_lines[0].strip(), "no spaces to break at, and none added"
    assert len(first_lines[0]) >= 15, "a full line of characters, broken between them"


def test_an_arabic_booklet_folds_the_other_way(built):
    booklet = next(p for p in built["ar"]["pdfs"] if p.stem.endswith("-booklet"))
    page = Pdf(booklet).plumber.pages[0]  # sheet 1, front: the back cover and the cover
    biggest = max(page.chars, key=lambda c: c["size"])  # the cover's title
    assert biggest["x1"] < page.width / 2, "the front cover is on the left half"


def test_embed_fonts_false_leaves_them_out(tmp_path):
    book = tmp_path / "ar"
    shutil.copytree(BOOKS / "lang-ar", book)
    toml = book / "book.toml"
    toml.write_text(toml.read_text() + "\n[epub]\nembed_fonts = false\n")
    assert run("build", str(book), "-f", "epub", "-q").exit_code == 0
    epub = Epub(next((book / "output").glob("*.epub")))
    assert not epub.opf_xpath("//opf:item[starts-with(@href, 'fonts/')]")
