"""The fonts a book uses, from OFL font packages on PyPI: same output on every machine.

Source Serif 4, Atkinson Hyperlegible and Source Code Pro set the text; Noto fonts from
their own packages draw the scripts those lack (SCRIPT_FONTS), found by fontconfig in a
configuration that knows no other font (`isolated_fontconfig`)."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import fontpkg
import platformdirs
import uharfbuzz

from bookbuilder import environ
from bookbuilder.text import xml_escape

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


@dataclass(frozen=True)
class ScriptFont:
    """A font for scripts Source Serif 4 and Atkinson Hyperlegible lack, from its package
    (`package`, what to install when it is missing), and the code points it is for."""

    family: str
    package: str
    scripts: str
    ranges: tuple[tuple[int, int], ...]

    def covers(self, code_point: int) -> bool:
        return any(low <= code_point <= high for low, high in self.ranges)


_LATIN = ((0x0000, 0x052F), (0x1E00, 0x1FFF), (0x2000, 0x2BFF), (0xA720, 0xA7FF))
_CJK = (
    (0x2E80, 0x2FDF), (0x3000, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FA1F),
)  # fmt: skip
CJK_PACKAGE = "cvttf-NotoSansCJK-Regular"  # Noto Sans CJK (OFL), 16 MB: the `cjk` extra
SCRIPT_FONTS = (
    ScriptFont("Noto Serif", "fontpkg-noto-serif", "Latin, Greek, Cyrillic", _LATIN),
    ScriptFont("Noto Sans", "fontpkg-noto-sans", "Latin, Greek, Cyrillic", _LATIN),
    ScriptFont(
        "Noto Sans Arabic",
        "fontpkg-noto-sans-arabic",
        "Arabic, Urdu, Persian",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    ScriptFont(
        "Noto Sans Devanagari",
        "fontpkg-noto-sans-devanagari",
        "Devanagari (Hindi, Marathi, Nepali)",
        ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    ),
    ScriptFont("Noto Sans Tamil", "fontpkg-noto-sans-tamil", "Tamil", ((0x0B80, 0x0BFF),)),
    ScriptFont("Noto Sans Telugu", "fontpkg-noto-sans-telugu", "Telugu", ((0x0C00, 0x0C7F),)),
    ScriptFont("Noto Sans Thai", "fontpkg-noto-sans-thai", "Thai", ((0x0E00, 0x0E7F),)),
    ScriptFont(
        "Noto Sans Khmer", "fontpkg-noto-sans-khmer", "Khmer", ((0x1780, 0x17FF), (0x19E0, 0x19FF))
    ),
    ScriptFont("Noto Sans CJK", "bookbuilder[cjk]", "Chinese, Japanese, Korean", _CJK),
)


def script_font_file(font: ScriptFont) -> Path | None:
    """The installed file of a script font, or None when its package is not installed."""
    if font.package == "bookbuilder[cjk]":
        spec = importlib.util.find_spec(CJK_PACKAGE.replace("-", "_"))
        if spec is None or spec.origin is None:
            return None
        found = sorted(Path(spec.origin).parent.glob("*.[ot]t[fc]"))
        return found[0] if found else None
    try:
        return fontpkg.path(font.family, 400, "normal", nearest=True)
    except Exception:  # fontpkg raises its own lookup errors when a family is absent
        return None


@functools.cache
def installed_font_files() -> tuple[Path, ...]:
    """Every font file a layout may use: the book's families and the script fonts here."""
    files = [font_file(family, weight, style) for family in FAMILIES
             for weight in (400, 700) for style in ("normal", "italic")]  # fmt: skip
    files += [f for font in SCRIPT_FONTS if (f := script_font_file(font)) is not None]
    return tuple(dict.fromkeys(files))


def undrawn(code_points: set[int], book_fonts: tuple[Path, ...] = ()) -> set[int]:
    """The characters of `code_points` that no installed font, nor any of the book's
    own (`book_fonts`), draws: they would print as boxes. Reading a font's character map
    costs time (Noto Sans CJK's, most of a second), so the text's fonts are read first,
    a script font only when a character left is in its script, and the rest only for a
    character that is in no script's range."""
    left = set(code_points)
    script_files = {f: p for f in SCRIPT_FONTS if (p := script_font_file(f)) is not None}
    for path in (*installed_font_files(), *book_fonts):
        if left and path not in script_files.values():
            left -= character_map(path)
    for font, path in script_files.items():
        if any(font.covers(c) for c in left):
            left -= character_map(path)
    if any(not any(font.covers(c) for font in SCRIPT_FONTS) for c in left):
        for path in script_files.values():
            left -= character_map(path)
    return left


@functools.cache
def character_map(path: Path) -> frozenset[int]:
    """The characters the font (the first of a collection) has glyphs for, as HarfBuzz
    reads its cmap: 40 times faster than fontTools on a CJK font (2.5 ms, not 97). A
    WOFF or WOFF2 file, which HarfBuzz does not unpack, is read by fontTools."""
    with path.open("rb") as stream:
        compressed = stream.read(4) in (b"wOFF", b"wOF2")
    if compressed:
        from fontTools.ttLib import TTFont  # imported for WOFF files only

        with TTFont(path, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    return frozenset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)), 0).unicodes)


def font_for(code_point: int) -> ScriptFont | None:
    """The script font (installed or not) meant for a character, if there is one."""
    return next((f for f in SCRIPT_FONTS[2:] if f.covers(code_point)), None) or next(
        (f for f in SCRIPT_FONTS[:2] if f.covers(code_point)), None
    )


@contextmanager
def isolated_fontconfig(book_fonts: tuple[Path, ...] = ()) -> Iterator[None]:
    """While active, a new fontconfig configuration (WeasyPrint's FontConfiguration reads
    FONTCONFIG_FILE when it is made) knows only the fonts of the packages and the book's
    own (`book_fonts`): no system font can fill in for a missing glyph, so the output is
    the same on every machine."""
    with environ.variable("FONTCONFIG_FILE", str(fontconfig_file(_folder_of(book_fonts)))):
        yield


def _folder_of(book_fonts: tuple[Path, ...]) -> Path | None:
    """A folder of the cache holding copies of the book's fonts and nothing else (a
    fontconfig <dir> takes every font in it), named by their contents."""
    if not book_fonts:
        return None
    contents = [path.read_bytes() for path in book_fonts]
    digest = hashlib.sha256(b"".join(hashlib.sha256(c).digest() for c in contents))
    folder = platformdirs.user_cache_path("bookbuilder") / "book-fonts" / digest.hexdigest()[:16]
    if not folder.is_dir():
        scratch = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        scratch.mkdir(parents=True, exist_ok=True)
        for index, (path, content) in enumerate(zip(book_fonts, contents, strict=True)):
            (scratch / f"{index:02d}{path.suffix.lower()}").write_bytes(content)
        try:
            scratch.rename(folder)
        except OSError:  # another process made it first: the same fonts
            shutil.rmtree(scratch, ignore_errors=True)
    return folder


@functools.cache
def fontconfig_file(book_folder: Path | None = None) -> Path:
    """A fonts.conf naming only the packages' font folders (and `book_folder`, the
    book's own fonts), with the generic families (serif, sans-serif, monospace) mapped
    to ours."""
    folders = sorted({str(path.parent) for path in installed_font_files()})
    if book_folder is not None:
        folders.append(str(book_folder))
    cache = platformdirs.user_cache_path("bookbuilder") / "fontconfig"
    generic = {"serif": (SERIF, "Noto Serif"), "sans-serif": (SANS, "Noto Sans"),
               "monospace": (MONO,)}  # fmt: skip
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
             "<fontconfig>"]  # fmt: skip
    lines += [f"  <dir>{xml_escape(folder)}</dir>" for folder in folders]
    lines.append(f"  <cachedir>{xml_escape(str(cache))}</cachedir>")
    for name, families in generic.items():
        prefer = "".join(f"<family>{xml_escape(f)}</family>" for f in families)
        lines.append(f"  <alias><family>{name}</family><prefer>{prefer}</prefer></alias>")
    lines.append("</fontconfig>")
    text = "\n".join(lines) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = cache / f"fonts-{digest}.conf"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(text, "utf-8")
        scratch.replace(path)
    return path
