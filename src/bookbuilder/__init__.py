"""bookbuilder: Markdown health articles to an accessible EPUB 3 and a print PDF.

Use from Python: `build_book(book_dir)` builds the formats a book asks for and returns
the paths written and the warnings; `check_book(book_dir)` returns every diagnostic.
Both raise `BookError`, which carries the diagnostics, when the book cannot be read.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bookbuilder")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from bookbuilder.diagnostics import BookError, Diagnostic
from bookbuilder.pipeline import (
    BuildResult,
    build_book,
    build_handouts,
    check_book,
    read_book,
)

__all__ = [
    "BookError",
    "BuildResult",
    "Diagnostic",
    "__version__",
    "build_book",
    "build_handouts",
    "check_book",
    "read_book",
]
