"""Helpers the tests share: running the CLI, reading an EPUB, running the validators."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from click.testing import CliRunner, Result
from lxml import etree

from bookbuilder.check.outputs import epubcheck_json
from bookbuilder.cli import cli

TESTS = Path(__file__).parent
BOOKS = TESTS / "books"
REPOSITORY = TESTS.parent

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    """`make-book ARGS` in this process; stdout and stderr kept apart."""
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def run_process(*args: str, cwd: Path, env: dict[str, str] | None = None):
    """`make-book ARGS` as a real process, as an editor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "bookbuilder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


@dataclass
class Epub:
    """An EPUB opened for assertions: documents parsed with lxml, paths as in the OPF."""

    path: Path

    @cached_property
    def zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(self.path)

    @cached_property
    def opf_path(self) -> PurePosixPath:
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        return PurePosixPath(container.xpath("//c:rootfile/@full-path", namespaces=NS)[0])

    @cached_property
    def opf(self) -> etree._Element:
        return etree.fromstring(self.zip.read(str(self.opf_path)))

    def opf_xpath(self, expression: str) -> list:
        return self.opf.xpath(expression, namespaces=NS)

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf_xpath(f"//opf:meta[@property='{prop}']")]

    def manifest_href(self, item_id: str) -> str:
        return self.opf_xpath(f"//opf:item[@id='{item_id}']/@href")[0]

    @property
    def spine(self) -> list[str]:
        ids = self.opf_xpath("//opf:spine/opf:itemref/@idref")
        return [self.manifest_href(i) for i in ids]

    @property
    def xhtml_documents(self) -> list[str]:
        return self.opf_xpath("//opf:item[@media-type='application/xhtml+xml']/@href")

    def read(self, href: str) -> bytes:
        return self.zip.read(str(self.opf_path.parent / href))

    def document(self, href: str) -> etree._Element:
        return etree.fromstring(self.read(href))

    def ids(self, href: str) -> set[str]:
        return set(self.document(href).xpath("//@id"))

    def resolves(self, source_href: str, link: str) -> bool:
        """True when `link`, written in `source_href`, names an existing document and id."""
        target, _, fragment = link.partition("#")
        target = target or source_href
        if str(self.opf_path.parent / target) not in self.zip.namelist():
            return False
        return not fragment or fragment in self.ids(target)


def epubcheck_report(path: Path) -> dict:
    """EPUBCheck's JSON report (bundled jar, the machine's Java)."""
    report = epubcheck_json(path)
    assert report is not None, f"EPUBCheck wrote no report on {path}"
    return report


def outputs_in(folder: Path) -> list[Path]:
    """The files a build wrote (not its hidden cache or temporary files)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def copy_book(name: str, destination: Path) -> Path:
    target = destination / name
    shutil.copytree(BOOKS / name, target)
    return target


MM = 72 / 25.4


class Pdf:
    """A PDF opened for assertions: text per page, running heads and folios by position."""

    def __init__(self, path: Path):
        import pdfplumber
        from pypdf import PdfReader

        self.path = path
        self.reader = PdfReader(path)
        self.plumber = pdfplumber.open(path)

    def __len__(self) -> int:
        return len(self.reader.pages)

    def _band(self, index: int, top: bool) -> str:
        page = self.plumber.pages[index]
        words = page.extract_words()
        limit = 21 * MM  # the running heads and folios sit in the margins, within 21 mm of the edge
        chosen = [
            w for w in words if (w["bottom"] < limit if top else w["top"] > page.height - limit)
        ]
        return " ".join(w["text"] for w in chosen)

    def head(self, index: int) -> str:
        return self._band(index, top=True)

    def folio(self, index: int) -> str:
        return self._band(index, top=False)

    def text(self, index: int) -> str:
        """The page's text, joined across lines and hyphenation, spaces collapsed."""
        raw = self.plumber.pages[index].extract_text() or ""
        raw = re.sub(r"[-\u2010]\n", "", raw)
        return " ".join(raw.split())

    def index_of_folio(self, label: str) -> int:
        matches = [i for i in range(len(self)) if self.folio(i) == label]
        assert len(matches) == 1, f"folio {label!r} printed on pages {matches}"
        return matches[0]


# Single stages, in the style of WeasyPrint's `render_pages`: one stage's behaviour tested
# on a few lines of input, without a whole book build.

MINIMAL_TOML = """\
[book]
title = "Stage Test"
language = "en-GB"
publisher = "Test Press"
"""


def load_config(toml_text: str, folder: Path, **overrides):
    """`toml_text` as book.toml of a book in `folder` with one chapter: the config stage's
    BookConfig and its diagnostics; raises BookError as the stage does."""
    from bookbuilder.diagnostics import Report
    from bookbuilder.sources.config import load_config as load

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.toml").write_text(toml_text, "utf-8")
    chapters = folder / "chapters"
    chapters.mkdir(exist_ok=True)
    if not any(chapters.iterdir()):
        (chapters / "01-only.md").write_text(
            "---\ntitle: Only\nauthors: [A. Writer]\nupdated: 2024-01-01\n---\n\nText.\n", "utf-8"
        )
    report = Report()
    return load(folder, report, **overrides), report.diagnostics


def render_chapter(
    markdown_text: str,
    *,
    slug: str = "chapter",
    glossary: dict[str, str] | None = None,
    folder: Path | None = None,
):
    """`markdown_text` through the html stage as the body of chapter `slug`, with a
    glossary of {term: definition}: the `Chapter` and the diagnostics."""
    from datetime import date

    from bookbuilder.diagnostics import Report
    from bookbuilder.html.chapter import ChapterRenderer
    from bookbuilder.model import Author, ChapterSource, GlossaryTerm
    from bookbuilder.text import slugify

    root = folder or Path("/nonexistent-book")
    terms = tuple(
        GlossaryTerm(f"gl-{slugify(term)}", term, (), definition, root / "glossary.yaml", 1)
        for term, definition in (glossary or {}).items()
    )
    source = ChapterSource(
        path=root / "chapters" / f"01-{slug}.md",
        slug=slug,
        title=slug.replace("-", " ").capitalize(),
        authors=(Author("A. Writer"),),
        updated=date(2024, 1, 1),
        next_review=None,
        summary=None,
        keywords=(),
        body=markdown_text,
        body_line=1,
    )
    report = Report()
    chapter = ChapterRenderer(root, terms, report).render(source, 1)
    return chapter, report.diagnostics


def write_book(
    folder: Path,
    chapters: dict[str, str],
    *,
    toml: str = MINIMAL_TOML,
    glossary: str | None = None,
) -> Path:
    """A book in `folder` with these chapter files (name: whole text, front matter and
    all) and, when given, a glossary.yaml."""
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    (folder / "book.toml").write_text(toml, "utf-8")
    for name, text in chapters.items():
        (folder / "chapters" / name).write_text(text, "utf-8")
    if glossary is not None:
        (folder / "glossary.yaml").write_text(glossary, "utf-8")
    return folder


def chapter_text(body: str, *, title: str = "A chapter", updated: str = "2024-01-01") -> str:
    """A chapter file: minimal front matter, then `body` from line 6."""
    return f"---\ntitle: {title}\nauthors: [A. Writer]\nupdated: {updated}\n---\n{body}"
