"""The no-op rebuild: when nothing a build read has changed, its outputs are current.

After a build, OUT_DIR/.make-book-cache.json records a hash of every input file (the
config, each chapter, the glossary, the disclaimer, images, the book's styles and
templates), the listings of the folders a build looks into, the options, and a hash of
each output. The next build with the same key and untouched outputs only replays the
warnings it found.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bookbuilder import __version__
from bookbuilder.diagnostics import Diagnostic, Severity
from bookbuilder.model import Book
from bookbuilder.output import write_atomic

CACHE_NAME = ".make-book-cache.json"


def _digest(path: Path) -> str:
    """A file's hash; a folder's (the web edition) is that of its files' names and hashes."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        listing = "\n".join(f"{p.relative_to(path).as_posix()} {_digest(p)}" for p in files)
        return hashlib.sha256(listing.encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def inputs_of(book: Book) -> list[Path]:
    """Every file the build of `book` read."""
    config = book.config
    files = [
        config.root / config.source.name,
        *config.chapters,
        *(r.source for r in book.resources),
    ]
    files += [p for p in (config.glossary, config.disclaimer, config.cover) if p]
    for folder in ("styles", "templates"):
        if (config.root / folder).is_dir():
            files += sorted(p for p in (config.root / folder).rglob("*") if p.is_file())
    return sorted(set(files))


def build_key(root: Path, files: list[str], options: dict) -> str:
    """A hash of the inputs' contents, the chapter folder's listing and the options."""
    digest = hashlib.sha256()
    context = {
        "version": __version__,
        "options": options,
        "listings": _listings(root),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "today": date.today().isoformat(),
    }
    digest.update(json.dumps(context, sort_keys=True).encode())
    for name in files:
        digest.update(name.encode() + b"\0" + _digest(root / name).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildRecord:
    outputs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]


def _listings(root: Path) -> dict[str, list[str]]:
    """The files in the folders a build looks into by default: a file added there (a
    chapter, a glossary.yaml or disclaimer.md used when present, a style, a template)
    changes the build even though the last build never read it."""
    listings = {}
    for folder in ("", "chapters", "styles", "templates"):
        where = root / folder
        listings[folder] = sorted(p.name for p in where.iterdir()) if where.is_dir() else []
    return listings


def cached_result(root: Path, out_dir: Path, options: dict) -> BuildRecord | None:
    """The last build's outputs and warnings when they are still current, else None."""
    try:
        record = json.loads((out_dir / CACHE_NAME).read_text("utf-8"))
        if record.get("key") != build_key(root, record.get("inputs", []), options):
            return None
        for name, digest in record.get("outputs", {}).items():
            if _digest(out_dir / name) != digest:
                return None
        diagnostics = tuple(
            Diagnostic(root / path, line, col, Severity(severity), code, message)
            for path, line, col, severity, code, message in record["diagnostics"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no record, or one from another version: build
    return BuildRecord(tuple(out_dir / name for name in record["outputs"]), diagnostics)


def remember(book: Book, options: dict, outputs: list[Path], diagnostics: list[Diagnostic]) -> None:
    root, out_dir = book.config.root, book.config.output_dir
    inputs = [str(p.relative_to(root)) for p in inputs_of(book) if p.is_relative_to(root)]
    record = {
        "key": build_key(root, inputs, options),
        "inputs": inputs,
        "outputs": {str(p.relative_to(out_dir)): _digest(p) for p in outputs},
        "diagnostics": [
            [os.path.relpath(d.path, root), d.line, d.col, str(d.severity), d.code, d.message]
            for d in diagnostics
        ],
    }
    write_atomic(out_dir / CACHE_NAME, json.dumps(record, indent=1).encode())
