"""Issue 16: citations and reference lists, reviewers, adapted sources and identifiers,
asserted on the EPUB and PDF built from tests/books/references and on the guide."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pikepdf
import pytest

from bookbuilder.html.citation_syntax import parse_items
from bookbuilder.text import isbn13_problem
from helpers import BOOKS, NS, Epub, Pdf, copy_book, run

PRINT_ISBN, EPUB_ISBN = "9780306406157", "9783161484100"


@pytest.fixture(scope="module")
def book(references_epub_path) -> Epub:
    return Epub(references_epub_path)


def _xpath(element, expression: str) -> list:
    return element.xpath(expression, namespaces=NS)


def test_each_chapter_ends_with_its_own_numbered_list(book):
    first, second = book.document("what-helps.xhtml"), book.document("why-it-matters.xhtml")
    for document in (first, second):
        (section,) = _xpath(document, "//x:section[@epub:type='bibliography']")
        assert section.get("role") == "doc-bibliography"
        heading = _xpath(section, "x:h2")[0]
        assert section.get("aria-labelledby") == heading.get("id")
        assert heading.text == "References"
    entries = [" ".join(li.xpath("string()").split()) for li in _xpath(first, "//x:ol/x:li")]
    assert entries[0].startswith("1. National Institute for Health and Care Excellence.")
    assert entries[1].startswith("2. Foster NE, Anema JR, Cherkin D")
    # Numbering starts again in each chapter, in the order of first citation.
    again = [" ".join(li.xpath("string()").split()) for li in _xpath(second, "//x:ol/x:li")]
    assert again[0].startswith("1. Hartvigsen J") and again[1].startswith("2. National")


def test_citations_link_to_their_entries_and_back(book):
    document = book.document("what-helps.xhtml")
    ids = book.ids("what-helps.xhtml")
    links = _xpath(document, "//x:a[@role='doc-biblioref']")
    assert [link.text for link in links] == ["1", "1", "2", "2", "2"]
    for link in links:
        assert link.get(f"{{{NS['epub']}}}type") == "biblioref"
        assert link.get("href").lstrip("#") in ids
    backlinks = _xpath(document, "//x:section//x:a[@role='doc-backlink']")
    assert [b.get("href") for b in backlinks] == ["#what-helps--cite-1", "#what-helps--cite-2-2"]
    assert all(b.get("href").lstrip("#") in ids for b in backlinks)
    text = " ".join(document.xpath("string(//x:p[@id='what-helps--b1'])", namespaces=NS).split())
    assert "time [1]. Staying" in text and "[1,see 2, p. 2370]" in text
    narrative = " ".join(
        document.xpath("string(//x:p[@id='what-helps--b2'])", namespaces=NS).split()
    )
    assert narrative.startswith("Foster et al. [2] found")
    assert "help@example.org is not a citation" in book.read("why-it-matters.xhtml").decode()


def test_urls_and_dois_are_links_in_the_epub(book):
    document = book.document("what-helps.xhtml")
    hrefs = _xpath(document, "//x:section//x:a[not(@role)]/@href")
    assert "https://www.nice.org.uk/guidance/ng59" in hrefs
    assert "https://doi.org/10.1016/S0140-6736(18)30489-6" in hrefs


def test_reviewer_and_adapted_source_are_shown(book):
    first = " ".join(
        book.document("what-helps.xhtml").xpath("string(//x:header)", namespaces=NS).split()
    )
    assert "Reviewed by The bookbuilder maintainers on 20 November 2026" in first
    second = book.document("why-it-matters.xhtml")
    (adapted,) = _xpath(second, "//x:p[@class='adapted-from']")
    assert " ".join(adapted.xpath("string()").split()).startswith(
        "Adapted from What low back pain is and why we need to pay attention by Jan "
        "Hartvigsen and others, The Lancet, 2018."
    )
    assert _xpath(adapted, "x:cite")[0].text.startswith("What low back pain")
    imprint = " ".join(book.document("imprint.xhtml").xpath("string()").split())
    assert "Reviewers The bookbuilder maintainers" in imprint
    assert "ISBN 978-0-306-40615-7 (print)" in imprint
    assert "ISBN 978-3-16-148410-0 (EPUB)" in imprint
    assert "Second edition" in imprint and "Series: bookbuilder examples, number 2" in imprint


def test_package_metadata_names_isbns_series_and_sources(book):
    (isbn,) = book.opf_xpath("//dc:identifier[@id='isbn']")
    assert isbn.text == f"urn:isbn:{EPUB_ISBN}"
    (kind,) = book.opf_xpath("//opf:meta[@refines='#isbn'][@property='identifier-type']")
    assert (kind.get("scheme"), kind.text) == ("onix:codelist5", "15")
    sources = [s.text for s in book.opf_xpath("//dc:source")]
    assert f"urn:isbn:{PRINT_ISBN}" in sources
    assert "https://doi.org/10.1016/S0140-6736(18)30480-X" in sources
    (series,) = book.opf_xpath("//opf:meta[@property='belongs-to-collection']")
    assert series.text == "bookbuilder examples"
    refines = {m.get("property"): m.text for m in book.opf_xpath("//opf:meta[@refines='#series']")}
    assert refines == {"collection-type": "series", "group-position": "2"}
    assert book.meta("schema:bookEdition") == ["Second edition"]


def test_print_carries_the_lists_with_addresses_as_text(references_epub_path):
    pdf = Pdf(references_epub_path.with_suffix(".pdf"))
    text = " ".join(pdf.text(i) for i in range(len(pdf)))
    assert "References 1. National Institute for Health and Care Excellence." in text
    assert "Available from: https://www.nice.org.uk/guidance/ng59" in text
    assert (
        "doi:10.1016/ S0140-6736(18)30489-6" in text or "doi:10.1016/S0140-6736(18)30489-6" in text
    )
    assert "↩" not in text  # the way back is for screens
    assert "ISBN 978-0-306-40615-7" in text  # imprint and back cover


def test_pdf_xmp_carries_the_print_isbn_and_series(references_epub_path):
    with pikepdf.open(references_epub_path.with_suffix(".pdf")) as pdf:
        packet = pdf.Root.Metadata.read_bytes().decode()
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == "Evidence for Back Pain Care"
            assert "pdfuaid:part" in str(meta) or "pdfuaid" in packet
    assert f"<prism:isbn>{PRINT_ISBN}</prism:isbn>" in packet
    assert f"<dc:identifier>urn:isbn:{PRINT_ISBN}</dc:identifier>" in packet
    assert "<prism:edition>Second edition</prism:edition>" in packet
    assert "<rdf:value>bookbuilder examples</rdf:value>" in packet


@pytest.mark.skipif(
    shutil.which("ebook-meta") is None,
    reason="Calibre's ebook-meta is not installed (Debian package calibre)",
)
def test_calibre_reads_isbn_and_series(references_epub_path):
    for path, isbn in (
        (references_epub_path, EPUB_ISBN),
        (references_epub_path.with_suffix(".pdf"), PRINT_ISBN),
    ):
        shown = subprocess.run(
            ["ebook-meta", str(path)], capture_output=True, text=True, timeout=120, check=True
        ).stdout
        assert re.search(rf"Identifiers\s*:.*isbn:{isbn}", shown), shown
        assert re.search(r"Series\s*:\s*bookbuilder examples #2", shown), shown


def test_guide_credits_its_adapted_chapter_and_invents_no_reviewer(guide):
    document = guide.document("gene-therapy-for-back-pain.xhtml")
    (adapted,) = _xpath(document, "//x:p[@class='adapted-from']")
    assert " ".join(adapted.xpath("string()").split()) == (
        "Adapted from Gene Therapy for Back Pain by Suzanne Elvidge, BSc (hons), MSc, "
        "BackPainExpert, 15 June 2010."
    )
    sources = [s.text for s in guide.opf_xpath("//dc:source")]
    assert sources == [
        "Suzanne Elvidge, BSc (hons), MSc, “Gene Therapy for Back Pain”, BackPainExpert, 2010-06-15"
    ]
    for href in guide.xhtml_documents:
        assert b'class="reviewed"' not in guide.read(href)
    assert "Reviewers" not in guide.document("imprint.xhtml").xpath("string()")


def test_check_warns_of_an_entry_no_chapter_cites():
    result = run("check", str(BOOKS / "references"), "--json")
    found = [d for d in json.loads(result.stdout) if d["code"] == "reference-unused"]
    assert [(d["line"], d["message"]) for d in found] == [
        (34, "no chapter cites 'Maher2017' (cite it as [@Maher2017], or remove it)")
    ]
    assert found[0]["path"].endswith("references.bib")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("chapters/01-what-helps.md", "[@NICE2016]", "[@NICE216]"),
            r"chapters/01-what-helps\.md:11:43: error: no entry 'NICE216' in references\.bib "
            r"\(did you mean 'NICE2016'\?\).*\[citation-missing\]",
        ),
        (
            ("references.bib", "  title   = {Non-specific low back pain},", "  title = {Unclosed"),
            r"references\.bib:34:1: error: malformed BibTeX entry '@article\{Maher2017'.*"
            r"\[bibliography-syntax\]",
        ),
        (
            ("book.toml", 'isbn = "978-0-306-40615-7"', 'isbn = "978-0-306-40615-8"'),
            r"book\.toml:8:1: error: 'isbn': '978-0-306-40615-8' has check digit 8, but its "
            r"first 12 digits give 7 \[config-value\]",
        ),
        (
            ("chapters/01-what-helps.md", "reviewed: 2026-11-20\n", ""),
            r"01-what-helps\.md:6:1: error: 'reviewed_by' needs 'reviewed'.*"
            r"\[front-matter-required\]",
        ),
        (
            ("book.toml", "[references]", '[references]\nstyle = "vancuover"'),
            r"book\.toml:17:1: error: no CSL style 'vancuover' \(did you mean 'vancouver'.*"
            r"\[config-value\]",
        ),
    ],
)
def test_mistakes_are_reported_where_they_are(tmp_path, edit, expected):
    folder = copy_book("references", tmp_path)
    name, old, new = edit
    path = folder / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    result = run("build", str(folder), "-o", str(tmp_path / "out"), "-f", "epub", "--quiet")
    assert result.exit_code == 1
    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.epub"))


def test_isbn_check_digits():
    assert isbn13_problem("978-0-306-40615-7") is None
    assert isbn13_problem("0-306-40615-2") == (
        "'0-306-40615-2' is an ISBN-10; give the ISBN-13, 9780306406157"
    )
    assert "has check digit 0, but its first 12 digits give 7" in isbn13_problem("9780306406150")
    assert "must start with 978 or 979" in isbn13_problem("9770306406157")
    assert "it has 12 digits, not 13" in isbn13_problem("978030640615")


def test_citation_syntax_of_pandoc():
    assert parse_items("@a") == [{"key": "a", "prefix": "", "suffix": "", "suppress": False}]
    assert parse_items("see @a, p. 4; -@b") == [
        {"key": "a", "prefix": "see", "suffix": ", p. 4", "suppress": False},
        {"key": "b", "prefix": "", "suffix": "", "suppress": True},
    ]
    assert parse_items("@{odd key}") == [
        {"key": "odd key", "prefix": "", "suffix": "", "suppress": False}
    ]
    assert parse_items("see me; @a") is None  # a part that cites nothing: not a citation
