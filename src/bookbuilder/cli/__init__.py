"""The `make-book` command: arguments, progress display, diagnostics and exit codes.

Takes the command line. Returns an exit code: 0 built, 1 the book has errors or a build
failed, 2 wrong usage. `commands` has build, check and handout; `editing` has new and
serve, the editor's loop.
"""

import os
import sys

from bookbuilder.cli import editing  # noqa: F401 (registers new and serve)
from bookbuilder.cli.commands import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Run the command, then leave without the interpreter's teardown: by then every
    output is written and closed and every worker ended, and freeing a build's objects
    one by one would take a tenth of a second more (of a two-second EPUB build)."""
    try:
        cli(prog_name="make-book")
        code: object = 0
    except SystemExit as leaving:  # click leaves this way, with the exit code
        code = leaving.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0)
