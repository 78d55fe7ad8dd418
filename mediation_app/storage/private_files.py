"""Personal data at rest: on POSIX the data directory is 0700 and its files 0600.

Everything this process creates afterwards is private too (umask 077): the database and its -wal
and -shm files, backups and their manifests, attachments, drafts and the log. Files made by an
earlier version are tightened once, the first time a folder is found open to others.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
OWNED_FOLDERS = ("attachments", "backups", "drafts", "logs")


def _tighten(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(mode)
    except OSError:
        pass  # not ours to change (another owner, read-only medium): the check reports it


def _tighten_tree(folder: Path) -> None:
    if not folder.is_dir() or not stat.S_IMODE(folder.stat().st_mode) & 0o077:
        return  # already private: its files were tightened when it was made so
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            _tighten(Path(root) / d, PRIVATE_DIR)
        for f in files:
            _tighten(Path(root) / f, PRIVATE_FILE)
    _tighten(folder, PRIVATE_DIR)


def make_private(data_dir: Path, *, own_folder: bool) -> None:
    """Restrict the app's files to their owner (no-op on Windows, where the per-user folder is
    private already). ``own_folder``: the data directory is the app's own (the per-user default),
    so the folder itself is made 0700 too; a folder the user chose for ``--db`` keeps its mode
    unless the app creates it, and only the app's files in it are tightened."""
    if os.name != "posix":
        return
    os.umask(0o077)
    data_dir = Path(data_dir)
    if not data_dir.exists():
        data_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    elif own_folder:
        _tighten(data_dir, PRIVATE_DIR)
    for name in OWNED_FOLDERS:
        _tighten_tree(data_dir / name)


def make_database_private(database: Path | None) -> None:
    """The SQLite file and its companions: 0600."""
    if os.name != "posix" or database is None:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = database.with_name(database.name + suffix)
        if candidate.exists():
            _tighten(candidate, PRIVATE_FILE)
