"""A typographic cover, generated when the book names no cover image.

1600 x 2560 px (1:1.6, the proportion stores ask for), drawn with Pillow in the book's
own fonts, the title in Atkinson Hyperlegible bold as on the title page and the print
cover, broken where covers.py says; PNG output carries no timestamps, so the same book
gives the same bytes.

Its colours come from the book's EPUB stylesheet (the package's epub.css followed by the
book's own styles/epub.css): the custom properties --cover-background, --cover-text,
--cover-muted and --cover-accent on :root, the last declaration winning.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import json
from pathlib import Path

import PIL
import platformdirs
from PIL import Image, ImageDraw

from bookbuilder import covers, theme
from bookbuilder.covers import MARGIN, NEUTRAL, WIDTH, CoverColours, cover_colours, fit
from bookbuilder.fonts import SANS, font_file
from bookbuilder.model import Book, Cover
from bookbuilder.output import book_key, files_digest, write_cached

HEIGHT = 2560


def cover_for(book: Book, *, use_cache: bool = True) -> Cover:
    """The book's own cover, or one drawn from its title (kept in the user cache; with
    `use_cache` false, drawn afresh and kept)."""
    if book.cover is not None:
        return book.cover
    config = book.config
    colours = cover_colours(theme.stylesheet(config, "epub.css"))
    text = (config.title, config.subtitle, config.publisher)
    drawn = cached_cover(config.root, *text, colours, reuse=use_cache)
    return Cover(drawn, "image/png", "cover.png")


def cached_cover(
    root: Path,
    title: str,
    subtitle: str | None,
    publisher: str,
    colours: CoverColours,
    *,
    reuse: bool = True,
) -> bytes:
    """`make_cover`'s PNG, from the user cache folder if this book's cover was drawn the
    same before: drawing and compressing four million pixels takes 0.15 s, a tenth of
    a plain EPUB's build. One entry a book, headed by the key of what it was drawn from
    (the text, the colours, the font, Pillow and this code), so the cache does not grow
    with edits of the title."""
    inputs = [_code_digest(), title, subtitle, publisher, dataclasses.astuple(colours)]
    key = hashlib.sha256(json.dumps(inputs).encode()).hexdigest().encode()
    path = platformdirs.user_cache_path("bookbuilder") / "covers" / f"{book_key(root)}.png"
    with contextlib.suppress(OSError):
        found = path.read_bytes() if reuse else b""
        if found.startswith(key + b"\n"):
            return found[len(key) + 1 :]
    data = make_cover(title, subtitle, publisher, colours)
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        write_cached(path, key + b"\n" + data)
    return data


@functools.cache
def _code_digest() -> str:
    """What draws a cover besides its text: this code, the font files and Pillow."""
    code = [Path(__file__), Path(covers.__file__)]
    return files_digest([*code, font_file(SANS, 400), font_file(SANS, 700)], PIL.__version__)


def make_cover(
    title: str, subtitle: str | None, publisher: str, colours: CoverColours = NEUTRAL
) -> bytes:
    """PNG bytes of the cover."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colours.background)
    draw = ImageDraw.Draw(image)
    y = 760
    draw.rectangle((MARGIN, y - 120, MARGIN + 240, y - 104), fill=colours.accent)
    title_font, title_lines = fit(title, SANS, 700, 200, 4)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=colours.text)
        y += int(title_font.size * 1.15)
    if subtitle:
        y += 60
        sub_font, sub_lines = fit(subtitle, SANS, 400, 84, 4)
        for line in sub_lines:
            draw.text((MARGIN, y), line, font=sub_font, fill=colours.muted)
            y += int(sub_font.size * 1.35)
    pub_font, pub_lines = fit(publisher, SANS, 700, 64, 2)
    y = HEIGHT - MARGIN - len(pub_lines) * int(pub_font.size * 1.3)
    draw.rectangle((MARGIN, y - 70, WIDTH - MARGIN, y - 66), fill=colours.accent)
    for line in pub_lines:
        draw.text((MARGIN, y), line, font=pub_font, fill=colours.text)
        y += int(pub_font.size * 1.3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
