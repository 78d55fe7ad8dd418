"""Typed storage errors, and the one place where database exceptions become them.

Storage speaks in these; services turn them into one translated sentence (services/errors.py).
Their ``str()`` is plain English for the log, never SQL or parameters.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class StorageError(Exception):
    """A storage problem the user must be told about (message is plain English; services translate)."""


class Locked(StorageError):
    """Another process holds the write lock longer than we are willing to wait."""

    def __init__(self, holders: tuple[str, ...] = (), waited: float = 0.0) -> None:
        super().__init__(f"database locked by another process after {waited:.0f} s")
        self.holders = holders
        self.waited = waited


class DiskFull(StorageError):
    def __init__(self, path: Path | None = None, free_bytes: int | None = None, needed_bytes: int | None = None) -> None:
        super().__init__(f"disk full at {path}")
        self.path = path
        self.free_bytes = free_bytes
        self.needed_bytes = needed_bytes


class ReadOnly(StorageError):
    def __init__(self, path: Path | None = None, folder: bool = False) -> None:
        super().__init__(f"read-only {'folder' if folder else 'file'}: {path}")
        self.path = path
        self.folder = folder


class Damaged(StorageError):
    """The file is not a sound database. ``backup`` is the newest verified backup, if any."""

    def __init__(self, path: Path | None, detail: str = "", *, kind: str = "damaged",
                 backup: Path | None = None) -> None:
        super().__init__(f"{kind}: {path}: {detail}")
        self.path = path
        self.detail = detail
        self.kind = kind  # damaged | empty | foreign | missing | wal
        self.backup = backup


class NewerSchema(StorageError):
    def __init__(self, revision: str, app_version: str | None) -> None:
        super().__init__(f"schema {revision} written by version {app_version or 'unknown'}")
        self.revision = revision
        self.app_version = app_version


class Conflict(StorageError):
    """A uniqueness or foreign-key rule refused the change (the service says which)."""


class TooLong(StorageError):
    """A text longer than its column keeps (storage/text_limits.py; None when the server said so)."""

    def __init__(self, table: str | None, column: str | None, length: int | None, limit: int | None) -> None:
        super().__init__(f"text too long for {table}.{column}: {length} > {limit}")
        self.table, self.column, self.length, self.limit = table, column, length, limit


# SQLite primary result codes (sqlite3.h) when the driver gives a numeric code.
_CORRUPT, _NOTADB, _FULL, _READONLY, _BUSY, _LOCKED, _IOERR, _CANTOPEN = 11, 26, 13, 8, 5, 6, 10, 14


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return int(code) & 0xFF if isinstance(code, int) else None


def classify(exc: BaseException, path: Path | None = None, homes: Iterable[Path] | None = None) -> StorageError | None:
    """The typed error for a driver exception (sqlite3, psycopg, OSError), or None when it is not
    one of the kinds a person can act on (a programming error stays what it is). ``homes``: the
    folders of the database's own files (its file's folder, the data folder with the attachments and
    backups; by default the file's folder): an OSError naming a file elsewhere is not the database's."""
    if isinstance(exc, StorageError):
        return exc
    orig: Any = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's exception
    if isinstance(orig, OSError):
        own = _path_of(orig)
        places = tuple(homes) if homes is not None else ((path.parent,) if path is not None else ())
        if own is not None and places and not any(_within(own, place) for place in places):
            return None  # a document, export or bundle the user asked for: not the database's disk
        if orig.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return DiskFull(path or _path_of(orig))
        if orig.errno == errno.EROFS:  # not EACCES: a denied attachment is not a read-only database
            return ReadOnly(path or _path_of(orig))
        return None
    cipher = (type(orig).__module__ or "").startswith("sqlcipher3")  # SQLCipher: SQLite's errors, own classes
    if isinstance(orig, sqlite3.Error) or cipher:
        code = _sqlite_code(orig)
        text = str(orig).lower()
        if code in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
            return Damaged(path, str(orig))
        if code == _FULL or "database or disk is full" in text:
            return DiskFull(path)
        if code == _READONLY or "readonly database" in text or "read-only" in text:
            return ReadOnly(path)
        if code in (_BUSY, _LOCKED) or "database is locked" in text:
            return Locked()
        if isinstance(orig, sqlite3.IntegrityError) or (cipher and type(orig).__name__ == "IntegrityError"):
            return Conflict(str(orig))
        if code in (_IOERR, _CANTOPEN) or "disk i/o error" in text or "unable to open" in text:
            return _io_problem(path)
        return None
    module = type(orig).__module__ or ""
    if module.startswith("psycopg"):
        sqlstate = getattr(orig, "sqlstate", None) or ""
        if sqlstate.startswith("23"):
            return Conflict(sqlstate)
        if sqlstate == "22001":  # string_data_right_truncation: a text the measuring before the flush missed
            return TooLong(None, None, None, None)
        if sqlstate in ("53100",):  # disk_full
            return DiskFull(None)
        if sqlstate in ("55P03", "40P01"):  # lock_not_available, deadlock_detected
            return Locked()
        if sqlstate == "25006":  # read_only_sql_transaction
            return ReadOnly(None)
        if sqlstate.startswith("XX"):  # data_corrupted, index_corrupted
            return Damaged(None, sqlstate)
    return None


def _within(file: Path, folder: Path) -> bool:
    try:
        return file.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


def _path_of(exc: OSError) -> Path | None:
    return Path(exc.filename) if getattr(exc, "filename", None) else None


def _io_problem(path: Path | None) -> StorageError:
    """A generic I/O error: disk full (RLIMIT/EFBIG gives SQLITE_IOERR_WRITE) or an unwritable place."""
    import os
    import shutil

    if path is not None:
        folder = path.parent if path.parent.exists() else None
        if folder is not None:
            try:
                if shutil.disk_usage(folder).free < 1_000_000:
                    return DiskFull(path)
            except OSError:
                pass
            if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
                return ReadOnly(path, folder=not os.access(folder, os.W_OK))
    return DiskFull(path) if path is None else Damaged(path, "disk I/O error", kind="io")
