"""Putting a verified backup in place of the live SQLite file (reliability.md §1.3, §2.4).

Called with every connection of this process closed. Order matters:
1. the caller has verified the backup (manifest SHA-256 + integrity_check, opened read-only);
2. a safety copy of the current file: a verified backup when it is sound, else a raw copy of the
   file and its ``-wal`` kept as ``damaged-…`` (never deleted);
3. the current file is switched to rollback-journal mode, which fails while another program holds
   it open (then nothing is replaced) and leaves no ``-wal``/``-shm`` of its own;
4. any ``-wal``/``-shm``/``-journal`` still beside it is moved into the backups folder *before* the
   new file arrives, so it can never be replayed onto the restored file;
5. the backup is copied to a hidden partial name in the same folder, fsynced, checked against the
   expected hash and moved over the live name with ``os.replace``; the folder is fsynced;
6. the file now under the live name is hashed and integrity-checked again.
A kill at any point leaves either the old file or the complete new one under the live name.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from mediation_app.fileio import atomic_copy, atomic_write_text
from mediation_app.storage import encryption
from mediation_app.storage.backup import (
    PARTIAL_MARK,
    fsync_dir,
    integrity_problems,
    manifest_path,
    sha256_file,
    write_backup,
    write_manifest,
)
from mediation_app.storage.db import Database, sqlite_url
from mediation_app.storage.errors import StorageError
from mediation_app.storage.preflight import SQLITE_HEADER, stamp_path

SIDE_FILES = ("-wal", "-shm", "-journal")


class DatabaseInUse(StorageError):
    """Another program has the database open; nothing was replaced."""


@dataclass(frozen=True, kw_only=True)
class SwapResult:
    safety_copy: Path | None
    safety_verified: bool
    moved_aside: tuple[Path, ...]
    sha256: str


def restoring_partial(live: Path) -> Path:
    return live.with_name(f".{live.name}.restoring{PARTIAL_MARK}")


def _raw_partial(live: Path) -> Path:
    return live.with_name(f".{live.name}.safety{PARTIAL_MARK}")


def clean_restore_partial(live: Path) -> int:
    """Remove the hidden copies a killed restore left beside the live file; bytes removed."""
    size = 0
    for base in (restoring_partial(live), _raw_partial(live)):
        # the desk files and clean-close stamp that opening the copy leaves beside it go too
        for path in (base, *(base.with_name(base.name + s) for s in (*SIDE_FILES, "-lock", "-writer")),
                     stamp_path(base)):
            if path.exists():
                size += path.stat().st_size
                path.unlink(missing_ok=True)
    return size


def _header_ok(path: Path) -> bool:
    if encryption.is_encrypted(path):  # no readable header; it must open with a key in use
        return encryption.opens_any(path)
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _copy_with_wal(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    wal = src.with_name(src.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, dst.with_name(dst.name + "-wal"))


def _keep_damaged(live: Path, target: Path) -> None:
    """Copy the file and its ``-wal`` under ``target`` durably, each complete or not at all: the live
    file is replaced only after this copy is on the disk, and a copy that fails (a full disk) leaves
    no half of it behind."""
    wal, wal_copy = live.with_name(live.name + "-wal"), target.with_name(target.name + "-wal")
    try:
        if wal.exists():
            atomic_copy(wal, wal_copy)
        atomic_copy(live, target)
    except BaseException:
        with contextlib.suppress(OSError):
            wal_copy.unlink(missing_ok=True)
        raise


def _safety_copy(live: Path, folder: Path, stamp: str) -> tuple[Path, bool]:
    """A verified backup of what is under the live name now, made from a raw copy of the file and
    its ``-wal`` (so a WAL that is not ours is replayed into the copy, never into the original).
    When that copy does not open, the raw copy itself is kept as ``damaged-…``."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = _raw_partial(live)
    _copy_with_wal(live, raw)
    try:
        if _header_ok(raw):  # its own -wal is replayed into the copy when it opens
            target = folder / f"before-restore-{stamp}.db"
            try:  # a copy that fails the start-up look (a damaged page) is kept raw instead
                db: Database | None = Database(sqlite_url(raw))
            except (StorageError, sqlite3.Error, OSError):
                db = None
            if db is not None:
                try:
                    write_backup(db, target, kind="before-restore")
                    return target, True
                except (StorageError, sqlite3.Error, OSError):
                    pass  # keep the raw copy instead
                finally:
                    db.dispose()
        target = folder / f"damaged-{stamp}.db"
        _keep_damaged(live, target)
        try:
            write_manifest(target, "damaged")
        except (sqlite3.Error, OSError):  # a damaged file has no readable facts; record its hash only
            atomic_write_text(manifest_path(target), json.dumps({"file": target.name, "kind": "damaged",
                                                                 "sha256": sha256_file(target)}))
        return target, False
    finally:
        clean_restore_partial(live)


def _release(live: Path) -> None:
    """Checkpoint and leave WAL mode; raise DatabaseInUse when another connection holds the file."""
    try:
        con = (encryption.connect(live, readonly=False) if encryption.is_encrypted(live)
               else sqlite3.connect(live, timeout=0.5, isolation_level=None))
    except sqlite3.Error:
        return
    try:
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseInUse("the database is open in another program") from exc
        return  # damaged: nothing of it will be kept under the live name
    except sqlite3.DatabaseError:
        return
    finally:
        con.close()
    if str(mode).lower() != "delete":
        raise DatabaseInUse("the database is open in another program")


def _move_aside(live: Path, folder: Path, stamp: str) -> list[Path]:
    moved = []
    for suffix in SIDE_FILES:
        side = live.with_name(live.name + suffix)
        if side.exists():
            target = folder / f"replaced-{stamp}{suffix}"
            shutil.move(str(side), target)
            moved.append(target)
    if moved:
        fsync_dir(live.parent)
    return moved


def swap_in(live: Path, backup: Path, expected_sha256: str, folder: Path, stamp: str) -> SwapResult:
    """Put ``backup`` (already verified against ``expected_sha256``) in place of ``live``."""
    live, folder = Path(live), Path(folder)
    safety: Path | None = None
    verified = False
    if live.exists() and live.stat().st_size > 0:
        safety, verified = _safety_copy(live, folder, stamp)
        _release(live)
    moved = _move_aside(live, folder, stamp)
    tmp = restoring_partial(live)
    try:
        with open(backup, "rb") as src, open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        if sha256_file(tmp) != expected_sha256:
            raise StorageError("the copy of the backup does not match its manifest")
        os.replace(tmp, live)
        fsync_dir(live.parent)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    digest = sha256_file(live)
    problems = integrity_problems(live)
    if digest != expected_sha256 or problems:
        raise StorageError(f"the restored file does not check out: {problems or 'hash mismatch'}")
    return SwapResult(safety_copy=safety, safety_verified=verified, moved_aside=tuple(moved), sha256=digest)
