"""Fonts carried in the screen editions (the EPUB, the web edition) for the non-Latin
scripts a book uses, subset to the characters it uses: a reading system or a browser
without a Devanagari or an Arabic font would otherwise show boxes.

Each font is one more face of the family "Book Scripts", limited by `unicode-range` to
its script; the editions' styles name that family after their own fonts, so it is used
only for characters the fonts before it lack. `[epub] embed_fonts = false` leaves them
out. Latin text is left to the reader's fonts (the EPUB) or the edition's own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.lists import format_list

from bookbuilder import fonts, theme
from bookbuilder.i18n import messages
from bookbuilder.model import Book, add_years
from bookbuilder.text import runs

FAMILY = "Book Scripts"
FIRST_NON_LATIN = 0x0250  # after Latin Extended-B: reading systems all have Latin fonts


@dataclass(frozen=True)
class EmbeddedFont:
    file_name: str  # inside the EPUB, "fonts/noto-sans-arabic.ttf"
    media_type: str
    data: bytes
    code_points: tuple[int, ...]


def embedded_fonts(book: Book) -> list[EmbeddedFont]:
    """A subset of each script font (the packages' and the book's own) that draws
    characters of the book, past Latin; none when `[epub] embed_fonts` is false."""
    if not book.config.embed_fonts:
        return []
    used = {c for c in book_characters(book) if c >= FIRST_NON_LATIN}
    if not used:
        return []
    candidates: list[tuple[str, Path, set[int]]] = []
    for font in fonts.SCRIPT_FONTS[2:]:
        path = fonts.script_font_file(font)
        if path is not None:
            wanted = {c for c in used if font.covers(c)}
            candidates.append((font.family, path, wanted))
    for number, path in enumerate(book.config.font_files, start=1):
        candidates.append((f"book-{number}-{path.stem}", path, set(used)))
    embedded = []
    for name, path, wanted in candidates:
        drawn = sorted(wanted & fonts.character_map(path))
        if drawn:
            used -= set(drawn)
            embedded.append(_subset(name, path, drawn))
    return embedded


def font_faces_css(embedded: list[EmbeddedFont], stylesheet_folder: str = "styles") -> str:
    """@font-face rules for the embedded fonts, as one family split by script."""
    rules = [f'body {{ font-family: "{FAMILY}", serif; }}'] if embedded else []
    for font in embedded:
        ranges = ", ".join(_ranges(font.code_points))
        url = "../" + font.file_name if stylesheet_folder else font.file_name
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}"); unicode-range: {ranges}; }}'
        )
    return "\n".join(rules) + ("\n" if rules else "")


def _ranges(code_points: tuple[int, ...]) -> list[str]:
    """U+0915-0939 for a run of code points, U+093F for one alone."""
    return [f"U+{a:04X}" + (f"-{b:04X}" if b > a else "") for a, b in runs(code_points)]


def book_characters(book: Book) -> set[int]:
    """Every character the EPUB's documents can show: the chapters, the glossary, the
    disclaimer, the book's metadata and bookbuilder's own words in its language."""
    texts = [book.config.title, book.config.subtitle or "", book.config.publisher]
    texts += [book.config.description or ""] + [a.name for a in book.authors]
    html = [c.html for c in book.chapters] + [book.disclaimer_html or ""]
    html += [e.definition_html for e in book.glossary]
    texts += [e.term for e in book.glossary] + [a for e in book.glossary for a in e.aliases]
    texts += [c.title for c in book.chapters] + [c.source.summary or "" for c in book.chapters]
    # The markup itself is ASCII (its text is written as characters, never as references),
    # so its characters are the text's, and the tags add only Latin ones.
    texts += html
    words = theme.translations(book.config)
    texts += [words.gettext(message) for message in messages()]
    locale = theme.book_locale(book.config)  # dates and lists in the language's own words
    days = [book.edition_date] + [c.source.updated for c in book.chapters]
    days += [c.source.next_review for c in book.chapters if c.source.next_review]
    days += [add_years(c.source.updated, book.config.review_interval_years) for c in book.chapters]
    texts += [theme.format_long_date(day, locale) for day in days]
    texts.append(format_list(["a", "b", "c"], locale=locale))
    return {ord(c) for c in set("".join(texts))}


def _subset(name: str, path: Path, code_points: list[int]) -> EmbeddedFont:
    # Imported here: a tenth of a second that only books in other scripts pay.
    from fontTools import subset
    from fontTools.varLib.instancer import instantiateVariableFont

    options = subset.Options()
    options.layout_features = ["*"]  # shaping (Arabic joining, Devanagari conjuncts)
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.font_number = 0  # the first font of a collection (.ttc), as [fonts] reads it
    font = subset.load_font(str(path), options, lazy=False)
    font.recalcTimestamp = False  # the same bytes every build: the source font's date
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points)
    subsetter.subset(font)
    if "fvar" in font:  # one static instance, at the font's default (regular) weight
        font = instantiateVariableFont(font, {a.axisTag: None for a in font["fvar"].axes})
        font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    is_cff = "CFF " in font or "CFF2" in font
    slug = name.lower().replace(" ", "-")
    suffix, media_type = (".otf", "font/otf") if is_cff else (".ttf", "font/ttf")
    return EmbeddedFont(f"fonts/{slug}{suffix}", media_type, out.getvalue(), tuple(code_points))
