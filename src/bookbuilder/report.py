"""`make-book check`: run every check and present the result, grouped by kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from bookbuilder.check import KINDS, kind_of, load_and_check
from bookbuilder.diagnostics import Diagnostic, Report
from bookbuilder.validate import check_outputs

KIND_ORDER = [*KINDS, "other"]
SEVERITIES = ("error", "warning", "info")


def run_checks(
    book_dir: Path, *, outputs: bool, output_dir: Path | None, as_of: date | None = None
) -> tuple[list[Diagnostic], bool]:
    """Every diagnostic, in report order, and whether the book loaded (if it did not, only
    the loading checks ran)."""
    book, diagnostics = load_and_check(book_dir, on=as_of)
    report = Report(diagnostics)
    if book is not None and outputs:
        check_outputs(book, output_dir or book.config.output_dir, report)
    return sorted(report.diagnostics, key=_report_order), book is not None


def _report_order(diagnostic: Diagnostic) -> tuple:
    kind = kind_of(diagnostic.code)
    rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return (rank, str(diagnostic.path), diagnostic.line, diagnostic.col, diagnostic.code)


def print_check_report(diagnostics: list[Diagnostic], loaded: bool) -> None:
    """Diagnostics grouped by kind under a heading each, then a summary table; stderr."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    current = None
    for diagnostic in diagnostics:
        kind = kind_of(diagnostic.code)
        if kind != current:
            click.echo(f"{'' if current is None else chr(10)}== {kind}", err=True)
            current = kind
        click.echo(diagnostic.format(), err=True)
    table = Table(title="make-book check", title_justify="left")
    table.add_column("kind")
    for severity in SEVERITIES:
        table.add_column(f"{severity}s", justify="right")
    for kind in KIND_ORDER:
        counts = [
            sum(1 for d in diagnostics if kind_of(d.code) == kind and d.severity == s)
            for s in SEVERITIES
        ]
        if any(counts) or kind != "other":
            table.add_row(kind, *map(str, counts))
    console.print()
    console.print(table)
    if not loaded:
        console.print(
            "The book did not load, so the date, glossary and reading checks did "
            "not run: fix the errors above first."
        )
