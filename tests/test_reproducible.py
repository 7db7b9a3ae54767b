"""Same sources (and SOURCE_DATE_EPOCH) give byte-identical EPUBs, wherever they are built."""

from __future__ import annotations

import hashlib

from helpers import REPOSITORY, Epub, copy_book, run


def build(book, out, env=None) -> bytes:
    result = run("build", str(book), "-o", str(out), "-f", "epub", "-q", env=env)
    assert result.exit_code == 0, result.stderr
    (epub,) = out.glob("*.epub")
    return epub.read_bytes()


def test_two_folders_same_bytes_with_source_date_epoch(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first = build(copy_book("minimal", tmp_path / "a"), tmp_path / "out-a", env)
    second = build(copy_book("minimal", tmp_path / "b"), tmp_path / "out-b", env)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    (path,) = (tmp_path / "out-a").glob("*.epub")
    epub = Epub(path)
    assert epub.meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert {info.date_time for info in epub.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_without_source_date_epoch_the_guide_still_repeats(tmp_path, guide_epub_path):
    again = build(REPOSITORY, tmp_path)
    assert again == guide_epub_path.read_bytes()
