from __future__ import annotations

from pathlib import Path

import pytest

from helpers import BOOKS, REPOSITORY, Epub, epubcheck_report, run


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Builds cache rendered chapters in the user's cache folder: the tests use their own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    """Tests set SOURCE_DATE_EPOCH themselves where it matters."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _build(book: Path, out: Path, *formats: str) -> Path:
    """Build `book` into `out`; returns the EPUB path (the PDF, if asked for, sits beside it)."""
    flags = [arg for name in formats or ("epub",) for arg in ("-f", name)]
    result = run(
        "build", str(book), "-o", str(out), *flags, "--quiet", env={"SOURCE_DATE_EPOCH": None}
    )
    assert result.exit_code == 0, result.stderr
    (epub,) = out.glob("*.epub")
    return epub


@pytest.fixture(scope="session")
def guide_epub_path(tmp_path_factory) -> Path:
    return _build(REPOSITORY, tmp_path_factory.mktemp("guide"), "epub", "pdf")


@pytest.fixture(scope="session")
def guide_pdf_path(guide_epub_path) -> Path:
    return guide_epub_path.with_suffix(".pdf")


@pytest.fixture(scope="session")
def guide(guide_epub_path) -> Epub:
    return Epub(guide_epub_path)


@pytest.fixture(scope="session")
def minimal_epub_path(tmp_path_factory) -> Path:
    return _build(BOOKS / "minimal", tmp_path_factory.mktemp("minimal"))


@pytest.fixture(scope="session")
def minimal(minimal_epub_path) -> Epub:
    return Epub(minimal_epub_path)


@pytest.fixture(scope="session")
def print_book_epub_path(tmp_path_factory) -> Path:
    return _build(BOOKS / "print", tmp_path_factory.mktemp("print"), "epub", "pdf")


@pytest.fixture(scope="session")
def print_book_pdf_path(print_book_epub_path) -> Path:
    return print_book_epub_path.with_suffix(".pdf")


@pytest.fixture(scope="session")
def references_epub_path(tmp_path_factory) -> Path:
    """tests/books/references: citations, a reviewer, an adapted chapter and ISBNs."""
    return _build(BOOKS / "references", tmp_path_factory.mktemp("references"), "epub", "pdf")


@pytest.fixture(scope="session")
def epubcheck_reports(
    guide_epub_path, minimal_epub_path, print_book_epub_path, references_epub_path
) -> dict:
    """EPUBCheck once per test run on every EPUB the session fixtures built."""
    built = {
        "guide": guide_epub_path,
        "minimal": minimal_epub_path,
        "print": print_book_epub_path,
        "references": references_epub_path,
    }
    return {name: epubcheck_report(path) for name, path in built.items()}
