"""Worker processes that end with the build that started them.

A build killed at any moment (SIGKILL included) must leave nothing running. The workers
of a process pool wait on a pipe that their forked siblings keep open, so they would
wait for ever: each worker therefore watches its parent and leaves when it is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

POLL_SECONDS = 0.5
# Forked workers start at once and share what this process prepared; where there is no
# fork (macOS by default, Windows) this is None: pools spawn, and what runs in the
# background here runs in this process instead.
FORK = (
    multiprocessing.get_context("fork")
    if "fork" in multiprocessing.get_all_start_methods()
    else None
)


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pool(workers: int, *, mp_context=None, initializer=None, initargs=()) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process does."""
    return ProcessPoolExecutor(
        workers,
        mp_context=mp_context,
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


def _start_worker(parent: int, initializer, initargs) -> None:
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)  # the build is gone: nothing to hand the work to
