"""A typographic cover, generated when the book names no cover image.

1600 x 2560 px (1:1.6, the proportion stores ask for), drawn with Pillow in the book's
own fonts; PNG output carries no timestamps, so the same book gives the same bytes.

Its colours come from the book's EPUB stylesheet (the package's epub.css followed by the
book's own styles/epub.css): the custom properties --cover-background, --cover-text,
--cover-muted and --cover-accent on :root, the last declaration winning.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import tinycss2
import tinycss2.color4
from PIL import Image, ImageDraw, ImageFont

from bookbuilder import theme
from bookbuilder.fonts import SANS, SERIF, font_file
from bookbuilder.model import Book, Cover

WIDTH, HEIGHT = 1600, 2560
MARGIN = 160

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class CoverColours:
    background: RGB
    text: RGB
    muted: RGB
    accent: RGB


# The package's neutral cover, as its epub.css declares it (a test keeps the two equal):
# used for any colour a book's stylesheet leaves out or writes so that it cannot be read.
NEUTRAL = CoverColours(
    background=(43, 56, 70),  # #2b3846, dark slate: white on it has 12:1 contrast
    text=(255, 255, 255),
    muted=(211, 218, 225),  # #d3dae1
    accent=(169, 188, 207),  # #a9bccf
)
PROPERTIES = {f"--cover-{field}": field for field in ("background", "text", "muted", "accent")}
_MAX_DEPTH = 8  # var() inside var(): deep enough for any real stylesheet, and no cycles


def cover_colours(css: str) -> CoverColours:
    """The cover's colours from the `--cover-*` custom properties on `:root` in `css`.

    A value may be any sRGB colour CSS accepts (#hex, a name, rgb(), hsl(), hwb()) or a
    var() of another custom property on :root; a value that is none of these, or that
    is missing, leaves the package's neutral colour in place. Never raises.
    """
    custom = _root_custom_properties(css)
    found = {}
    for name, field in PROPERTIES.items():
        colour = _colour(_substitute(custom[name], custom, 0)) if name in custom else None
        found[field] = colour or getattr(NEUTRAL, field)
    return CoverColours(**found)


def _root_custom_properties(css: str) -> dict[str, list]:
    """Custom properties declared in top-level `:root` rules: the cascade's winner of each
    (the last declaration, an !important one before any other)."""
    values: dict[str, list] = {}
    important: set[str] = set()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = tinycss2.serialize(rule.prelude).split(",")
        if not any(selector.strip().lower() == ":root" for selector in selectors):
            continue
        for declaration in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if declaration.type != "declaration" or not declaration.name.startswith("--"):
                continue
            if declaration.name in important and not declaration.important:
                continue
            values[declaration.name] = declaration.value
            if declaration.important:
                important.add(declaration.name)
    return values


def _substitute(tokens: list, custom: dict[str, list], depth: int) -> str | None:
    """`tokens` as text, each var() replaced by its property's value (or its fallback)."""
    parts = []
    for token in tokens:
        if token.type == "function" and token.lower_name == "var":
            if depth >= _MAX_DEPTH:
                return None
            name, _, fallback = tinycss2.serialize(token.arguments).partition(",")
            name = name.strip()
            if name in custom:
                part = _substitute(custom[name], custom, depth + 1)
            elif fallback.strip():
                part = _substitute(tinycss2.parse_component_value_list(fallback), custom, depth + 1)
            else:
                part = None
            if part is None:
                return None
            parts.append(part)
        else:
            parts.append(tinycss2.serialize([token]))
    return "".join(parts)


def _colour(text: str | None) -> RGB | None:
    """An opaque RGB triple for a CSS sRGB colour (alpha is ignored), or None."""
    if not text:
        return None
    try:
        colour = tinycss2.color4.parse_color(text.strip())
        srgb = colour.to("srgb")  # an AttributeError for currentcolor, None and the like
    except (AttributeError, NotImplementedError, TypeError, ValueError):
        return None
    red, green, blue = (round(min(max(channel, 0.0), 1.0) * 255) for channel in srgb.coordinates)
    return red, green, blue


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
    colours = cover_colours(theme.stylesheet(config, "epub.css"))
    return Cover(
        make_cover(config.title, config.subtitle, config.publisher, colours),
        "image/png",
        "cover.png",
    )


def make_cover(
    title: str, subtitle: str | None, publisher: str, colours: CoverColours = NEUTRAL
) -> bytes:
    """PNG bytes of the cover."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colours.background)
    draw = ImageDraw.Draw(image)
    y = 760
    draw.rectangle((MARGIN, y - 120, MARGIN + 240, y - 104), fill=colours.accent)
    title_font, title_lines = _fit(draw, title, SERIF, 700, 200, 4)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=colours.text)
        y += int(title_font.size * 1.15)
    if subtitle:
        y += 60
        sub_font, sub_lines = _fit(draw, subtitle, SANS, 400, 84, 4)
        for line in sub_lines:
            draw.text((MARGIN, y), line, font=sub_font, fill=colours.muted)
            y += int(sub_font.size * 1.35)
    pub_font, pub_lines = _fit(draw, publisher, SANS, 700, 64, 2)
    y = HEIGHT - MARGIN - len(pub_lines) * int(pub_font.size * 1.3)
    draw.rectangle((MARGIN, y - 70, WIDTH - MARGIN, y - 66), fill=colours.accent)
    for line in pub_lines:
        draw.text((MARGIN, y), line, font=pub_font, fill=colours.text)
        y += int(pub_font.size * 1.3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
