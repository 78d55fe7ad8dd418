"""Damaged files (reliability.md §6.2 #17-#21): each is refused before anything writes to it, the
user is told exactly what is wrong and which backup to go back to, and the file — with its
-wal — stays byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from mediation_app.services.errors import DatabaseDamaged, DatabaseMissing
from tests.storage.faults import hashes, mediator_names, open_svc, scramble_page, seeded, table_root_page

BACKUP = "mediation-20261120-090000.db"


def backup_sentence(folder: Path) -> str:
    made = dt.datetime.fromtimestamp((folder / "backups" / BACKUP).stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return (f"The newest verified backup is {BACKUP} ({made}); restore it to go on working, and keep the "
            "damaged file for recovery.")


def refused(folder: Path) -> DatabaseDamaged:
    with pytest.raises(DatabaseDamaged) as caught:
        open_svc(folder, create=False)
    return caught.value


def test_a_zero_length_file_is_never_set_up_afresh(tmp_path: Path) -> None:
    db, _admin = seeded(tmp_path)
    db.write_bytes(b"")
    before = hashes(db)
    err = refused(tmp_path)
    assert err.message == (f"{db} is empty (0 bytes): it may be a database that lost its contents, so no new "
                           "database is set up over it; nothing was changed. " + backup_sentence(tmp_path))
    assert err.backup == tmp_path / "backups" / BACKUP
    with pytest.raises(DatabaseDamaged):  # not even where creating is allowed (init, first run)
        open_svc(tmp_path, create=True)
    assert hashes(db) == before and db.stat().st_size == 0


def test_a_missing_file_is_not_created_by_opening_it(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing) as caught:
        open_svc(tmp_path, create=False)
    assert caught.value.message == (f"There is no database at {tmp_path / 'm.db'}. Set one up with “mediation-app "
                                    "init” or the first-run window, or restore a backup.")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_foreign_file_is_refused_untouched(tmp_path: Path) -> None:
    db, _admin = seeded(tmp_path)
    db.write_bytes("案件登记表\n张三,110105194912310021\n".encode() * 200)
    before = hashes(db)
    err = refused(tmp_path)
    assert err.message == (f"{db} is not a Mediation Desk database, or its beginning is damaged; nothing was "
                           "changed. " + backup_sentence(tmp_path))
    assert hashes(db) == before


@pytest.mark.parametrize("cut", ["mid-page", "whole-pages"])
def test_a_truncated_file_is_refused_untouched(tmp_path: Path, cut: str) -> None:
    db, _admin = seeded(tmp_path)
    data = db.read_bytes()
    keep = len(data) // 2 + (123 if cut == "mid-page" else 0)
    keep -= keep % 4096 if cut == "whole-pages" else 0
    db.write_bytes(data[:keep])
    before = hashes(db)
    err = refused(tmp_path)
    assert err.message == f"The database {db} is damaged; nothing more is written to it. " + backup_sentence(tmp_path)
    assert hashes(db) == before


def test_damaged_header_bytes_are_refused_untouched(tmp_path: Path) -> None:
    db, _admin = seeded(tmp_path)
    data = bytearray(db.read_bytes())
    data[16:18] = b"\x03\x00"  # page size 768: not a power of two
    db.write_bytes(bytes(data))
    before = hashes(db)
    assert refused(tmp_path).message.startswith(f"The database {db} is damaged;")
    assert hashes(db) == before


def test_a_scrambled_table_page_stops_every_write(tmp_path: Path) -> None:
    """The issue's case: a scrambled page, then `mediator add` succeeded. Now the changed file is
    checked at start and nothing is written."""
    db, _admin = seeded(tmp_path)
    scramble_page(db, *table_root_page(db, "mediator"))
    before = hashes(db)
    err = refused(tmp_path)
    assert err.message == f"The database {db} is damaged; nothing more is written to it. " + backup_sentence(tmp_path)
    assert hashes(db) == before


def test_damage_met_while_working_is_a_typed_error_and_ends_writing(tmp_path: Path) -> None:
    """Damage that appears while the app is open (the start-up check had passed): the statement that
    meets it fails with the damaged message, and no later write goes through."""
    db, _admin = seeded(tmp_path)
    svc = open_svc(tmp_path, create=False)
    try:
        admin = svc.accounts.authenticate("admin", "调解2026-secret") if hasattr(svc.accounts, "authenticate") \
            else None
        from mediation_app.services.accounts import actor_of
        from mediation_app.storage import queries as q

        with svc.db.read() as s:
            admin = actor_of(next(u for u in q.users(s) if u.username == "admin"))
        scramble_page(db, *table_root_page(db, "mediator"))
        with pytest.raises(DatabaseDamaged) as caught:
            svc.accounts.mediators(admin, active_only=False)
        assert caught.value.message.startswith(f"The database {db} is damaged; nothing more is written to it.")
        after_damage = hashes(db)
        with pytest.raises(DatabaseDamaged):
            svc.setup.update_committee(admin, "改名", "客商", svc.setup.committee(admin).kind, "{short}{word}〔{year}〕第{serial:03d}号",
                                       svc.setup.committee(admin).deadline_rule)
        assert hashes(db)["db"] == after_damage["db"]
    finally:
        svc.close()
    assert not (tmp_path / ".m.db.clean").exists()  # the next start checks the file again


def _hot_wal(folder: Path) -> tuple[Path, sqlite3.Connection]:
    """A database whose last changes sit only in its -wal (a session still open, no checkpoint)."""
    db, _admin = seeded(folder)
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("update mediator set name = name || '（已核）'")
    cols = [r[1] for r in con.execute("pragma table_info(mediator)")]
    picked = ["lower(hex(randomblob(16)))" if c == "id" else "'新调解员'" if c == "name" else c for c in cols]
    con.execute(f"insert into mediator ({', '.join(cols)}) select {', '.join(picked)} from mediator limit 1")
    con.commit()
    return db, con


def test_a_backup_copied_over_a_live_database_with_its_wal_is_refused_untouched(tmp_path: Path) -> None:
    """The issue's case: a backup copied over the database while the old -wal stays beside it.
    The check reads a private copy; the database and the -wal are left byte for byte."""
    db, con = _hot_wal(tmp_path)
    crashed = tmp_path / "office"
    crashed.mkdir()
    shutil.copytree(tmp_path / "backups", crashed / "backups")
    shutil.copy(tmp_path / "backups" / BACKUP, crashed / "m.db")  # the backup put in place by hand…
    shutil.copy(db.with_name("m.db-wal"), crashed / "m.db-wal")  # …beside the live database's -wal
    con.close()
    before = hashes(crashed / "m.db")
    assert before["-wal"] is not None
    with pytest.raises(DatabaseDamaged) as caught:
        open_svc(crashed, create=False)
    assert caught.value.message.startswith(
        f"{crashed / 'm.db'} has a change log (-wal file) beside it that does not fit it — after an unclean "
        "shutdown, or because a copy was put over the database; nothing was changed and both files are left as "
        "they are.")
    assert hashes(crashed / "m.db") == before  # database and -wal unchanged, no -shm made


def test_a_foreign_wal_is_refused_untouched(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    db, _admin = seeded(one)
    other, con = _hot_wal(two)
    shutil.copy(other.with_name("m.db-wal"), db.with_name("m.db-wal"))
    con.close()
    before = hashes(db)
    with pytest.raises(DatabaseDamaged, match="change log"):
        open_svc(one, create=False)
    assert hashes(db) == before


CRASHING_DESK = """
import sqlite3, sys, time
from pathlib import Path
from mediation_app.domain.enums import Sex
from mediation_app.services import build_services
from mediation_app.services.accounts import actor_of
from mediation_app.storage import queries as q
from mediation_app.storage.db import sqlite_url
folder = Path(sys.argv[1])
svc = build_services(sqlite_url(folder / "m.db"), folder, create=False)
keep = sqlite3.connect(folder / "m.db")  # a second connection: nothing checkpoints the WAL at close
keep.execute("select count(*) from mediator").fetchall()
with svc.db.read() as s:
    admin = actor_of(next(u for u in q.users(s) if u.username == "admin"))
for i in range(5):
    svc.accounts.add_mediator(admin, f"崩溃前{i}", Sex.UNKNOWN, None, "", True, "", None)
    print(f"崩溃前{i}", flush=True)
time.sleep(60)
"""


def test_a_genuine_crash_wal_passes_and_keeps_every_acknowledged_change(tmp_path: Path) -> None:
    """kill -9 of a desk with changes only in its -wal: the copy check passes, the app opens and
    replays the WAL, and every acknowledged save is there."""
    import subprocess
    import sys

    seeded(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_DESK, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    acked = [proc.stdout.readline().strip() for _ in range(5)] if proc.stdout else []
    proc.kill()
    proc.wait()
    assert acked == [f"崩溃前{i}" for i in range(5)]
    assert (tmp_path / "m.db-wal").stat().st_size > 0
    svc = open_svc(tmp_path, create=False)
    try:
        assert svc.db.preflight is not None and svc.db.preflight.checked == "copy"
    finally:
        svc.close()
    assert set(acked) <= set(mediator_names(tmp_path / "m.db"))
