"""Verified backups of the SQLite database (reliability.md §1.5).

Never copy the live file: ``VACUUM INTO`` a hidden partial name in the target folder, switch the copy
to rollback-journal mode (so opening it read-only later creates no ``-wal``/``-shm``), run
``integrity_check``, fsync it (VACUUM INTO does not), rename it into place, fsync the folder, then
write its manifest (SHA-256, schema, case count, audit chain head) and read the whole file back
against that manifest. A backup is checked again against its manifest wherever it is listed or used.

Backups of one folder are written under an advisory lock (``.backup.lock``); whoever holds the lock
knows no other backup is running, so hidden partial files left by a killed backup are removed then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediation_app.fileio import file_sha256
from mediation_app.storage import encryption
from mediation_app.storage.db import Database, StorageError

MANIFEST_SUFFIX = ".json"
LOCK_NAME = ".backup.lock"
PARTIAL_MARK = ".partial"


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    if os.name == "posix":
        with contextlib.suppress(OSError):
            _fsync_path(path)


def make_private(path: Path) -> None:
    """Owner read/write only on POSIX: backups hold the same personal data as the database."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)


sha256_file = file_sha256  # the name the backup and restore code reads it by


def read_only_uri(path: Path) -> str:
    """An URI that opens ``path`` without any possibility of writing or creating files beside it."""
    return Path(path).resolve().as_uri() + "?mode=ro&immutable=1"


def _open_read_only(path: Path) -> Any:
    """A read-only connection; an encrypted file (and so its backups) opens with this process's key."""
    if encryption.is_encrypted(path):
        return encryption.connect(path)
    return sqlite3.connect(read_only_uri(path), uri=True)


def integrity_problems(path: Path) -> list[str]:
    """Empty when ``path`` is a structurally sound SQLite database with our schema table."""
    try:
        con = _open_read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            return result[:3]
        if con.execute("PRAGMA foreign_key_check").fetchall():
            return ["foreign key violations"]
        tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        if "alembic_version" not in tables:
            return ["no schema version table"]
        return []
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        con.close()


def verify_sqlite_file(path: Path) -> None:
    """Raise StorageError unless ``path`` is a structurally sound SQLite database with our tables."""
    problems = integrity_problems(path)
    if problems:
        raise StorageError(f"backup failed its integrity check: {problems}")


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def read_manifest(backup: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _facts(path: Path) -> dict[str, Any]:
    con = _open_read_only(path)
    try:
        head = con.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
        count = con.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        cases = con.execute("SELECT count(*) FROM mediation_case").fetchone()[0]
    finally:
        con.close()
    return {"schema": revision[0] if revision else None, "cases": cases, "audit_seq": head[0] if head else 0,
            "audit_hash": head[1] if head else None, "audit_count": count}


def write_manifest(backup: Path, kind: str, extra: dict[str, Any] | None = None,
                   source: Path | None = None) -> dict[str, Any]:
    """Beside each backup: its hash, size, what it holds and the audit chain's head at that moment.
    ``source`` is the file described when it is not yet under its final name."""
    source = source or backup
    manifest = {
        "file": backup.name,
        "kind": kind,
        "sha256": sha256_file(source),
        "size": source.stat().st_size,
        **_facts(source),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **(extra or {}),
    }
    tmp = backup.with_name(f".{backup.name}{MANIFEST_SUFFIX}{PARTIAL_MARK}")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, manifest_path(backup))
    fsync_dir(backup.parent)
    return manifest


# -- the folder lock and stale partial files -------------------------------------------------------
@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``folder`` (blocks while another process holds it)."""
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 - held for the block
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        else:  # pragma: no cover - Windows
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]
        yield
    finally:
        fh.close()  # closing releases the lock


def stale_partials(folder: Path) -> list[Path]:
    """Hidden partial files of unfinished backups (``.NAME.partial``, its journal, its manifest)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and PARTIAL_MARK in p.name and p.is_file())


def clean_partials(folder: Path) -> tuple[int, int]:
    """Remove partial files left by a killed backup; (files, bytes) removed. Call with the lock held."""
    files = size = 0
    for path in stale_partials(folder):
        with contextlib.suppress(OSError):
            n = path.stat().st_size
            path.unlink()
            files, size = files + 1, size + n
    if files:
        fsync_dir(folder)
    return files, size


# -- writing ------------------------------------------------------------------------------------
def _vacuum_into(db: Database, tmp: Path) -> None:
    raw = db.engine.raw_connection()  # VACUUM cannot run inside the transaction SQLAlchemy begins
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(tmp),))  # type: ignore[union-attr]
    finally:
        raw.close()


def _to_rollback_journal(path: Path) -> None:
    con = (encryption.connect(path, readonly=False) if encryption.is_encrypted(path)
           else sqlite3.connect(path, isolation_level=None))
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def write_backup(db: Database, dest: Path, kind: str = "manual", extra: dict[str, Any] | None = None,
                 ) -> dict[str, Any]:
    """Write a verified copy of the database to ``dest``; return its manifest."""
    if not db.is_sqlite:
        raise StorageError("backups of a server database are made with the server's own tools")
    dest = Path(dest)
    with folder_lock(dest.parent):
        clean_partials(dest.parent)
        tmp = dest.with_name(f".{dest.name}{PARTIAL_MARK}")
        try:
            _vacuum_into(db, tmp)
            make_private(tmp)
            _to_rollback_journal(tmp)
            verify_sqlite_file(tmp)
            _fsync_path(tmp)
            manifest = write_manifest(dest, kind, extra, source=tmp)  # a backup never lacks its manifest
            os.replace(tmp, dest)
            fsync_dir(dest.parent)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                leftover.unlink(missing_ok=True)
    problem = check_backup(dest)  # read it back: what is on the disk is what the manifest says
    if problem:
        raise StorageError(f"the backup written to {dest} does not read back correctly: {problem}")
    return manifest


def backup_sqlite(db: Database, dest: Path, kind: str = "manual") -> Path:
    """Write a verified copy of the database to ``dest`` and return it."""
    write_backup(db, dest, "before-upgrade" if "before-upgrade" in Path(dest).name else kind)
    return Path(dest)


# -- checking -----------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class BackupCheck:
    path: Path
    manifest: dict[str, Any] | None
    problem: str | None  # None = verified: hash matches the manifest and integrity_check is ok


def check_backup(path: Path, *, deep: bool = True) -> str | None:
    """Why ``path`` cannot be trusted (plain English), or None. ``deep`` adds integrity_check."""
    manifest = read_manifest(path)
    if manifest is None:
        return "no manifest"
    try:
        digest = sha256_file(path)
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    if digest != manifest.get("sha256"):
        return "hash mismatch"
    if deep:
        problems = integrity_problems(path)
        if problems:
            return "integrity: " + "; ".join(problems)
    return None


def list_backups(folder: Path) -> list[Path]:
    """Backup files in ``folder`` (not partials, not manifests), newest first by manifest time."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("*.db") if not p.name.startswith(".") and p.is_file()]

    def when(p: Path) -> str:
        m = read_manifest(p)
        return str(m.get("created_at")) if m else dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC).isoformat()

    return sorted(found, key=lambda p: (when(p), p.name), reverse=True)


def delete_backup(path: Path) -> None:
    path.unlink(missing_ok=True)
    manifest_path(path).unlink(missing_ok=True)


def newest_anchor(folder: Path) -> dict[str, object] | None:
    """The manifest of the newest backup in ``folder`` that has one."""
    for path in list_backups(folder):
        manifest = read_manifest(path)
        if manifest is not None:
            return manifest
    return None


def live_problems(db: Database) -> list[str]:
    """integrity_check and foreign_key_check of the live database through its own connection (which
    sees the ``-wal``); empty when sound."""
    with db.engine.connect() as conn:
        result = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if result != ["ok"]:
        return result[:3]
    return [f"{len(fk)} foreign key violations"] if fk else []


def has_sqlite_header(path: Path) -> bool:
    """An SQLite file, or an encrypted one that a key in use opens (its header is not readable)."""
    if encryption.is_encrypted(path):
        return encryption.opens_any(path)
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
