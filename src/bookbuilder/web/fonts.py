"""The web edition's type: Atkinson Hyperlegible, the face designed for low-vision
readers that the large-print edition uses, in its four styles, from its OFL package,
as WOFF2 (half the size of the TrueType files). Converted once per machine and kept in
the user cache folder; the conversion is deterministic, so every build ships the same
bytes."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
from dataclasses import dataclass

import fontTools
import platformdirs
from fontTools.ttLib import TTFont

from bookbuilder.fonts import SANS, font_file
from bookbuilder.output import write_cached

STYLES = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))


@dataclass(frozen=True)
class WebFont:
    family: str
    weight: int
    style: str
    file_name: str  # in the site: "fonts/atkinson-hyperlegible-700-italic.woff2"
    data: bytes


@functools.cache
def web_fonts() -> tuple[WebFont, ...]:
    fonts = []
    for weight, style in STYLES:
        source = font_file(SANS, weight, style)
        slug = SANS.lower().replace(" ", "-")
        name = f"fonts/{slug}-{weight}-{style}.woff2"
        fonts.append(WebFont(SANS, weight, style, name, _woff2(source.read_bytes())))
    return tuple(fonts)


def _woff2(truetype: bytes) -> bytes:
    """`truetype` as WOFF2, from the cache when this machine converted it before."""
    key = hashlib.sha256(truetype + fontTools.version.encode()).hexdigest()[:24]
    cached = platformdirs.user_cache_path("bookbuilder") / "web-fonts" / f"{key}.woff2"
    with contextlib.suppress(OSError):
        return cached.read_bytes()
    font = TTFont(io.BytesIO(truetype), recalcTimestamp=False)  # the source's date
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    data = out.getvalue()
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        write_cached(cached, data)
    return data
