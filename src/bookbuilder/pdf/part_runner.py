"""Parts laid out: from the layout cache, or in worker processes (a helper's first, if
one was started early), each part handed out as `pdf/part_order.py` says."""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Protocol

from bookbuilder import processes
from bookbuilder.model import Book
from bookbuilder.pdf.numbering import Guesses, placeholders
from bookbuilder.pdf.part_cache import PartCache, font_store
from bookbuilder.pdf.part_job import PartJob, PartResult
from bookbuilder.pdf.part_order import layout_cost, next_part
from bookbuilder.pdf.parts import Part, part_css, part_document


def lay_out_part(job: PartJob) -> PartResult:
    """`part_layout.lay_out_part`, imported where it runs: in a worker, which has
    WeasyPrint loaded, so that this process need not load it when the cache has the rest."""
    from bookbuilder.pdf.part_layout import lay_out_part as lay_out

    return lay_out(job)


def _prepare(job: PartJob) -> None:
    from bookbuilder.pdf.part_layout import prepare

    prepare(job.edition)  # the fonts and parsed styles, inherited by the workers forked next


class Helper(Protocol):
    def lay_out_part(self, job: PartJob) -> Future | None:
        """The part laid out by a worker started (and warmed up) before this process
        needed it; None when it is busy."""


class PartRunner:
    """Lays parts out: from the cache, or in worker processes (first in `helper`'s, if
    given and free; then in `pool`'s, forked early, or else in workers forked when a
    part is first missing). `close` ends the workers."""

    def __init__(
        self,
        book: Book,
        head,
        styles,
        title,
        cache: PartCache,
        jobs: int | None,
        helper: Helper | None = None,
        pool: ProcessPoolExecutor | None = None,
    ):
        self.book = book
        self.head = head
        self.styles = styles
        self.title = title
        self.cache = cache
        self.jobs = jobs
        self.helper = helper
        self.pool = pool

    def run(self, wanted) -> list[PartResult]:
        """`wanted`: (part, the numbers it prints)."""
        jobs = [self._job(part, numbers) for part, numbers in wanted]
        results: list[PartResult | None] = [self.cache.get(job) for job in jobs]
        missing = [i for i, found in enumerate(results) if found is None]
        for index, result in zip(missing, self._lay_out([jobs[i] for i in missing]), strict=True):
            results[index] = result
            self._keep(jobs[index], result)
        return results  # type: ignore[return-value]

    def run_parts(self, chapters: list[Part], guesses: Guesses) -> dict[str, tuple]:
        """Every part laid out, in order, each with placeholders as wide as `guesses`
        says when it starts: a part that comes back makes the guesses for the next ones
        exact (so that few need laying out again). Returns, by part name, the
        placeholders shown and the result."""
        done: dict[str, tuple[dict[str, str], PartResult]] = {}
        waiting = list(chapters)
        costs = {part.name: layout_cost(part) for part in chapters}
        workers = self._workers(len(chapters))
        running: dict = {}
        at_once = max(workers, 1) + (self.helper is not None)
        while waiting or running:
            while waiting and len(running) < at_once:
                index = next_part(waiting, costs, guesses, at_once, busy=bool(running))
                if index is None:
                    break
                part = waiting.pop(index)
                shown = placeholders(part.numbers_of, guesses.digits(part.numbers_of))
                job = self._job(part, shown)
                found = self.cache.get(job)
                if found is not None:
                    done[part.name] = (shown, found)
                    guesses.learn(part.name, found.anchors)
                    continue
                future = self._submit(job, workers)
                if future is None:
                    running[None] = (part, shown, job, lay_out_part(job))
                    continue
                running[future] = (part, shown, job, None)
            finished = [f for f in running if f is None or f.done()]
            if not finished and running:
                finished = list(wait(running, return_when=FIRST_COMPLETED).done)
            for future in finished:
                part, shown, job, result = running.pop(future)
                result = result if future is None else future.result()
                self._keep(job, result)
                done[part.name] = (shown, result)
                guesses.learn(part.name, result.anchors)
        return done

    def _keep(self, job: PartJob, result: PartResult) -> None:
        self.cache.put(job, result)
        self.cache.laid_out.append(job.name)

    def _job(self, part: Part, numbers: dict[str, str]) -> PartJob:
        return PartJob(
            name=part.name,
            html=part_document(self.head, part, numbers),
            root=self.book.config.root,
            styles=self.styles,
            extra_css=part_css(part, book_title=self.title),
            font_files=self.book.config.font_files,
            font_store=font_store(),
        )

    def _lay_out(self, jobs: list[PartJob]) -> list[PartResult]:
        workers = self._workers(len(jobs))
        order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))  # longest first
        futures = {i: self._submit(jobs[i], workers) for i in order}
        return [
            lay_out_part(job) if (future := futures[i]) is None else future.result()
            for i, job in enumerate(jobs)
        ]

    def _submit(self, job: PartJob, workers: int) -> Future | None:
        """`job` handed to the helper if it is free, or else to the workers; None when
        there are none and it is the only part: it is then laid out in this process."""
        future = self.helper.lay_out_part(job) if self.helper else None
        if future is None and (self.pool is not None or workers >= 2):
            future = self._pool(workers, job).submit(lay_out_part, job)
        return future

    def _workers(self, parts: int) -> int:
        """How many workers lay out `parts` parts: one a core (or `jobs`), as many as
        the pool forked early has."""
        return min(self.jobs or processes.cores(), parts)

    def _pool(self, workers: int, job: PartJob) -> ProcessPoolExecutor:
        """The workers forked already, or `workers` forked now from this process,
        prepared for `job`'s edition (they inherit its fonts and parsed styles)."""
        if self.pool is None:
            _prepare(job)
            self.pool = processes.pool(workers, mp_context=processes.FORK)
        return self.pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
