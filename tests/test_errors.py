"""Bad input: one small book per mistake; each gets `path:line:col: error: …` and exit 1."""

from __future__ import annotations

import pytest

from helpers import BOOKS, copy_book, outputs_in, run, run_process

CASES = [
    (
        "bad-missing-title",
        "chapters/01-intro.md:2:1: error: front matter needs 'title'",
        "front-matter-required",
    ),
    (
        "bad-no-front-matter",
        "chapters/01-intro.md:1:1: error: no front matter",
        "front-matter-missing",
    ),
    (
        "bad-date",
        "chapters/01-intro.md:4:10: error: 'updated': '15/06/2010' is not a date; write the "
        "date as YYYY-MM-DD",
        "front-matter-type",
    ),
    (
        "bad-authors",
        "chapters/01-intro.md:5:1: error: each author must have a 'name'",
        "front-matter-type",
    ),
    (
        "bad-yaml",
        "chapters/01-intro.md:3:10: error: this list in [ ] is never closed",
        "yaml-syntax",
    ),
    ("bad-toml", "book.toml:3:18: error: malformed TOML", "toml-syntax"),
    (
        "bad-missing-chapter",
        "book.toml:7:1: error: chapter file 'chapters/02-missing.md' does not exist",
        "file-missing",
    ),
    (
        "bad-missing-glossary",
        "book.toml:5:1: error: glossary file 'terms.yaml' does not exist",
        "file-missing",
    ),
    (
        "bad-outside",
        "book.toml:5:1: error: chapter: '../minimal/chapters/01-first-steps.md' "
        "is outside the book folder",
        "path-outside",
    ),
    (
        "bad-duplicate-slug",
        "chapters/02-intro.md:1:1: error: chapter slug 'intro' is already used by 01-intro.md",
        "duplicate-slug",
    ),
    (
        "bad-glossary",
        "glossary.yaml:4:15: error: this quoted value is never closed",
        "yaml-syntax",
    ),
    (
        "bad-link",
        "chapters/02-next.md:8:5: error: link '01-intro.md#no-such-heading': that "
        "chapter has no heading",
        "link-heading",
    ),
    (
        "bad-config-type",
        "book.toml:8:1: error: 'formats' must be a list, not the string 'epub'",
        "config-type",
    ),
]


@pytest.mark.parametrize("book, expected, code", CASES, ids=[c[0] for c in CASES])
def test_bad_input_names_path_and_line(book, expected, code, tmp_path, monkeypatch):
    monkeypatch.chdir(BOOKS / book)
    result = run("build", "-o", str(tmp_path), "-f", "epub")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == (2 if book == "bad-config-type" else 1), result.stderr
    error = next(line for line in errors if line.endswith(f"[{code}]"))
    assert error.startswith(expected)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == [], "nothing is written for a book with errors"


def test_every_error_is_reported_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(BOOKS / "bad-config-type")
    result = run("build", "-o", str(tmp_path), "-q")
    lines = result.stderr.splitlines()
    assert (
        "book.toml:5:1: error: unknown key 'titel' in [book] (did you mean 'title'?) "
        "[config-unknown]"
    ) in lines
    assert any(line.endswith("[config-type]") for line in lines), "-q never hides an error"


def test_paths_are_shown_relative_to_the_working_folder(tmp_path):
    completed = run_process(
        "build", "tests/books/bad-date", "-o", str(tmp_path), cwd=BOOKS.parent.parent
    )
    assert completed.returncode == 1
    assert completed.stderr.startswith("tests/books/bad-date/chapters/01-intro.md:4:10: error:")
    assert "Traceback" not in completed.stderr


def test_failed_build_keeps_the_previous_good_output(tmp_path):
    book = copy_book("minimal", tmp_path)
    out = tmp_path / "out"
    assert run("build", str(book), "-o", str(out)).exit_code == 0
    (epub,) = outputs_in(out)
    good = epub.read_bytes()
    chapter = book / "chapters" / "01-first-steps.md"
    chapter.write_text(
        chapter.read_text("utf-8").replace("updated: 2024-03-01", "updated: soon"), "utf-8"
    )
    result = run("build", str(book), "-o", str(out))
    assert result.exit_code == 1
    assert outputs_in(out) == [epub]
    assert epub.read_bytes() == good


def test_a_failure_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    book = copy_book("minimal", tmp_path)
    out = tmp_path / "out"
    assert run("build", str(book), "-o", str(out)).exit_code == 0
    (epub,) = outputs_in(out)
    good = epub.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("bookbuilder.output.os.replace", disk_full)
    result = run("build", str(book), "-o", str(out), "--force")
    assert result.exit_code == 1
    assert "cannot write: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.glob(".*.tmp")) == [], "the temporary file is removed"
    assert outputs_in(out) == [epub]
    assert epub.read_bytes() == good
