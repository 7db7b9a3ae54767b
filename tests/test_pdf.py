"""The print PDF, read back: contents numbers, running heads, folios, glossary pages, fonts,
outline, metadata, PDF/UA, page sizes, bleed, and the page list the EPUB shares with it."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from helpers import BOOKS, MM, NS, Epub, Pdf, copy_book, run

OUR_FONTS = (
    "SourceSerif4",
    "Source-Serif-4",
    "AtkinsonHyperlegible",
    "Atkinson-Hyperlegible",
    "SourceCodePro",
    "Source-Code-Pro",
)


@pytest.fixture(scope="module")
def guide_pdf(guide_pdf_path) -> Pdf:
    return Pdf(guide_pdf_path)


@pytest.fixture(scope="module")
def print_pdf(print_book_pdf_path) -> Pdf:
    return Pdf(print_book_pdf_path)


def contents(pdf: Pdf) -> list[tuple[str, str]]:
    """(title, page number) for each line of the contents page."""
    (index,) = [i for i in range(len(pdf)) if pdf.text(i).startswith("Contents")]
    lines = pdf.plumber.pages[index].extract_text().splitlines()
    entries = []
    for line in lines:
        match = re.match(r"^(?:\d+\s+)?(.+?)[\s.]*\s(\d+)$", line)
        if match and "." in line:
            entries.append((match[1].strip(" ."), match[2]))
    return entries


@pytest.mark.parametrize("fixture", ["guide_pdf", "print_pdf"])
def test_contents_numbers_are_the_pages_where_chapters_start(fixture, request):
    pdf = request.getfixturevalue(fixture)
    entries = contents(pdf)
    assert len(entries) >= 3
    for number, (title, folio) in enumerate(entries, start=1):
        index = pdf.index_of_folio(folio)
        text = pdf.text(index)
        assert title in text, (title, folio)
        if title != "Glossary":
            assert text.startswith(f"CHAPTER {number} {title}"), "the chapter opens on that page"
        assert index % 2 == 0, "chapters and the glossary start on right-hand pages"


def test_folios_roman_in_front_matter_then_arabic_from_one(guide_pdf: Pdf):
    labels = guide_pdf.reader.page_labels
    first_body = labels.index("1")
    assert labels[:2] == ["Cover 1", "Cover 2"], "the cover and the blank inside it"
    assert labels[2:first_body] == ["i", "ii", "iii", "iv"][: first_body - 2]
    assert labels[first_body:] == [str(n) for n in range(1, len(labels) - first_body + 1)]
    assert guide_pdf.folio(0) == guide_pdf.folio(2) == "", "none on the cover or the title page"
    for index in range(3, len(guide_pdf)):
        if guide_pdf.text(index):
            assert guide_pdf.folio(index) == labels[index], index


def test_blank_pages_have_no_head_and_no_folio(guide_pdf: Pdf, print_pdf: Pdf):
    blanks = 0
    for pdf in (guide_pdf, print_pdf):
        for index in range(len(pdf)):
            if not pdf.plumber.pages[index].extract_words():
                blanks += 1
                assert pdf.head(index) == pdf.folio(index) == ""
    assert blanks >= 2, "the example books include blank left pages before chapters"


def test_running_heads(print_pdf: Pdf):
    labels = print_pdf.reader.page_labels
    opening = print_pdf.index_of_folio("1")
    assert print_pdf.head(opening) == "", "no running head on a chapter opening page"
    left, right = print_pdf.index_of_folio("2"), print_pdf.index_of_folio("3")
    assert print_pdf.head(left) == "Print Test Book"
    assert print_pdf.head(right) == "A Long Chapter"
    glossary = next(i for i in range(len(print_pdf)) if print_pdf.text(i).startswith("Glossary"))
    assert print_pdf.head(glossary) == ""
    for index in range(opening, len(print_pdf)):
        head = print_pdf.head(index)
        if int(labels[index]) % 2 == 0 and print_pdf.text(index):
            assert head == "Print Test Book", index


def glossary_entries(pdf: Pdf) -> dict[str, list[str]]:
    """Term -> page numbers, from the glossary pages' lines 'Term (also: …) 4, 6'."""
    start = next(i for i in range(len(pdf)) if pdf.text(i).startswith("Glossary"))
    entries = {}
    for index in range(start, len(pdf)):
        for line in pdf.plumber.pages[index].extract_text().splitlines():
            match = re.match(r"^([A-Z][\w ]+?)(?: \(also: ([^)]*)\))?\s+((?:\d+, )*\d+)$", line)
            if match:
                names = [match[1], *(match[2] or "").split(", ")]
                entries[match[1]] = ([n for n in names if n], match[3].split(", "))
    return entries


@pytest.mark.parametrize("fixture", ["guide_pdf", "print_pdf"])
def test_glossary_page_numbers_point_at_uses(fixture, request):
    pdf = request.getfixturevalue(fixture)
    entries = glossary_entries(pdf)
    assert entries
    for term, (names, pages) in entries.items():
        for folio in pages:
            text = pdf.text(pdf.index_of_folio(folio)).casefold()
            assert any(re.search(rf"\b{re.escape(n.casefold())}\b", text) for n in names), (
                term,
                folio,
            )
    if fixture == "guide_pdf":
        assert {"Endorphin", "Neuropathic pain", "Thymine", "Systemic drug"} <= set(entries)


def test_a_term_first_used_in_a_footnote_has_its_page(tmp_path):
    """WeasyPrint drops anchors inside footnotes; the glossary still finds the page."""
    book = copy_book("minimal", tmp_path)
    chapter = book / "chapters" / "01-first-steps.md"
    front_matter = chapter.read_text("utf-8").split("---\n")[1]
    body = "A short chapter with a note.[^n]\n\n[^n]: The note names the unused term.\n"
    chapter.write_text(f"---\n{front_matter}---\n\n{body}", "utf-8")
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    assert "No anchor" not in result.stderr
    pdf = Pdf(next((tmp_path / "out").glob("*.pdf")))
    _, pages = glossary_entries(pdf)["Unused term"]
    assert pages == ["1"]
    assert "the note names the unused term" in pdf.text(pdf.index_of_folio("1")).casefold()


def test_cross_reference_names_its_target_and_page(print_pdf: Pdf):
    index = next(i for i in range(len(print_pdf)) if "CHAPTER 2" in print_pdf.text(i))
    match = re.search(r"the long chapter \(see “Section 3”, page (\d+)\)", print_pdf.text(index))
    assert match
    assert "Section 3" in print_pdf.text(print_pdf.index_of_folio(match[1]))


def test_footnote_at_the_foot_of_a_page(print_pdf: Pdf):
    index = next(
        i for i in range(len(print_pdf)) if "The text of the first footnote" in print_pdf.text(i)
    )
    page = print_pdf.plumber.pages[index]
    (word,) = [w for w in page.extract_words() if w["text"] == "footnote."]
    assert word["top"] > page.height * 0.75, "footnotes sit at the foot of the page"


def test_a_note_on_a_chapters_last_page_stays_there_once(tmp_path):
    """The minimal book's first chapter ends on a full page with a note: the note was
    once sent to the blank page after it and printed again on the next chapter's."""
    result = run("build", str(BOOKS / "minimal"), "-o", str(tmp_path), "-f", "pdf", "-q")
    assert result.exit_code == 0, result.stderr
    pdf = Pdf(next(tmp_path.glob("*.pdf")))
    notes = [i for i in range(len(pdf)) if "The footnote text." in pdf.text(i)]
    calls = [i for i in range(len(pdf)) if "A footnote1 and a link" in pdf.text(i)]
    assert notes == calls and len(notes) == 1


def fonts_of(path) -> list[tuple[str, bool]]:
    fonts = []
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts


@pytest.mark.parametrize("fixture", ["guide_pdf_path", "print_book_pdf_path"])
def test_fonts_are_ours_embedded_and_subset(fixture, request):
    fonts = fonts_of(request.getfixturevalue(fixture))
    assert fonts
    for name, embedded in fonts:
        assert embedded, name
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is subset"
        assert any(family in name for family in OUR_FONTS), f"{name} is not a packaged font"


def test_outline(guide_pdf: Pdf):
    reader = guide_pdf.reader

    def titles(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    outline = list(titles(reader.outline))
    top = [title for depth, title, _ in outline if depth == 0]
    assert top == [
        "About this edition",
        "Contents",
        "About this guide",
        "Gene Therapy for Back Pain",
        "When back pain does not respond to treatment",
        "Glossary",
    ]
    sections = [title for depth, title, _ in outline if depth == 1]
    assert "What are DNA and genes?" in sections and "Questions to ask your doctor" in sections
    for _depth, title, page in outline:
        assert title.split()[0] in guide_pdf.text(page), title


def test_metadata_and_pdf_ua(guide_pdf: Pdf):
    reader = guide_pdf.reader
    info = reader.metadata
    assert info.title == "Treating Back Pain"
    assert info.author == "The Treating Back Pain editors, Suzanne Elvidge"
    assert "gene therapy" in info.subject
    assert "back pain" in info["/Keywords"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261124000000Z"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_figures_have_alt_text_in_the_structure_tree(print_book_pdf_path):
    reader = PdfReader(print_book_pdf_path)
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(node.get("/Alt"))
        kids = node.get("/K")
        if isinstance(kids, list):
            for kid in kids:
                if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                    walk(kid)
        elif (
            kids is not None and hasattr(kids, "get_object") and isinstance(kids.get_object(), dict)
        ):
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert figures == ["A small blue square used as a test figure"]


@pytest.mark.parametrize(
    "size, width, height",
    [
        ("A4", 210, 297),
        ("Letter", 215.9, 279.4),
        ("A5", 148, 210),
    ],
)
def test_page_sizes(size, width, height, tmp_path):
    book = copy_book("print", tmp_path)
    toml = book / "book.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('page_size = "A4"', f'page_size = "{size}"'), "utf-8"
    )
    result = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf", "-q")
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(tmp_path / "out" / "print-test-book.pdf")
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width * MM, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(height * MM, abs=0.1)


def test_print_ready_adds_bleed_and_crop_marks(tmp_path):
    result = run(
        "build", str(BOOKS / "print"), "-o", str(tmp_path), "-f", "pdf", "--print-ready", "-q"
    )
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "print-test-book.pdf"
    page = PdfReader(path).pages[4]
    trim, bleed = page.trimbox, page.bleedbox
    assert float(trim.width) == pytest.approx(210 * MM, abs=0.1)
    assert float(trim.height) == pytest.approx(297 * MM, abs=0.1)
    assert float(bleed.width) == pytest.approx((210 + 6) * MM, abs=0.1)
    assert float(bleed.height) == pytest.approx((297 + 6) * MM, abs=0.1)
    import pdfplumber

    lines = pdfplumber.open(path).pages[4].lines
    outside = [
        line
        for line in lines
        if line["x1"] <= 0
        or line["x0"] >= 210 * MM
        or line["top"] < 3 * MM + 0.5
        or line["bottom"] > (297 + 3) * MM - 0.5
    ]
    assert len(outside) == 8, "two crop marks at each corner, outside the trim"


def words_only(text: str) -> str:
    """Text without numbers and dot leaders, which only the print contents page has."""
    return " ".join(w for w in text.casefold().split() if not re.fullmatch(r"[\d.]+", w))


def test_epub_page_list_matches_the_pdf(print_book_epub_path, print_pdf: Pdf):
    epub = Epub(print_book_epub_path)
    nav = epub.document("nav.xhtml")
    entries = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    labels = [a.text for a in entries]
    printed = [
        label
        for i, label in enumerate(print_pdf.reader.page_labels)
        if print_pdf.text(i) and not label.startswith("Cover")  # the EPUB has its own cover
    ]
    assert labels == printed, "every printed page with content has an entry, in order"
    assert nav.xpath("//x:nav[@epub:type='page-list']/@role", namespaces=NS) == ["doc-pagelist"]
    for link in entries:
        href = link.get("href")
        assert epub.resolves("nav.xhtml", href), href
        file_name, anchor = href.split("#")
        (marker,) = epub.document(file_name).xpath(f"//*[@id='{anchor}']")
        assert marker.get("{http://www.idpf.org/2007/ops}type") == "pagebreak"
        assert marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == link.text
        # The words that follow the marker are printed on that page of the PDF.
        following = words_only("".join(marker.xpath("following::text()")[:8]))
        words = " ".join(following.split()[:4])
        page_text = words_only(print_pdf.text(print_pdf.reader.page_labels.index(link.text)))
        assert words and words in page_text, (link.text, words)
    assert epub.meta("pageBreakSource") == ["Print Test Book, print edition (A4), 2024-06-01"]
    assert {"pageBreakMarkers", "pageNavigation"} <= set(epub.meta("schema:accessibilityFeature"))


def test_pdf_is_byte_identical_across_builds(tmp_path, print_book_pdf_path):
    result = run(
        "build",
        str(BOOKS / "print"),
        "-o",
        str(tmp_path),
        "-f",
        "pdf",
        "-q",
        env={"SOURCE_DATE_EPOCH": None},
    )
    assert result.exit_code == 0
    assert (tmp_path / "print-test-book.pdf").read_bytes() == print_book_pdf_path.read_bytes()
