"""Writing outputs: atomically (never a half-written file) and reproducibly."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from bookbuilder.model import BookConfig

FILE_NAMES = {
    "epub": "{name}.epub",
    "pdf": "{name}.pdf",
    "pdf-large-print": "{name}-large-print.pdf",
    "booklet": "{name}-booklet.pdf",
    "html": "{name}-html",  # a folder: the web edition
}
STALE_SECONDS = 3600  # a temporary file this old, whose process is unknown, is left over
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def build_day() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names, so that builds repeat: the day review
    dates are judged for readers and handouts are dated."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch.isdigit() else date.today()


def output_path(config: BookConfig, format_name: str) -> Path:
    """Where the book's output in `format_name` goes."""
    return config.output_dir / FILE_NAMES[format_name].format(name=config.output_name)


def write_atomic(path: Path, data: bytes, *, sync: bool = True, tidy: bool = True) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    A build that fails or is killed leaves the previous `path` as it was. `sync=False`
    skips flushing to the disk, for caches whose loss after a power cut costs only time.
    `tidy=False` leaves the leftovers of killed builds to `write_cached`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if tidy:
        remove_leftovers(path)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError) and error.filename is None:
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise


def write_folder(path: Path, files: dict[str, bytes]) -> None:
    """Make the folder `path` hold exactly `files` (by their path in it). Each file is
    replaced whole (`write_atomic`), files it already holds unchanged are left alone, and
    files of an earlier build that are not in `files` are removed. The folder itself
    stays: a web server or a shell working in it goes on working."""
    path.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = path / name
        if not (
            target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data
        ):
            write_atomic(target, data, sync=False)
    wanted = {path / name for name in files}
    for old in sorted(path.rglob("*"), reverse=True):  # files before their folders
        if old.is_file() and old not in wanted and not old.name.startswith("."):
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()


def book_key(root: Path) -> str:
    """The name of the book folder `root`'s entries in the user cache folder (the
    chapters', the layouts', the reading measures')."""
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]


def files_digest(paths, *texts: str) -> str:
    """A hex digest of `texts` and of the bytes of the files `paths`, in order: what a
    cache keys on for the code (and the data files) that made an entry, so that an entry
    made by other code is never reused."""
    digest = hashlib.sha256("\0".join(texts).encode())
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


_tidied: set[Path] = set()  # cache folders whose leftovers this process removed


def write_cached(path: Path, data: bytes) -> None:
    """`write_atomic` for a cache entry: not flushed to the disk, and the leftovers of
    killed builds removed from its folder once a process, not at each of the hundreds of
    entries a book's caches hold (each removal lists the folder). An entry that holds
    `data` already is left as it is: `--force` renders everything again, mostly the same,
    and replacing a file costs more than reading it."""
    with contextlib.suppress(OSError):
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    if path.parent not in _tidied:
        _tidied.add(path.parent)
        with contextlib.suppress(OSError):
            for leftover in path.parent.glob(".*.tmp"):
                _remove_if_left(leftover, None)
    write_atomic(path, data, sync=False, tidy=False)


def remove_leftovers(path: Path) -> None:
    """Delete temporary files that killed builds left beside `path`. A file whose process
    still runs belongs to a concurrent build and is kept."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        _remove_if_left(leftover, path.name)


def _remove_if_left(leftover: Path, name: str | None) -> None:
    """`leftover`, a temporary file of `name` (None: of any file), removed if the build
    that wrote it is gone, or if it is stale."""
    match = _TEMPORARY.match(leftover.name)
    with contextlib.suppress(FileNotFoundError):
        if match and match["name"] == (name or match["name"]):
            if not _running(int(match["pid"])):
                _remove(leftover)
        elif time.time() - leftover.stat().st_mtime > STALE_SECONDS:
            _remove(leftover)


def _remove(path: Path) -> None:
    """A leftover file, or a leftover temporary folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def reproducible_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite an EPUB archive: `mimetype` first and stored, then entries sorted by name,
    every entry stamped with `when` and the same attributes (as Standard Ebooks does)."""
    stamp = max(when.astimezone(UTC), datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != "mimetype", name))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name), compresslevel=9)
    return result.getvalue()
