"""How make-book talks: diagnostics and notices on stderr, output paths on stdout, a
progress display on a terminal, and the exit codes of the CLI contract."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console

from bookbuilder.codes import KINDS, kind_of
from bookbuilder.diagnostics import BookError, Diagnostic, display_path

EXIT_OK, EXIT_BOOK_ERROR, EXIT_USAGE = 0, 1, 2


class Reporter:
    """Where messages go: diagnostics and notices on stderr, output paths on stdout."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)

    def diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.say(diagnostic.format(), always=diagnostic.severity == "error")

    def say(self, line: str, always: bool = False) -> None:
        if always or not self.quiet:
            click.echo(line, err=True)

    def timings(self, events) -> None:
        """`make-book build --timings`: each (event, seconds), one a line, in time order."""
        self.say("Seconds since the build began:", always=True)
        for event, seconds in sorted(events, key=lambda pair: pair[1]):
            self.say(f"  {event:<24} {seconds:8.3f}", always=True)

    def output(self, path: Path) -> None:
        if not self.quiet:
            click.echo(display_path(path))

    @contextmanager
    def progress(self) -> Iterator[Callable[[str], None]]:
        """A spinner with the current step, on a terminal only."""
        if self.quiet or not self.console.is_terminal:
            yield lambda description: None
            return
        # Imported here: only a terminal shows it (a tenth of the start of a command).
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        ) as progress:
            task = progress.add_task("Starting", total=None)
            yield lambda description: progress.update(task, description=description)


@contextmanager
def exit_on_errors(reporter: Reporter) -> Iterator[None]:
    """Book errors become `path:line:col: …` lines and exit 1; never a traceback for them."""
    try:
        yield
    except BookError as error:
        reporter.diagnostics(error.diagnostics)
        count = len(error.errors)
        click.echo(
            f"make-book: {count} error{'s' if count != 1 else ''}; nothing was written", err=True
        )
        sys.exit(EXIT_BOOK_ERROR)
    except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
        raise
    except OSError as error:
        name = display_path(Path(error.filename)) if error.filename else "output"
        # Sources are read through the stages, which report what they cannot read; an
        # OSError that reaches here comes from writing.
        click.echo(
            f"{name}: cannot write: {error.strerror}; earlier outputs are unchanged", err=True
        )
        sys.exit(EXIT_BOOK_ERROR)
    except KeyboardInterrupt:
        click.echo("make-book: interrupted; earlier outputs are unchanged", err=True)
        sys.exit(130)
    except Exception as error:  # a bug in bookbuilder, not in the book
        if os.environ.get("MAKE_BOOK_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"make-book: internal error: {type(error).__name__}: {error}\n"
            "Earlier outputs are unchanged. Set MAKE_BOOK_DEBUG=1 to see the traceback, "
            "and please report it.",
            err=True,
        )
        sys.exit(EXIT_BOOK_ERROR)


SEVERITIES = ("error", "warning", "info")


def print_check_report(diagnostics: list[Diagnostic]) -> None:
    """Diagnostics grouped by kind under a heading each, then a summary table. The report
    is what `check` makes, so it goes to stdout (`make-book check > report.txt`)."""
    console = Console(highlight=False, soft_wrap=True)
    current = None
    for diagnostic in diagnostics:
        kind = kind_of(diagnostic.code)
        if kind != current:
            click.echo(f"{'' if current is None else chr(10)}== {kind}")
            current = kind
        click.echo(diagnostic.format())
    from rich.table import Table  # imported here: only the report of `check` has one

    table = Table(title="make-book check", title_justify="left")
    table.add_column("kind")
    for severity in SEVERITIES:
        table.add_column(f"{severity}s", justify="right")
    for kind in KINDS:
        counts = [
            sum(1 for d in diagnostics if kind_of(d.code) == kind and d.severity == s)
            for s in SEVERITIES
        ]
        table.add_row(kind, *map(str, counts))
    console.print()
    console.print(table)
