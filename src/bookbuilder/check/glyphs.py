"""Characters that no font bookbuilder ships can draw, found in the sources before any
layout, each at its file, line and column.

With fonts from packages only (no system font fills in), such a character prints as an
empty box. That is an error for what is printed (a handout must never show boxes) and a
warning for an EPUB alone, whose reading system may have a font for it. The message
names the package that would draw the character, when one exists.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from bookbuilder import fonts
from bookbuilder.diagnostics import Report, Severity
from bookbuilder.model import Book

PRINTED = {"pdf", "pdf-large-print", "booklet"}
# Not drawn, so never missing: variation selectors, joiners and direction marks.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def check_glyphs(book: Book, report: Report, *, printed: bool | None = None) -> None:
    """Report each character of the book's sources that no installed font covers, once
    per file; an error when the build prints (`printed`, by default: the book's formats
    include a print one), else a warning."""
    if printed is None:
        printed = bool(PRINTED & set(book.config.formats))
    config = book.config
    paths = [config.source, *(c.source.path for c in book.chapters)]
    paths += [p for p in (config.glossary, config.disclaimer) if p is not None]
    firsts = {path: _first_uses(path) for path in dict.fromkeys(paths)}
    used = {ord(character) for found in firsts.values() for character in found}
    missing = fonts.undrawn(used, config.font_files)
    for path, found in firsts.items():
        for character, (line, col) in found.items():
            if ord(character) not in missing:
                continue
            message = f"{_named(character)} has no glyph in the fonts bookbuilder uses"
            message += f" and would print as an empty box{_remedy(character)}"
            severity = Severity.ERROR if printed else Severity.WARNING
            report.add(severity, "glyph-missing", path, line, message, col)


def _first_uses(path: Path) -> dict[str, tuple[int, int]]:
    """The line and column of the first use of each visible character of `path`."""
    lines = path.read_text("utf-8", errors="replace").splitlines()
    if path.suffix in (".toml", ".yaml", ".yml"):  # a comment line is never printed
        lines = ["" if line.lstrip().startswith("#") else line for line in lines]
    text = "\n".join(lines)
    visible = [c for c in set(text) - {"\n"} if not _invisible(c)]  # each character once
    found: dict[str, tuple[int, int]] = {}
    for at, character in sorted((text.find(c), c) for c in visible):  # in the text's order
        found[character] = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
    return found


def _invisible(character: str) -> bool:
    code_point = ord(character)
    return (
        unicodedata.category(character) in _INVISIBLE
        or 0xFE00 <= code_point <= 0xFE0F
        or 0xE0100 <= code_point <= 0xE01EF
    )


def _named(character: str) -> str:
    name = unicodedata.name(character, "an unnamed character")
    return f"'{character}' (U+{ord(character):04X} {name})"


def _remedy(character: str) -> str:
    font = fonts.font_for(ord(character))
    if font is not None and fonts.script_font_file(font) is None:
        return f": install {font.package} for {font.scripts}"
    if _is_emoji(character):
        return ": no emoji font is packaged; say it in words, or leave it out"
    return ": no packaged font covers it; leave it out, or give the book a font ([fonts])"


def _is_emoji(character: str) -> bool:
    code_point = ord(character)
    return 0x1F000 <= code_point <= 0x1FAFF or 0x2600 <= code_point <= 0x27BF
