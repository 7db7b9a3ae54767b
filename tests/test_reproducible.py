"""Same sources (and SOURCE_DATE_EPOCH) give byte-identical EPUBs, wherever they are built."""

from __future__ import annotations

import hashlib

from helpers import REPOSITORY, Epub, copy_book, outputs_in, run


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


def test_epub_and_pdf_identical_across_folders_and_days(tmp_path):
    """Two builds, in different folders, on different days (faketime), same bytes."""
    import os
    import shutil
    import subprocess
    import sys

    faketime = shutil.which("faketime")
    if faketime is None:
        import pytest

        pytest.skip("faketime is not installed (.ci/run installs Debian's faketime)")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    results = []
    for folder, day in (("a", "2031-01-01 10:00:00"), ("b/deeper", "2033-07-15 23:59:00")):
        book = copy_book("print", tmp_path / folder)
        out = tmp_path / folder / "out"
        subprocess.run(
            [
                faketime,
                day,
                sys.executable,
                "-m",
                "bookbuilder",
                "build",
                str(book),
                "-o",
                str(out),
                "-f",
                "epub",
                "-f",
                "pdf",
                "-q",
            ],
            env=env,
            check=True,
        )
        results.append({p.name: p.read_bytes() for p in outputs_in(out)})
    assert results[0].keys() == {"print-test-book.epub", "print-test-book.pdf"}
    assert results[0] == results[1]
