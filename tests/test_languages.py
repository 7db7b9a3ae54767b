"""The example books in German, Polish, Arabic, Hindi and Simplified Chinese (issue 15):
every format builds; the EPUBs pass EPUBCheck and DAISY Ace and carry subset fonts for
their scripts; the PDFs use only the packages' fonts and print no .notdef; the Arabic
book is right to left in its EPUB and mirrored in print, its booklet folds the other way;
Chinese lines break without spaces."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from bookbuilder import fonts
from bookbuilder.check.outputs import ToolMissing, ace_json, epubcheck_json
from bookbuilder.check.pdf_rules import check_pdf_rules
from bookbuilder.diagnostics import Report
from helpers import BOOKS, NS, Epub, Pdf, run

LANGUAGES = ("de", "pl", "ar", "hi", "zh")
SHIPPED_FONT_NAMES = ("Source-Serif-4", "Atkinson-Hyperlegible", "Source-Code-Pro", "Noto-")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each example book in every format, and its handouts in both sizes."""
    books = {}
    for language in LANGUAGES:
        out = tmp_path_factory.mktemp(language)
        book = BOOKS / f"lang-{language}"
        formats = ["-f", "epub", "-f", "pdf", "-f", "pdf-large-print", "-f", "booklet"]
        result = run("build", str(book), "-o", str(out), "-q", *formats)
        assert result.exit_code == 0, (language, result.stderr)
        for size in ([], ["--large-print"]):
            result = run("handout", str(book), "--all", "-o", str(out), "-q", *size)
            assert result.exit_code == 0, (language, result.stderr)
        pdfs = sorted(out.rglob("*.pdf"))
        books[language] = {
            "epub": next(out.glob("*.epub")),
            "pdf": next(
                p for p in out.glob("*.pdf") if not p.stem.endswith(("-large-print", "-booklet"))
            ),
            "pdfs": pdfs,
        }
    return books


def test_every_format_builds(built):
    for language, outputs in built.items():
        names = {p.name for p in outputs["pdfs"]}
        assert any(n.endswith("-large-print.pdf") for n in names), language
        assert any(n.endswith("-booklet.pdf") for n in names), language
        assert len(outputs["pdfs"]) == 5, (language, names)  # book, large, booklet, 2 handouts


def test_epubs_pass_epubcheck(built):
    for language, outputs in built.items():
        try:
            report = epubcheck_json(outputs["epub"])
        except ToolMissing as missing:
            pytest.skip(f"EPUBCheck cannot run: {missing}")
        assert report is not None and report["messages"] == [], (language, report["messages"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_ace_reports_no_violations(built, language):
    try:
        report = ace_json(built[language]["epub"])
    except ToolMissing as missing:
        pytest.skip(f"DAISY Ace cannot run: {missing} is not installed (.ci/run installs it)")
    violations = [
        check["earl:test"]["dct:title"]
        for document in report["assertions"]
        for check in document["assertions"]
    ]
    assert violations == []


def test_pdfs_use_only_shipped_fonts_and_pass_the_pdf_checks(built):
    for outputs in built.values():
        for path in outputs["pdfs"]:
            with pikepdf.open(path) as pdf:
                fonts = {
                    str(font.BaseFont)[8:]
                    for page in pdf.pages
                    for font in page.obj.Resources.get("/Font", {}).values()
                }
                assert all(name.startswith(SHIPPED_FONT_NAMES) for name in fonts), fonts
                if path.stem.endswith("-booklet"):
                    continue
                report = Report()
                check_pdf_rules(path, pdf, report)
            assert not report.diagnostics, (path.name, [d.message for d in report.diagnostics])


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler's pdffonts is not installed")
def test_pdffonts_sees_the_script_fonts_embedded(built):
    wanted = {"ar": "Noto-Sans-Arabic", "hi": "Noto-Sans", "zh": "Noto-Sans-CJK"}
    for language, family in wanted.items():
        listing = subprocess.run(
            ["pdffonts", str(built[language]["pdf"])], capture_output=True, text=True, check=True
        ).stdout
        rows = [line for line in listing.splitlines()[2:] if family in line]
        assert rows and all(" yes yes yes " in row for row in rows), (language, listing)


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


def test_epubs_carry_subset_fonts_for_their_scripts(built):
    from fontTools.ttLib import TTFont

    for language, family in (("ar", "noto-sans-arabic"), ("hi", "noto-sans-devanagari"),
                             ("zh", "noto-sans-cjk")):  # fmt: skip
        epub = Epub(built[language]["epub"])
        items = epub.opf_xpath("//opf:item[starts-with(@href, 'fonts/')]")
        assert [i.get("href").split(".")[0] for i in items] == [f"fonts/{family}"], language
        assert items[0].get("media-type") in ("font/ttf", "font/otf")
        font = TTFont(io.BytesIO(epub.read(items[0].get("href"))))
        covered = set(font.getBestCmap())
        text = "".join(epub.document(h).xpath("string(//x:body)", namespaces=NS)
                       for h in epub.spine)  # fmt: skip
        script = {
            ord(c) for c in text
            if (f := fonts.font_for(ord(c))) and f.family.lower().replace(" ", "-") == family
        }  # fmt: skip
        assert script and script <= covered, (language, sorted(script - covered)[:5])
        assert len(font.getGlyphOrder()) < 2000, "a subset, not the whole font"
        css = epub.read("styles/fonts.css").decode()
        assert "unicode-range" in css and 'font-family: "Book Scripts"' in css
    for language in ("de", "pl"):
        epub = Epub(built[language]["epub"])
        assert not epub.opf_xpath("//opf:item[starts-with(@href, 'fonts/')]"), language


def test_embed_fonts_false_leaves_them_out(tmp_path):
    book = tmp_path / "ar"
    shutil.copytree(BOOKS / "lang-ar", book)
    toml = book / "book.toml"
    toml.write_text(toml.read_text() + "\n[epub]\nembed_fonts = false\n")
    assert run("build", str(book), "-f", "epub", "-q").exit_code == 0
    epub = Epub(next((book / "output").glob("*.epub")))
    assert not epub.opf_xpath("//opf:item[starts-with(@href, 'fonts/')]")
