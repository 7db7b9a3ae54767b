"""Small text helpers shared by the stages."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from html import escape as _html_escape
from pathlib import PurePath

from markdown.extensions.toc import slugify as _markdown_slugify

# Characters XML 1.0 forbids (C0 controls but tab and line ends, lone surrogates,
# U+FFFE/U+FFFF): pasted text and character references bring them, and no EPUB or PDF
# may carry them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def slugify(text: str, separator: str = "-") -> str:
    """ASCII slug, safe in URLs, ids and EPUB file names: Python-Markdown's for Latin
    text ("Gene therapy" -> "gene-therapy"); for text with no Latin letters (Arabic,
    Hindi, Chinese), "s-" and a short hash of it, the same for the same text."""
    slug = _markdown_slugify(text, separator).strip(separator)
    if slug:
        return slug
    if text.strip():
        return "s-" + hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:8]
    return "untitled"


def file_slug(text: str) -> str:
    """A slug for an output file's name, kept in its own script ("آلام-الظهر", with
    Devanagari's vowel signs, which are marks, not letters) when it has no Latin."""
    ascii_slug = _markdown_slugify(text, "-").strip("-")
    if ascii_slug:
        return ascii_slug
    kept = "".join(
        c if unicodedata.category(c)[0] in "LMN" else " "
        for c in unicodedata.normalize("NFC", text).casefold()
    )
    return "-".join(kept.split()) or "untitled"


_NUMERIC_PREFIX = re.compile(r"^(\d+)[-_. ]*")


def chapter_slug(file_name: str) -> str:
    """`02-gene-therapy-for-back-pain.md` -> `gene-therapy-for-back-pain`; a name with no
    Latin letters, `02-الحركة.md` -> `chapter-02`."""
    stem = PurePath(file_name).stem
    rest = _NUMERIC_PREFIX.sub("", stem) or stem
    if not _markdown_slugify(rest, "-").strip("-") and (number := _NUMERIC_PREFIX.match(stem)):
        return f"chapter-{number[1]}"
    return slugify(rest)


def line_of(text: str, needle: str, first_line: int = 1) -> int:
    """The line of `text` (numbered from `first_line`) where `needle` first occurs."""
    index = text.find(needle)
    return first_line if index < 0 else first_line + text.count("\n", 0, index)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known name, whatever its case, or ''."""
    by_folded = {k.casefold(): k for k in sorted(known)}
    close = difflib.get_close_matches(name.casefold(), list(by_folded), n=1)
    return f" (did you mean '{by_folded[close[0]]}'?)" if close else ""


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) of each run of consecutive ones: 1 2 3 7 ->
    (1, 3), (7, 7); for page lists and unicode-range values."""
    found: list[list[int]] = []
    for number in numbers:
        if found and number == found[-1][1] + 1:
            found[-1][1] = number
        else:
            found.append([number, number])
    return [(first, last) for first, last in found]


def isbn_digits(isbn: str) -> str:
    """An ISBN as its digits alone (hyphens and spaces dropped): 9780306406157."""
    return re.sub(r"[\s\-\u2010\u2011\u2013]", "", isbn).upper()


def isbn13_problem(isbn: str) -> str | None:
    """What is wrong with `isbn` as an ISBN-13, in words that say how to mend it; None
    when it is one. A wrong check digit names the digit the others give."""
    digits = isbn_digits(isbn)
    if re.fullmatch(r"[0-9]{9}[0-9X]", digits):
        as_13 = _isbn10_to_13(digits)
        return (
            f"'{isbn}' is an ISBN-10; give the ISBN-13, {as_13}"
            if as_13
            else f"'{isbn}' is not a valid ISBN: its check digit is wrong"
        )
    if not re.fullmatch(r"[0-9]{13}", digits):
        found = sum(character.isdigit() for character in digits)
        return f"'{isbn}' is not an ISBN-13: it has {found} digits, not 13"
    if digits[:3] not in ("978", "979"):
        return f"'{isbn}' is not an ISBN-13: it must start with 978 or 979"
    expected = isbn13_check_digit(digits[:12])
    if digits[12] != expected:
        return f"'{isbn}' has check digit {digits[12]}, but its first 12 digits give {expected}"
    return None


def isbn13_check_digit(first_12: str) -> str:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_12))
    return str((10 - total % 10) % 10)


def _isbn10_to_13(digits: str) -> str | None:
    total = sum((10 - index) * (10 if d == "X" else int(d)) for index, d in enumerate(digits))
    if total % 11:
        return None
    stem = "978" + digits[:9]
    return stem + isbn13_check_digit(stem)


# Han and kana (Chinese, Japanese), Thai, Lao, Myanmar, Khmer; Korean has spaces.
UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF),
             (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))  # fmt: skip


def unspaced(character: str) -> bool:
    """True for a character of a script written without spaces between words."""
    code_point = ord(character)
    return any(low <= code_point <= high for low, high in UNSPACED)


_UNSPACED_CLASS = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in UNSPACED)
_LINE_END_BETWEEN_UNSPACED = re.compile(
    f"(?<=[{_UNSPACED_CLASS}])[ \\t]*\\n[ \\t]*(?=[{_UNSPACED_CLASS}])"
)


def join_unspaced_lines(text: str) -> str:
    """A line end inside a paragraph of Chinese, Japanese or Thai text, between two of its
    characters, dropped: such scripts put no space between words, and a reader would
    see one where the editor's line happened to end."""
    return _LINE_END_BETWEEN_UNSPACED.sub("", text)


def xml_escape(text: str) -> str:
    """&, < and > escaped for XML text, as xml.sax.saxutils.escape does, without the
    urllib.request that it imports (20 ms of every command's start)."""
    return _html_escape(text, quote=False)
