"""Verified backups of the SQLite database (reliability.md §1.5).

Never copy the live file: ``VACUUM INTO`` a temporary name in the target folder, re-open it and
run ``integrity_check``, fsync it (VACUUM INTO does not), rename it into place, fsync the folder.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from mediation_app.storage.db import Database, StorageError


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        _fsync_path(path)


def verify_sqlite_file(path: Path) -> None:
    """Raise StorageError unless ``path`` is a structurally sound SQLite database with our tables."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise StorageError(f"backup failed its integrity check: {result[:3]}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            raise StorageError(f"backup has foreign key violations: {fk[:3]}")
        tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        if "alembic_version" not in tables:
            raise StorageError("backup has no schema version table")
    finally:
        con.close()


def backup_sqlite(db: Database, dest: Path) -> Path:
    """Write a verified copy of the database to ``dest`` and return it."""
    if not db.is_sqlite:
        raise StorageError("backups of a server database are made with the server's own tools")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.partial")
    tmp.unlink(missing_ok=True)
    try:
        raw = db.engine.raw_connection()  # VACUUM cannot run inside the transaction SQLAlchemy begins
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(tmp),))  # type: ignore[union-attr]
        finally:
            raw.close()
        verify_sqlite_file(tmp)
        _fsync_path(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
