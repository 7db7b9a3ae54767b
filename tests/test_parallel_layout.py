"""The print edition laid out chapter by chapter on every core (the default) is the one
laid out in a single pass (`--no-parallel-layout`): the same pages, the same text on
every page, the same contents, glossary and cross-reference numbers, the same EPUB page
list; and after an edit only the chapter edited is laid out again."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from fontTools.ttLib import TTFont

from bookbuilder import processes
from bookbuilder.check.pdf_rules import check_pdf_rules
from bookbuilder.diagnostics import Report
from bookbuilder.pdf.parallel import lay_out_book
from bookbuilder.pdf.part_runner import PartRunner
from bookbuilder.pdf.write import render_pdf
from bookbuilder.pipeline import read_book
from bookbuilder.pipeline.build import _first_edition, build_book
from bookbuilder.sources.config import load_config
from helpers import BOOKS, REPOSITORY, run

EXAMPLES = {
    "guide": REPOSITORY,
    "print": BOOKS / "print",
    "references": BOOKS / "references",
    "tagged": BOOKS / "tagged",
    "lang-ar": BOOKS / "lang-ar",
    "design-a5": BOOKS / "design-a5",
}


def synthetic(folder: Path, chapters: int) -> Path:
    """A book of the benchmarks' kind: sections, a list, a table, a footnote, an image,
    glossary terms and a cross-reference to the next chapter in every chapter."""
    script = REPOSITORY / "benchmarks" / "make_book.py"
    spec = importlib.util.spec_from_file_location("make_book", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_book(folder, chapters)


def pages_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def facts(data: bytes) -> dict:
    """What a reader or a viewer sees besides the text: labels, outline, destinations."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        labels = [str(pikepdf.Page(page).label) for page in pdf.pages]
        with pdf.open_outline() as outline:
            bookmarks = [
                (item.title, pages.get(item.destination[0].objgen) if item.destination else None)
                for item in _walk(outline.root)
            ]
        names = pdf.Root.Names.Dests.Names
        destinations = {
            str(names[i]): pages[names[i + 1][0].objgen] for i in range(0, len(names), 2)
        }
        links = sum(
            1 for page in pdf.pages for a in page.obj.get("/Annots", ()) if a.Subtype == "/Link"
        )
    return {"labels": labels, "outline": bookmarks, "dests": destinations, "links": links}


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def both(book_dir: Path, **options) -> tuple[tuple, tuple]:
    book, _ = read_book(book_dir)
    results = []
    for parallel in (False, True):
        layout = lay_out_book(book, parallel=parallel, **options)
        results.append((layout, render_pdf(layout, book)))
    return results[0], results[1]


def assert_same(single, parallel) -> None:
    (single_layout, single_pdf), (parallel_layout, parallel_pdf) = single, parallel
    assert parallel_layout.page_labels == single_layout.page_labels
    assert parallel_layout.page_breaks == single_layout.page_breaks
    assert pages_text(parallel_pdf) == pages_text(single_pdf)
    assert facts(parallel_pdf) == facts(single_pdf)


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_example_books_come_out_the_same_either_way(name):
    assert_same(*both(EXAMPLES[name]))


@pytest.mark.parametrize("name", ["guide", "references", "print"])
def test_a_cold_layout_lays_each_part_out_once(name):
    """The glossary waits for the chapters that make its numbers' widths sure: in the
    guide it was laid out a second time, a number guessed at 10 being on page 8. An
    anchor is guessed where it stands in its chapter's text, not by its rank among the
    chapter's anchors: the print book's glossary, guessed by rank, named page 10 for a
    term used on page 1 and was laid out twice."""
    book, _ = read_book(EXAMPLES[name])
    layout = lay_out_book(book, parallel=True, use_cache=False)
    laid_out = layout.parts.laid_out
    assert len(laid_out) == len(set(laid_out)) == len(layout.parts.parts)


def test_a_book_of_many_chapters_with_cross_references_and_footnotes(tmp_path):
    single, parallel = both(synthetic(tmp_path / "book", 8), use_cache=False)
    assert_same(single, parallel)
    assert parallel[0].parts.laid_out  # laid out in parts, not taken from elsewhere
    text = " ".join(pages_text(parallel[1]))
    assert "(see “Section 1 of chapter 2”, page" in text
    # the parts' small objects are packed in object streams, as a single pass's are; the
    # price of writing numbers fast is a stream of their own each (a page's content in
    # three or more streams): 15 % more bytes in this small book
    with pikepdf.open(io.BytesIO(parallel[1])) as merged:
        packed = [o for o in merged.objects if isinstance(o, pikepdf.Stream) and o.get("/N")]
        assert packed, "object streams"
    assert len(parallel[1]) < 1.2 * len(single[1])
    # the merged PDF passes every PDF/UA-1 machine check, as a single pass does
    (tmp_path / "merged.pdf").write_bytes(parallel[1])
    report = Report()
    with pikepdf.open(tmp_path / "merged.pdf") as pdf:
        check_pdf_rules(tmp_path / "merged.pdf", pdf, report)
    assert report.diagnostics == []


def test_large_print_and_the_booklet_come_out_the_same(tmp_path):
    book_dir = BOOKS / "print"
    assert_same(*both(book_dir, large_print=True))
    assert_same(*both(book_dir, page_size="A5", booklet=True))


def test_each_face_has_one_font_program_for_the_whole_book(tmp_path):
    book, _ = read_book(synthetic(tmp_path / "book", 6))
    data = render_pdf(lay_out_book(book, parallel=True), book)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        programs: dict[str, set[str]] = {}  # by face: the programs' digests
        streams: dict[str, set[tuple]] = {}  # by digest: the streams holding it
        for font in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)):
            if font.get("/Type") == "/FontDescriptor":
                stream = font.get("/FontFile2") or font.get("/FontFile3")
                digest = hashlib.sha256(stream.read_raw_bytes()).hexdigest()
                programs.setdefault(str(font.FontName), set()).add(digest)
                streams.setdefault(digest, set()).add(stream.objgen)
    assert len(programs) > 4 and all(len(d) == 1 for d in programs.values()), programs
    assert all(len(objects) == 1 for objects in streams.values())
    for digest in streams:  # each a static instance: a viewer draws what was laid out
        (objgen,) = streams[digest]
        with pikepdf.open(io.BytesIO(data)) as pdf:
            program = TTFont(io.BytesIO(pdf.get_object(objgen).read_bytes()))
        assert "fvar" not in program and "GSUB" not in program


def test_an_image_in_every_chapter_is_kept_once(tmp_path):
    book, _ = read_book(synthetic(tmp_path / "book", 6))
    data = render_pdf(lay_out_book(book, parallel=True), book)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        shown = [
            (hashlib.sha256(image.read_raw_bytes()).hexdigest(), image.objgen)
            for page in pdf.pages
            for image in page.obj.Resources.get("/XObject", {}).values()
            if image.get("/Subtype") == "/Image"
        ]
    assert len(shown) >= 6  # the diagram, on a page of every chapter
    assert len({objgen for _, objgen in shown}) == len({digest for digest, _ in shown})


def test_no_parallel_layout_is_a_build_option(tmp_path):
    shutil.copytree(BOOKS / "minimal", tmp_path / "book")
    result = run("build", str(tmp_path / "book"), "-f", "pdf", "--no-parallel-layout", "-q")
    assert result.exit_code == 0, result.stderr


@pytest.mark.skipif(
    processes.FORK is None or processes.cores() < 2,
    reason="layout workers are forked early only where fork exists and there are 2+ cores",
)
def test_a_cold_build_lays_out_and_merges_without_weasyprint_in_the_main_process(tmp_path):
    """The layout workers are forked before the book is read and load WeasyPrint
    themselves; the merge needs only pikepdf: so the build's own process never holds
    WeasyPrint, its fonts or its styles (shared, they were counted in every worker)."""
    book = shutil.copytree(BOOKS / "print", tmp_path / "book")
    script = (
        "import json, sys\n"
        "from bookbuilder.pipeline.build import build_book\n"
        f"result = build_book({str(book)!r}, formats=['pdf'], force=True)\n"
        "print(json.dumps([str(p) for p in result.outputs]))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('weasyprint'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    outputs, loaded = (json.loads(line) for line in done.stdout.splitlines()[-2:])
    assert loaded == []
    loaded, _ = read_book(book)
    single = render_pdf(lay_out_book(loaded, parallel=False), loaded)
    assert pages_text(Path(outputs[0]).read_bytes()) == pages_text(single)


@pytest.mark.parametrize("formats", [("pdf",), ("pdf-large-print", "pdf"), ("booklet",), ("epub",)])
def test_the_workers_started_early_prepare_the_edition_laid_out_first(
    formats, tmp_path, monkeypatch
):
    """They parse the styles the first layout's parts are laid out with; other styles
    would be parsed twice, and the work done early wasted."""
    book = shutil.copytree(BOOKS / "minimal", tmp_path / "book")
    config = load_config(book, Report(), formats=formats)
    laid_out = []
    make_job = PartRunner._job

    def job(runner, part, numbers):
        made = make_job(runner, part, numbers)
        laid_out.append(made.edition)
        return made

    monkeypatch.setattr(PartRunner, "_job", job)
    build_book(book, formats=formats, out_dir=tmp_path / "out", force=True)
    assert laid_out and _first_edition(config) == laid_out[0]
    if formats == ("epub",):
        plain = load_config(book, Report(), formats=["epub", "html"])
        assert _first_edition(replace(plain, print_page_numbers=False)) is None
