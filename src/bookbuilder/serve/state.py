"""What the preview serves, shared between the rebuilding thread and the server's: the
folder of the last good build, the diagnostics of the last build, and a generation
number that open pages compare to know when to reload."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from bookbuilder.diagnostics import Diagnostic, Severity


@dataclass
class SiteState:
    book_dir: Path
    folder: Path | None = None  # the last good build; None until one succeeds
    generation: int = 0  # counts builds, good or bad
    problems: list[Diagnostic] = field(default_factory=list)  # of the last build
    stopped: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, folder: Path | None, problems: list[Diagnostic]) -> int:
        """A build finished: `folder` holds it when it succeeded (None: keep the last
        good one). Wakes every page waiting for news; returns the new generation."""
        with self.changed:
            self.generation += 1
            if folder is not None:
                self.folder = folder
            self.problems = list(problems)
            self.changed.notify_all()
            return self.generation

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()

    def wait_for_news(self, seen: int, timeout: float) -> bool:
        """Wait until a build after generation `seen` finished, or the preview stops;
        False after `timeout` seconds of neither."""
        with self.changed:
            return self.changed.wait_for(
                lambda: self.generation != seen or self.stopped, timeout=timeout
            )

    def snapshot(self) -> dict:
        """The state as the live script reads it."""
        with self.changed:
            problems = [
                d.as_dict(self.book_dir) | {"text": d.format(self.book_dir)}
                for d in self.problems
                if d.severity != Severity.INFO
            ]
            return {
                "generation": self.generation,
                "failed": any(d.severity == Severity.ERROR for d in self.problems),
                "served": self.folder is not None,  # a build has worked: its pages are shown
                "problems": problems,
            }
