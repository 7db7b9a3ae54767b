"""The fonts a book uses, from OFL font packages on PyPI: same output on every machine."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import fontpkg

SERIF = "Source Serif 4"
SANS = "Atkinson Hyperlegible"
MONO = "Source Code Pro"
FAMILIES = (SERIF, SANS, MONO)


def font_file(family: str, weight: int = 400, style: str = "normal") -> Path:
    """The file of `family` at `weight` and `style` (a variable font serves every weight)."""
    return fontpkg.path(family, weight, style, nearest=True)


FONT_URL = "file:///bookbuilder-fonts/"  # where layouts see the font packages' folders


def font_folders() -> dict[str, Path]:
    """Each family's folder, by the name it has under FONT_URL."""
    return {_url_name(family): font_file(family).parent for family in FAMILIES}


def font_url(family: str, weight: int = 400, style: str = "normal") -> str:
    """A URL for the font file that is the same wherever the package is installed, so
    that nothing in a PDF depends on the machine's paths."""
    return f"{FONT_URL}{_url_name(family)}/{quote(font_file(family, weight, style).name)}"


def _url_name(family: str) -> str:
    return family.lower().replace(" ", "-")
