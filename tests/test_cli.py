"""The command line: help, version, default command, formats, quiet, usage errors."""

from __future__ import annotations

import importlib.metadata
import os

from pypdf import PdfReader

from bookbuilder import __version__
from helpers import BOOKS, Epub, copy_book, outputs_in, run, run_process


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
    # pyproject.toml reads the version from the code: the installed package says the same
    assert importlib.metadata.version("bookbuilder") == __version__


def test_make_book_alone_builds_the_book_in_the_current_folder(tmp_path, monkeypatch):
    book = copy_book("print", tmp_path)
    monkeypatch.chdir(book)
    result = run()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        os.path.join("output", "print-test-book.epub"),
        os.path.join("output", "print-test-book.pdf"),
    ]
    epub = Epub(book / "output" / "print-test-book.epub")
    assert epub.opf_xpath("//dc:title/text()")[0] == "Print Test Book"
    assert PdfReader(book / "output" / "print-test-book.pdf").metadata.title == "Print Test Book"


def test_one_format_builds_only_that_format(tmp_path):
    result = run("build", str(BOOKS / "minimal"), "-o", str(tmp_path), "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in outputs_in(tmp_path)] == ["a-minimal-book.pdf"]


def test_quiet_prints_nothing_on_success(tmp_path):
    result = run("build", str(BOOKS / "minimal"), "-o", str(tmp_path), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert (tmp_path / "a-minimal-book.epub").is_file()


def test_timings_say_when_each_stage_ended(tmp_path):
    """`--timings`: the benchmarks read what the EPUB adds once the layout is done."""
    arguments = ["build", str(BOOKS / "minimal"), "-o", str(tmp_path), "-q", "--timings"]
    result = run(*arguments, "-f", "pdf", "-f", "epub")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "Seconds since the build began:"
    events = {name: float(s) for name, s in (line.strip().rsplit(None, 1) for line in lines[1:])}
    assert list(events) == sorted(events, key=events.get)  # in time order
    assert set(events) == {"read", "laid out", "pdf made", "epub made", "written", "done"}
    assert events["read"] < events["laid out"] < events["pdf made"] <= events["written"]
    assert events["epub made"] <= events["written"] <= events["done"]
    again = run(*arguments, "-f", "pdf", "-f", "epub").stderr.splitlines()
    assert again[1].split()[:3] == ["up", "to", "date"]


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


def test_a_rebuild_with_nothing_changed_writes_nothing(tmp_path):
    book = copy_book("check-glossary", tmp_path)
    out = tmp_path / "out"
    first = run("build", str(book), "-o", str(out), "-f", "epub")
    assert first.exit_code == 0
    (epub,) = outputs_in(out)
    stamp = epub.stat().st_mtime_ns
    again = run("build", str(book), "-o", str(out), "-f", "epub")
    assert again.exit_code == 0
    assert again.stdout == first.stdout, "the same paths are printed"
    assert again.stderr == first.stderr, "the same warnings are repeated"
    assert epub.stat().st_mtime_ns == stamp, "nothing was rewritten"
    chapter = book / "chapters" / "01-one.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    assert run("build", str(book), "-o", str(out), "-f", "epub").exit_code == 0
    assert epub.stat().st_mtime_ns != stamp, "a changed chapter rebuilds"
    stamp = epub.stat().st_mtime_ns
    assert run("build", str(book), "-o", str(out), "-f", "epub", "--force").exit_code == 0
    assert epub.stat().st_mtime_ns != stamp, "--force rebuilds"
    epub.write_bytes(b"damaged")
    assert run("build", str(book), "-o", str(out), "-f", "epub").exit_code == 0
    assert epub.read_bytes() != b"damaged", "an output changed since is rebuilt"
