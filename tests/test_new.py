"""`make-book new`: a book that passes `check --strict` and builds in every format at once,
in each language the scaffold has a sample text for, and that never writes over files."""

from __future__ import annotations

import re
import tomllib
import zipfile

import pytest
from lxml import etree

from bookbuilder.scaffold.new import content_locales
from bookbuilder.sources.schema import SETTINGS
from helpers import NS, Pdf, epubcheck_report, run

FORMATS = ("epub", "pdf", "pdf-large-print", "booklet", "html")


def new(folder, *arguments):
    return run("new", str(folder), *arguments)


@pytest.fixture(scope="module")
def english_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("new") / "my-back-pain-guide"
    result = new(folder)
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def built(english_book, tmp_path_factory):
    out = tmp_path_factory.mktemp("new-out")
    flags = [argument for name in FORMATS for argument in ("-f", name)]
    result = run("build", str(english_book), "-o", str(out), *flags)
    assert result.exit_code == 0, result.stderr
    return out


def test_it_writes_a_whole_book_and_says_what(english_book):
    written = sorted(p.relative_to(english_book).as_posix() for p in english_book.rglob("*"))
    assert written == [
        ".gitignore",
        "README.md",
        "book.toml",
        "chapters",
        "chapters/01-how-to-write-a-chapter.md",
        "disclaimer.md",
        "glossary.yaml",
        "images",
        "images/one-text-many-editions.svg",
        "styles",
        "styles/epub.css",
        "styles/print.css",
        "styles/web.css",
    ]
    config = tomllib.loads((english_book / "book.toml").read_text("utf-8"))
    assert config["book"]["title"] == "My back pain guide"  # from the folder's name
    assert config["book"]["language"] == "en-GB"
    assert config["output"]["formats"] == ["epub", "pdf", "html"]
    readme = (english_book / "README.md").read_text("utf-8")
    assert "# My back pain guide" in readme and "make-book serve --open" in readme


def test_book_toml_explains_every_key_of_the_schema(english_book):
    text = (english_book / "book.toml").read_text("utf-8")
    tables: dict[str, set[str]] = {}
    table = None
    for line in text.splitlines():
        bare = line.lstrip("# ").strip()
        if bare.startswith("[") and bare.endswith("]"):
            table = bare[1:-1]
        elif "=" in bare and table and not bare.startswith('"'):
            tables.setdefault(table, set()).add(bare.split("=")[0].strip())
    for setting in SETTINGS.values():
        assert setting.key in tables.get(setting.table, set()), f"[{setting.table}] {setting.key}"
        assert setting.help.split()[0] in text
    # uncommented, every example is a value of the right type (the paths would need files)
    settings = text.partition("# [strings]")[0]
    key_line = re.compile(r"^# ([a-z_]+) = ")
    uncommented = "\n".join(
        line[2:] if key_line.match(line) else line for line in settings.splitlines()
    )
    values = tomllib.loads(uncommented)
    assert values["book"]["series_number"] == 1 and values["pdf"]["page_size"] == "A4"
    assert values["epub"]["isbn"] == "978-0-00-000000-2"
    assert len([key for table in values.values() for key in table]) == len(SETTINGS)


def test_the_sample_chapter_has_everything_a_chapter_can_hold(english_book):
    chapter = (english_book / "chapters/01-how-to-write-a-chapter.md").read_text("utf-8")
    front, body = chapter.split("---\n")[1:3]
    for key in ("title:", "authors:", "updated:", "next_review:", "summary:", "keywords:"):
        assert key in front
    assert "![" in body and "[^note]:" in body and "](#" in body
    glossary = (english_book / "glossary.yaml").read_text("utf-8")
    assert "term: Front matter" in glossary and "front matter" in body


def test_it_passes_check_strict_as_it_is(english_book):
    result = run("check", str(english_book), "--strict", "--json")
    assert result.exit_code == 0, result.stdout
    assert "warning" not in result.stdout and "error" not in result.stdout


def test_it_builds_in_every_format(built):
    names = sorted(p.name for p in built.iterdir() if not p.name.startswith("."))
    assert names == [
        "my-back-pain-guide-booklet.pdf",
        "my-back-pain-guide-html",
        "my-back-pain-guide-large-print.pdf",
        "my-back-pain-guide.epub",
        "my-back-pain-guide.pdf",
    ]
    pdf = Pdf(built / "my-back-pain-guide.pdf")
    text = " ".join(pdf.text(i) for i in range(len(pdf)))
    assert "How to write a chapter" in text and "Figure 1.1" in text
    assert "Front matter" in text  # the glossary
    site = built / "my-back-pain-guide-html"
    assert (site / "how-to-write-a-chapter.html").is_file()
    assert (site / "images/one-text-many-editions.svg").is_file()


def test_its_epub_passes_epubcheck(built):
    epub = built / "my-back-pain-guide.epub"
    report = epubcheck_report(epub)
    assert [m for m in report["messages"] if m["severity"] in ("ERROR", "FATAL", "WARNING")] == []
    with zipfile.ZipFile(epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    assert opf.xpath("//dc:title/text()", namespaces=NS) == ["My back pain guide"]


def test_a_handout_of_its_chapter(english_book, tmp_path):
    result = run("handout", str(english_book), "how-to-write-a-chapter", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "handouts" / "how-to-write-a-chapter.pdf").is_file()


@pytest.mark.parametrize("locale", [locale for locale in content_locales() if locale != "en"])
def test_in_each_language_of_the_scaffold_it_passes_check_strict(tmp_path, locale):
    language = locale.replace("_", "-")
    folder = tmp_path / "book"
    result = new(folder, "--language", language, "--title", "Back pain", "--author", "Clinic")
    assert result.exit_code == 0, result.stderr
    assert "note:" not in result.stderr
    (chapter,) = (folder / "chapters").glob("*.md")
    assert "How to write" not in chapter.read_text("utf-8")  # written in the language
    checked = run("check", str(folder), "--strict")
    assert checked.exit_code == 0, checked.stdout
    built = run("build", str(folder), "-o", str(tmp_path / "out"), "-f", "epub", "-f", "html")
    assert built.exit_code == 0, built.stderr


def test_a_language_without_sample_text_gets_english_and_says_so(tmp_path):
    result = new(tmp_path / "book", "--language", "pt-BR")
    assert result.exit_code == 0
    assert "no sample text in Portuguese (Brazil)" in result.stderr
    assert "no translation for Portuguese (Brazil)" in result.stderr
    config = tomllib.loads((tmp_path / "book" / "book.toml").read_text("utf-8"))
    assert config["book"]["language"] == "pt-BR"


def test_it_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = new(tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path}:1:1: error:" in result.stderr
    assert "not empty" in result.stderr and "[new-folder]" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_it_refuses_a_file(tmp_path):
    (tmp_path / "book").write_text("a file", "utf-8")
    result = new(tmp_path / "book")
    assert result.exit_code == 1 and "is a file" in result.stderr


def test_an_empty_folder_is_fine(tmp_path):
    (tmp_path / "book").mkdir()
    assert new(tmp_path / "book").exit_code == 0
    assert (tmp_path / "book" / "book.toml").is_file()


def test_an_unknown_language_is_a_usage_error(tmp_path):
    result = new(tmp_path / "book", "--language", "xx-Nowhere-1")
    assert result.exit_code == 2
    assert "unknown language 'xx-Nowhere-1'" in result.stderr
    assert not (tmp_path / "book").exists()
