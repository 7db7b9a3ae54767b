from __future__ import annotations

from pathlib import Path

import pytest

from helpers import BOOKS, REPOSITORY, Epub, epubcheck_report, run


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    """Tests set SOURCE_DATE_EPOCH themselves where it matters."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _build(book: Path, out: Path) -> Path:
    result = run(
        "build", str(book), "-o", str(out), "-f", "epub", "--quiet", env={"SOURCE_DATE_EPOCH": None}
    )
    assert result.exit_code == 0, result.stderr
    (epub,) = out.glob("*.epub")
    return epub


@pytest.fixture(scope="session")
def guide_epub_path(tmp_path_factory) -> Path:
    return _build(REPOSITORY, tmp_path_factory.mktemp("guide"))


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
def epubcheck_reports(guide_epub_path, minimal_epub_path) -> dict[str, dict]:
    """EPUBCheck once per test run on every EPUB the session fixtures built."""
    return {
        name: epubcheck_report(path)
        for name, path in {"guide": guide_epub_path, "minimal": minimal_epub_path}.items()
    }
