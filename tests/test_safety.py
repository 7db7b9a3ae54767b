"""The sandbox: a build reads only the book folder and its own package data, and never
the network. A server on 127.0.0.1 records every request; a file outside the book holds
a marker that must never reach an output."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from bookbuilder.diagnostics import display_path
from helpers import copy_book, run

MARKER = "OUTSIDE-THE-BOOK-7c1d"


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        Recorder.requests.append(self.path)
        body = MARKER.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the book with files the book must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(
        f"---\ntitle: {MARKER}\nauthors: [X]\nupdated: 2024-01-01\n---\n{MARKER}\n", "utf-8"
    )
    (folder / "secret.css").write_text(f"/* {MARKER} */ p {{ color: red }}", "utf-8")
    (folder / "secret.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><text>{MARKER}</text></svg>', "utf-8"
    )
    return folder


def chapter(book: Path, body: str) -> Path:
    path = book / "chapters" / "03-route.md"
    path.write_text(
        f"---\ntitle: Route\nauthors: [A Person]\nupdated: 2024-01-01\n---\n\n{body}\n", "utf-8"
    )
    return path


def build(book: Path, out: Path):
    return run("build", str(book), "-o", str(out), "-f", "epub", "-f", "pdf")


def assert_nothing_leaked(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
    assert Recorder.requests == []


# (route name, chapter body or None, (file, text) of a style, expected code, line in file)
ROUTES = [
    ("markdown image", "![x]({url}/image.png)", None, "path-outside", 7),
    ("raw img", '<img alt="x" src="{url}/raw.png">', None, "path-outside", 7),
    ("raw iframe", '<iframe src="{url}/frame"></iframe>', None, "unsafe-html", 7),
    ("raw script", '<script src="{url}/script.js"></script>', None, "unsafe-html", 7),
    ("raw video", '<video src="{url}/v.mp4" poster="{url}/p.png"></video>', None, "unsafe-html", 7),
    ("raw object", '<object data="{url}/o.swf"></object>', None, "unsafe-html", 7),
    ("raw stylesheet", '<link rel="stylesheet" href="{url}/s.css">', None, "unsafe-html", 7),
    ("inline style", '<p style="background: url({url}/bg.png)">x</p>', None, "unsafe-html", 7),
    ("inline svg", '<svg><image href="{url}/i.png"/></svg>', None, "unsafe-html", 7),
    ("css url", None, ("print.css", "p {{ background: url({url}/bg.png) }}"), "style-url", 1),
    ("css import", None, ("epub.css", '@import url("{url}/more.css");'), "style-import", 1),
]


@pytest.mark.parametrize("name, body, style, code, line", ROUTES, ids=[r[0] for r in ROUTES])
def test_no_request_leaves_the_machine(name, body, style, code, line, server, tmp_path):
    Recorder.requests.clear()
    book = copy_book("minimal", tmp_path)
    if body:
        path = chapter(book, body.format(url=server))
    else:
        (book / "styles").mkdir()
        path = book / "styles" / style[0]
        path.write_text(style[1].format(url=server), "utf-8")
    result = build(book, tmp_path / "out")
    expected = f"{display_path(path)}:{line}:"
    assert any(
        row.startswith(expected) and row.endswith(f"[{code}]") for row in result.stderr.splitlines()
    ), result.stderr
    assert "Traceback" not in result.stderr
    if code == "unsafe-html":
        assert result.exit_code == 0, "removed with a warning, and the book builds"
    else:
        assert result.exit_code == 1
    assert_nothing_leaked(tmp_path / "out")


def test_links_to_the_web_are_links_not_fetches(server, tmp_path):
    Recorder.requests.clear()
    book = copy_book("minimal", tmp_path)
    chapter(book, f"See [the page]({server}/page).")
    assert build(book, tmp_path / "out").exit_code == 0
    assert Recorder.requests == []


@pytest.mark.parametrize(
    "name, how",
    [
        ("dot-dot image", lambda o: "![x](../../outside/secret.svg)"),
        ("absolute image", lambda o: f"![x]({o}/secret.svg)"),
        ("file url image", lambda o: f"![x](file://{o}/secret.svg)"),
        ("raw file url", lambda o: f'<img alt="x" src="file://{o}/secret.svg">'),
        ("symlink image", None),
        ("css outside", None),
        ("chapter outside", None),
    ],
)
def test_files_outside_the_book_are_never_read(name, how, outside, tmp_path):
    book = copy_book("minimal", tmp_path / "book-parent")
    if how is not None:
        chapter(book, how(outside))
    elif name == "symlink image":
        (book / "images" / "link.svg").symlink_to(outside / "secret.svg")
        chapter(book, "![x](../images/link.svg)")
    elif name == "css outside":
        (book / "styles").mkdir()
        relative = os.path.relpath(outside / "secret.svg", book / "styles")
        (book / "styles" / "print.css").write_text(
            f'p {{ background: url("{relative}") }}', "utf-8"
        )
    else:
        toml = book / "book.toml"
        toml.write_text(
            toml.read_text("utf-8").replace(
                "[output]",
                f'chapters = ["chapters/01-first-steps.md", '
                f'"{os.path.relpath(outside / "secret.md", book)}"]\n\n[output]',
            ),
            "utf-8",
        )
    result = build(book, tmp_path / "out")
    assert result.exit_code == 1, result.stderr
    assert "path-outside" in result.stderr or "outside the book" in result.stderr
    assert "Traceback" not in result.stderr
    assert_nothing_leaked(tmp_path / "out")
