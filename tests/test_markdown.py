"""Markdown to XHTML on the small example book: glossary marking, ids, links, raw HTML."""

from __future__ import annotations

from lxml import etree

from helpers import BOOKS, NS, Epub, run

FIRST = "first-steps.xhtml"
SECOND = "second-chapter.xhtml"


def glossary_targets(epub: Epub, href: str) -> list[tuple[str, str]]:
    return [
        (a.text, a.get("href").split("#")[1])
        for a in epub.document(href).xpath("//x:a[@class='glossref']", namespaces=NS)
    ]


def test_terms_match_whole_words_case_insensitively_first_use_only(minimal: Epub):
    assert glossary_targets(minimal, FIRST) == [
        ("endorphin", "gl-endorphin"),
        ("Gene", "gl-gene"),  # inside <em>, capitalised
        ("gene therapy", "gl-gene-therapy"),  # the longer term wins over "gene"
        ("DNA", "gl-dna"),  # in a table cell
    ]
    assert glossary_targets(minimal, SECOND) == [("endorphins", "gl-endorphin"), ("DNA", "gl-dna")]


def test_no_terms_linked_in_headings_code_or_links(minimal: Epub):
    doc = minimal.document(FIRST)
    for element in doc.xpath(
        "//x:h2 | //x:code | //x:pre | //x:a[not(@class='glossref')]", namespaces=NS
    ):
        assert not element.xpath(".//x:a[@class='glossref']", namespaces=NS)
        assert element.xpath("ancestor::x:a[@class='glossref']", namespaces=NS) == []


def test_unused_entry_has_no_backlinks(minimal: Epub):
    glossary = minimal.document("glossary.xhtml")
    (dd,) = glossary.xpath("//x:dt[@id='gl-unused-term']/following-sibling::x:dd[1]", namespaces=NS)
    assert dd.xpath(".//x:p[@class='glossary-uses']", namespaces=NS) == []
    backlinks = glossary.xpath(
        "//x:dt[@id='gl-endorphin']/following-sibling::x:dd[1]//x:p[@class='glossary-uses']/x:a",
        namespaces=NS,
    )
    assert [(a.text, a.get("href")) for a in backlinks] == [
        ("First Steps", "first-steps.xhtml#first-steps--use-gl-endorphin"),
        ("Second Chapter", "second-chapter.xhtml#second-chapter--use-gl-endorphin"),
    ]


def test_ids_are_unique_across_the_book_and_headings_demoted(minimal: Epub):
    all_ids = []
    for href in minimal.xhtml_documents:
        all_ids += minimal.document(href).xpath("//@id")
    assert len(all_ids) == len(set(all_ids))
    second = minimal.document(SECOND)
    assert second.xpath("//x:h1/text()", namespaces=NS) == ["Second Chapter"]
    assert second.xpath("//x:h2/@id", namespaces=NS) == ["second-chapter--a-section"]


def test_links_images_and_footnotes(minimal: Epub):
    doc = minimal.document(FIRST)
    assert doc.xpath("//x:a[text()='the second chapter']/@href", namespaces=NS) == [
        "second-chapter.xhtml#second-chapter--a-section"
    ]
    (img,) = doc.xpath("//x:img", namespaces=NS)
    assert img.get("src") == "images/square.png" and img.get("alt") == "A small blue square"
    assert minimal.opf_xpath("//opf:item[@href='images/square.png']/@media-type") == ["image/png"]
    (noteref,) = doc.xpath("//x:a[@role='doc-noteref']", namespaces=NS)
    assert minimal.resolves(FIRST, noteref.get("href"))
    second = minimal.document(SECOND)
    assert second.xpath("//x:div[@role='doc-endnotes']", namespaces=NS) == [], (
        "an unreferenced footnote is left out"
    )


def test_raw_html_is_well_formed_and_unsafe_markup_dropped(minimal: Epub):
    raw = minimal.read(FIRST).decode("utf-8")
    etree.fromstring(raw.encode("utf-8"))  # well-formed XML
    assert "<script" not in raw and "onclick=" not in raw and "alert(1)" not in raw
    doc = minimal.document(FIRST)
    (callout,) = doc.xpath("//x:p[@class='callout']", namespaces=NS)
    assert "kept and made well-formed" in "".join(callout.itertext())


def test_warnings_name_file_and_line(tmp_path, monkeypatch):
    monkeypatch.chdir(BOOKS / "minimal")
    result = run("build", "-o", str(tmp_path), "-f", "epub")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert (
        "chapters/01-first-steps.md:32:40: warning: <script> was removed: scripts do not run "
        "in a book [unsafe-html]"
    ) in lines
    assert any(
        line.startswith("chapters/01-first-steps.md:34:6: warning: attribute onclick")
        for line in lines
    )
    assert any(
        line.startswith("chapters/02-second-chapter.md:12:1: warning: footnote [^x]")
        for line in lines
    )
