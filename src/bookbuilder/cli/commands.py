"""The `make-book` commands that build and check: build, check, handout."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from bookbuilder import __version__
from bookbuilder.codes import kind_of, registry_lines
from bookbuilder.console import (
    EXIT_BOOK_ERROR,
    EXIT_OK,
    Reporter,
    exit_on_errors,
    print_check_report,
)
from bookbuilder.diagnostics import Severity
from bookbuilder.model import FORMATS
from bookbuilder.pipeline import UnknownChapter, build_book, build_handouts, check_book

EXAMPLES = """\b
Examples:
  make-book                         build every format book.toml names, into ./output
  make-book build guide/ -f epub    build only the EPUB of the book in guide/
  make-book build -o /tmp/out       write the outputs to /tmp/out
  make-book build -f pdf --print-ready   a PDF with bleed and crop marks for a print shop
  make-book new my-guide            start a new book in the folder my-guide
  make-book serve my-guide --open   preview it in the browser while you write
"""


class _BuildByDefault(click.Group):
    """`make-book [BOOK_DIR] [build options]` means `make-book build …`: anything that is
    not a command (or --help, --version) goes to `build`."""

    def parse_args(self, context: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in _GROUP_OPTIONS):
            args = ["build", *args]
        return super().parse_args(context, args)


_GROUP_OPTIONS = ("-h", "--help", "-V", "--version")


@click.group(
    cls=_BuildByDefault,
    epilog=EXAMPLES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="make-book")
def cli() -> None:
    """Build a book of Markdown articles into an accessible EPUB 3 and a print PDF.

    Run alone in a book folder (one with a book.toml) to build every format it names;
    `make-book [BOOK_DIR] [options]` takes every option of `make-book build`.
    """


@cli.command(epilog=EXAMPLES)
@click.argument(
    "book_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs (default: [output] dir of book.toml, or output/).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Format to build; repeat for several (default: [output] formats).",
)
@click.option(
    "--print-ready",
    is_flag=True,
    default=None,
    help="PDF with 3 mm bleed and crop marks for a print shop ([pdf] print_ready).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild everything, even when nothing has changed (the caches are refreshed, not read).",
)
@click.option(
    "--no-parallel-layout",
    "parallel_layout",
    flag_value=False,
    default=True,
    help="Lay the print edition out in one pass, not chapter by chapter on every core "
    "(slower; for comparison and debugging).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option(
    "--timings",
    is_flag=True,
    help="Then print when each stage ended (reading, layout, each format), in seconds.",
)
def build(
    book_dir: Path = Path("."),
    output_dir: Path | None = None,
    formats: tuple[str, ...] = (),
    print_ready: bool | None = None,
    force: bool = False,
    parallel_layout: bool = True,
    quiet: bool = False,
    timings: bool = False,
) -> None:
    """Build the book in BOOK_DIR (default: the current folder)."""
    reporter = Reporter(quiet)
    with exit_on_errors(reporter), reporter.progress() as step:
        result = build_book(
            book_dir,
            formats=formats or None,
            out_dir=output_dir,
            force=force,
            print_ready=print_ready,
            parallel_layout=parallel_layout,
            on_step=step,
        )
    reporter.diagnostics(list(result.diagnostics))
    for path in result.outputs:
        reporter.output(path)
    if timings:
        reporter.timings(result.timings)


@cli.command(
    epilog="""\b
Examples:
  make-book check                   every source check on the book in this folder
  make-book check --json            the same, as JSON on stdout
  make-book check --outputs         also EPUBCheck, DAISY Ace and the PDFs in output/
  make-book check --as-of 2027-01-01   what will be due for review by then
  make-book check --list-codes      every diagnostic code, its kind and meaning
"""
)
@click.argument(
    "book_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="Print the diagnostics as JSON.")
@click.option("--strict", is_flag=True, help="Warnings count as errors.")
@click.option("--outputs", is_flag=True, help="Also validate the built EPUB and PDFs.")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the outputs are, with --outputs (default: [output] dir).",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge review dates as on this day, YYYY-MM-DD (default: today).",
)
@click.option(
    "--list-codes", is_flag=True, help="List every diagnostic code, its kind and meaning."
)
def check(
    book_dir: Path,
    as_json: bool,
    strict: bool,
    outputs: bool,
    output_dir: Path | None,
    as_of: datetime | None,
    list_codes: bool,
) -> None:
    """Check a book as a medical editor would: schema, review dates, glossary, links,
    images, reading level; with --outputs, the built files too."""
    if list_codes:
        click.echo("\n".join(registry_lines()))
        return
    with exit_on_errors(Reporter(quiet=False)):
        diagnostics = check_book(
            book_dir, outputs=outputs, out_dir=output_dir, as_of=as_of.date() if as_of else None
        )
    if as_json:
        click.echo(
            json.dumps(
                [d.as_dict() | {"kind": kind_of(d.code)} for d in diagnostics],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print_check_report(diagnostics)
    failing = [
        d
        for d in diagnostics
        if d.severity == Severity.ERROR or (strict and d.severity == Severity.WARNING)
    ]
    sys.exit(EXIT_BOOK_ERROR if failing else EXIT_OK)


@cli.command(
    epilog="""\b
Examples:
  make-book handout gene-therapy-for-back-pain
  make-book handout guide/ --all --large-print --clinic "Riverside Surgery\\nPhone: 0113 000 0000"
"""
)
@click.argument("arguments", nargs=-1, metavar="[BOOK_DIR] (SLUG | --all)")
@click.option(
    "--all", "all_chapters", is_flag=True, help="A handout of every chapter, in parallel."
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for handouts/ (default: [output] dir of book.toml, or output/).",
)
@click.option("--large-print", is_flag=True, help="18 pt Atkinson Hyperlegible (RNIB Clear Print).")
@click.option(
    "--clinic",
    metavar="TEXT",
    help="Clinic block for the first page, lines separated by \\n (default: [clinic]).",
)
@click.option("--paper", type=click.Choice(("A4", "Letter")), help="Paper size (default: A4).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes (default: all cores).")
@click.option("--strict", is_flag=True, help="Print no handout of a chapter overdue for review.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def handout(
    arguments: tuple[str, ...],
    all_chapters: bool,
    output_dir: Path | None,
    large_print: bool,
    clinic: str | None,
    paper: str | None,
    jobs: int | None,
    strict: bool,
    quiet: bool,
) -> None:
    """Single-chapter handouts for clinics to print, in OUT_DIR/handouts/."""
    book_dir, slug = _handout_arguments(arguments, all_chapters)
    reporter = Reporter(quiet)
    with exit_on_errors(reporter), reporter.progress() as step:
        try:
            result = build_handouts(
                book_dir,
                None if all_chapters else [slug],
                out_dir=output_dir,
                large_print=large_print,
                clinic=clinic_lines(clinic) if clinic is not None else None,
                paper=paper,
                jobs=jobs,
                strict=strict,
                on_step=step,
            )
        except UnknownChapter as problem:
            raise click.UsageError(str(problem)) from None
    reporter.diagnostics(list(result.diagnostics))
    for path in result.outputs:
        reporter.output(path)


def clinic_lines(text: str) -> tuple[str, ...]:
    """--clinic TEXT as lines: a typed '\\n' separates them, as a real line end does."""
    return tuple(line.strip() for line in text.replace("\\n", "\n").splitlines() if line.strip())


def _handout_arguments(arguments: tuple[str, ...], all_chapters: bool) -> tuple[Path, str | None]:
    """[BOOK_DIR] (SLUG | --all): one argument is the book with --all, else the slug."""
    if all_chapters and len(arguments) <= 1:
        book_dir, slug = (arguments[0] if arguments else "."), None
    elif not all_chapters and len(arguments) in (1, 2):
        book_dir, slug = (arguments[0] if len(arguments) == 2 else "."), arguments[-1]
    else:
        raise click.UsageError("give a chapter SLUG or --all (and optionally BOOK_DIR first)")
    path = Path(book_dir)
    if not path.is_dir():
        raise click.UsageError(f"'{book_dir}' is not a folder")
    return path, slug
