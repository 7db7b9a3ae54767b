"""Saddle-stitch booklets: which page sits where on each side of each sheet."""

from __future__ import annotations

import io
import shutil

import pdfplumber
import pytest
import weasyprint
from pypdf import PdfReader

from bookbuilder.pdf.booklet import impose, sheet_sides
from helpers import BOOKS, REPOSITORY, run

# (left, right) on each side, in print order: sheet 1 front, sheet 1 back, sheet 2 front, …
EXPECTED = {
    8: [(8, 1), (2, 7), (6, 3), (4, 5)],
    10: [(None, 1), (2, None), (10, 3), (4, 9), (8, 5), (6, 7)],
    13: [(None, 1), (2, None), (None, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)],
}


def numbered_a5(pages: int) -> bytes:
    html = "".join(f'<p style="break-after: page">Page {n}</p>' for n in range(1, pages + 1))
    style = "<style>@page { size: A5; margin: 20mm } p { font-size: 40pt }</style>"
    return weasyprint.HTML(string=style + html).write_pdf()


@pytest.mark.parametrize("pages", sorted(EXPECTED))
def test_sheet_order(pages):
    assert sheet_sides(pages) == EXPECTED[pages]
    booklet = impose(numbered_a5(pages))
    reader = PdfReader(io.BytesIO(booklet))
    assert len(reader.pages) == len(EXPECTED[pages])
    with pdfplumber.open(io.BytesIO(booklet)) as pdf:
        for side, (left, right) in zip(pdf.pages, EXPECTED[pages], strict=True):
            assert (side.width, side.height) == pytest.approx((841.89, 595.28), abs=0.1)
            halves = []
            for crop in (
                side.crop((0, 0, side.width / 2, side.height)),
                side.crop((side.width / 2, 0, side.width, side.height)),
            ):
                text = (crop.extract_text() or "").strip()
                halves.append(int(text.split()[-1]) if text else None)
            assert tuple(halves) == (left, right)


def test_booklet_of_the_guide(tmp_path):
    result = run("build", str(REPOSITORY), "-f", "booklet", "-o", str(tmp_path), "-q")
    assert result.exit_code == 0, result.stderr
    booklet = PdfReader(tmp_path / "treating-back-pain-booklet.pdf")
    result = run("build", str(REPOSITORY), "-f", "pdf", "-o", str(tmp_path / "a4"), "-q")
    sides = len(booklet.pages)
    assert sides % 2 == 0
    for page in booklet.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height), "landscape"
    first = pdfplumber.open(tmp_path / "treating-back-pain-booklet.pdf").pages[0]
    right = first.crop((first.width / 2, 0, first.width, first.height)).extract_text()
    assert "Treating Back Pain" in right, "the title page is on the right of the outer sheet"


def test_the_booklet_says_what_it_is_and_has_no_dead_links(tmp_path):
    """A print imposition: the book's title, language and XMP, a note naming the tagged
    edition, no PDF/UA claim, and no links to pages that are not there."""
    result = run("build", str(REPOSITORY), "-f", "booklet", "-o", str(tmp_path), "-q")
    assert result.exit_code == 0, result.stderr
    booklet = PdfReader(tmp_path / "treating-back-pain-booklet.pdf")
    root = booklet.trailer["/Root"]
    assert booklet.pdf_header == "%PDF-1.7"
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert booklet.metadata.title == "Treating Back Pain"
    xmp = booklet.xmp_metadata
    assert xmp.dc_title == {"x-default": "Treating Back Pain"}
    assert xmp.dc_language == ["en-GB"]
    assert "treating-back-pain.pdf" in xmp.dc_description["x-default"]
    assert b"pdfuaid" not in root["/Metadata"].get_data(), "an untagged booklet claims no PDF/UA"
    assert sum(len(page.get("/Annots", [])) for page in booklet.pages) == 0


def test_an_a5_book_without_covers_imposes_its_own_pages(tmp_path):
    """An A5 book with `[pdf] cover = false`: the booklet holds the A5 PDF's pages, padded
    to a multiple of four, the title page on the right of the outer sheet."""
    book = tmp_path / "book"
    shutil.copytree(BOOKS / "design-a5", book)
    (book / "book.toml").write_text(
        (book / "book.toml").read_text("utf-8") + "cover = false\n", "utf-8"
    )
    result = run("build", str(book), "-f", "pdf", "-f", "booklet", "-o", str(tmp_path / "o"), "-q")
    assert result.exit_code == 0, result.stderr
    pages = len(PdfReader(tmp_path / "o" / "looking-after-your-back-at-work.pdf").pages)
    booklet = tmp_path / "o" / "looking-after-your-back-at-work-booklet.pdf"
    assert len(PdfReader(booklet).pages) == -(-pages // 4) * 2
    with pdfplumber.open(booklet) as pdf:
        side = pdf.pages[0]
        right = side.crop((side.width / 2, 0, side.width, side.height)).extract_text()
    assert right.startswith("Looking")
