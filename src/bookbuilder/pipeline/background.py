"""A print edition written in a worker process while this one renders the other formats.

Writing a PDF (merging a book laid out in parts, or WeasyPrint's writer) takes seconds on
one core that nothing else waits on, and the EPUB or the web edition takes as long again
on another. The worker is forked, so it has the layout and the book without copying
them; only the PDF's bytes come back.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from bookbuilder import processes
from bookbuilder.model import Book

_FORK = multiprocessing.get_context("fork")
_task: tuple | None = None  # in a worker: the layout and the book it writes


class Writers:
    """PDFs being written in the background; `close` ends the workers."""

    def __init__(self) -> None:
        self.pools: list[ProcessPoolExecutor] = []

    def write(self, layout, book: Book) -> Future:
        """The PDF of `layout`, to come (`.result()`: its bytes, or the error raised)."""
        worker = processes.pool(1, mp_context=_FORK, initializer=_take, initargs=(layout, book))
        self.pools.append(worker)
        return worker.submit(_write)

    def close(self) -> None:
        for worker in self.pools:
            worker.shutdown(cancel_futures=True)


def _take(layout, book: Book) -> None:
    from bookbuilder.pdf.merge import retain_pdfs

    global _task
    _task = (layout, book)
    retain_pdfs()  # the worker exits after its one PDF


def _write() -> bytes:
    from bookbuilder.pdf.write import render_pdf

    assert _task is not None
    return render_pdf(*_task)
