"""Look at a database file before anything writes to it, without any possibility of writing.

Rules (reliability.md §0 rules 6, 7, 10; §6.2 #17-#21):

- A missing file is created only when the caller says so (``init``, the first-run dialog); a
  zero-length file is never treated as new: it may be a database that lost its contents.
- A file that is not SQLite, or is truncated, is refused before SQLite opens it.
- When no other process has it open, a leftover non-empty ``-wal`` means an unclean shutdown (or
  a WAL that does not belong to this file). The file and its WAL are *copied* to a temporary
  folder and the copy is checked; the originals are never opened, so SQLite cannot replay or
  discard the WAL. Without a WAL the file is opened ``immutable`` (no lock, no -shm, no writes).
- A clean close leaves a stamp (size and modification time); a file whose stamp does not match
  was changed outside the app and gets a ``quick_check`` before use.
- A schema written by a newer version is refused, naming that version.

Nothing here moves, renames or deletes a file; the caller tells the user what to do.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mediation_app.fileio import file_sha256
from mediation_app.storage import encryption
from mediation_app.storage.desks import wal_is_ours
from mediation_app.storage.errors import Damaged, ReadOnly, StorageError

SQLITE_HEADER = b"SQLite format 3\x00"


class Missing(StorageError):
    def __init__(self, path: Path, backup: Path | None = None) -> None:
        super().__init__(f"no database at {path}")
        self.path = path
        self.backup = backup


@dataclass(frozen=True)
class Preflight:
    """What the look found: whether the file may be written, and what was checked."""

    path: Path
    exists: bool
    read_only: bool = False
    read_only_folder: bool = False
    checked: str = ""  # "", "quick", "copy" — the check that ran, for the log


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def stamp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.clean")


def newest_verified_backup(folder: Path | None) -> Path | None:
    """The newest backup in ``folder`` whose manifest hash matches and that passes ``quick_check``."""
    if folder is None or not folder.is_dir():
        return None
    for candidate in sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True):
        manifest = candidate.with_name(candidate.name + ".json")
        try:
            expected = json.loads(manifest.read_text(encoding="utf-8")).get("sha256")
        except (OSError, ValueError):
            expected = None
        try:
            if expected and file_sha256(candidate) != expected:
                continue
            if quick_check(candidate, immutable=True) == "ok":
                return candidate
        except OSError:
            continue
    return None


def quick_check(path: Path, *, immutable: bool, full: bool = False, as_wal: bool = False) -> str:
    """'ok' or the first problem SQLite reports; opens ``path`` read-only (immutable: no lock files).
    ``as_wal`` (only for a private copy): switch to WAL first, as the app will, so a -wal left
    beside a rollback-mode file is read exactly as the app would read it."""
    uri = f"{path.resolve().as_uri()}?mode=" + ("rw" if as_wal else "ro") + ("&immutable=1" if immutable else "")
    try:
        if encryption.is_encrypted(path):  # SQLCipher, with the key this process opened it with
            con = encryption.connect(path, readonly=not as_wal)
        else:
            con = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            if as_wal:
                con.execute("PRAGMA journal_mode=WAL")
            rows = con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == [("ok",)]:
        return "ok"
    return "; ".join(str(r[0]) for r in rows[:3])


@contextmanager
def checked_copy(path: Path) -> Iterator[Path]:
    """A private copy of ``path`` and its ``-wal`` (never the -shm) for SQLite to recover and check."""
    with tempfile.TemporaryDirectory(prefix="mediation-check-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        wal = wal_path(path)
        if wal.exists():
            shutil.copyfile(wal, wal_path(copy))
        yield copy


def _structure_problem(path: Path, size: int) -> str | None:
    with path.open("rb") as fh:
        header = fh.read(100)
    if header[:16] != SQLITE_HEADER:
        return "foreign"
    if len(header) < 100:
        return "truncated"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "header"
    if size % page_size:
        return "truncated"
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    change = int.from_bytes(header[24:28], "big")
    if pages and valid_for == change and pages * page_size > size and not wal_path(path).exists():
        return "truncated"
    return None


def _writable(path: Path) -> tuple[bool, bool]:
    """(file writable, folder writable). Root ignores permission bits, so an immutable flag or a
    read-only mount is what stops it; ``os.access`` sees both."""
    folder_ok = os.access(path.parent, os.W_OK)
    file_ok = os.access(path, os.W_OK) if path.exists() else folder_ok
    return file_ok, folder_ok


def preflight(path: Path, backup_dir: Path | None, *, create: bool, alone: bool) -> Preflight:
    """Raise Missing, Damaged or ReadOnly (with the newest verified backup), or say what is safe."""
    if not path.exists():
        if not create:
            raise Missing(path, newest_verified_backup(backup_dir))
        if not os.access(path.parent if path.parent.exists() else path.parent.parent, os.W_OK):
            raise ReadOnly(path.parent, folder=True)
        return Preflight(path=path, exists=False)
    size = path.stat().st_size
    if size == 0:
        raise Damaged(path, "0 bytes", kind="empty", backup=newest_verified_backup(backup_dir))
    if encryption.is_encrypted(path):
        return _encrypted_preflight(path, backup_dir)
    problem = _structure_problem(path, size)
    if problem:
        raise Damaged(path, problem, kind="foreign" if problem == "foreign" else "damaged",
                      backup=newest_verified_backup(backup_dir))
    file_ok, folder_ok = _writable(path)
    checked = ""
    if alone:
        wal = wal_path(path)
        if wal.exists() and wal.stat().st_size > 0:  # unclean shutdown, or a WAL that is not this file's
            if wal_is_ours(path) is False:
                raise Damaged(path, "a -wal file this application did not write", kind="wal",
                              backup=newest_verified_backup(backup_dir))
            with checked_copy(path) as copy:
                result = quick_check(copy, immutable=False, full=True, as_wal=True)
            checked = "copy"
            if result != "ok":
                raise Damaged(path, result, kind="wal", backup=newest_verified_backup(backup_dir))
        elif not stamp_matches(path):
            result = quick_check(path, immutable=True)
            checked = "quick"
            if result != "ok":
                raise Damaged(path, result, backup=newest_verified_backup(backup_dir))
    return Preflight(path=path, exists=True, read_only=not (file_ok and folder_ok),
                     read_only_folder=not folder_ok, checked=checked)


def _encrypted_preflight(path: Path, backup_dir: Path | None) -> Preflight:
    """An SQLCipher file has no readable header and its WAL cannot be checked on a copy without the
    key; it must open with the key of this process and pass ``quick_check`` (which replays nothing:
    the WAL is read as the app will read it)."""
    result = quick_check(path, immutable=False)
    if result != "ok":
        kind = "foreign" if "not a database" in result or "encrypted" in result else "damaged"
        raise Damaged(path, result, kind=kind, backup=newest_verified_backup(backup_dir))
    file_ok, folder_ok = _writable(path)
    return Preflight(path=path, exists=True, read_only=not (file_ok and folder_ok),
                     read_only_folder=not folder_ok, checked="quick")


def stamp_matches(path: Path) -> bool:
    try:
        data = json.loads(stamp_path(path).read_text(encoding="utf-8"))
        st = path.stat()
    except (OSError, ValueError):
        return False
    return bool(data.get("size") == st.st_size and data.get("mtime_ns") == st.st_mtime_ns)


def write_stamp(path: Path) -> None:
    """After a clean close (no WAL left): remember the file as it is, so the next start can skip
    the check. Best effort; a missing stamp only costs one ``quick_check``."""
    try:
        if not path.exists() or (wal_path(path).exists() and wal_path(path).stat().st_size):
            return
        st = path.stat()
        stamp_path(path).write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns}), encoding="utf-8")
    except OSError:
        pass


def drop_stamp(path: Path) -> None:
    try:
        stamp_path(path).unlink(missing_ok=True)
    except OSError:
        pass


def stored_revision(path: Path, *, immutable: bool) -> tuple[str | None, str | None]:
    """(alembic revision, app version that last wrote) read without writing; (None, None) when the
    file has no schema yet."""
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    con = encryption.connect(path) if encryption.is_encrypted(path) else sqlite3.connect(uri, uri=True)
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        revision = version = None
        if "alembic_version" in tables:
            row = con.execute("select version_num from alembic_version").fetchone()
            revision = row[0] if row else None
        if "app_info" in tables:
            row = con.execute("select value from app_info where key='app_version'").fetchone()
            version = row[0] if row else None
        return revision, version
    finally:
        con.close()
