"""The print edition, kept current in the background while the editor writes: laid out
in a process of its own at low priority (so the web pages stay quick to rebuild), at
most once every MIN_INTERVAL seconds, and only for books that build."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MIN_INTERVAL = 5.0  # seconds between the starts of two layouts


@dataclass(frozen=True)
class PrintResult:
    pdf: Path | None  # None when the layout failed
    pages: dict[str, int] = field(default_factory=dict)  # a chapter's first page, from 0
    problem: str = ""  # why there is no PDF


class PrintEdition:
    """Lays out the print edition of `book_dir` into `folder` whenever `request()` is
    called, coalescing requests that come while a layout runs."""

    def __init__(self, book_dir: Path, folder: Path):
        self.book_dir = book_dir
        self.folder = folder
        self.latest: PrintResult | None = None
        self._wanted = threading.Event()
        self._idle = threading.Condition()
        self._running = False
        self._stopping = threading.Event()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._thread = threading.Thread(target=self._loop, name="print-edition", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self) -> None:
        """The book changed (and builds): lay it out again, soon."""
        with self._idle:
            self._running = True  # a request counts as running until it is served
        self._wanted.set()

    def wait(self, timeout: float) -> PrintResult | None:
        """The print edition of the book as it is now, once its layout has finished."""
        with self._idle:
            self._idle.wait_for(lambda: not self._running or self._stopping.is_set(), timeout)
            return self.latest

    def stop(self) -> None:
        """End the layout under way, if any, and the thread."""
        self._stopping.set()
        self._wanted.set()
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
        if self._thread.ident is not None:  # started
            self._thread.join(timeout=10)
        with self._idle:
            self._idle.notify_all()

    def _loop(self) -> None:
        last_start = -MIN_INTERVAL
        while True:
            self._wanted.wait()
            if self._stopping.wait(max(0.0, last_start + MIN_INTERVAL - time.monotonic())):
                return
            self._wanted.clear()
            last_start = time.monotonic()
            result = self._lay_out()
            with self._idle:
                if result is not None:
                    self.latest = result
                self._running = self._wanted.is_set()  # another edit came meanwhile
                self._idle.notify_all()
            if self._stopping.is_set():
                return

    def _lay_out(self) -> PrintResult | None:
        """One layout in a fresh process ("spawn": this one runs threads, which a fork
        would copy half-way through their work)."""
        context = multiprocessing.get_context("spawn")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_build_print_edition, args=(str(self.book_dir), str(self.folder), sending)
        )
        self._process = process
        process.start()
        sending.close()
        try:
            message = receiving.recv()
        except EOFError:  # the process ended without a word: stopped, or killed
            message = None
        process.join()
        self._process = None
        if message is None:
            return None if self._stopping.is_set() else PrintResult(None, {}, "the layout stopped")
        pdf, pages, problem = message
        return PrintResult(Path(pdf) if pdf else None, pages, problem)


def _build_print_edition(book_dir: str, folder: str, sending) -> None:
    """In the layout's process: build the PDF, find each chapter's first page."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for make-book serve to handle
    os.nice(5)
    from pypdf import PdfReader

    from bookbuilder.diagnostics import BookError
    from bookbuilder.model import chapter_anchor
    from bookbuilder.pipeline import build_book

    try:
        result = build_book(book_dir, formats=["pdf"], out_dir=folder)
        pdf = result.outputs[0]
        reader = PdfReader(pdf)
        destinations = reader.named_destinations
        pages = {}
        for name, destination in destinations.items():
            # a chapter's anchor is the one whose title has an anchor of its own
            if name.startswith(chapter_anchor("")) and f"{name}-title" in destinations:
                slug = name[len(chapter_anchor("")) :]
                pages[slug] = reader.get_destination_page_number(destination)
        sending.send((str(pdf), pages, ""))
    except BookError as error:
        sending.send((None, {}, f"the book has {len(error.errors)} errors"))
    except Exception as error:  # WeasyPrint on input it chokes on: said, not raised
        sending.send((None, {}, f"the PDF could not be made ({type(error).__name__}: {error})"))
    finally:
        sending.close()
