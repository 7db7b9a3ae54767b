"""The fonts a book uses, from OFL font packages on PyPI: same output on every machine."""

from __future__ import annotations

from pathlib import Path

import fontpkg

SERIF = "Source Serif 4"
SANS = "Atkinson Hyperlegible"
MONO = "Source Code Pro"
FAMILIES = (SERIF, SANS, MONO)


def font_file(family: str, weight: int = 400, style: str = "normal") -> Path:
    """The file of `family` at `weight` and `style` (a variable font serves every weight)."""
    return fontpkg.path(family, weight, style, nearest=True)
