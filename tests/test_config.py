"""book.toml: one schema (sources/schema.py) that the loader, BookConfig and the README's
reference all follow, and the loader's defaults, overrides and type checks."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from bookbuilder.diagnostics import BookError
from bookbuilder.model import BookConfig
from bookbuilder.sources.reference import in_readme, reference
from bookbuilder.sources.schema import SETTINGS
from helpers import MINIMAL_TOML, REPOSITORY, load_config

README = REPOSITORY / "README.md"
FORMATS_HINT = "choose from epub, pdf, pdf-large-print, booklet, html"


def test_the_readme_reference_is_the_one_the_schema_renders():
    assert in_readme(README.read_text("utf-8")) == reference(), (
        "README.md's book.toml reference is out of date: "
        "run `python -m bookbuilder.sources.schema --write README.md`"
    )


def test_the_readme_example_uses_only_declared_keys():
    readme = README.read_text("utf-8")
    example = re.search(r"`book.toml`, for example:\n\n```toml\n(.*?)```", readme, re.S)
    assert example is not None
    declared = {(s.table, s.key) for s in SETTINGS.values()}
    written = {(table, key) for table, keys in tomllib.loads(example[1]).items() for key in keys}
    assert written <= declared


def test_every_field_of_book_config_after_root_and_source_is_a_declared_key():
    names = [field.name for field in dataclasses.fields(BookConfig)]
    assert names[:2] == ["root", "source"]
    # [strings] is an open table keyed by the messages (i18n), not a declared key.
    assert names[2:] == [*SETTINGS, "strings"]


def test_the_reference_shows_each_keys_type_default_and_allowed_values():
    table = reference()
    assert len(table.splitlines()) == 2 + len(SETTINGS)
    assert "| `[book]` | `title` | string | required |  | The book's title. |\n" in table
    assert '| `[output]` | `dir` | folder path | `"output"` |  | Output folder' in table
    assert '| `[pdf]` | `page_size` | string | `"A4"` | `A4`, `Letter`, `A5` | ' in table
    assert "| `[check]` | `review_interval` | integer | `3` | at least 1 | " in table


def test_defaults_of_absent_keys(tmp_path):
    config, diagnostics = load_config(MINIMAL_TOML, tmp_path)
    assert diagnostics == []
    expected = {
        "root": tmp_path.resolve(),
        "source": tmp_path / "book.toml",
        "title": "Stage Test",
        "subtitle": None,
        "identifier": None,
        "chapters": ((tmp_path / "chapters" / "01-only.md").resolve(),),
        "glossary": None,
        "disclaimer": None,
        "cover": None,
        "output_dir": tmp_path / "output",
        "output_name": "stage-test",
        "formats": ("epub", "pdf"),
        "strings": (),
        "print_page_numbers": True,
        "review_interval_years": 3,
        "reading_grade_max": 8.0,
        "reading_ease_min": 60,
        "page_size": "A4",
        "print_ready": False,
    }
    assert {name: getattr(config, name) for name in expected} == expected
    assert config.clinic() == ()
    assert isinstance(config.reading_grade_max, float)


def test_the_glossary_and_disclaimer_default_to_the_files_when_present(tmp_path):
    (tmp_path / "glossary.yaml").write_text("[]\n", "utf-8")
    (tmp_path / "disclaimer.md").write_text("Ask your doctor.\n", "utf-8")
    config, _ = load_config(MINIMAL_TOML, tmp_path)
    assert config.glossary == (tmp_path / "glossary.yaml").resolve()
    assert config.disclaimer == (tmp_path / "disclaimer.md").resolve()


def test_values_written_are_resolved(tmp_path):
    toml = MINIMAL_TOML.replace('"Stage Test"', '"  Stage Test  "') + (
        '\n[output]\ndir = "out/books"\nformats = ["pdf", "booklet", "pdf"]\n'
        "\n[check]\nreading_grade_max = 9\n"
        '\n[clinic]\nname = " Riverside Health Centre "\nphone = "0113 496 0000"\n'
    )
    config, diagnostics = load_config(toml, tmp_path)
    assert diagnostics == []
    assert config.title == "Stage Test"
    assert config.output_dir == tmp_path / "out" / "books"
    assert config.formats == ("pdf", "booklet")
    assert config.reading_grade_max == 9.0 and isinstance(config.reading_grade_max, float)
    assert config.clinic() == ("Riverside Health Centre", "Phone: 0113 496 0000")


def test_overrides_take_the_place_of_the_files_values(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    toml = MINIMAL_TOML + '\n[output]\ndir = "build"\nformats = ["epub"]\n'
    config, _ = load_config(
        toml, tmp_path / "book", formats=("pdf", "pdf", "booklet"), output_dir="out"
    )
    assert config.formats == ("pdf", "booklet")
    assert config.output_dir == Path("out")  # relative to the current folder, not the book's
    assert config.print_ready is False
    config, _ = load_config(toml, tmp_path / "book", print_ready=True, formats=[])
    assert (config.print_ready, config.formats) == (True, ("epub",))


def test_an_unknown_format_override_is_a_config_value_error(tmp_path):
    with pytest.raises(BookError) as raised:
        load_config(MINIMAL_TOML, tmp_path, formats=["pdf", "docx"])
    assert [(d.line, d.code, d.message) for d in raised.value.diagnostics] == [
        (1, "config-value", f"unknown format 'docx': {FORMATS_HINT}")
    ]


def test_an_override_of_the_wrong_type_is_a_config_type_error(tmp_path):
    with pytest.raises(BookError) as raised:
        load_config(MINIMAL_TOML, tmp_path, print_ready="yes")
    assert [(d.line, d.code, d.message) for d in raised.value.diagnostics] == [
        (1, "config-type", "'print_ready' must be true or false, not the string 'yes'")
    ]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            '[pdf]\npage_size = "B7"',
            "7 config-value 'page_size' must be one of A4, Letter, A5, not 'B7'",
        ),
        (
            "[pdf]\nprint_ready = 1",
            "7 config-type 'print_ready' must be true or false, not a number",
        ),
        (
            "[check]\nreview_interval = 0",
            "7 config-value 'review_interval' must be at least 1, not 0",
        ),
        (
            "[check]\nreview_interval = 2.5",
            "7 config-type 'review_interval' must be a whole number, not a number",
        ),
        (
            "[check]\nreading_grade_max = true",
            "7 config-type 'reading_grade_max' must be a number, not true or false",
        ),
        (
            '[output]\ndir = ""',
            "7 config-type 'dir' must be a non-empty string, not an empty string",
        ),
        (
            '[output]\nformats = "epub"',
            "7 config-type 'formats' must be a list, not the string 'epub'",
        ),
        ('[output]\nformats = ["epub", 2]', "7 config-type 'formats' must be a list of strings"),
        (
            '[output]\nformats = [\n  "epub",\n  "docx",\n]',
            f"9 config-value unknown format 'docx': {FORMATS_HINT}",
        ),
        ("[clinic]\nphone = 113", "7 config-type 'phone' must be a non-empty string, not a number"),
    ],
)
def test_a_value_of_the_wrong_type_or_range_is_an_error_on_its_line(tmp_path, toml, expected):
    with pytest.raises(BookError) as raised:
        load_config(f"{MINIMAL_TOML}\n{toml}\n", tmp_path)
    assert [f"{d.line} {d.code} {d.message}" for d in raised.value.diagnostics] == [expected]


def test_unknown_tables_and_keys_are_errors_with_a_suggestion(tmp_path):
    toml = MINIMAL_TOML + '\n[pfd]\npage_size = "A5"\n\n[output]\nnmae = "x"\n'
    with pytest.raises(BookError) as raised:
        load_config(toml, tmp_path)
    diagnostics = raised.value.diagnostics
    assert [(d.line, d.code, d.message) for d in diagnostics] == [
        (6, "config-unknown", "unknown table [pfd] (did you mean 'pdf'?)"),
        (10, "config-unknown", "unknown key 'nmae' in [output] (did you mean 'name'?)"),
    ]
    assert all(d.severity == "error" for d in diagnostics)


def test_typos_in_case_or_spelling_get_a_suggestion(tmp_path):
    toml = MINIMAL_TOML + '\n[PDF]\npagesize = "Letter"\n'
    with pytest.raises(BookError) as raised:
        load_config(toml, tmp_path)
    assert [d.message for d in raised.value.diagnostics] == [
        "unknown table [PDF] (did you mean 'pdf'?)"
    ]
    with pytest.raises(BookError) as raised:
        load_config(MINIMAL_TOML + '\n[pdf]\npagesize = "Letter"\n', tmp_path)
    assert [d.message for d in raised.value.diagnostics] == [
        "unknown key 'pagesize' in [pdf] (did you mean 'page_size'?)"
    ]


def test_a_missing_required_key_names_what_it_is_for(tmp_path):
    with pytest.raises(BookError) as raised:
        load_config('[book]\ntitle = "T"\nlanguage = "en-GB"\n', tmp_path)
    assert [(d.line, d.code, d.message) for d in raised.value.diagnostics] == [
        (1, "config-required", "[book] needs 'publisher': Who publishes the book.")
    ]


def test_a_default_glossary_that_leads_outside_the_book_is_refused(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "secret.yaml").write_text("[]\n", "utf-8")
    (book / "glossary.yaml").symlink_to(tmp_path / "secret.yaml")
    with pytest.raises(BookError) as raised:
        load_config(MINIMAL_TOML, book)
    assert [(d.code, d.message) for d in raised.value.diagnostics] == [
        ("path-outside", "glossary: 'glossary.yaml' is outside the book folder")
    ]
