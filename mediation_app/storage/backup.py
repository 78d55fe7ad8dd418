"""Verified backups of the SQLite database (reliability.md §1.5).

Never copy the live file: ``VACUUM INTO`` a temporary name in the target folder, re-open it and
run ``integrity_check``, fsync it (VACUUM INTO does not), rename it into place, fsync the folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from mediation_app.storage import encryption
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
    con = encryption.connect(path)  # an encrypted database's backup is encrypted with its key
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


def _write_manifest(backup: Path) -> None:
    """Beside each backup: its hash and the audit chain's head at that moment. The head is an
    anchor held outside the live database, so a later truncation or rewrite of the audit log (which
    the chain alone cannot reveal) shows up in ``mediation-app check`` (reliability.md §5.2)."""
    con = encryption.connect(backup)
    try:
        row = con.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        con.close()
    manifest = {
        "file": backup.name,
        "sha256": hashlib.sha256(backup.read_bytes()).hexdigest(),
        "schema": revision[0] if revision else None,
        "audit_seq": row[0] if row else 0,
        "audit_hash": row[1] if row else None,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    tmp = backup.with_name(f".{backup.name}.json.partial")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, manifest_path(backup))
    _fsync_dir(backup.parent)


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def newest_anchor(folder: Path) -> dict[str, object] | None:
    """The manifest of the newest backup in ``folder`` that has one."""
    manifests = sorted(folder.glob("*.db.json"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    for path in reversed(manifests):
        try:
            data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
            return data
        except (OSError, ValueError):
            continue
    return None


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
        _write_manifest(dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
