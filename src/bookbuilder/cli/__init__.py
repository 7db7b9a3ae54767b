"""The `make-book` command: arguments, progress display, diagnostics and exit codes.

Takes the command line. Returns an exit code: 0 built, 1 the book has errors or a build
failed, 2 wrong usage. `commands` has build, check and handout; `editing` has new and
serve, the editor's loop.
"""

from bookbuilder.cli import editing  # noqa: F401 (registers new and serve)
from bookbuilder.cli.commands import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="make-book")
