"""Clinic handouts and large print, read back from the PDFs."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from bookbuilder import read_book
from bookbuilder.pdf.handouts import HandoutOptions, render_handouts
from helpers import BOOKS, MM, NS, REPOSITORY, Epub, Pdf, copy_book, run

CLINIC = "Riverside Health Centre\\n12 High Street, Leeds\\nPhone: 0113 496 0000"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # 14 November 2023
GUIDE_SLUGS = [
    "about-this-guide",
    "gene-therapy-for-back-pain",
    "when-back-pain-does-not-respond-to-treatment",
]


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    result = run("handout", str(REPOSITORY), "--all", "--clinic", CLINIC, "-o", str(out), env=EPOCH)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(out / "handouts" / f"{slug}.pdf") for slug in GUIDE_SLUGS
    ]
    return out / "handouts"


@pytest.fixture(scope="module")
def large_print_handout(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("large")
    result = run(
        "handout",
        str(REPOSITORY),
        "gene-therapy-for-back-pain",
        "--large-print",
        "-o",
        str(out),
        env=EPOCH,
    )
    assert result.exit_code == 0, result.stderr
    return out / "handouts" / "gene-therapy-for-back-pain-large-print.pdf"


def page_texts(path: Path) -> list[str]:
    pdf = Pdf(path)
    return [pdf.text(index) for index in range(len(pdf))]


def words_used(path: Path) -> list[str]:
    """The bold terms of the 'Words used in this handout' box, in order."""
    terms, inside = [], False
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for line in page.extract_text_lines(return_chars=True):
                text = line["text"].strip()
                if text.startswith("Words used in this handout"):
                    inside = True
                    continue
                if text == "Disclaimer":
                    return terms
                bold = all("Bold" in c["fontname"] for c in line["chars"] if c["text"].strip())
                if inside and bold:
                    terms.append(text)
    return terms


def chapter_terms(guide: Epub, slug: str) -> list[str]:
    """The glossary terms the chapter links, in glossary order, read from the EPUB."""
    linked = {
        a.get("href").split("#")[1]
        for a in guide.document(f"{slug}.xhtml").xpath("//x:a[@class='glossref']", namespaces=NS)
    }
    entries = yaml.safe_load((REPOSITORY / "glossary.yaml").read_text("utf-8"))
    terms = sorted((e["term"] for e in entries), key=str.casefold)
    return [t for t in terms if "gl-" + re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-") in linked]


@pytest.mark.parametrize("slug", GUIDE_SLUGS)
def test_handout_contents(handouts, guide, slug):
    path = handouts / f"{slug}.pdf"
    texts = page_texts(path)
    first, last = texts[0], texts[-1]
    title = {
        "about-this-guide": "About this guide",
        "gene-therapy-for-back-pain": "Gene Therapy for Back Pain",
        "when-back-pain-does-not-respond-to-treatment": (
            "When back pain does not respond to treatment"
        ),
    }[slug]
    assert first.startswith("TREATING BACK PAIN") or first.startswith("Treating Back Pain")
    assert title in first
    assert "Riverside Health Centre 12 High Street, Leeds Phone: 0113 496 0000" in first
    assert "Updated" in first and "By " in first
    if slug == "gene-therapy-for-back-pain":
        assert "By Suzanne Elvidge, BSc (hons), MSc" in first
        assert "Updated 15 June 2010" in first
    disclaimer = " ".join((REPOSITORY / "disclaimer.md").read_text("utf-8").split())
    assert disclaimer in last, "the whole disclaimer is on the last page"
    assert words_used(path) == chapter_terms(guide, slug)
    assert words_used(path), "every guide chapter uses some glossary terms"


@pytest.mark.parametrize("slug", GUIDE_SLUGS)
def test_page_x_of_y_and_print_date(handouts, slug):
    texts = page_texts(handouts / f"{slug}.pdf")
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Printed 14 November 2023" in text


def test_handout_paper_sizes(handouts, tmp_path):
    page = PdfReader(handouts / "about-this-guide.pdf").pages[0]
    assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=0.1)
    result = run(
        "handout", str(REPOSITORY), "about-this-guide", "--paper", "Letter", "-o", str(tmp_path)
    )
    assert result.exit_code == 0, result.stderr
    page = PdfReader(tmp_path / "handouts" / "about-this-guide.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (612, 792), abs=0.1
    )


def test_clinic_from_book_toml(tmp_path):
    book = copy_book("print", tmp_path)
    with (book / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[clinic]\nname = "Hillside Practice"\nphone = "01632 960000"\n'
            'website = "hillside.example"\n'
        )
    result = run("handout", str(book), "short-chapter", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    first = page_texts(tmp_path / "out" / "handouts" / "short-chapter.pdf")[0]
    assert "Hillside Practice Phone: 01632 960000 hillside.example" in first


def test_links_to_other_chapters_name_them(tmp_path):
    result = run("handout", str(BOOKS / "print"), "short-chapter", "-o", str(tmp_path))
    assert result.exit_code == 0
    text = " ".join(page_texts(tmp_path / "handouts" / "short-chapter.pdf"))
    assert "the long chapter (see “A Long Chapter” in Print Test Book)" in text


def test_a_link_whose_words_are_the_title_reads_as_a_citation(tmp_path):
    out = tmp_path / "out"
    result = run(
        "handout", str(REPOSITORY), "when-back-pain-does-not-respond-to-treatment", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    pdf = Pdf(out / "handouts" / "when-back-pain-does-not-respond-to-treatment.pdf")
    text = " ".join(pdf.text(i) for i in range(len(pdf)))
    assert "They are listed in “About this guide” in Treating Back Pain." in text
    assert "About this guide (see" not in text


def test_parallel_handouts_equal_sequential_ones():
    book, _ = read_book(BOOKS / "print")
    options = HandoutOptions("A4", ("Clinic",), printed_on=book.edition_date)
    slugs = [chapter.slug for chapter in book.chapters]
    assert render_handouts(book, slugs, options, workers=2) == render_handouts(
        book, slugs, options, workers=1
    )


def test_handout_usage_errors(tmp_path):
    assert run("handout", str(REPOSITORY)).exit_code == 2  # neither SLUG nor --all
    result = run("handout", str(REPOSITORY), "no-such-chapter", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "its chapters are: about-this-guide" in result.stderr
    assert run("handout", "a", "b", "c").exit_code == 2


def assert_large_print(path: Path) -> None:
    """RNIB Clear Print on every page but the cover, which is the EPUB cover's design
    (white on the book's colour, every character over 18 pt, tighter title lines)."""
    labels = PdfReader(path).page_labels
    with pdfplumber.open(path) as pdf:
        pages = [p for p, label in zip(pdf.pages, labels, strict=True) if "Cover" not in label]
        chars = [c for page in pages for c in page.chars if c["text"].strip()]
        assert chars
        small = {(c["text"], round(c["size"], 1)) for c in chars if c["size"] < 17.99}
        assert not small, f"characters under 18 pt: {sorted(small)[:10]}"
        fonts = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for c in chars}
        assert fonts <= {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}, fonts
        for page in pages:
            lines = [
                line for line in page.extract_text_lines() if round(line["chars"][0]["size"]) == 18
            ]
            gaps = [b["top"] - a["top"] for a, b in itertools.pairwise(lines)]
            assert all(gap >= 18 * 1.5 - 0.1 for gap in gaps if gap > 0), gaps
        colours = {tuple(c["non_stroking_color"] or (0,)) for c in chars}
        assert colours <= {(0,), (0, 0, 0), (0.0,), (0.0, 0.0, 0.0)}, colours


def test_large_print_handout(large_print_handout):
    assert_large_print(large_print_handout)


def test_large_print_book(tmp_path):
    result = run("build", str(REPOSITORY), "-f", "pdf-large-print", "-o", str(tmp_path), "-q")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "treating-back-pain-large-print.pdf"
    assert_large_print(path)
    texts = page_texts(path)
    assert any(text.startswith("Contents") for text in texts)
