"""The preview's HTTP server: the last good build's files, the live-reload events, and
the print edition, on 127.0.0.1 only.

- `/_live/events`: server-sent events, one `state` message (generation, failed,
  problems) at once and another after every build.
- `/_live/live.js`: the script every preview page loads.
- `/_print/<slug>`: waits for the current print edition, then redirects to its PDF at
  the chapter's first page (`#page=N`).
- anything else: a file of the last good build (`/` is its index.html).
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import unquote, urlsplit

from bookbuilder.serve.print_edition import PrintEdition
from bookbuilder.serve.state import SiteState

EVENTS, SCRIPT, PRINT = "/_live/events", "/_live/live.js", "/_print/"
KEEPALIVE_SECONDS = 15
PRINT_WAIT_SECONDS = 120
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up the end
    allow_reuse_address = True

    def __init__(self, port: int, state: SiteState, print_edition: PrintEdition):
        self.state = state
        self.print_edition = print_edition
        super().__init__(("127.0.0.1", port), PreviewHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="preview-server", daemon=True)
        thread.start()
        return thread


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:
        """Requests are not logged: the terminal is for the book's diagnostics."""

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            self._events()
        elif path == SCRIPT:
            script = resources.files("bookbuilder").joinpath("web", "static", "live.js")
            self._send(HTTPStatus.OK, script.read_bytes(), TYPES[".js"])
        elif path.startswith(PRINT) and path.endswith(".pdf"):
            self._print_file()
        elif path.startswith(PRINT):
            self._print_redirect(path[len(PRINT) :])
        else:
            self._file(path)

    def do_HEAD(self) -> None:
        self.do_GET()

    def _file(self, path: str) -> None:
        folder = self.server.state.folder
        if folder is None:  # no build has succeeded yet: the overlay says why
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, _waiting_page(), TYPES[".html"])
            return
        relative = posixpath.normpath(path).lstrip("/")
        if relative in ("", "."):
            relative = "index.html"
        target = (folder / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(folder.resolve()) or not target.is_file():
            self._send(HTTPStatus.NOT_FOUND, _not_found_page(path), TYPES[".html"])
            return
        kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        self._send(HTTPStatus.OK, target.read_bytes(), kind or "application/octet-stream")

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        state = self.server.state
        seen = None
        try:
            while not state.stopped:
                snapshot = state.snapshot()
                if snapshot["generation"] != seen:
                    seen = snapshot["generation"]
                    message = f"event: state\ndata: {json.dumps(snapshot)}\n\n"
                    self.wfile.write(message.encode("utf-8"))
                elif not state.wait_for_news(seen, KEEPALIVE_SECONDS):
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded
        self.close_connection = True

    def _print_redirect(self, slug: str) -> None:
        result = self.server.print_edition.wait(PRINT_WAIT_SECONDS)
        if result is None or result.pdf is None:
            why = result.problem if result else "the print edition is still being laid out"
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, _print_problem_page(why), TYPES[".html"])
            return
        page = result.pages.get(slug, 0) + 1
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", f"{PRINT}{result.pdf.name}#page={page}")
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _print_file(self) -> None:
        result = self.server.print_edition.latest
        if result is None or result.pdf is None or not result.pdf.is_file():
            self._send(HTTPStatus.NOT_FOUND, _not_found_page(self.path), TYPES[".html"])
            return
        self._send(HTTPStatus.OK, result.pdf.read_bytes(), "application/pdf")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _page(title: str, text: str) -> bytes:
    """A plain page of the preview's own (English, as make-book's messages are)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}'
        f'</title><script src="{SCRIPT}" defer></script></head><body style="font-family: '
        f'system-ui, sans-serif; max-width: 38rem; margin: 3rem auto; padding: 0 1rem">'
        f"<main><h1>{title}</h1><p>{text}</p></main></body></html>"
    ).encode()


def _waiting_page() -> bytes:
    return _page(
        "The book does not build yet",
        "make-book serve shows the pages as soon as the book builds. The problems are "
        "listed below and in the terminal; this page reloads when they are fixed.",
    )


def _not_found_page(path: str) -> bytes:
    from html import escape

    return _page("Not in this book", f"There is no page {escape(path)}. <a href='/'>Contents</a>")


def _print_problem_page(why: str) -> bytes:
    from html import escape

    return _page("The print edition is not ready", escape(why))
