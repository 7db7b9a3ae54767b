"""bookbuilder: Markdown health articles to an accessible EPUB 3 and a print PDF.

Use from Python: `build_book(book_dir)` builds the formats a book asks for and returns
the paths written and the warnings; `check_book(book_dir)` returns every diagnostic.
Both raise `BookError`, which carries the diagnostics, when the book cannot be read.
The names are imported when first used, so that `import bookbuilder.model` stays cheap.
"""

from importlib import import_module

# The one place the version is written: pyproject.toml reads it from here, and reading it
# at run time costs nothing (importlib.metadata took 40 ms of every command's start).
__version__ = "0.2.0"

_API = {
    "BookError": "bookbuilder.diagnostics",
    "Diagnostic": "bookbuilder.diagnostics",
    "BuildResult": "bookbuilder.pipeline",
    "build_book": "bookbuilder.pipeline",
    "build_handouts": "bookbuilder.pipeline",
    "build_site": "bookbuilder.pipeline",
    "check_book": "bookbuilder.pipeline",
    "read_book": "bookbuilder.pipeline",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'bookbuilder' has no attribute {name!r}")
