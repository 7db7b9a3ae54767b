"""The bundled guide, built as an EPUB and read back: metadata, order, navigation, text."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from helpers import NS, XML_LANG, Epub

CHAPTERS = [
    "about-this-guide.xhtml",
    "gene-therapy-for-back-pain.xhtml",
    "when-back-pain-does-not-respond-to-treatment.xhtml",
]
REQUIRED_TERMS = {
    "Endorphin",
    "Neuropathic pain",
    "DNA",
    "DNA base",
    "Adenine",
    "Cytosine",
    "Guanine",
    "Thymine",
    "Gene",
    "Gene therapy",
    "Protein",
    "Lumbar puncture",
    "Herpes simplex virus",
    "Degenerative disc disease",
    "Refractory pain",
    "Systemic drug",
}


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_package_metadata(guide: Epub):
    assert guide.opf.get(XML_LANG) == "en-GB"
    assert guide.opf.get("version") == "3.0"
    assert guide.opf_xpath("//dc:language/text()") == ["en-GB"]
    titles = {t.get("id"): t.text for t in guide.opf_xpath("//dc:title")}
    assert titles["title"] == "Treating Back Pain"
    assert titles["subtitle"].startswith("A patient guide")
    assert guide.opf_xpath("//opf:meta[@refines='#subtitle'][@property='title-type']/text()") == [
        "subtitle"
    ]
    identifier = guide.opf_xpath("//dc:identifier[@id=/opf:package/@unique-identifier]/text()")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier[0])
    creators = guide.opf_xpath("//dc:creator/text()")
    assert creators == ["The Treating Back Pain editors", "Suzanne Elvidge"]
    for creator_id in guide.opf_xpath("//dc:creator/@id"):
        role = guide.opf_xpath(f"//opf:meta[@refines='#{creator_id}'][@property='role']/text()")
        assert role == ["aut"]
    assert guide.opf_xpath("//dc:publisher/text()") == ["The Treating Back Pain editors"]
    assert "Suzanne Elvidge" in guide.opf_xpath("//dc:rights/text()")[0]
    subjects = guide.opf_xpath("//dc:subject/text()")
    assert {"back pain", "gene therapy", "endorphin", "chronic pain"} <= set(subjects)
    assert len(subjects) == len({s.casefold() for s in subjects}), "subjects are unique"
    assert "gene therapy" in guide.opf_xpath("//dc:description/text()")[0]
    assert guide.opf_xpath("//dc:date/text()") == ["2026-11-24"]
    # Without SOURCE_DATE_EPOCH the modification date is the edition date: repeatable.
    assert guide.meta("dcterms:modified") == ["2026-11-24T00:00:00Z"]


def test_accessibility_metadata(guide: Epub):
    assert set(guide.meta("schema:accessMode")) == {"textual", "visual"}
    assert guide.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"} <= set(
        guide.meta("schema:accessibilityFeature")
    )
    assert guide.meta("schema:accessibilityHazard") == ["none"]
    assert len(guide.meta("schema:accessibilitySummary")[0]) > 80
    assert guide.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert guide.meta("a11y:certifiedBy") == ["The Treating Back Pain editors"]


def test_every_document_declares_the_language(guide: Epub):
    for href in guide.xhtml_documents:
        root = guide.document(href)
        assert root.get("lang") == "en-GB", href
        assert root.get(XML_LANG) == "en-GB", href


def test_reading_order(guide: Epub):
    assert guide.spine == [
        "cover.xhtml",
        "titlepage.xhtml",
        "imprint.xhtml",
        "nav.xhtml",
        *CHAPTERS,
        "glossary.xhtml",
    ]
    assert guide.opf_xpath("//opf:itemref[@linear='no']") == [], "everything is in reading order"


def test_cover_image(guide: Epub):
    (href,) = guide.opf_xpath("//opf:item[contains(@properties, 'cover-image')]/@href")
    image = Image.open(io.BytesIO(guide.read(href)))
    assert image.format in {"PNG", "JPEG"}
    assert image.height >= 1600
    assert image.height / image.width == pytest.approx(1.6, abs=0.01)
    cover = guide.document("cover.xhtml")
    (img,) = cover.xpath("//x:img", namespaces=NS)
    assert img.get("src") == href
    assert "Treating Back Pain" in img.get("alt")


def test_title_and_imprint_pages(guide: Epub):
    title = text_of(guide.document("titlepage.xhtml"))
    assert "Treating Back Pain" in title and "The Treating Back Pain editors" in title
    imprint = guide.document("imprint.xhtml")
    text = text_of(imprint)
    assert "Published by The Treating Back Pain editors" in text
    assert "This edition: 24 November 2026" in text, "edition date = newest chapter update"
    assert "Suzanne Elvidge, BSc (hons), MSc" in text
    assert "not medical advice" in text and "independent advice" in text
    assert imprint.xpath("//x:section[@epub:type='imprint']", namespaces=NS)


def test_nav_toc_and_landmarks(guide: Epub):
    nav = guide.document("nav.xhtml")
    assert guide.opf_xpath("//opf:item[@properties='nav']/@href") == ["nav.xhtml"]
    toc_links = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a/@href", namespaces=NS)
    assert toc_links == [*CHAPTERS, "glossary.xhtml"]
    section_links = nav.xpath("//x:nav[@epub:type='toc']//x:ol/x:li/x:ol//x:a/@href", namespaces=NS)
    assert (
        "gene-therapy-for-back-pain.xhtml#gene-therapy-for-back-pain--what-are-dna-and-genes"
        in section_links
    )
    for link in toc_links + section_links:
        assert guide.resolves("nav.xhtml", link), link
    landmarks = {
        a.get("{http://www.idpf.org/2007/ops}type"): a.get("href")
        for a in nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    }
    assert landmarks == {
        "cover": "cover.xhtml",
        "toc": "nav.xhtml#toc",
        "bodymatter": CHAPTERS[0],
        "glossary": "glossary.xhtml",
    }
    for link in landmarks.values():
        assert guide.resolves("nav.xhtml", link), link


def test_ncx_for_epub2_reading_systems(guide: Epub):
    (href,) = guide.opf_xpath("//opf:item[@media-type='application/x-dtbncx+xml']/@href")
    assert guide.opf_xpath("//opf:spine/@toc") == ["ncx"]
    ncx = guide.document(href)
    top = ncx.xpath("/ncx:ncx/ncx:navMap/ncx:navPoint", namespaces=NS)
    assert [text_of(p.find("ncx:navLabel", NS)) for p in top] == [
        "About this guide",
        "Gene Therapy for Back Pain",
        "When back pain does not respond to treatment",
        "Glossary",
    ]
    for src in ncx.xpath("//ncx:content/@src", namespaces=NS):
        assert guide.resolves(href, src), src
    identifier = guide.opf_xpath("//dc:identifier/text()")[0]
    assert ncx.xpath("//ncx:meta[@name='dtb:uid']/@content", namespaces=NS) == [identifier]


@pytest.mark.parametrize(
    "href, byline, updated, review",
    [
        (
            CHAPTERS[0],
            "By The Treating Back Pain editors",
            "Updated 20 November 2026",
            "Next review due 20 November 2029",
        ),
        (
            CHAPTERS[1],
            "By Suzanne Elvidge, BSc (hons), MSc",
            "Updated 15 June 2010",
            "Next review due 15 June 2013",
        ),
        (
            CHAPTERS[2],
            "By The Treating Back Pain editors",
            "Updated 24 November 2026",
            "Next review due 24 November 2029",
        ),
    ],
)
def test_chapter_opening(guide: Epub, href, byline, updated, review):
    doc = guide.document(href)
    (section,) = doc.xpath("/x:html/x:body/x:section", namespaces=NS)
    assert section.get("{http://www.idpf.org/2007/ops}type") == "chapter"
    assert section.get("role") == "doc-chapter"
    header = section.find("x:header", NS)
    assert len(doc.xpath("//x:h1", namespaces=NS)) == 1
    assert text_of(header.find("x:p[@class='byline']", NS)) == byline
    dates = text_of(header.find("x:p[@class='dates']", NS))
    assert updated in dates and review in dates
    (time,) = header.xpath(".//x:span[@class='updated']/x:time/@datetime", namespaces=NS)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", time)


def test_glossary_markup_and_required_terms(guide: Epub):
    glossary = guide.document("glossary.xhtml")
    (section,) = glossary.xpath("//x:section[@epub:type='glossary']", namespaces=NS)
    assert section.get("role") == "doc-glossary"
    terms = [text_of(d) for d in section.xpath(".//x:dl/x:dt/x:dfn", namespaces=NS)]
    assert set(terms) >= REQUIRED_TERMS
    assert terms == sorted(terms, key=str.casefold)
    assert len(section.xpath(".//x:dl/x:dd[@epub:type='glossdef']", namespaces=NS)) == len(terms)
    assert "thymidine" in text_of(glossary), "the glossary names the nucleoside apart from the base"


def glossary_links(guide: Epub):
    for href in CHAPTERS:
        for link in guide.document(href).xpath("//x:a[@class='glossref']", namespaces=NS):
            yield href, link


def test_glossary_links_resolve_both_ways(guide: Epub):
    glossary = guide.document("glossary.xhtml")
    entry_ids = set(glossary.xpath("//x:dt/@id", namespaces=NS))
    forward = {}
    for href, link in glossary_links(guide):
        target = link.get("href")
        assert target.startswith("glossary.xhtml#")
        assert target.split("#")[1] in entry_ids
        assert link.get("role") == "doc-glossref"
        forward[(href, link.get("id"))] = target.split("#")[1]
    backlinks = glossary.xpath("//x:p[@class='glossary-uses']/x:a", namespaces=NS)
    assert len(backlinks) == len(forward)
    for backlink in backlinks:
        chapter, _, anchor = backlink.get("href").partition("#")
        entry = backlink.xpath("ancestor::x:dd/preceding-sibling::x:dt[1]/@id", namespaces=NS)[0]
        assert forward[(chapter, anchor)] == entry, "the back link returns to a use of its own term"


def test_each_entry_is_used_and_linked_once_per_chapter(guide: Epub):
    glossary = guide.document("glossary.xhtml")
    entry_ids = set(glossary.xpath("//x:dt/@id", namespaces=NS))
    used = set()
    for href in CHAPTERS:
        targets = [link.get("href") for h, link in glossary_links(guide) if h == href]
        assert len(targets) == len(set(targets)), f"{href}: only the first use is linked"
        used |= {t.split("#")[1] for t in targets}
    assert used == entry_ids, "every glossary entry is used by some chapter"


def test_no_glossary_link_inside_headings_code_or_links(guide: Epub):
    for href, link in glossary_links(guide):
        ancestors = {a.tag.split("}")[1] for a in link.iterancestors()}
        assert not ancestors & {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "a"}, href


def test_first_use_is_linked_in_text_order(guide: Epub):
    doc = guide.document(CHAPTERS[1])
    first = doc.xpath("//x:a[@href='glossary.xhtml#gl-endorphin']", namespaces=NS)
    assert [text_of(a) for a in first] == ["endorphin"]
    paragraph = first[0].getparent()
    assert "The genes carried the code for a type of" in text_of(paragraph)


def test_cross_reference_between_chapters(guide: Epub):
    doc = guide.document(CHAPTERS[2])
    links = doc.xpath("//x:a[text()='gene therapy']/@href", namespaces=NS)
    assert links == [
        "gene-therapy-for-back-pain.xhtml#gene-therapy-for-back-pain--gene-therapy-and-back-pain"
    ]
    assert guide.resolves(CHAPTERS[2], links[0])


def test_every_internal_link_resolves(guide: Epub):
    for href in guide.xhtml_documents:
        for link in guide.document(href).xpath("//x:a/@href", namespaces=NS):
            if not link.startswith(("http:", "https:", "mailto:")):
                assert guide.resolves(href, link), f"{href}: {link}"


def test_archive_layout(guide: Epub):
    infos = guide.zip.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == 0
    assert guide.zip.read("mimetype") == b"application/epub+zip"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(2026, 11, 24, 0, 0, 0)}


def test_epubcheck_reports_nothing(epubcheck_reports):
    for name, report in epubcheck_reports.items():
        checker = report["checker"]
        messages = [(m["ID"], m["message"], m["locations"][:1]) for m in report["messages"]]
        assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), (
            name,
            messages,
        )
        assert checker["checkerVersion"].startswith("5."), "EPUBCheck 5 (EPUB 3.3 rules)"


def test_chapter_headings_are_announced_with_their_number(guide: Epub):
    """The visible "Chapter 2" is hidden from screen readers (it would be read apart from
    the title); the heading's own name carries it."""
    names = []
    for href in guide.xhtml_documents:
        for heading in guide.document(href).iter("{http://www.w3.org/1999/xhtml}h1"):
            if heading.get("id", "").startswith("chapter-"):
                names.append(heading.get("aria-label"))
    assert names == [
        "Chapter 1: About this guide",
        "Chapter 2: Gene Therapy for Back Pain",
        "Chapter 3: When back pain does not respond to treatment",
    ]


def test_the_glossary_heading_is_at_the_level_of_the_chapters(guide: Epub):
    (href,) = [h for h in guide.xhtml_documents if "glossary" in h]
    headings = guide.document(href).xpath("//x:section[@id='glossary']/x:h1", namespaces=NS)
    assert [h.text for h in headings] == ["Glossary"]


def test_footnotes_have_no_separator_element(guide: Epub):
    notes = [
        note
        for href in guide.xhtml_documents
        for note in guide.document(href).xpath("//*[@role='doc-endnotes']", namespaces=NS)
    ]
    assert notes, "the guide has footnotes"
    assert all(not note.xpath(".//x:hr", namespaces=NS) for note in notes)
