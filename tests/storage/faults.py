"""Shared helpers of the fault-injection suite: a real database, file hashes, real faults."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediation_app.domain.enums import Sex
from mediation_app.services import Services, build_services
from mediation_app.services.clock import FixedClock
from mediation_app.services.context import Actor
from mediation_app.storage.db import sqlite_url
from tests.factories import TODAY
from tests.services.conftest import initialise

SIDE = ("", "-wal", "-shm", "-journal")


def open_svc(folder: Path, name: str = "m.db", **kwargs: object) -> Services:
    return build_services(sqlite_url(folder / name), folder, FixedClock(TODAY), **kwargs)  # type: ignore[arg-type]


def seeded(folder: Path, mediators: int = 3) -> tuple[Path, Actor]:
    """A cleanly closed database with a committee and ``mediators`` mediators, plus a verified backup."""
    svc = open_svc(folder)
    admin = initialise(svc)
    for i in range(mediators):
        svc.accounts.add_mediator(admin, f"调解员{i}", Sex.UNKNOWN, None, "", True, "", None)
    svc.close()
    backup = folder / "backups"
    backup.mkdir(exist_ok=True)
    from mediation_app.storage.backup import backup_sqlite
    from mediation_app.storage.db import Database

    db = Database(sqlite_url(folder / "m.db"), create=False)
    try:
        backup_sqlite(db, backup / "mediation-20261120-090000.db")
    finally:
        db.dispose()
    return folder / "m.db", admin


def hashes(db: Path) -> dict[str, str | None]:
    """SHA-256 of the database and of each of its side files (None when absent)."""
    out: dict[str, str | None] = {}
    for suffix in SIDE:
        p = db.with_name(db.name + suffix)
        out[suffix or "db"] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
    return out


def mediator_names(db: Path) -> list[str]:
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return [r[0] for r in con.execute("select name from mediator order by name")]
    finally:
        con.close()


def table_root_page(db: Path, table: str) -> tuple[int, int]:
    """(page number, page size) of ``table``'s root page."""
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        page = con.execute("select rootpage from sqlite_master where name = ?", (table,)).fetchone()[0]
        size = con.execute("pragma page_size").fetchone()[0]
        return int(page), int(size)
    finally:
        con.close()


def scramble_page(db: Path, page: int, page_size: int) -> None:
    data = bytearray(db.read_bytes())
    start = (page - 1) * page_size
    for i in range(start + 8, start + page_size, 7):  # keep nothing of the b-tree's cell layout
        data[i] = (data[i] * 31 + 0xA5) & 0xFF
    data[start] = 0x07  # an invalid page type
    db.write_bytes(bytes(data))


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def tiny_filesystem(where: Path, size_kb: int) -> Iterator[Path]:
    """A real tmpfs of ``size_kb`` at ``where`` (needs root); skipped where it cannot be mounted."""
    where.mkdir(parents=True, exist_ok=True)
    if not is_root() or shutil.which("mount") is None:
        pytest.skip("a small filesystem needs root to mount a tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill_up(disk: Path) -> Path:
    """Write ``disk/filler.bin`` until not one byte more fits; returns the file."""
    filler = disk / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        for chunk in (16384, 1024, 64, 1):
            try:
                while True:
                    fh.write(b"\0" * chunk)
            except OSError:
                pass
    return filler


def remount_read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True, capture_output=True)


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``chattr +i``: even root cannot write the file (root ignores permission bits)."""
    if not is_root() or shutil.which("chattr") is None:
        pytest.skip("making a file read-only for root needs chattr and root")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"chattr +i is not supported on this filesystem: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
