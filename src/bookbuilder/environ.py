"""Environment variables set for a while: some libraries read their settings only from
the environment (fontconfig's FONTCONFIG_FILE, fontTools' SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def variable(name: str, value: str) -> Iterator[None]:
    """`name` set to `value` while active, and as it was afterwards (unset if it was)."""
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            del os.environ[name]
        else:
            os.environ[name] = previous
