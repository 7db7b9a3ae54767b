"""The tagged PDF (issue 14), read back with pikepdf and pdfplumber: page furniture is
artifact, chapters and lists are whole across pages, footnotes are notes at their
calls, the contents are a TOC, links are tagged and described, figures are measured,
headings never skip, table headers have scopes, fonts agree with their widths. Every
edition of three books is checked by `check/pdf_rules.py`, and the guide by two
independent PDF/UA checkers from PyPI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from bookbuilder.check.pdf_rules import check_pdf_rules
from bookbuilder.diagnostics import Report
from helpers import REPOSITORY, copy_book, run

BOOKS = {"guide": REPOSITORY, "print": None, "tagged": None}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every edition of the guide, tests/books/print and tests/books/tagged (a book with
    tables, a figure, footnotes, a list over a page break and a skipped heading level):
    the PDF, large print, the booklet, and regular and large-print handouts."""
    built: dict[str, dict[str, Path]] = {}
    for name in BOOKS:
        scratch = tmp_path_factory.mktemp(name)
        book = REPOSITORY if name == "guide" else copy_book(name, scratch)
        out = scratch / "out"
        formats = ["-f", "pdf", "-f", "pdf-large-print", "-f", "booklet"]
        assert run("build", str(book), "-o", str(out), "-q", *formats).exit_code == 0
        assert run("handout", str(book), "--all", "-o", str(out), "-q").exit_code == 0
        large = out / "large"
        assert run("handout", str(book), "--all", "--large-print", "-o", str(large)).exit_code == 0
        pdfs = {p.name: p for p in out.glob("*.pdf")}
        pdfs |= {f"handout {p.name}": p for p in (out / "handouts").glob("*.pdf")}
        pdfs |= {f"large handout {p.name}": p for p in (large / "handouts").glob("*.pdf")}
        built[name] = pdfs
    return built


def main_pdf(editions, name: str) -> Path:
    return next(
        p
        for key, p in editions[name].items()
        if key.endswith(".pdf")
        and " " not in key
        and not key.endswith(("-large-print.pdf", "-booklet.pdf"))
    )


@dataclass
class Element:
    """A structure element read back: role, pages, marked content, kids, dictionary."""

    role: str
    obj: pikepdf.Dictionary
    pages: list[int] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)
    kids: list[Element] = field(default_factory=list)
    annotations: list[pikepdf.Dictionary] = field(default_factory=list)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_mcids(self) -> list[tuple[int, int]]:
        return [m for e in self.walk() for m in e.mcids]


def structure(path: Path) -> tuple[pikepdf.Pdf, Element]:
    pdf = pikepdf.open(path)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

    def read(obj, page):
        if "/Pg" in obj:
            page = pages[obj.Pg.objgen]
        element = Element(str(obj.S)[1:], obj, pages=[page])
        kids = obj.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int):
                element.mcids.append((page, kid))
            elif kid.get("/Type") == "/MCR":
                element.mcids.append((pages[kid.Pg.objgen], int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                element.annotations.append(kid.Obj)
            else:
                element.kids.append(read(kid, page))
        element.pages = sorted({p for p, _ in element.all_mcids()} or {page})
        return element

    return pdf, read(pdf.Root.StructTreeRoot.K[0], None)


def texts(path: Path) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page, MCID)."""
    found: dict[tuple[int, int], str] = {}
    with pdfplumber.open(path) as plumber:
        for index, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (index, char["mcid"])
                    found[key] = found.get(key, "") + char["text"]
    return found


def text_of(element: Element, by_mcid) -> str:
    return " ".join("".join(by_mcid.get(m, "") for m in element.all_mcids()).split())


def test_every_edition_passes_the_pdf_ua_machine_checks(editions):
    for book, pdfs in editions.items():
        for name, path in pdfs.items():
            report = Report()
            with pikepdf.open(path) as pdf:
                if name.endswith("-booklet.pdf"):
                    assert "/StructTreeRoot" not in pdf.Root, "the booklet is an imposition"
                    continue
                check_pdf_rules(path, pdf, report)
            assert not report.diagnostics, (book, name, [d.message for d in report.diagnostics])


def test_check_outputs_runs_the_rules_and_reports_a_broken_pdf(tmp_path):
    book = copy_book("tagged", tmp_path)
    assert run("build", str(book), "-q", "-f", "pdf").exit_code == 0
    pdf_path = next((book / "output").glob("*.pdf"))
    clean = run("check", str(book), "--outputs", "--json")
    assert '"pdf-' not in clean.stdout.replace('"pdf-untagged-booklet', "")
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        annotation = next(a for p in pdf.pages for a in p.obj.get("/Annots", []))
        del annotation.Contents
        del pdf.Root.Lang
        pdf.save(pdf_path)
    broken = run("check", str(book), "--outputs")
    assert broken.exit_code == 1
    said = broken.stdout + broken.stderr
    assert re.search(
        r"moving-well-with-back-pain\.pdf:1:1: error: a link's /Contents is missing"
        r" or an id on page 5 .*MH 28-012\] \[pdf-link-contents\]",
        said,
    )
    assert "[pdf-no-lang]" in said


def test_page_furniture_is_pagination_artifact(editions):
    pdf_path = main_pdf(editions, "guide")
    with pikepdf.open(pdf_path) as pdf:
        subtypes = set()
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and operands[0] == "/Artifact":
                    assert operands[1].Type == "/Pagination"
                    subtypes.add(str(operands[1].Subtype))
        assert subtypes == {"/Header", "/Footer"}
    with pdfplumber.open(pdf_path) as plumber:
        page = plumber.pages[8]
        furniture = [c for c in page.chars if c["top"] < 60 or c["bottom"] > page.height - 60]
        assert furniture and all(c.get("mcid") is None for c in furniture)
        body = [c for c in page.chars if 100 < c["top"] < page.height - 100]
        assert all(c.get("mcid") is not None for c in body), "the text itself stays tagged"


def test_one_sect_per_chapter_whole_across_pages(editions):
    path = main_pdf(editions, "guide")
    _, root = structure(path)
    by_mcid = texts(path)
    (body,) = [e for e in root.kids if e.role == "Part"]
    chapters = [e for e in body.kids if e.role == "Sect"]
    titles = [[text_of(h, by_mcid) for h in c.walk() if h.role == "H1"] for c in chapters]
    assert titles == [
        ["About this guide"],
        ["Gene Therapy for Back Pain"],
        ["When back pain does not respond to treatment"],
        ["Glossary"],
    ], "one Sect per chapter (and the glossary), each with its one H1"
    assert max(len(c.pages) for c in chapters) > 1, "a chapter over several pages is one Sect"


def test_text_belongs_to_its_element_not_to_a_span_per_line(editions):
    """WeasyPrint's `Span` around each line of text (and any other Span that says
    nothing) is gone: a paragraph over several lines holds its marked content itself,
    and every MCID of the page still has its element in the parent tree."""
    path = main_pdf(editions, "guide")
    pdf, root = structure(path)
    by_mcid = texts(path)
    line_spans = [
        e for e in root.walk() if e.role == "Span" and not e.kids and set(e.obj.keys()) <= SPAN_KEYS
    ]
    assert line_spans == []
    paragraphs = [e for e in root.walk() if e.role == "P" and len(e.mcids) > 2]
    assert paragraphs and "endorphin" in " ".join(text_of(p, by_mcid) for p in paragraphs)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert keys == sorted(keys), "a number tree's keys are in order"
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    owners = {}
    for page_index in range(len(pdf.pages)):
        for mcid, owner in enumerate(entries[page_index]):
            owners[page_index, mcid] = owner
    for paragraph in paragraphs:
        for mcid in paragraph.mcids:
            assert owners[mcid].objgen == paragraph.obj.objgen


SPAN_KEYS = {"/Type", "/S", "/P", "/K", "/Pg"}


def test_a_list_over_a_page_break_is_one_list(editions):
    path = main_pdf(editions, "tagged")
    _, root = structure(path)
    by_mcid = texts(path)
    lists = [
        e for e in root.walk() if e.role == "L" and "Stand up and walk about" in text_of(e, by_mcid)
    ]
    assert len(lists) == 1
    items = [k for k in lists[0].kids if k.role == "LI"]
    assert len(items) == 11 and len(lists[0].pages) == 2


def test_footnotes_are_notes_right_after_their_call(editions):
    path = main_pdf(editions, "tagged")
    _, root = structure(path)
    by_mcid = texts(path)
    notes = []
    for element in root.walk():
        for index, kid in enumerate(element.kids):
            if kid.role == "Note":
                notes.append(kid)
                assert index and element.kids[index - 1].role == "Reference"
                assert "note-" in str(kid.obj.ID)  # "note-1", or a chapter laid out apart's
    assert len(notes) == 2
    assert "quieter sessions" in text_of(notes[0], by_mcid)
    ids = [str(note.obj.ID) for note in notes]
    assert len(set(ids)) == 2
    with pikepdf.open(path) as pdf:
        assert set(ids) <= set(pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree))


def test_contents_are_toc_and_links_are_tagged_once_with_descriptions(editions):
    path = main_pdf(editions, "tagged")
    pdf, root = structure(path)
    (toc,) = [e for e in root.walk() if e.role == "TOC"]
    entries = [k for k in toc.kids if k.role == "TOCI"]
    assert len(entries) == 3, "two chapters and the glossary"
    links = [e for e in root.walk() if e.role == "Link"]
    annotations = {a.objgen for link in links for a in link.annotations}
    on_pages = {a.objgen for p in pdf.pages for a in p.obj.get("/Annots", [])}
    assert annotations == on_pages, "every annotation hangs from a Link, and only those"
    contents_page = [str(a.Contents) for a in toc.walk() for a in a.annotations]
    assert contents_page[0] == "Chapter 1, Keeping moving, page 1"
    assert contents_page[1] == "Chapter 2, Resting well, page 5"
    assert len(contents_page) == 3, "one annotation per entry, not one per span"
    described = [str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots", [])]
    assert "Glossary: Physiotherapist, page 7" in described
    assert "Web address https://www.nhs.uk/conditions/back-pain/" in described
    assert not [d for d in described if "--" in d], "no internal ids"


def test_figure_bbox_is_where_the_image_is(editions):
    path = main_pdf(editions, "tagged")
    _, root = structure(path)
    (figure,) = [e for e in root.walk() if e.role == "Figure"]
    x1, y1, x2, y2 = (float(v) for v in figure.obj.A.BBox)
    assert str(figure.obj.Alt).startswith("A person sitting on a firm chair")
    with pdfplumber.open(path) as plumber:
        page = plumber.pages[figure.pages[0]]
        (image,) = page.images
        assert x1 == pytest.approx(image["x0"], abs=0.5)
        assert x2 == pytest.approx(image["x1"], abs=0.5)
        assert y2 == pytest.approx(page.height - image["top"], abs=0.5)
        assert y1 == pytest.approx(page.height - image["bottom"], abs=0.5)


def test_headings_never_skip_and_tables_have_scopes(editions):
    path = main_pdf(editions, "tagged")
    pdf, root = structure(path)
    by_mcid = texts(path)
    levels = [int(e.role[1]) for e in root.walk() if re.fullmatch(r"H[1-6]", e.role)]
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False))
    (small_steps,) = [
        e for e in root.walk() if "Small steps" in text_of(e, by_mcid) and e.role.startswith("H")
    ]
    assert small_steps.role == "H3", "#### under ## is tagged one level down"
    headers = [e for e in root.walk() if e.role == "TH"]
    scopes = {text_of(h, by_mcid): str(h.obj.A.Scope) for h in headers}
    assert scopes["Week 1"] == "/Row" and scopes["Activity"] == "/Column"
    assert scopes["Monday"] == "/Row", "a table without headers gets row headers"
    ids = set(pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree))
    cells = [e for e in root.walk() if e.role == "TD"]
    assert all(str(h) in ids for c in cells for h in c.obj.A.get("/Headers", []))


def test_no_stamps_are_left_and_the_weasyprint_hook_exists(editions):
    from weasyprint.pdf import tags

    assert callable(tags._build_box_tree), "tag_sources wraps this WeasyPrint function"
    for path in editions["tagged"].values():
        with pikepdf.open(path) as pdf:
            stamped = [
                o
                for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and "/BookbuilderSource" in o
            ]
            assert not stamped, path.name


def test_table_without_headers_is_warned_about(tmp_path):
    book = copy_book("tagged", tmp_path)
    chapter = book / "chapters" / "02-resting.md"
    chapter.write_text(
        chapter.read_text()
        + "\n<table>\n<tr><td>1</td><td>Walk</td></tr>\n<tr><td>2</td><td>Rest</td></tr>\n"
        "</table>\n"
    )
    result = run("check", str(book))
    said = result.stdout + result.stderr
    assert re.search(r"02-resting\.md:\d+:1: warning: a table has no header cells", said)
    assert "[table-no-header]" in said


@pytest.fixture(scope="module")
def checked_by_others(editions) -> list[Path]:
    """The guide's PDF, its large print and one handout: the files the PyPI checkers see."""
    guide = editions["guide"]
    return [
        main_pdf(editions, "guide"),
        next(p for k, p in guide.items() if k.endswith("-large-print.pdf")),
        guide["handout gene-therapy-for-back-pain.pdf"],
    ]


def test_page_validation_finds_the_pdfs_pdf_ua_1_compliant(checked_by_others):
    page = pytest.importorskip("page", reason="page-validation is in the test extra")
    for path in checked_by_others:
        report = page.validate_pdf(path, profile="ua1")
        failures = [(f.rule_id, f.message) for f in report.failures]
        assert report.is_compliant and not failures, (path.name, failures)


# pdfua 0.1.3's UA-14-001 (empty headings) raises on every heading whose /K is an array:
# it calls getattr(kid, "is_integer", False), and pikepdf raises ValueError, not
# AttributeError, for a missing key of an array, so the default is never used. The
# rule is skipped by pdfua itself ("not evaluated"); our own heading checks stand in.
PDFUA_RULES_THAT_CANNOT_RUN = {"UA-14-001"}


def test_pdfua_reports_nothing(checked_by_others):
    pdfua = pytest.importorskip("pdfua", reason="pdfua is in the test extra")
    for path in checked_by_others:
        report = pdfua.validate(str(path))
        findings = [(o.rule_id, f.message) for o in report.outcomes for f in o.findings]
        assert not findings, (path.name, findings)
        skipped = {o.rule_id for o in report.outcomes if o.skipped_reason}
        assert skipped <= PDFUA_RULES_THAT_CANNOT_RUN, (path.name, skipped)


def test_a_table_header_repeated_on_the_next_page_is_read_once(tmp_path):
    from datetime import UTC, datetime

    import weasyprint

    from bookbuilder.pdf.write import write_tagged_pdf

    rows = "".join(f"<tr><td>Day {n}</td><td>Walk {n} minutes</td></tr>" for n in range(80))
    html = (
        '<html lang="en"><head><title>Log</title></head><body><h1>Log</h1><table>'
        f"<thead><tr><th>When</th><th>What</th></tr></thead><tbody>{rows}</tbody>"
        "</table></body></html>"
    )
    document = weasyprint.HTML(string=html).render()
    path = tmp_path / "log.pdf"
    path.write_bytes(write_tagged_pdf(document, datetime(2025, 1, 1, tzinfo=UTC)))
    assert len(document.pages) >= 2
    _, root = structure(path)
    by_mcid = texts(path)
    headers = [text_of(e, by_mcid) for e in root.walk() if e.role == "TH"]
    assert headers == ["When", "What"]
    (table,) = [e for e in root.walk() if e.role == "Table"]
    assert len([k for k in table.kids if k.role == "THead"]) == 1
    assert len([r for r in table.walk() if r.role == "TR"]) == 81
    with pdfplumber.open(path) as plumber:
        repeated = [c for c in plumber.pages[1].chars if c["text"] in "When"][:4]
        assert repeated and all(c.get("mcid") is None for c in repeated), "an artifact"
    report = Report()
    with pikepdf.open(path) as pdf:
        check_pdf_rules(path, pdf, report)
    assert not report.diagnostics, [d.message for d in report.diagnostics]


@pytest.mark.parametrize("text", ["", '<text x="10" y="50">Hi</text>'])
def test_an_svg_figure_is_measured_where_it_is_drawn(tmp_path, text):
    """An SVG is drawn as paths, or (with text) through a form XObject: either way its
    /BBox is the box it fills on the page, in points from the bottom."""
    from datetime import UTC, datetime

    import weasyprint

    from bookbuilder.pdf.write import write_tagged_pdf

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><title>A box'
        f'</title><rect width="200" height="100" fill="red"/>{text}</svg>'
    )
    html = f'<html lang="en"><head><title>T</title></head><body><h1>T</h1>{svg}</body></html>'
    path = tmp_path / "svg.pdf"
    document = weasyprint.HTML(string=html).render()
    path.write_bytes(write_tagged_pdf(document, datetime(2025, 1, 1, tzinfo=UTC)))
    _, root = structure(path)
    (figure,) = [e for e in root.walk() if e.role == "Figure"]
    box = [float(v) for v in figure.obj.A.BBox]
    with pdfplumber.open(path) as plumber:
        page = plumber.pages[0]
        (rect,) = page.rects
        drawn = [rect["x0"], page.height - rect["bottom"], rect["x1"], page.height - rect["top"]]
    assert box == pytest.approx(drawn, abs=0.5)
