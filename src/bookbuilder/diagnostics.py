"""One message type for every problem a book can have, and the exception that carries them.

Stages never print: they collect `Diagnostic`s in a `Report` and raise `BookError`
when a stage cannot go on. The CLI alone decides how they look and which exit code follows.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from bookbuilder.codes import lookup


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at a place in a source file (line and column are 1-based)."""

    path: Path
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def format(self, cwd: Path | None = None) -> str:
        return (
            f"{display_path(self.path, cwd)}:{self.line}:{self.col}: "
            f"{self.severity}: {self.message} [{self.code}]"
        )

    def as_dict(self, cwd: Path | None = None) -> dict[str, object]:
        return {
            "path": display_path(self.path, cwd),
            "line": self.line,
            "col": self.col,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path as a person typed it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path, cwd or Path.cwd())
    except (ValueError, OSError):  # another drive on Windows; a working folder now deleted
        return str(path)
    return str(path) if relative.startswith("..") else relative


class BookError(Exception):
    """A build cannot go on; carries every diagnostic found up to that point."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (str(d.path), d.line, d.col))
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


@dataclass
class Report:
    """Collects diagnostics so that one run reports every mistake at once (as mkdocs does)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(
        self, severity: Severity, code: str, path: Path, line: int, message: str, col: int = 1
    ) -> None:
        lookup(code)  # an unregistered code is a bug in bookbuilder: fail loudly in tests
        self.diagnostics.append(
            Diagnostic(path, max(line, 1), max(col, 1), severity, code, message)
        )

    def error(self, code: str, path: Path, line: int, message: str, col: int = 1) -> None:
        self.add(Severity.ERROR, code, path, line, message, col)

    def warning(self, code: str, path: Path, line: int, message: str, col: int = 1) -> None:
        self.add(Severity.WARNING, code, path, line, message, col)

    def info(self, code: str, path: Path, line: int, message: str, col: int = 1) -> None:
        self.add(Severity.INFO, code, path, line, message, col)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    def raise_if_errors(self) -> None:
        """Stop the build; the error carries the warnings too, so nothing goes unsaid."""
        if self.errors:
            raise BookError(self.diagnostics)


class WarningCollector(logging.Handler):
    """The distinct warnings a library logs while it works (WeasyPrint's), in order: to
    be said once each, as diagnostics."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)
