"""`make-book serve` as an editor uses it: a real process on a copy of the guide, pages
in Debian's Chromium that follow each edit, errors shown on the page, the print edition
one click away, and Ctrl-C that leaves nothing behind."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser import launch
from helpers import REPOSITORY

CHAPTER = "chapters/02-gene-therapy-for-back-pain.md"
PAGE = "gene-therapy-for-back-pain.html"
RELOAD_WITHIN_MS = 2000


def copy_guide(destination: Path) -> Path:
    book = destination / "guide"
    book.mkdir()
    for name in ("book.toml", "glossary.yaml", "disclaimer.md"):
        shutil.copy(REPOSITORY / name, book / name)
    for folder in ("chapters", "styles"):
        shutil.copytree(REPOSITORY / folder, book / folder)
    return book


def _as_from_a_terminal() -> None:
    """In the server's process, before it starts: Ctrl-C's signal is heard, as it is in
    a program started from a terminal, even when the tests run where it is ignored (a
    run started with `nohup` or `&`, whose children inherit the ignoring; CI ran so, and
    the server never heard the signal these tests send)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Serving:
    """`python -m bookbuilder serve BOOK` in a process of its own, with its own TMPDIR."""

    def __init__(self, book: Path, temporary: Path, *arguments: str):
        temporary.mkdir()
        self.temporary = temporary
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bookbuilder", "serve", str(book), *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_as_from_a_terminal,
            text=True,
            env={**os.environ, "TMPDIR": str(temporary), "PYTHONUNBUFFERED": "1"},
        )
        line = self.process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert match, line + self.process.stderr.read()
        self.url = match[1]

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a terminal sends it; the exit code and what it said on stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        _, stderr = self.process.communicate(timeout=30)
        return self.process.returncode, stderr


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return copy_guide(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def serving(book, tmp_path_factory):
    server = Serving(book, tmp_path_factory.mktemp("run") / "tmp")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_it_serves_on_the_loopback_only(serving):
    assert serving.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(serving.url + PAGE) as response:
        assert "Gene Therapy for Back Pain" in response.read().decode("utf-8")
    port = int(serving.url.rstrip("/").rsplit(":", 1)[1])
    with socket.socket() as probe, pytest.raises(OSError):
        probe.settimeout(2)
        probe.connect((_another_address(), port))


def _another_address() -> str:
    """An address of this machine that is not the loopback (or a skip)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks an interface
            address = s.getsockname()[0]
        except OSError:
            address = "127.0.0.1"
    if address.startswith("127."):
        pytest.skip("this machine has no address but the loopback")
    return address


def test_an_edit_shows_in_the_open_page_within_two_seconds(serving, book, page):
    page.goto(serving.url + PAGE)
    page.wait_for_load_state("networkidle")
    sentence = "This sentence was written while the page was open."
    source = book / CHAPTER
    started = time.monotonic()
    source.write_text(source.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    page.get_by_text(sentence).wait_for(timeout=RELOAD_WITHIN_MS)
    assert time.monotonic() - started < RELOAD_WITHIN_MS / 1000


def test_a_broken_front_matter_shows_where_and_fixing_it_clears_it(serving, book, page):
    page.goto(serving.url + PAGE)
    page.wait_for_load_state("networkidle")
    source = book / CHAPTER
    good = source.read_text("utf-8")
    source.write_text(good.replace("updated: 2010-06-15", "updated: 2010-15-06"), "utf-8")
    overlay = page.locator("#make-book-problems")
    overlay.wait_for(timeout=5000)
    text = overlay.inner_text()
    line = next(n for n, t in enumerate(good.splitlines(), start=1) if t.startswith("updated:"))
    assert f"{CHAPTER}:{line}:" in text
    assert "there is no month 15" in text and "[front-matter-type]" in text
    # the last good pages are still served
    assert page.locator("h1").inner_text() == "Gene Therapy for Back Pain"
    with urllib.request.urlopen(serving.url + PAGE) as response:
        assert response.status == 200
    source.write_text(good, "utf-8")
    # the errors are gone; the guide's warnings wait behind a button
    overlay.wait_for(state="hidden", timeout=5000)
    assert "error" not in page.locator("#make-book-problems-button").inner_text()
    assert page.locator("h1").inner_text() == "Gene Therapy for Back Pain"


def test_the_print_link_opens_the_pdf_at_the_chapter(serving, page):
    page.goto(serving.url + PAGE)
    href = page.locator(".preview-print a").get_attribute("href")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:  # waits for the layout
        opener.open(serving.url.rstrip("/") + href, timeout=120)
    assert redirect.value.code == 303
    pdf_path, _, fragment = redirect.value.headers["Location"].partition("#")
    page_number = int(re.fullmatch(r"page=(\d+)", fragment)[1])
    with urllib.request.urlopen(serving.url.rstrip("/") + pdf_path) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.read()))
    opening = reader.pages[page_number - 1].extract_text()
    assert "Gene Therapy for Back Pain" in opening and "Suzanne Elvidge" in opening
    assert "Suzanne Elvidge" not in reader.pages[page_number - 2].extract_text()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect is the answer: its Location holds the page


def test_ctrl_c_stops_it_and_leaves_no_files(tmp_path):
    book = copy_guide(tmp_path)
    server = Serving(book, tmp_path / "tmp")
    with urllib.request.urlopen(server.url) as response:
        assert response.status == 200
    assert any((tmp_path / "tmp").iterdir())  # its work folder, while it runs
    code, stderr = server.stop()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert list((tmp_path / "tmp").iterdir()) == []
    assert sorted(p.name for p in book.iterdir()) == sorted(
        ["book.toml", "glossary.yaml", "disclaimer.md", "chapters", "styles"]
    )


def test_a_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "bookbuilder", "serve", str(REPOSITORY), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
    assert result.returncode == 1
    assert f"cannot serve on port {port}" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_book_that_does_not_build_yet_is_served_once_it_does(tmp_path, page):
    book = copy_guide(tmp_path)
    source = book / CHAPTER
    good = source.read_text("utf-8")
    source.write_text(good.replace("---\ntitle: Gene Therapy for Back Pain\n", "---\n"), "utf-8")
    server = Serving(book, tmp_path / "tmp")
    try:
        with pytest.raises(urllib.error.HTTPError) as waiting:
            urllib.request.urlopen(server.url + PAGE)
        assert waiting.value.code == 503
        page.goto(server.url + PAGE)
        overlay = page.locator("#make-book-problems")
        overlay.wait_for(timeout=5000)
        text = overlay.inner_text()
        assert f"{CHAPTER}:2:1: error:" in text and "title" in text
        assert "the book does not build yet" in text
        source.write_text(good, "utf-8")
        page.locator("h1", has_text="Gene Therapy for Back Pain").wait_for(timeout=5000)
    finally:
        code, stderr = server.stop()
    assert code == 0 and "Traceback" not in stderr
