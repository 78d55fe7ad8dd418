"""Atomic, durable file writing.

A crash (or power cut) while writing never leaves a half-written file under the final name:
the bytes go to a temporary file in the same directory, which is flushed and fsynced, then
moved over the target with ``os.replace``; finally the directory entry is fsynced (POSIX).
On Windows ``os.replace`` fails with ``PermissionError`` while a viewer or a virus scanner
holds the target open; that is retried a few times before giving up.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

REPLACE_RETRIES = 5
REPLACE_DELAY_S = 0.2


def _fsync_dir(directory: Path) -> None:
    if sys.platform == "win32":  # directories cannot be opened for fsync on Windows
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace(src: str, dst: Path, retries: int, delay: float) -> None:
    for attempt in range(retries + 1):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == retries:
                raise
            time.sleep(delay * (attempt + 1))


def move_into_place(tmp: str | os.PathLike[str], path: str | os.PathLike[str], *,
                    retries: int = REPLACE_RETRIES, delay: float = REPLACE_DELAY_S) -> Path:
    """Put a finished temporary file (written in the target's folder) under its final name: fsync it,
    ``os.replace`` it (retried while another program holds the target), fsync the folder."""
    target = Path(path)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    _replace(str(tmp), target, retries, delay)
    _fsync_dir(target.parent if str(target.parent) else Path("."))
    return target


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str],
    *,
    retries: int = REPLACE_RETRIES,
    delay: float = REPLACE_DELAY_S,
) -> Iterator[BinaryIO]:
    """Open a binary stream whose content replaces ``path`` only if the block ends normally."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        exc.filename = str(target)  # the person chose this name, not the temporary one
        raise
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, target, retries, delay)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno is not None and exc.filename in (None, tmp):
            exc.filename = str(target)  # a failed write names no file, or the temporary one: it is this one
        raise
    _fsync_dir(directory)


def drop_cached(path: str | os.PathLike[str]) -> None:
    """Ask the system to forget the cached pages of ``path`` (written and fsynced already), so that
    reading it back reads the disk or stick itself rather than memory. POSIX only; elsewhere, and when
    the system declines, reading back still reads the file anew."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, **kwargs: float) -> Path:
    """Write ``data`` to ``path`` atomically and durably; return the path."""
    with atomic_open(path, **kwargs) as fh:  # type: ignore[arg-type]
        fh.write(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_copy(source: str | os.PathLike[str], path: str | os.PathLike[str]) -> Path:
    """Copy ``source`` to ``path`` atomically and durably (private to this account); return the path."""
    with open(source, "rb") as src, atomic_open(path) as out:
        shutil.copyfileobj(src, out, 1 << 20)
    return Path(path)


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, read in blocks of a megabyte (memory stays bounded)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
