"""`make-book check`: run every check and present the result, grouped by kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from bookbuilder.assemble import load_book
from bookbuilder.check import KINDS, check_book, kind_of
from bookbuilder.diagnostics import BookError, Diagnostic, Report
from bookbuilder.validate import check_outputs

KIND_ORDER = [*KINDS, "other"]
SEVERITIES = ("error", "warning", "info")


def run_checks(
    book_dir: Path, *, outputs: bool, output_dir: Path | None, as_of: date | None = None
) -> tuple[list[Diagnostic], bool]:
    """Every diagnostic, in report order, and whether the book loaded (if it did not, only
    the loading checks ran)."""
    report = Report()
    try:
        book, found = load_book(book_dir)
    except BookError as error:
        report.diagnostics.extend(error.diagnostics)
        loaded = False
    else:
        loaded = True
        report.diagnostics.extend(found)
        check_book(book, report, as_of)
        if outputs:
            check_outputs(book, output_dir or book.config.output_dir, report)
    return sorted(report.diagnostics, key=_report_order), loaded


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
