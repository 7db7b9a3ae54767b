"""The one entry point: `build_book`, `build_handouts`, `check_book` and `build_site` run
the stages in order (sources -> html -> book -> epub / pdf / web / check) and return what
they made and found.

Takes a book folder and options. Returns what was written (`BuildResult`), the site's
files (`build_site`, for `make-book serve`) or every diagnostic (`check_book`). The CLI,
`make-book serve`, the benchmarks and Python callers all come here; nothing below prints.
The print edition is laid out once per build: the PDF is written from that layout, and
the EPUB takes its page breaks from it, so "page 12" means the same in both.
"""

from bookbuilder.pipeline.build import BuildResult, build_book, build_formats
from bookbuilder.pipeline.handouts import UnknownChapter, build_handouts
from bookbuilder.pipeline.reading import (
    build_site,
    check_book,
    checked_book,
    load_and_check,
    read_book,
    report_order,
)

__all__ = [
    "BuildResult",
    "UnknownChapter",
    "build_book",
    "build_formats",
    "build_handouts",
    "build_site",
    "check_book",
    "checked_book",
    "load_and_check",
    "read_book",
    "report_order",
]
