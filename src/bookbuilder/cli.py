"""The `make-book` command: arguments, progress display, diagnostics and exit codes."""

from __future__ import annotations

import contextlib
import json
import sys
import tomllib
from datetime import datetime
from pathlib import Path

import click

from bookbuilder import __version__
from bookbuilder.build import build_formats, layout_warnings
from bookbuilder.cache import cached_result, remember
from bookbuilder.check import kind_of, load_and_check
from bookbuilder.console import EXIT_BOOK_ERROR, EXIT_OK, Reporter, exit_on_errors
from bookbuilder.diagnostics import BookError, Severity
from bookbuilder.model import FORMATS, Book
from bookbuilder.output import write_atomic
from bookbuilder.render_cache import RenderCache

EXAMPLES = """\b
Examples:
  make-book                         build every format book.toml names, into ./build
  make-book build guide/ -f epub    build only the EPUB of the book in guide/
  make-book build -o /tmp/out       write the outputs to /tmp/out
  make-book build -f pdf --print-ready   a PDF with bleed and crop marks for a print shop
"""


@click.group(
    invoke_without_command=True,
    epilog=EXAMPLES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="make-book")
@click.pass_context
def cli(context: click.Context) -> None:
    """Build a book of Markdown articles into an accessible EPUB 3 and a print PDF.

    Run alone in a book folder (one with a book.toml) to build every format it names.
    """
    if context.invoked_subcommand is None:
        context.invoke(build)


@cli.command(epilog=EXAMPLES)
@click.argument(
    "book_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs (default: [output] dir of book.toml, or build/).",
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
    help="Rebuild everything, even when nothing has changed (no cached chapters).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(
    book_dir: Path = Path("."),
    output_dir: Path | None = None,
    formats: tuple[str, ...] = (),
    print_ready: bool | None = None,
    force: bool = False,
    quiet: bool = False,
) -> None:
    """Build the book in BOOK_DIR (default: the current folder)."""
    reporter = Reporter(quiet)
    options = {"formats": list(formats), "print_ready": print_ready}
    out_dir = output_dir or configured_output_dir(book_dir)
    record = None
    if not force and out_dir is not None:
        with contextlib.suppress(OSError):  # an unreadable cache means: build
            record = cached_result(book_dir.resolve(), out_dir, options)
    if record is not None:  # nothing changed since the last build: its outputs stand
        for line in record["messages"]:
            reporter.say(line)
        for name in record["outputs"]:
            reporter.output(out_dir / name)
        return
    with exit_on_errors(reporter), reporter.progress() as step:
        step("Reading and checking sources")
        book = checked_book(book_dir, reporter, cache=None if force else RenderCache(book_dir))
        out_dir = output_dir or book.config.output_dir
        with layout_warnings() as layout_messages:
            written = build_formats(
                book,
                tuple(dict.fromkeys(formats or book.config.formats)),
                out_dir,
                print_ready=book.config.print_ready if print_ready is None else print_ready,
                step=step,
            )
        for message in layout_messages:
            reporter.notice(f"warning: print layout: {message}")
        for path in written:
            reporter.output(path)
        remember(book, out_dir, options, written, reporter.said)


def configured_output_dir(book_dir: Path) -> Path | None:
    """[output] dir of book.toml, read quickly for the no-op check; None if unreadable."""
    try:
        data = tomllib.loads((book_dir / "book.toml").read_text("utf-8"))
        return book_dir / str(data.get("output", {}).get("dir", "build"))
    except (OSError, ValueError, AttributeError):
        return None


def checked_book(book_dir: Path, reporter: Reporter, cache: RenderCache | None = None) -> Book:
    """The book, after the source checks: their warnings printed, their errors fatal."""
    book, diagnostics = load_and_check(book_dir, cache=cache)
    said = [d for d in diagnostics if d.severity != Severity.INFO]
    if book is None or any(d.severity == Severity.ERROR for d in said):
        raise BookError(said)
    reporter.diagnostics(said)
    return book


@cli.command(
    epilog="""\b
Examples:
  make-book check                   every source check on the book in this folder
  make-book check --json            the same, as JSON on stdout
  make-book check --outputs         also EPUBCheck, DAISY Ace and the PDFs in build/
  make-book check --as-of 2027-01-01   what will be due for review by then
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
def check(
    book_dir: Path,
    as_json: bool,
    strict: bool,
    outputs: bool,
    output_dir: Path | None,
    as_of: datetime | None,
) -> None:
    """Check a book as a medical editor would: schema, review dates, glossary, links,
    images, reading level; with --outputs, the built files too."""
    from bookbuilder.report import print_check_report, run_checks

    diagnostics, loaded = run_checks(
        book_dir, outputs=outputs, output_dir=output_dir, as_of=as_of.date() if as_of else None
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
        print_check_report(diagnostics, loaded)
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
    help="Folder for handouts/ (default: [output] dir of book.toml, or build/).",
)
@click.option("--large-print", is_flag=True, help="18 pt Atkinson Hyperlegible (RNIB Clear Print).")
@click.option(
    "--clinic",
    metavar="TEXT",
    help="Clinic block for the first page, lines separated by \\n (default: [clinic]).",
)
@click.option("--paper", type=click.Choice(("A4", "Letter")), help="Paper size (default: A4).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes (default: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def handout(
    arguments: tuple[str, ...],
    all_chapters: bool,
    output_dir: Path | None,
    large_print: bool,
    clinic: str | None,
    paper: str | None,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Single-chapter handouts for clinics to print, in OUT_DIR/handouts/."""
    from bookbuilder.handouts import (
        HandoutOptions,
        clinic_lines,
        handout_file_name,
        print_date,
        render_handouts,
    )

    book_dir, slug = _handout_arguments(arguments, all_chapters)
    reporter = Reporter(quiet)
    with exit_on_errors(reporter), reporter.progress() as step:
        step("Reading and checking sources")
        book = checked_book(book_dir, reporter, cache=RenderCache(book_dir))
        slugs = [chapter.slug for chapter in book.chapters]
        if slug is not None and slug not in slugs:
            raise click.UsageError(
                f"the book has no chapter '{slug}'; its chapters are: " + ", ".join(slugs)
            )
        options = HandoutOptions(
            paper=paper or ("Letter" if book.config.page_size == "Letter" else "A4"),
            clinic=clinic_lines(clinic) if clinic is not None else book.config.clinic,
            printed_on=print_date(),
            large_print=large_print,
        )
        step("Laying out handouts")
        wanted = slugs if all_chapters else [slug]
        folder = (output_dir or book.config.output_dir) / "handouts"
        for name, data in render_handouts(book, wanted, options, jobs).items():
            path = folder / handout_file_name(name, large_print)
            write_atomic(path, data)
            reporter.output(path)


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


def main() -> None:
    cli(prog_name="make-book")
