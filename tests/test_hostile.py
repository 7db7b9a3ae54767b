"""Hostile and malformed sources: a clear error (or a warning and a good build), the exit
code of the CLI contract, no traceback, and earlier outputs left as they were."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
import pytest

from bookbuilder.diagnostics import display_path
from helpers import Epub, copy_book, epubcheck_report, outputs_in, run

FRONT = "---\ntitle: Intro\nauthors: [A Person]\nupdated: 2024-01-01\n---\n"


def write(book: Path, name: str, data: str | bytes) -> Path:
    path = book / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")
    return path


def replace_in(book: Path, name: str, old: str, new: str) -> Path:
    path = book / name
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    return path


ALIAS_BOMB = (
    FRONT.replace(
        "---\ntitle",
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle",
    )
    + "Text.\n"
)

# name, how to break the book, (file, line, code) of the one error expected
ERRORS = {
    "non-UTF-8 chapter": (
        lambda b: write(b, "chapters/03-bad.md", FRONT.encode() + b"caf\xe9 au lait\n"),
        ("chapters/03-bad.md", 6, "encoding"),
    ),
    "missing front matter": (
        lambda b: write(b, "chapters/03-bad.md", "Just text.\n"),
        ("chapters/03-bad.md", 1, "front-matter-missing"),
    ),
    "YAML not a mapping": (
        lambda b: write(b, "chapters/03-bad.md", "---\n- a list\n- not a mapping\n---\nText.\n"),
        ("chapters/03-bad.md", 2, "front-matter-type"),
    ),
    "YAML alias bomb": (
        lambda b: write(b, "chapters/03-bad.md", ALIAS_BOMB),
        ("chapters/03-bad.md", 2, "yaml-syntax"),
    ),
    "TOML syntax error": (
        lambda b: replace_in(b, "book.toml", 'language = "en-GB"', "language = en-GB"),
        ("book.toml", 4, "toml-syntax"),
    ),
    "20 MB chapter": (
        lambda b: write(b, "chapters/03-bad.md", FRONT + ("word " * 4_000_000)),
        ("chapters/03-bad.md", 1, "file-too-large"),
    ),
    "duplicate slugs": (
        lambda b: write(b, "chapters/03-first-steps.md", FRONT + "Text.\n"),
        ("chapters/03-first-steps.md", 1, "duplicate-slug"),
    ),
    "corrupt image": (
        lambda b: (
            write(b, "images/broken.png", b"\x89PNG\r\n\x1a\nnot really"),
            write(b, "chapters/03-bad.md", FRONT + "![A chart](../images/broken.png)\n"),
        ),
        ("chapters/03-bad.md", 6, "image-corrupt"),
    ),
    "zero-byte image": (
        lambda b: (
            write(b, "images/empty.jpg", b""),
            write(b, "chapters/03-bad.md", FRONT + "![A chart](../images/empty.jpg)\n"),
        ),
        ("chapters/03-bad.md", 6, "image-corrupt"),
    ),
    "unknown language": (
        lambda b: replace_in(b, "book.toml", 'language = "en-GB"', 'language = "xx-QQ-nope"'),
        ("book.toml", 4, "config-value"),
    ),
    "unknown page size": (
        lambda b: replace_in(b, "book.toml", "[output]", '[pdf]\npage_size = "B7"\n\n[output]'),
        ("book.toml", 9, "config-value"),
    ),
    "chapter list names a folder": (
        lambda b: replace_in(b, "book.toml", "[output]", 'chapters = ["chapters"]\n\n[output]'),
        ("book.toml", 8, "file-missing"),
    ),
}


@pytest.fixture
def good(tmp_path):
    """A copy of the small book, built once: the outputs a bad build must leave alone."""
    book = copy_book("minimal", tmp_path)
    out = tmp_path / "out"
    assert run("build", str(book), "-o", str(out), "-f", "epub", "-f", "pdf", "-q").exit_code == 0
    return book, out, {p.name: p.read_bytes() for p in outputs_in(out)}


@pytest.mark.parametrize("name", list(ERRORS))
def test_bad_input_is_a_clear_error(name, good):
    book, out, before = good
    breaker, (file, line, code) = ERRORS[name]
    breaker(book)
    result = run("build", str(book), "-o", str(out), "-f", "epub", "-f", "pdf")
    assert result.exit_code == 1, result.stderr
    errors = [row for row in result.stderr.splitlines() if ": error: " in row]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"{display_path(book / file)}:{line}:")
    assert errors[0].endswith(f"[{code}]")
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in outputs_in(out)} == before, "outputs untouched"


def test_warnings_and_a_good_build(tmp_path):
    """Markup in a title, an empty chapter, a 10,000-character word and a table of 200
    columns: each a warning, and a book that validates and stays on its pages."""
    book = copy_book("minimal", tmp_path)
    write(
        book,
        "chapters/03-markup.md",
        FRONT.replace("title: Intro", 'title: "<b>Bold</b> & <script>x</script>"') + "Text.\n",
    )
    write(book, "chapters/04-empty.md", FRONT.replace("Intro", "Empty"))
    columns = 200
    table = (
        "| "
        + " | ".join(f"h{i}" for i in range(columns))
        + " |\n|"
        + "---|" * columns
        + "\n| "
        + " | ".join(f"v{i}" for i in range(columns))
        + " |\n"
    )
    write(
        book, "chapters/05-wide.md", FRONT.replace("Intro", "Wide") + "x" * 10_000 + "\n\n" + table
    )
    out = tmp_path / "out"
    result = run("build", str(book), "-o", str(out), "-f", "epub", "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    codes = {row.rsplit("[", 1)[-1].rstrip("]") for row in result.stderr.splitlines()}
    assert {"front-matter-markup", "chapter-empty", "table-wide"} <= codes
    epub = Epub(out / "a-minimal-book.epub")
    title = epub.document("markup.xhtml").xpath("//*[local-name()='h1']")[0]
    assert "".join(title.itertext()) == "<b>Bold</b> & <script>x</script>", "shown as written"
    report = epubcheck_report(out / "a-minimal-book.epub")
    assert (report["checker"]["nError"], report["checker"]["nFatal"]) == (0, 0), [
        m["message"] for m in report["messages"]
    ]
    with pdfplumber.open(out / "a-minimal-book.pdf") as pdf:
        for page in pdf.pages:
            assert all(c["x0"] >= 0 and c["x1"] <= page.width for c in page.chars), (
                f"text runs off page {page.page_number}"
            )
    assert zipfile.ZipFile(out / "a-minimal-book.epub").testzip() is None
