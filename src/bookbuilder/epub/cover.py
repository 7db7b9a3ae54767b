"""A typographic cover, generated when the book names no cover image.

1600 x 2560 px (1:1.6, the proportion stores ask for), drawn with Pillow in the book's
own fonts; PNG output carries no timestamps, so the same book gives the same bytes.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from bookbuilder.fonts import SANS, SERIF, font_file
from bookbuilder.model import Book, Cover

WIDTH, HEIGHT = 1600, 2560
MARGIN = 160
BACKGROUND = (23, 63, 79)  # deep teal: calm, and white on it has 11:1 contrast
ACCENT = (242, 183, 5)
TEXT = (255, 255, 255)
MUTED = (214, 229, 234)


def _font(family: str, size: int, weight: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(font_file(family, weight)), size)
    try:
        axes = font.get_variation_axes()
    except OSError:
        return font  # a static font: the file already is the weight
    by_name = {b"Weight": weight, b"Optical Size": 60}  # display optical size for the cover
    font.set_variation_by_axes(
        [
            min(max(by_name.get(axis["name"], axis["default"]), axis["minimum"]), axis["maximum"])
            for axis in axes
        ]
    )
    return font


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit(
    draw: ImageDraw.ImageDraw, text: str, family: str, weight: int, size: int, max_lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size (from `size` down) at which `text` fits in `max_lines` lines."""
    while True:
        font = _font(family, size, weight)
        lines = _wrap(draw, text, font, WIDTH - 2 * MARGIN)
        fits = all(draw.textlength(line, font=font) <= WIDTH - 2 * MARGIN for line in lines)
        if (len(lines) <= max_lines and fits) or size <= 48:
            return font, lines
        size -= 8


def cover_for(book: Book) -> Cover:
    """The book's own cover, or one drawn from its title."""
    if book.cover is not None:
        return book.cover
    config = book.config
    return Cover(
        make_cover(config.title, config.subtitle, config.publisher), "image/png", "cover.png"
    )


def make_cover(title: str, subtitle: str | None, publisher: str) -> bytes:
    """PNG bytes of the cover."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    y = 760
    draw.rectangle((MARGIN, y - 120, MARGIN + 240, y - 104), fill=ACCENT)
    title_font, title_lines = _fit(draw, title, SERIF, 700, 200, 4)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=TEXT)
        y += int(title_font.size * 1.15)
    if subtitle:
        y += 60
        sub_font, sub_lines = _fit(draw, subtitle, SANS, 400, 84, 4)
        for line in sub_lines:
            draw.text((MARGIN, y), line, font=sub_font, fill=MUTED)
            y += int(sub_font.size * 1.35)
    pub_font, pub_lines = _fit(draw, publisher, SANS, 700, 64, 2)
    y = HEIGHT - MARGIN - len(pub_lines) * int(pub_font.size * 1.3)
    draw.rectangle((MARGIN, y - 70, WIDTH - MARGIN, y - 66), fill=ACCENT)
    for line in pub_lines:
        draw.text((MARGIN, y), line, font=pub_font, fill=TEXT)
        y += int(pub_font.size * 1.3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
