"""The covers' shared design: their colours, read from the book's EPUB stylesheet, and
where the title breaks. The EPUB draws its cover as a picture (epub/cover.py), the print
editions set theirs as a page (print.css); both take these.

The colours are the custom properties --cover-background, --cover-text, --cover-muted and
--cover-accent on :root of the package's epub.css followed by the book's own
styles/epub.css, the last declaration winning.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import tinycss2
import tinycss2.color4
from PIL import ImageFont

from bookbuilder.fonts import font_file

WIDTH, MARGIN = 1600, 160  # the EPUB cover's, in px; the print cover scales them to the page
MEASURE = WIDTH - 2 * MARGIN

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


def root_custom_properties_css(css: str) -> str:
    """A `:root` rule with only the custom properties `css` sets on :root (its colours):
    for another edition to wear them. Empty when it sets none."""
    custom = _root_custom_properties(css)
    if not custom:
        return ""
    lines = [f"  {name}: {tinycss2.serialize(value).strip()};" for name, value in custom.items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


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


def balanced_lines(text: str, width: Callable[[str], float], measure: float) -> list[str]:
    """`text` broken into as few lines as fit `measure`, with the lines as even as they can
    be and never one word alone on the last line: "Treating / Back Pain", not
    "Treating Back / Pain"; after a colon first, when there is one and the text takes
    more than one line. `width` measures a string in the units of `measure`."""
    words = text.split()
    if not words:
        return []
    head, colon, rest = text.partition(": ")
    if colon and rest.strip() and width(" ".join(words)) > measure:
        # A title with a subtitle after a colon breaks after the colon first.
        return balanced_lines(head + ":", width, measure) + balanced_lines(rest, width, measure)
    count = len(_greedy(words, width, measure))
    if count == 1:
        return [" ".join(words)]
    narrowest, widest = max(width(word) for word in words), measure
    for _ in range(24):  # the narrowest measure that still gives `count` lines
        middle = (narrowest + widest) / 2
        if len(_greedy(words, width, middle)) <= count:
            widest = middle
        else:
            narrowest = middle
    lines = _greedy(words, width, widest)
    if len(lines) > 1 and " " not in lines[-1] and " " in lines[-2]:
        head, _, moved = lines[-2].rpartition(" ")
        if width(f"{moved} {lines[-1]}") <= measure:
            lines[-2:] = [head, f"{moved} {lines[-1]}"]
    return lines


def _greedy(words: list[str], width: Callable[[str], float], measure: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and width(candidate) <= measure:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


@functools.cache  # the covers, the title page and the EPUB cover measure the same title
def font(family: str, size: float, weight: int) -> ImageFont.FreeTypeFont:
    """The family's font file at `weight`, at `size` px, for measuring and drawing."""
    loaded = ImageFont.truetype(str(font_file(family, weight)), size)
    try:
        axes = loaded.get_variation_axes()
    except OSError:
        return loaded  # a static font: the file already is the weight
    by_name = {b"Weight": weight, b"Optical Size": 60}  # display optical size for covers
    loaded.set_variation_by_axes(
        [
            min(max(by_name.get(axis["name"], axis["default"]), axis["minimum"]), axis["maximum"])
            for axis in axes
        ]
    )
    return loaded


def fit(
    text: str,
    family: str,
    weight: int,
    size: int,
    max_lines: int,
    measure: float = WIDTH - 2 * MARGIN,
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size (from `size` px down) at which `text` fits `measure` px in
    `max_lines` balanced lines, and those lines."""
    while True:
        face = font(family, size, weight)
        lines = balanced_lines(text, face.getlength, measure)
        fits = all(face.getlength(line) <= measure for line in lines)
        if (len(lines) <= max_lines and fits) or size <= 48:
            return face, lines
        size -= 8
