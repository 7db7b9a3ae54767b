"""The one place where a name written in a book becomes a file on disk.

A build reads only files inside the book folder: no URLs, no absolute paths, no `..`
escapes, no symlinks that lead outside (design.md, section 5).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

NAME_MAX = 255  # bytes in one file name, on every common file system
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class OutsideBook(ValueError):
    """The reference points outside the book folder, or is not a local path at all."""


def is_external(reference: str) -> bool:
    """True for links with a scheme (https:, mailto:) or protocol-relative ones."""
    return bool(_SCHEME.match(reference)) or reference.startswith("//")


def resolve(root: Path, base: Path, reference: str) -> Path:
    """The file that `reference`, written in a file inside `base`, names.

    Raises OutsideBook with a reason a person can act on.
    """
    if is_external(reference):
        raise OutsideBook(f"'{reference}' is not a file in the book (URLs are not read)")
    posix = PurePosixPath(reference.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[A-Za-z]:", reference):
        raise OutsideBook(f"'{reference}' is an absolute path; use a path inside the book folder")
    if any(len(part.encode("utf-8")) > NAME_MAX for part in posix.parts):
        raise OutsideBook(f"'{reference[:60]}…' has a name longer than a file name can be")
    root = root.resolve()
    target = (base / Path(*posix.parts)).resolve()
    if not target.is_relative_to(root):
        raise OutsideBook(f"'{reference}' is outside the book folder")
    return target


def book_relative(root: Path, path: Path) -> str:
    """The posix path of `path` relative to the book folder (its name inside the EPUB)."""
    return path.resolve().relative_to(root.resolve()).as_posix()
