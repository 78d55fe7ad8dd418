"""Faults of the place the database lives (reliability.md §6.2 #8, #11-#13, #35): a full disk, a
read-only file or folder, another desk holding the write lock, a file from a newer version. Real
faults where the OS can make them: a tiny tmpfs, ``chattr +i``, a read-only remount, a second
process."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mediation_app import __version__
from mediation_app.domain.enums import Sex
from mediation_app.services.accounts import actor_of
from mediation_app.services.errors import DatabaseLocked, DiskFull, NewerVersion, ReadOnlyDatabase
from mediation_app.storage import queries as q
from tests.storage.faults import (
    fill_up,
    hashes,
    immutable,
    mediator_names,
    open_svc,
    remount_read_only,
    seeded,
    tiny_filesystem,
)


def _admin(svc):  # type: ignore[no-untyped-def]
    with svc.db.read() as s:
        return actor_of(next(u for u in q.users(s) if u.username == "admin"))


def _add(svc, admin, name: str, specialties: str = "") -> None:  # type: ignore[no-untyped-def]
    svc.accounts.add_mediator(admin, name, Sex.UNKNOWN, None, "", True, specialties, None)


def _integrity(db: Path) -> str:
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return str(con.execute("pragma integrity_check").fetchone()[0])
    finally:
        con.close()


def test_disk_full_during_a_save_loses_nothing_and_says_how_much_to_free(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "disk", 6144) as disk:
        db, _ = seeded(disk)
        svc = open_svc(disk, create=False)
        try:
            admin = _admin(svc)
            _add(svc, admin, "满盘前")
            filler = fill_up(disk)  # leave nothing free
            filler_size = filler.stat().st_size
            with pytest.raises(DiskFull) as caught:
                _add(svc, admin, "满盘时", "经验" * 150)
            free = shutil.disk_usage(disk).free
            assert caught.value.message == (
                f"The disk holding {disk} is full ({free // 1000} KB free): nothing was saved and what you entered "
                f"is kept. Free at least {round((10_000_000 - free) / 1_000_000)} MB and try again.")
            filler.unlink()
            _add(svc, admin, "腾出空间后")  # the next save works once there is room
        finally:
            svc.close()
        assert filler_size > 0
        names = mediator_names(db)
        assert "满盘前" in names and "腾出空间后" in names and "满盘时" not in names
        assert _integrity(db) == "ok"


def test_a_read_only_file_opens_for_reading_and_refuses_every_change(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    before = hashes(db)
    with immutable(db):
        svc = open_svc(tmp_path, create=False)
        try:
            assert svc.read_only
            admin = _admin(svc)
            assert len(svc.accounts.mediators(admin, active_only=False)) == 4  # reading works
            with pytest.raises(ReadOnlyDatabase) as caught:
                _add(svc, admin, "不该写入")
            assert caught.value.message == (f"The database {db} is read-only, so it can only be read: changes are "
                                            "disabled. To work in it, allow writing to the file.")
        finally:
            svc.close()
        assert hashes(db) == before  # not a byte written, no -wal or -shm made


def test_a_read_only_folder_opens_for_reading_and_names_the_folder(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "stick", 4096) as stick:
        db, _ = seeded(stick)
        before = hashes(db)
        remount_read_only(stick)
        svc = open_svc(stick, create=False)
        try:
            assert svc.read_only
            admin = _admin(svc)
            with pytest.raises(ReadOnlyDatabase) as caught:
                _add(svc, admin, "不该写入")
            assert caught.value.message == (f"The folder {stick} is read-only, so the database there can only be "
                                            "read: changes are disabled. To work in it, allow writing to the folder.")
        finally:
            svc.close()
        assert hashes(db) == before


HOLDING_DESK = """
import sys, time
from pathlib import Path
from mediation_app.storage.db import Database, sqlite_url
db = Database(sqlite_url(Path(sys.argv[1])), create=False)
with db.write() as s:
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
db.dispose()
"""


def _holding_desk(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDING_DESK, str(db), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_a_desk_that_holds_the_lock_too_long_is_named(tmp_path: Path) -> None:
    import getpass
    import socket

    db, _ = seeded(tmp_path)
    proc = _holding_desk(db, 30)
    svc = open_svc(tmp_path, create=False)
    try:
        svc.db.wait_limit = 1.0
        admin = _admin(svc)
        with pytest.raises(DatabaseLocked) as caught:
            _add(svc, admin, "等不到")
        holder = f"{getpass.getuser()}@{socket.gethostname()} (pid {proc.pid})"
        assert caught.value.message == (f"Another desk ({holder}) has been saving to the database for 1 s; your "
                                        "change was not saved but is still here — try again in a moment.")
    finally:
        proc.kill()
        proc.wait()
        svc.close()


def test_a_busy_writer_waits_its_turn_and_shows_it(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    proc = _holding_desk(db, 1.5)
    svc = open_svc(tmp_path, create=False)
    seen: list[str | None] = []
    try:
        svc.db.on_wait = seen.append
        admin = _admin(svc)
        started = time.monotonic()
        _add(svc, admin, "排队后保存")
        waited = time.monotonic() - started
    finally:
        proc.wait()
        svc.close()
    assert waited > 0.5
    assert len(seen) == 2 and seen[0] and f"(pid {proc.pid})" in seen[0] and seen[1] is None
    assert "排队后保存" in mediator_names(db)


def test_another_programs_lock_is_waited_for(tmp_path: Path) -> None:
    """A program that is not this application holds SQLite's write lock for a second: the save
    waits (busy timeout) and goes through."""
    db, _ = seeded(tmp_path)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    svc = open_svc(tmp_path, create=False)
    try:
        admin = _admin(svc)
        import threading

        threading.Timer(1.0, lambda: other.execute("COMMIT")).start()
        _add(svc, admin, "等锁后保存")
    finally:
        svc.close()
        other.close()
    assert "等锁后保存" in mediator_names(db)


def _from_the_future(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("update alembic_version set version_num = '0931'")
    con.execute("update app_info set value = '9.3.1' where key = 'app_version'")
    con.commit()
    con.close()


def test_a_newer_versions_file_is_refused_by_name_without_a_backup_each_try(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    _from_the_future(db)
    backups = sorted(p.name for p in (tmp_path / "backups").iterdir())
    before = hashes(db)
    for _try in range(2):
        with pytest.raises(NewerVersion) as caught:
            open_svc(tmp_path, create=False)
        assert caught.value.message == (f"This database was last written by Mediation Desk 9.3.1, newer than this "
                                        f"one ({__version__}); nothing was changed. Open it with version 9.3.1 or "
                                        "later.")
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == backups  # no before-upgrade copies
    assert hashes(db) == before


def test_the_version_that_upgraded_a_file_is_recorded(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    con = sqlite3.connect(db)
    try:
        assert con.execute("select value from app_info where key = 'app_version'").fetchone() == (__version__,)
    finally:
        con.close()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX only")
def test_the_log_keeps_details_with_id_numbers_and_phones_masked(tmp_path: Path) -> None:
    import logging

    from mediation_app.logsetup import setup_logging

    path = setup_logging(tmp_path)
    assert path is not None
    try:
        raise ValueError("party 11010519491231002X phone 13800138000 rejected")
    except ValueError:
        logging.getLogger("mediation_app.test").exception("while saving 440524188001010014")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "**************002X" in text and "138****8000" in text and "**************0014" in text
    assert "11010519491231002X" not in text and "13800138000" not in text and "440524188001010014" not in text


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_log_file_on_a_full_disk_prints_nothing_on_the_screen(tmp_path: Path,
                                                                capfd: pytest.CaptureFixture[str]) -> None:
    import logging

    from mediation_app.logsetup import log_path, setup_logging

    log = log_path(tmp_path)
    log.parent.mkdir(parents=True)
    log.symlink_to("/dev/full")  # every write: ENOSPC, as on a full disk
    assert setup_logging(tmp_path) == log
    try:
        logging.getLogger("mediation_app.test").warning("while saving 440524188001010014")
        logging.getLogger("mediation_app.test").error("and again")
    finally:
        setup_logging(tmp_path / "after")  # the next test logs to a sound file
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_error_text_never_carries_the_values_of_a_statement(tmp_path: Path) -> None:
    """Engines hide parameters: an ID number in a failed statement never reaches a message or log."""
    from sqlalchemy import text

    from mediation_app.storage import migrate
    from mediation_app.storage.db import Database, sqlite_url

    db = Database(sqlite_url(tmp_path / "p.db"))
    try:
        migrate.upgrade(db)
        with pytest.raises(Exception) as caught, db.write() as s:
            s.execute(text("insert into mediator (id, name) values (:v, :v)"), {"v": "11010519491231002X"})
        assert "11010519491231002X" not in str(caught.value)
        assert "hidden" in str(caught.value)
    finally:
        db.dispose()
