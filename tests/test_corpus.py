"""The corpus of real-world oddities (tests/corpus, made by make_corpus.py): every chapter
either builds into an EPUBCheck-clean book or fails with errors located in its own file,
and none reaches the internal-error path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bookbuilder import build_book, check_book
from bookbuilder.codes import lookup
from corpus.make_corpus import FOLDER, chapters
from helpers import MINIMAL_TOML, epubcheck_report

INTERNAL = {"chapter-failed", "output-failed"}


def test_the_committed_corpus_is_what_the_generator_makes():
    made = chapters()
    on_disk = {p.name: p.read_bytes() for p in FOLDER.glob("*.md")}
    assert len(made) >= 400
    assert on_disk == {name: text.encode("utf-8", "surrogatepass") for name, text in made.items()}


@pytest.fixture(scope="session")
def checked(tmp_path_factory) -> dict[str, list]:
    """Each corpus chapter's diagnostics. The chapters of one oddity in its several
    contexts share a book (their front matter is sound, so each renders and is checked
    whatever the others hold); every other chapter is checked in a book of its own."""
    groups: dict[str, list[Path]] = {}
    for source in sorted(FOLDER.glob("*.md")):
        groups.setdefault(source.stem.split("--")[0], []).append(source)
    results: dict[str, list] = {}
    scratch = tmp_path_factory.mktemp("corpus-one")
    for name, sources in groups.items():
        book = scratch / name
        (book / "chapters").mkdir(parents=True)
        (book / "book.toml").write_text(MINIMAL_TOML, "utf-8")
        for source in sources:
            shutil.copyfile(source, book / "chapters" / source.name)
        found = check_book(book)
        for source in sources:
            own = [d for d in found if d.path.name in (source.name, "book.toml")]
            results[source.name] = own
    return results


def test_no_corpus_chapter_reaches_an_internal_error(checked):
    internal = {name: d for name, found in checked.items() for d in found if d.code in INTERNAL}
    assert internal == {}


def test_every_diagnostic_points_into_its_own_file(checked):
    wrong = []
    for name, found in checked.items():
        lines = len(re.split(r"\r\n|\r|\n", (FOLDER / name).read_text("utf-8")))
        for diagnostic in found:
            lookup(diagnostic.code)
            if diagnostic.path.name == "book.toml":
                continue  # the book's own notes (checks-skipped)
            if diagnostic.path.name != name or not 1 <= diagnostic.line <= lines:
                wrong.append((name, diagnostic.format()))
            if diagnostic.col < 1:
                wrong.append((name, diagnostic.format()))
    assert wrong == []


def test_the_corpus_both_builds_and_fails(checked):
    failing = {name for name, found in checked.items() if any(d.severity == "error" for d in found)}
    assert 40 <= len(failing) <= len(checked) - 300
    for expected in (
        "date-month-15.md",
        "date-feb-30.md",
        "title-colon.md",
        "front-matter-tab.md",
        "same-image-twice.md",
    ):
        assert expected in failing


def test_the_chapters_without_errors_build_one_epubcheck_clean_book(checked, tmp_path):
    book = tmp_path / "corpus"
    (book / "chapters").mkdir(parents=True)
    (book / "book.toml").write_text(
        MINIMAL_TOML + "\n[epub]\nprint_page_numbers = false\n", "utf-8"
    )
    clean = [n for n, found in checked.items() if not any(d.severity == "error" for d in found)]
    for number, name in enumerate(clean, start=1):
        shutil.copyfile(FOLDER / name, book / "chapters" / f"{number:03d}-{name}")
    result = build_book(book, formats=["epub"], out_dir=tmp_path / "out")
    (epub,) = result.outputs
    report = epubcheck_report(epub)
    problems = [
        (m["ID"], m["message"], m["locations"][:1])
        for m in report["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    assert problems == []


LAYOUT_HARD = ("deep-", "table-wide", "table-ragged", "cjk--", "bidi--", "emoji--")
LAYOUT_HARD += ("combining--", "long-word--", "long-url--", "wbr-bdi--")


def test_the_chapters_hardest_to_lay_out_make_a_pdf(checked, tmp_path):
    """Layout is where deep nesting, very long words and lines, wide tables and every
    script meet WeasyPrint: those chapters, without errors, make one print PDF."""
    from pypdf import PdfReader

    book = tmp_path / "hard"
    (book / "chapters").mkdir(parents=True)
    (book / "book.toml").write_text(MINIMAL_TOML, "utf-8")
    chosen = [
        name
        for name, found in checked.items()
        if name.startswith(LAYOUT_HARD) and not any(d.severity == "error" for d in found)
    ]
    assert len(chosen) >= 20
    for number, name in enumerate(chosen, start=1):
        shutil.copyfile(FOLDER / name, book / "chapters" / f"{number:03d}-{name}")
    result = build_book(book, formats=["pdf"], out_dir=tmp_path / "out")
    (pdf,) = result.outputs
    assert len(PdfReader(pdf).pages) >= 2 * len(chosen)
    assert not [d for d in result.diagnostics if d.code in INTERNAL]
