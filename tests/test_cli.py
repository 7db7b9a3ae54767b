"""The command line: help, version, default command, formats, quiet, usage errors."""

from __future__ import annotations

import os

from bookbuilder import __version__
from helpers import BOOKS, Epub, copy_book, run, run_process


def test_help_shows_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "make-book build" in result.stdout
    build_help = run("build", "--help").stdout
    for option in ("--output-dir", "--format", "--quiet", "BOOK_DIR"):
        assert option in build_help


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"make-book, version {__version__}"


def test_make_book_alone_builds_the_book_in_the_current_folder(tmp_path, monkeypatch):
    book = copy_book("minimal", tmp_path)
    (book / "book.toml").write_text(
        (book / "book.toml")
        .read_text("utf-8")
        .replace('formats = ["epub"]', 'formats = ["epub", "pdf"]'),
        "utf-8",
    )
    monkeypatch.chdir(book)
    result = run()
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [os.path.join("build", "a-minimal-book.epub")]
    assert "the 'pdf' format is not available yet" in result.stderr
    epub = Epub(book / "build" / "a-minimal-book.epub")
    assert epub.opf_xpath("//dc:title/text()")[0] == "A Minimal Book"


def test_only_unavailable_formats_is_an_error(tmp_path):
    result = run("build", str(BOOKS / "minimal"), "-o", str(tmp_path), "-f", "pdf")
    assert result.exit_code == 1
    assert "nothing was built" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_quiet_prints_nothing_on_success(tmp_path):
    result = run("build", str(BOOKS / "minimal"), "-o", str(tmp_path), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert (tmp_path / "a-minimal-book.epub").is_file()


def test_usage_errors_exit_2(tmp_path):
    assert run("build", "--no-such-option").exit_code == 2
    assert run("build", str(tmp_path / "missing-folder")).exit_code == 2
    assert run("build", str(BOOKS / "minimal"), "-f", "docx").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_a_folder_without_book_toml(tmp_path):
    result = run("build", str(tmp_path))
    assert result.exit_code == 1
    assert "book.toml:1:1: error: no book.toml in" in result.stderr


def test_the_installed_command_runs_as_a_process(tmp_path):
    completed = run_process("build", "-o", str(tmp_path), "-f", "epub", cwd=BOOKS / "minimal")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(tmp_path / "a-minimal-book.epub")
