"""bookbuilder: Markdown health articles to an accessible EPUB 3 and a print PDF."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bookbuilder")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
