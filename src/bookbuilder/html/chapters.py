"""Every chapter rendered: unchanged ones from the chapter cache, the rest afresh, spread
over the machine's cores when there are enough of them to repay starting processes.

Rendering a chapter (Python-Markdown, then one lxml pass) depends only on that chapter
and the glossary, so chapters can be rendered in any order and in any process; the
result, diagnostics included, is the same as rendering them one after another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookbuilder import processes
from bookbuilder.diagnostics import Diagnostic, Report
from bookbuilder.html.chapter import ENGLISH, ChapterRenderer, Labels
from bookbuilder.html.chapter_cache import ChapterCache
from bookbuilder.model import Bibliography, Chapter, ChapterSource, GlossaryTerm

# Below this many chapters to render, starting processes costs more than it saves
# (measured: 25 chapters take 0.20 s alone and 0.14 s on two cores).
PARALLEL_FROM = 16
Rendered = tuple[Chapter, list[Diagnostic]]


def render_chapters(
    root: Path,
    glossary: tuple[GlossaryTerm, ...],
    sources: list[ChapterSource],
    report: Report,
    cache: ChapterCache | None = None,
    labels: Labels = ENGLISH,
    bibliography: Bibliography | None = None,
) -> tuple[Chapter, ...]:
    """The chapters in book order, with `labels` in the book's language and citations
    formatted from `bibliography`; their diagnostics go to `report` in the same order."""
    numbered = list(enumerate(sources, start=1))
    done: dict[int, Rendered] = {}
    if cache is not None:
        for number, source in numbered:
            if (found := cache.get(source, number, glossary, labels, bibliography)) is not None:
                done[number] = found
    missing = [(number, source) for number, source in numbered if number not in done]
    context = _Context(root, glossary, labels, bibliography, cache)
    for (number, _), result in zip(missing, _render(context, missing), strict=True):
        done[number] = result
    for number, _ in numbered:
        report.diagnostics.extend(done[number][1])
    return tuple(done[number][0] for number, _ in numbered)


@dataclass(frozen=True)
class _Context:
    """What rendering a chapter reads besides the chapter, and the cache it goes to."""

    root: Path
    glossary: tuple[GlossaryTerm, ...]
    labels: Labels
    bibliography: Bibliography | None
    cache: ChapterCache | None

    def renderer(self) -> ChapterRenderer:
        return ChapterRenderer(self.root, self.glossary, Report(), self.labels, self.bibliography)

    def keep(self, chapter: tuple[int, ChapterSource], rendered: Rendered) -> Rendered:
        """`rendered`, kept in the cache first (by the process that rendered it: on every
        core, the entries are encoded and written in parallel too)."""
        if self.cache is not None:
            number, source = chapter
            self.cache.put(source, number, self.glossary, self.labels, self.bibliography, *rendered)
        return rendered


def _render(context: _Context, chapters: list[tuple[int, ChapterSource]]) -> list[Rendered]:
    workers = min(processes.cores(), len(chapters) // (PARALLEL_FROM // 2))
    if len(chapters) < PARALLEL_FROM or workers < 2:
        renderer = context.renderer()
        return [context.keep(chapter, _render_with(renderer, chapter)) for chapter in chapters]
    chunk = max(1, len(chapters) // (workers * 8))
    # Made before the workers fork, so that they inherit Python-Markdown's extensions
    # imported and compiled (50 ms in each otherwise); this process needs them next.
    context.renderer()
    with processes.pool(workers, initializer=_start_worker, initargs=(context,)) as pool:
        return list(pool.map(_render_in_worker, chapters, chunksize=chunk))


def _render_with(renderer: ChapterRenderer, chapter: tuple[int, ChapterSource]) -> Rendered:
    """The chapter and its diagnostics. Whatever a library raises on strange input comes
    back as an error naming the chapter (an exception from a worker process would reach
    the user as an unpicklable internal error), and the other chapters still render."""
    number, source = chapter
    report = renderer.report
    before = len(report.diagnostics)
    try:
        rendered = renderer.render(source, number)
    except Exception as error:  # Python-Markdown, lxml, Pillow: any of them, on any input
        del report.diagnostics[before:]
        report.error(
            "chapter-failed",
            source.path,
            source.body_line,
            f"this chapter could not be rendered ({type(error).__name__}: {error}); "
            "please report it, with the chapter",
        )
        rendered = Chapter(source, number, "", (), (), (), ())
    found = report.diagnostics[before:]
    del report.diagnostics[before:]
    return rendered, found


_worker: tuple[_Context, ChapterRenderer] | None = None  # a worker's own, for its chapters


def _start_worker(context: _Context) -> None:
    global _worker
    _worker = (context, context.renderer())


def _render_in_worker(chapter: tuple[int, ChapterSource]) -> Rendered:
    context, renderer = _worker
    return context.keep(chapter, _render_with(renderer, chapter))
