"""One `make-book serve` session: build, serve, watch, rebuild, until stopped.

The caller hears of what happens through `Events` (the CLI prints them); nothing here
prints. Builds go into numbered folders of a temporary folder, and the server switches
to a new one only when its build succeeded, so a broken edit never replaces good pages.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import watchfiles

from bookbuilder.diagnostics import BookError, Diagnostic, Severity
from bookbuilder.html.chapter_cache import ChapterCache
from bookbuilder.output import write_folder
from bookbuilder.pipeline import build_site
from bookbuilder.serve.print_edition import PrintEdition
from bookbuilder.serve.server import PRINT, SCRIPT, PreviewServer
from bookbuilder.serve.state import SiteState
from bookbuilder.web.site import Preview

DEBOUNCE_MS = 80  # edits saved together (an editor writing several files) rebuild once
IGNORED_NAMES = {"output", "build", ".git", ".venv", "node_modules", "__pycache__"}


class Events(Protocol):
    def ready(self, url: str) -> None: ...
    def built(self, seconds: float, diagnostics: list[Diagnostic], changed: list[str]) -> None: ...


@dataclass
class Session:
    """A running preview of the book in `book_dir`."""

    book_dir: Path
    server: PreviewServer
    state: SiteState
    print_edition: PrintEdition
    work: Path
    stop_event: threading.Event

    @property
    def url(self) -> str:
        return self.server.url


def serve_book(
    book_dir: Path, events: Events, *, port: int = 0, stop: threading.Event | None = None
):
    """Serve the book until `stop` is set or Ctrl-C; then remove every file it made."""
    stop_event = stop or threading.Event()
    book_dir = book_dir.resolve()
    work = Path(tempfile.mkdtemp(prefix="make-book-serve-"))
    state = SiteState(book_dir)
    print_edition = PrintEdition(book_dir, work / "print")
    cache = ChapterCache(book_dir)
    server = None
    try:
        server = PreviewServer(port, state, print_edition)
        session = Session(book_dir, server, state, print_edition, work, stop_event)
        _rebuild(session, cache, events, [])
        server.start()
        print_edition.start()
        if state.folder is not None:
            print_edition.request()
        events.ready(server.url)
        for changes in watchfiles.watch(
            book_dir,
            watch_filter=_BookFilter(book_dir),
            debounce=DEBOUNCE_MS,
            step=20,
            stop_event=stop_event,
            rust_timeout=500,
            yield_on_timeout=False,
            raise_interrupt=True,  # Ctrl-C reaches the caller, which says "stopped"
        ):
            _rebuild(session, cache, events, _changed_files(book_dir, changes))
    finally:
        state.stop()
        print_edition.stop()
        if server is not None:
            server.shutdown()
            server.server_close()
        shutil.rmtree(work, ignore_errors=True)


def _rebuild(session: Session, cache: ChapterCache, events: Events, changed: list[str]) -> None:
    """Build the web edition; publish it when it succeeded, its problems either way."""
    state = session.state
    started = time.monotonic()
    generation = state.generation + 1
    preview = Preview(
        script=f"{SCRIPT}?generation={generation}",
        print_href=lambda slug: f"{PRINT}{slug}",
    )
    folder = None
    try:
        _, files, diagnostics = build_site(session.book_dir, preview=preview, cache=cache)
    except BookError as error:
        diagnostics = list(error.diagnostics)
    except Exception as error:  # a bug, or a library on strange input: said, and served on
        message = f"the web edition could not be made ({type(error).__name__}: {error})"
        diagnostics = [
            Diagnostic(
                session.book_dir / "book.toml", 1, 1, Severity.ERROR, "output-failed", message
            )
        ]
    else:
        folder = session.work / f"site-{generation}"
        write_folder(folder, files)
    previous = state.folder
    state.publish(folder, diagnostics)
    if folder is not None:
        session.print_edition.request()
        if previous is not None:
            _remove_later(previous)
    events.built(time.monotonic() - started, diagnostics, changed)


def _changed_files(book_dir: Path, changes: set[tuple[watchfiles.Change, str]]) -> list[str]:
    """The files a change touched, as the editor knows them: not the temporary files an
    editor or a tool made and removed while saving (those that are gone), unless a
    file was only removed."""
    paths = {Path(path) for _, path in changes}
    present = {path for path in paths if path.exists()} or paths
    return sorted(path.relative_to(book_dir).as_posix() for path in present)


def _remove_later(folder: Path) -> None:
    """An earlier build, removed once the pages being sent from it are sent."""
    timer = threading.Timer(10, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
    timer.daemon = True
    timer.start()


class _BookFilter(watchfiles.DefaultFilter):
    """Changes to the book's sources: not to outputs, caches, version control or the
    temporary files of editors and of builds."""

    def __init__(self, book_dir: Path):
        super().__init__(ignore_dirs=[*watchfiles.DefaultFilter.ignore_dirs, *IGNORED_NAMES])
        self.book_dir = book_dir

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        if (name.startswith(".") and name.endswith(".tmp")) or name == ".make-book-cache.json":
            return False
        with contextlib.suppress(ValueError):
            if Path(path).relative_to(self.book_dir).parts[:1] in (("output",), ("build",)):
                return False
        return super().__call__(change, path)
