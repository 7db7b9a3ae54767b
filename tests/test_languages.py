"""The example books in German, Polish and Hindi (issue 15; Arabic and Chinese run the same
tests in test_languages_rtl_cjk.py, on the other worker):
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
from helpers import BOOKS, NS, Epub, run

LANGUAGES = ("de", "pl", "hi")  # ar and zh: test_languages_rtl_cjk.py, on another worker
SHIPPED_FONT_NAMES = ("Source-Serif-4", "Atkinson-Hyperlegible", "Source-Code-Pro", "Noto-")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    return build_examples(tmp_path_factory, LANGUAGES)


def build_examples(tmp_path_factory, languages) -> dict[str, dict[str, Path]]:
    """Each example book in every format, and its handouts in both sizes."""
    books = {}
    for language in languages:
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


def test_ace_reports_no_violations(built):
    for language, outputs in built.items():
        try:
            report = ace_json(outputs["epub"])
        except ToolMissing as missing:
            pytest.skip(f"DAISY Ace cannot run: {missing} is not installed (.ci/run installs it)")
        violations = [
            check["earl:test"]["dct:title"]
            for document in report["assertions"]
            for check in document["assertions"]
        ]
        assert violations == [], language


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
    for language, family in ((k, v) for k, v in wanted.items() if k in built):
        listing = subprocess.run(
            ["pdffonts", str(built[language]["pdf"])], capture_output=True, text=True, check=True
        ).stdout
        rows = [line for line in listing.splitlines()[2:] if family in line]
        assert rows and all(" yes yes yes " in row for row in rows), (language, listing)


def test_epubs_carry_subset_fonts_for_their_scripts(built):
    from fontTools.ttLib import TTFont

    scripts = {"ar": "noto-sans-arabic", "hi": "noto-sans-devanagari", "zh": "noto-sans-cjk"}
    for language, family in ((k, v) for k, v in scripts.items() if k in built):
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
    for language in (k for k in ("de", "pl") if k in built):
        epub = Epub(built[language]["epub"])
        assert not epub.opf_xpath("//opf:item[starts-with(@href, 'fonts/')]"), language
