"""Small text helpers shared by the stages."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import PurePath

from markdown.extensions.toc import slugify as _markdown_slugify

# Characters XML 1.0 forbids (C0 controls but tab and line ends, lone surrogates,
# U+FFFE/U+FFFF): pasted text and character references bring them, and no EPUB or PDF
# may carry them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def slugify(text: str) -> str:
    """URL- and id-safe slug, the same one Python-Markdown gives headings."""
    return _markdown_slugify(text, "-") or "untitled"


_NUMERIC_PREFIX = re.compile(r"^\d+[-_. ]*")


def chapter_slug(file_name: str) -> str:
    """`02-gene-therapy-for-back-pain.md` -> `gene-therapy-for-back-pain`."""
    stem = PurePath(file_name).stem
    return slugify(_NUMERIC_PREFIX.sub("", stem) or stem)


def line_of(text: str, needle: str, first_line: int = 1) -> int:
    """The line of `text` (numbered from `first_line`) where `needle` first occurs."""
    index = text.find(needle)
    return first_line if index < 0 else first_line + text.count("\n", 0, index)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known name, whatever its case, or ''."""
    by_folded = {k.casefold(): k for k in sorted(known)}
    close = difflib.get_close_matches(name.casefold(), list(by_folded), n=1)
    return f" (did you mean '{by_folded[close[0]]}'?)" if close else ""
