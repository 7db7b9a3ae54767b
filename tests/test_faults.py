"""Faults: a build killed at any moment leaves the previous outputs intact (and its
temporary files are cleaned up by the next run); two builds at once both succeed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import copy_book, outputs_in

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def start(book, out) -> subprocess.Popen:
    return subprocess.Popen(
        [
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
            "-f",
            "pdf-large-print",
            "-q",
            "--force",
        ],
        env={**os.environ, **EPOCH},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def outputs(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def assert_valid(out) -> None:
    for path in outputs_in(out):
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as epub:
                assert epub.testzip() is None
        elif path.suffix == ".pdf":
            assert len(PdfReader(path).pages) > 0


def test_sigkill_at_any_moment_keeps_the_previous_outputs(tmp_path):
    book = copy_book("print", tmp_path)
    out = tmp_path / "out"
    first = start(book, out)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    good = outputs(out)
    assert set(good) == {
        "print-test-book.epub",
        "print-test-book.pdf",
        "print-test-book-large-print.pdf",
    }
    for delay in (0.05, 0.3, 0.8, 1.5, 2.5, 3.5):
        process = start(book, out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert outputs(out) == good, f"killed after {delay} s"
        assert_valid(out)
    # As a kill during the final rename would leave it:
    (out / ".print-test-book.pdf.999999999.x1y2.tmp").write_bytes(b"half a PDF")
    final = start(book, out)
    assert final.wait(timeout=120) == 0
    assert outputs(out) == good, "the same sources give the same bytes"
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == [], (
        "the next run removes what killed builds left"
    )
    time.sleep(1.5)  # a worker notices its build is gone within half a second
    assert still_running(str(out)) == [], "the killed builds' workers ended too"


def still_running(mark: str) -> list[str]:
    """The command lines of live processes that name `mark` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if mark in line and str(os.getpid()) != entry.name:
                found.append(line)
    return found


def test_leftovers_of_a_running_build_are_kept(tmp_path):
    from bookbuilder.output import remove_leftovers

    target = tmp_path / "book.pdf"
    mine = tmp_path / f".book.pdf.{os.getpid()}.abc.tmp"
    dead = tmp_path / ".book.pdf.999999999.abc.tmp"
    mine.write_bytes(b"in progress")
    dead.write_bytes(b"left over")
    remove_leftovers(target)
    assert mine.exists() and not dead.exists()


def test_a_cache_folder_loses_the_leftovers_of_killed_builds_once(tmp_path):
    from bookbuilder.output import write_cached

    mine = tmp_path / f".a.json.{os.getpid()}.abc.tmp"
    dead = tmp_path / ".b.json.999999999.abc.tmp"
    mine.write_bytes(b"in progress")
    dead.write_bytes(b"left over")
    write_cached(tmp_path / "c.json", b"{}")
    assert mine.exists() and not dead.exists()
    assert (tmp_path / "c.json").read_bytes() == b"{}"
    dead.write_bytes(b"left over again")  # the folder is tidied once a process
    write_cached(tmp_path / "d.json", b"{}")
    assert dead.exists()


def test_a_cache_entry_is_replaced_only_by_other_bytes(tmp_path):
    """`--force` stores every chapter again, mostly unchanged: a rename each was 0.3 s
    of a 125-chapter EPUB's build."""
    from bookbuilder.output import write_cached

    entry = tmp_path / "e.json"
    write_cached(entry, b'{"a": 1}')
    first = entry.stat().st_ino
    write_cached(entry, b'{"a": 1}')
    assert entry.stat().st_ino == first  # not written again
    write_cached(entry, b'{"a": 2}')  # the same size, other bytes
    assert entry.stat().st_ino != first and entry.read_bytes() == b'{"a": 2}'


@pytest.mark.parametrize("runs", [2])
def test_two_builds_at_once_both_finish_with_valid_outputs(runs, tmp_path):
    book = copy_book("print", tmp_path)
    out = tmp_path / "out"
    processes = [start(book, out) for _ in range(runs)]
    for process in processes:
        assert process.wait(timeout=180) == 0, process.stderr.read()
    assert_valid(out)
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
