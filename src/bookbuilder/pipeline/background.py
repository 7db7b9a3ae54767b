"""Print editions laid out and written in worker processes while this one works on.

Writing a PDF (merging a book laid out in parts, or WeasyPrint's writer) takes seconds on
one core that nothing else waits on, and the EPUB or the web edition takes as long again
on another: `Writers` writes each PDF in a worker of its own.

A build that lays out in parts also starts a `Helper` at once, before this process has
imported WeasyPrint: a worker that imports it (and pikepdf, and the merge) while this
process reads the book, on a core that would be idle. It lays out the first part the
layout cache lacks and then merges the PDF. After an edit, the cache has every part but
one, and this process never loads WeasyPrint: half a second less, on a path where
everything waits for the one before.

A cold build forks its `LayoutWorkers` at once too, one a core. Like the helper, each
imports WeasyPrint and prepares the first edition's fonts and styles (`Edition`, from
book.toml alone) while this process reads the book, which this process used to do
itself before forking. Forked from a process that holds neither WeasyPrint nor the
book, each worker holds only its own work: the 1000-page PDF's processes peaked at
631 MB in all (RSS summed), and now at about 500 MB.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ProcessPoolExecutor

from bookbuilder import processes
from bookbuilder.model import Book
from bookbuilder.pdf.part_job import Edition

_task: tuple | None = None  # in a forked writer: the layout and the book it writes


class Helper:
    """A worker forked now, warming up for a part's layout and a PDF's merge."""

    def __init__(self, edition: Edition) -> None:
        self.pool = processes.pool(
            1, mp_context=processes.FORK, initializer=_warm_up, initargs=(edition,)
        )
        self.pool.submit(int)  # the worker is forked at the first task
        self.layout: Future | None = None  # the part it lays out, or laid out last
        self.writing = False

    def lay_out_part(self, job) -> Future | None:
        """The part laid out, to come; None when the helper is busy."""
        if self.writing or (self.layout is not None and not self.layout.done()):
            return None
        from bookbuilder.pdf.part_runner import lay_out_part

        self.layout = self.pool.submit(lay_out_part, job)
        return self.layout

    def write(self, layout, book: Book) -> Future | None:
        """The PDF of `layout` (laid out in parts), to come; None if it writes one
        already (it keeps what it merged until it exits: see `_warm_up`)."""
        if self.writing:
            return None
        self.writing = True
        return self.pool.submit(_render_pdf, layout, book)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class LayoutWorkers:
    """One worker a core, forked now, for a cold build's layout in parts; the first
    layout takes them (`take`) and shuts them down when it is done with them."""

    def __init__(self, workers: int, edition: Edition) -> None:
        self._pool: ProcessPoolExecutor | None = processes.pool(
            workers, mp_context=processes.FORK, initializer=_prepare, initargs=(edition,)
        )
        self._pool.submit(int)  # the workers are forked at the first task

    def take(self) -> ProcessPoolExecutor | None:
        pool, self._pool = self._pool, None
        return pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


class Writers:
    """PDFs being written in the background; `close` ends the workers."""

    def __init__(self, helper: Helper | None = None) -> None:
        self.pools: list[ProcessPoolExecutor] = []
        self.helper = helper

    def write(self, layout, book: Book) -> Future:
        """The PDF of `layout`, to come (`.result()`: its bytes, or the error raised)."""
        if layout.document is None and self.helper is not None:  # parts pickle; a
            future = self.helper.write(layout, book)  # WeasyPrint document does not
            if future is not None:
                return future
        worker = processes.pool(
            1, mp_context=processes.FORK, initializer=_take, initargs=(layout, book)
        )
        self.pools.append(worker)
        return worker.submit(_write)

    def close(self) -> None:
        for worker in self.pools:
            worker.shutdown(cancel_futures=True)


def _prepare(edition: Edition) -> None:
    """WeasyPrint loaded, and `edition`'s fonts and styles prepared for its parts. What
    fails here fails again at the first part, which reports it: a pool whose worker
    failed to start would only say that it broke."""
    with contextlib.suppress(Exception):
        from bookbuilder.pdf.part_layout import prepare

        prepare(edition)


def _warm_up(edition: Edition) -> None:
    from bookbuilder.pdf.merge import retain_pdfs

    _prepare(edition)
    retain_pdfs()  # the helper exits after its one PDF


def _take(layout, book: Book) -> None:
    from bookbuilder.pdf.merge import retain_pdfs

    global _task
    _task = (layout, book)
    retain_pdfs()  # the worker exits after its one PDF


def _write() -> bytes:
    assert _task is not None
    return _render_pdf(*_task)


def _render_pdf(layout, book: Book) -> bytes:
    from bookbuilder.pdf.write import render_pdf

    return render_pdf(layout, book)
