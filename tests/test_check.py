"""make-book check: one small book per check; exact path, line, code and severity."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from bookbuilder.check.readability import count_syllables, measure, sentences_of
from bookbuilder.diagnostics import Report
from helpers import BOOKS, REPOSITORY, Epub, chapter_text, copy_book, run, write_book

AS_OF = ("--as-of", "2024-06-01")


def check(book, *args: str):
    return run("check", str(book), *AS_OF, *args)


def check_json(book, *args: str) -> tuple[int, list[dict]]:
    result = check(book, "--json", *args)
    return result.exit_code, json.loads(result.stdout)


def found(diagnostics: list[dict]) -> set[tuple[str, int, str, str]]:
    return {
        (d["path"], d["line"], d["code"], d["severity"])
        for d in diagnostics
        if d["code"] not in ("reading-level", "checks-skipped")
    }


def test_dates(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-dates")
    code, diagnostics = check_json(".")
    assert code == 1
    assert found(diagnostics) == {
        ("chapters/01-future.md", 4, "date-future", "error"),
        ("chapters/02-overdue.md", 5, "review-due", "warning"),
        ("chapters/03-stale.md", 4, "review-due", "warning"),
        ("chapters/04-long-interval.md", 5, "review-interval", "warning"),
    }
    messages = {d["path"]: d["message"] for d in diagnostics if d["code"] != "reading-level"}
    assert messages["chapters/02-overdue.md"] == ("updated 14 years ago; review was due 2013-06-15")
    assert messages["chapters/03-stale.md"] == "updated 5 years ago; review was due 2022-03-01"
    assert all(d["kind"] == "dates" for d in diagnostics if d["code"].startswith(("date", "rev")))


def test_review_interval_from_book_toml(tmp_path):
    book = copy_book("check-dates", tmp_path)
    (book / "chapters" / "01-future.md").unlink()
    toml = book / "book.toml"
    toml.write_text(toml.read_text("utf-8") + "\n[check]\nreview_interval = 1\n", "utf-8")
    code, diagnostics = check_json(book)
    assert code == 0
    fine = {
        (d["line"], d["code"])
        for d in diagnostics
        if d["path"].endswith("05-fine.md") and d["code"] != "reading-level"
    }
    assert fine == {(4, "review-due"), (5, "review-interval")}, "a 1-year interval applies"


def test_glossary_unused_and_definition_links(monkeypatch, tmp_path):
    monkeypatch.chdir(BOOKS / "check-glossary")
    code, diagnostics = check_json(".")
    assert code == 0
    assert found(diagnostics) == {("glossary.yaml", 3, "glossary-unused", "warning")}
    assert check(".", "--strict").exit_code == 1, "--strict: warnings fail the check"
    result = run("build", ".", "-o", str(tmp_path), "-f", "epub", "-q")
    assert result.exit_code == 0
    glossary = Epub(tmp_path / "check-book.epub").document("glossary.xhtml")
    links = glossary.xpath(
        "//*[@id='gl-endorphin']/following-sibling::*[1]//*[@class='glossref']/@href"
    )
    assert links == ["#gl-systemic-drug"], "a term in a definition links to its own entry"


def test_glossary_duplicates(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-glossary-duplicate")
    code, diagnostics = check_json(".")
    assert code == 1
    assert found(diagnostics) == {("glossary.yaml", 3, "glossary-duplicate", "error")}


def test_a_book_that_does_not_load_says_which_checks_did_not_run(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-links")
    _, diagnostics = check_json(".")
    skipped = [d for d in diagnostics if d["code"] == "checks-skipped"]
    assert [(d["path"], d["severity"], d["kind"]) for d in skipped] == [
        ("book.toml", "info", "outputs")
    ]
    assert "date, glossary and reading checks did not run" in skipped[0]["message"]


def test_links_and_images(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-links")
    code, diagnostics = check_json(".")
    assert code == 1
    assert found(diagnostics) == {
        ("chapters/01-one.md", 8, "link-chapter", "error"),
        ("chapters/01-one.md", 8, "link-heading", "error"),
        ("chapters/02-two.md", 8, "image-alt", "error"),
        ("chapters/02-two.md", 10, "image-missing", "error"),
    }


def test_external_links_are_listed(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-external")
    code, diagnostics = check_json(".")
    assert code == 0
    externals = [(d["line"], d["message"]) for d in diagnostics if d["code"] == "link-external"]
    assert externals == [
        (8, "links to https://www.nhs.uk/conditions/back-pain/"),
        (9, "links to mailto:editors@example.org"),
    ]
    assert all(d["severity"] == "info" for d in diagnostics)


def test_readability(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-readability")
    code, diagnostics = check_json(".")
    assert code == 0
    by_path = {d["path"]: d for d in diagnostics}
    hard = by_path["chapters/01-hard.md"]
    assert (hard["line"], hard["code"], hard["severity"]) == (2, "reading-grade", "warning")
    assert "above grade 8" in hard["message"] and "26 words" in hard["message"]
    accepted = by_path["chapters/02-accepted.md"]
    assert (accepted["line"], accepted["code"], accepted["severity"]) == (
        5,
        "reading-grade-accepted",
        "info",
    )
    assert accepted["message"].endswith(
        "accepted: Names the drugs that doctors prescribe; each is explained."
    )
    plain = by_path["chapters/03-plain.md"]
    assert (plain["code"], plain["severity"]) == ("reading-level", "info")


def test_schema_warnings_name_the_key(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-schema")
    code, diagnostics = check_json(".")
    assert code == 0
    assert found(diagnostics) == {
        ("chapters/01-one.md", 5, "front-matter-unknown", "warning"),
        ("chapters/01-one.md", 7, "front-matter-unknown", "warning"),
    }
    messages = sorted(d["message"] for d in diagnostics if d["severity"] == "warning")
    assert messages == [
        "unknown author key 'credentails' (did you mean 'credentials'?)",
        "unknown front matter key 'sumary' (did you mean 'summary'?)",
    ]


def test_text_report_groups_by_kind_and_summarises(monkeypatch):
    monkeypatch.chdir(BOOKS / "check-dates")
    result = check(".")
    lines = result.stdout.splitlines()  # the report is check's output: `check > report.txt`
    assert lines[0] == "== dates"
    assert lines[1] == (
        "chapters/01-future.md:4:1: error: updated 2030-01-01 is in the future [date-future]"
    )
    assert "== readability" in lines
    assert any(line.startswith("│ dates") and "│      1 │        3 │" in line for line in lines)
    assert result.stderr == ""


def test_the_guide_has_no_errors_and_shows_its_2010_date():
    today = run("check", str(REPOSITORY), "--json")
    assert today.exit_code == 0
    assert not [d for d in json.loads(today.stdout) if d["severity"] == "error"]
    # On its edition date, the only warning is the source article's 2010 review date.
    result = run("check", str(REPOSITORY), "--json", "--as-of", "2026-11-24")
    code, diagnostics = result.exit_code, json.loads(result.stdout)
    assert code == 0
    assert [d for d in diagnostics if d["severity"] == "error"] == []
    (warning,) = [d for d in diagnostics if d["severity"] == "warning"]
    assert warning["code"] == "review-due"
    assert warning["path"].endswith("chapters/02-gene-therapy-for-back-pain.md")
    assert "review was due 2013-06-15" in warning["message"]
    grades = [d for d in diagnostics if d["code"] == "reading-level"]
    assert len(grades) == 3, "every chapter reaches the reading-grade target"


def test_build_refuses_on_errors_and_builds_on_warnings(tmp_path):
    refused = run("build", str(BOOKS / "check-dates"), "-o", str(tmp_path / "a"), "-f", "epub")
    assert refused.exit_code == 1
    assert "01-future.md:4:1: error: updated 2030-01-01 is in the future" in refused.stderr
    assert "review-due" in refused.stderr, "warnings are printed too"
    assert not (tmp_path / "a").exists()
    built = run("build", str(BOOKS / "check-glossary"), "-o", str(tmp_path / "b"), "-f", "epub")
    assert built.exit_code == 0
    assert "glossary.yaml:3:1: warning: no chapter uses 'Systemic drug'" in built.stderr
    assert "reading-level" not in built.stderr, "build prints warnings, not the info lines"


def test_outputs(tmp_path):
    book = copy_book("check-glossary", tmp_path)
    out = tmp_path / "out"
    assert run("build", str(book), "-o", str(out), "-f", "epub", "-f", "pdf", "-q").exit_code == 0
    code, diagnostics = check_json(book, "--outputs", "-o", str(out))
    assert code == 0
    codes = {d["code"] for d in diagnostics}
    assert "epubcheck-ok" in codes
    assert not {c for c in codes if c.startswith("pdf-")}

    # Break the EPUB (drop its stylesheet) and the PDF (a font that is not embedded).
    epub = out / "check-book.epub"
    with zipfile.ZipFile(epub) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(epub, "w") as target:
        for name, data in entries.items():
            if not name.endswith(".css"):
                target.writestr(name, data)
    (out / "check-book.pdf").write_bytes(unembedded_font_pdf())
    # DAISY Ace ran on the good EPUB above; it is spared here (its own test is test_ace).
    no_ace = run(
        "check",
        str(book),
        *AS_OF,
        "--json",
        "--outputs",
        "-o",
        str(out),
        env={"ACE_PUPPETEER": ""},
    )
    code, diagnostics = no_ace.exit_code, json.loads(no_ace.stdout)
    assert code == 1
    errors = {(d["code"], d["severity"]) for d in diagnostics if d["severity"] == "error"}
    assert ("RSC-001", "error") in errors or ("RSC-007", "error") in errors, errors
    assert ("pdf-font-not-embedded", "error") in errors
    assert ("pdf-untagged", "error") in errors


def unembedded_font_pdf() -> bytes:
    """A one-page, untagged PDF whose text uses Helvetica without embedding it."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Hand-counted examples: syllables from a dictionary, sentences and words by eye.
@pytest.mark.parametrize(
    "word, syllables",
    [
        ("pain", 1),
        ("severe", 2),
        ("endorphin", 3),
        ("protein", 2),
        ("neuropathic", 4),
        ("cytosine", 3),
        ("adenine", 3),
        ("degenerative", 5),
        ("spine", 1),
        ("every", 3),
    ],
)
def test_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_flesch_kincaid_on_hand_counted_text():
    # 2 sentences, 14 words, 18 syllables (counted by hand).
    text = "The cat sat on the mat. Neuropathic pain is a severe kind of pain."
    result = measure([text])
    assert (result.sentences, result.words, result.syllables) == (2, 14, 18)
    assert result.grade == pytest.approx(0.39 * 14 / 2 + 11.8 * 18 / 14 - 15.59)
    assert result.grade == pytest.approx(2.32, abs=0.01)
    assert result.ease == pytest.approx(206.835 - 1.015 * 7 - 84.6 * 18 / 14)
    assert result.ease == pytest.approx(90.96, abs=0.01)


def test_sentences_keep_abbreviations():
    assert sentences_of("It works, e.g. in rats. Dr. Smith agreed! Then 3 more.") == [
        "It works, e.g. in rats.",
        "Dr. Smith agreed!",
        "Then 3 more.",
    ]


def test_reading_measures_are_kept_for_unchanged_chapters(tmp_path, monkeypatch):
    from bookbuilder.check import measures
    from bookbuilder.pipeline import read_book

    book_dir = copy_book("minimal", tmp_path)
    book, _ = read_book(book_dir)
    fresh = measures.reading_measures(book.chapters, "en", None)
    assert measures.reading_measures(book.chapters, "en", book_dir) == fresh
    measured = []
    monkeypatch.setattr(measures, "measure", lambda *a: measured.append(a) or None)
    assert measures.reading_measures(book.chapters, "en", book_dir) == fresh  # none measured
    assert measured == []
    edited = dataclasses.replace(book.chapters[0], html="<p>A short one.</p>")
    measures.reading_measures([edited, *book.chapters[1:]], "en", book_dir)
    assert len(measured) == 1  # only the edited chapter


HARD = (
    "Notwithstanding considerable methodological heterogeneity, contemporary investigations "
    "concerning intrathecal administration of recombinant adenoviral vectors encoding "
    "proopiomelanocortin demonstrated substantial amelioration of experimentally induced "
    "neuropathic hypersensitivity in laboratory rodents.\n"
)


def test_a_build_reports_the_reading_measures_in_their_place(tmp_path):
    """The build takes the reading measures in another process while it renders; their
    warnings still come each after its chapter's dates, as `checked_book` gives them."""
    from bookbuilder.pipeline import build_book, checked_book
    from bookbuilder.sources.config import load_config

    bodies = {"01-one.md": HARD, "02-two.md": "Rest helps. Walk a little.\n", "03-three.md": HARD}
    chapters = {
        name: chapter_text("\n" + body, title=name[3:-3], updated="2010-01-01")
        for name, body in bodies.items()
    }
    book = write_book(tmp_path / "book", chapters)
    built = build_book(book, formats=["epub"], out_dir=tmp_path / "out")
    said = [(d.path.name, d.code) for d in built.diagnostics]
    assert said == [
        ("01-one.md", "review-due"),
        ("01-one.md", "reading-grade"),
        ("02-two.md", "review-due"),
        ("03-three.md", "review-due"),
        ("03-three.md", "reading-grade"),
    ]
    report = Report()
    _, in_one_process = checked_book(load_config(book, report), report, None)
    assert list(built.diagnostics) == in_one_process
