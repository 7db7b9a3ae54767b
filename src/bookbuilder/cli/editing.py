"""The editor's loop: `make-book new` starts a book, `make-book serve` previews it live."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click
from babel import Locale, UnknownLocaleError

from bookbuilder.cli.commands import cli
from bookbuilder.console import EXIT_BOOK_ERROR, Reporter, exit_on_errors
from bookbuilder.diagnostics import BookError, Diagnostic, Severity
from bookbuilder.i18n import catalog_locale, language_name


@cli.command(
    epilog="""\b
Examples:
  make-book new my-guide
  make-book new leaflets --title "Living with back pain" --language de-DE --author "Dr A. Name"
"""
)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The book's title (default: made from the folder's name).")
@click.option(
    "--language",
    default="en-GB",
    show_default=True,
    help="The book's language, a BCP 47 tag; the sample text is in it where bookbuilder has one.",
)
@click.option(
    "--author",
    default="bookbuilder",
    show_default=True,
    help="The sample chapter's author and the book's publisher (change both later).",
)
def new(folder: Path, title: str | None, language: str, author: str) -> None:
    """Start a new book in FOLDER (new, or empty): book.toml, a sample chapter, a
    glossary, a disclaimer, example styles and a README, ready to build."""
    from bookbuilder.scaffold.new import FolderNotEmpty, new_book

    try:
        Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        raise click.BadParameter(
            f"unknown language '{language}': use a BCP 47 tag such as en-GB",
            param_hint="--language",
        ) from None
    reporter = Reporter(quiet=False)
    book_title = title or _title_of(folder)
    with exit_on_errors(reporter):
        try:
            made = new_book(folder, title=book_title, language=language, author=author)
        except FolderNotEmpty as refused:
            raise BookError(
                [Diagnostic(folder.resolve(), 1, 1, Severity.ERROR, "new-folder", str(refused))]
            ) from None
    for path in made.paths:
        reporter.output(path)
    if not made.sample_translated:
        reporter.say(
            f"note: bookbuilder has no sample text in {language_name(language)}: the sample "
            "chapter is in English, for you to replace"
        )
    if catalog_locale(language) is None and not language.lower().startswith("en"):
        reporter.say(
            f"note: bookbuilder has no translation for {language_name(language)}: the words "
            "it writes stay in English until [strings] rewords them (check warns of it)"
        )
    reporter.say(f"Next: make-book serve {folder} --open")


def _title_of(folder: Path) -> str:
    """ "my-back-pain-guide" -> "My back pain guide"."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    text = " ".join(words) or "My guide"
    return text[0].upper() + text[1:]


@cli.command(
    epilog="""\b
Examples:
  make-book serve                   preview the book in this folder
  make-book serve guide/ --open     and open it in the web browser
  make-book serve --port 8000       on http://127.0.0.1:8000/
"""
)
@click.argument(
    "book_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the browser.")
def serve(book_dir: Path, port: int, open_browser: bool) -> None:
    """Preview the web edition of the book in BOOK_DIR while you write: it is rebuilt
    when a file changes, and open pages reload. Problems show on the page and here.
    Ctrl-C stops it."""
    from bookbuilder.serve.session import serve_book

    events = _TerminalEvents(Reporter(quiet=False), open_browser)
    stop = threading.Event()
    for name in ("SIGTERM", "SIGHUP"):  # `kill`, or the terminal closed: stop as for Ctrl-C
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda number, frame: stop.set())
    try:
        serve_book(book_dir, events, port=port, stop=stop)
    except KeyboardInterrupt:
        pass
    except OSError as error:
        click.echo(f"make-book serve: cannot serve on port {port}: {error.strerror}", err=True)
        sys.exit(EXIT_BOOK_ERROR)
    click.echo("make-book serve: stopped", err=True)


class _TerminalEvents:
    """What the preview says on the terminal: the address, then each build's result; a
    warning is said once, until it goes away and comes back."""

    def __init__(self, reporter: Reporter, open_browser: bool):
        self.reporter = reporter
        self.open_browser = open_browser
        self.said: set[Diagnostic] = set()

    def ready(self, url: str) -> None:
        click.echo(f"Serving the book at {url} (Ctrl-C to stop)")
        if self.open_browser:
            import webbrowser  # for serve --open only

            webbrowser.open(url)

    def built(self, seconds: float, diagnostics: list[Diagnostic], changed: list[str]) -> None:
        shown = [d for d in diagnostics if d.severity != Severity.INFO]
        new = [d for d in shown if d.severity == Severity.ERROR or d not in self.said]
        self.said = set(shown)
        self.reporter.diagnostics(new)
        errors = sum(1 for d in shown if d.severity == Severity.ERROR)
        what = f" after a change to {', '.join(changed)}" if changed else ""
        if errors:
            self.reporter.say(
                f"Not rebuilt{what}: {errors} error{'s' if errors != 1 else ''}; "
                "the last good pages stay"
            )
        else:
            self.reporter.say(f"Built in {seconds:.1f} s{what}")
