"""Storage on a real SQLite file: pragmas, migrations that keep child rows, verified backups,
the audit chain, serial numbers under concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from mediation_app.services import build_services
from mediation_app.services.clock import FixedClock
from mediation_app.storage import migrate
from mediation_app.storage.audit import verify_chain
from mediation_app.storage.backup import backup_sqlite, verify_sqlite_file
from mediation_app.storage.db import Database, StorageError, sqlite_url
from mediation_app.storage.numbers import next_serial
from tests.factories import TODAY, make_case
from tests.services.conftest import initialise


def test_pragmas_on_a_real_file(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "p.db"))
    migrate.upgrade(db)
    assert db.pragmas() == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                            "busy_timeout": 10000, "trusted_schema": 0}
    assert (tmp_path / "p.db-wal").exists() or (tmp_path / "p.db").exists()


def test_a_long_run_of_inserts_gives_its_connection_back_with_the_usual_page_cache(tmp_path: Path) -> None:
    """An import enlarges the page cache of its connection for its transaction; the connection goes
    back to the pool with the cache every connection has (it once came back with a sixteenth of it)."""
    from mediation_app.storage.bulk import begin_bulk, end_bulk
    from mediation_app.storage.db import PAGE_CACHE_KIB

    db = Database(sqlite_url(tmp_path / "bulk.db"))
    migrate.upgrade(db)
    with db.write() as s:
        usual = s.connection().exec_driver_sql("PRAGMA cache_size").scalar()
        begin_bulk(s)
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() < usual
        end_bulk(s)
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == usual == -PAGE_CACHE_KIB


def test_writes_begin_immediate_and_foreign_keys_are_enforced(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    from mediation_app.storage.models import CasePartyRecord

    db = Database(sqlite_url(tmp_path / "fk.db"))
    migrate.upgrade(db)
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    import uuid

    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.write() as s:
        s.add(CasePartyRecord(case_id=uuid.uuid4(), party_id=uuid.uuid4(), role="applicant"))
    assert "BEGIN IMMEDIATE" in statements


def _seeded(tmp_path: Path, target: str = "head"):
    svc = build_services(sqlite_url(tmp_path / "m.db"), tmp_path, FixedClock(TODAY))
    admin = initialise(svc)
    case_id = make_case(svc, admin)
    return svc, admin, case_id


def _children(path: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(path)
    try:
        return tuple(con.execute(f"select count(*) from {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("case_party", "consent_event", "status_change"))
    finally:
        con.close()


def test_migration_down_and_up_keeps_child_rows(tmp_path: Path) -> None:
    """0002 rebuilds mediation_case (batch mode); with foreign keys on, SQLite would cascade the
    implicit DELETE of DROP TABLE into every child table. The rows must survive both ways."""
    svc, _admin, _case = _seeded(tmp_path)
    svc.close()
    path = tmp_path / "m.db"
    before = _children(path)
    assert before[0] == 2 and before[1] == 4 and before[2] >= 2
    db = Database(sqlite_url(path))
    migrate.downgrade(db, "0001")
    assert migrate.current_revision(db) == "0001"
    assert _children(path) == before
    backup = migrate.upgrade(db, backup_dir=tmp_path / "bk")
    assert migrate.current_revision(db) == migrate.head_revision()
    assert _children(path) == before
    assert backup is not None and backup.exists()
    verify_sqlite_file(backup)  # the pre-upgrade copy is a sound database at the old revision
    con = sqlite3.connect(backup)
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0001"
    con.close()
    db.dispose()


def test_backup_is_verified_and_atomic(tmp_path: Path) -> None:
    svc, _admin, _case = _seeded(tmp_path)
    target = tmp_path / "out" / "copy.db"
    backup_sqlite(svc.db, target)
    assert _children(target) == _children(tmp_path / "m.db")
    assert not list((tmp_path / "out").glob("*.partial"))
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises((StorageError, sqlite3.DatabaseError)):
        verify_sqlite_file(bad)
    svc.close()


def test_audit_chain_detects_an_edited_row(tmp_path: Path) -> None:
    svc, _admin, _case = _seeded(tmp_path)
    with svc.db.read() as s:
        ok, bad, count = verify_chain(s)
    assert ok and bad is None and count > 5
    svc.close()
    con = sqlite3.connect(tmp_path / "m.db")
    con.execute("update audit_event set details = '{\"number\":\"forged\"}' where seq = 3")
    con.commit()
    con.close()
    db = Database(sqlite_url(tmp_path / "m.db"))
    with db.read() as s:
        ok, bad, _count = verify_chain(s)
    assert not ok and bad == 3


def test_every_change_writes_its_audit_event_in_the_same_transaction(tmp_path: Path) -> None:
    svc, admin, case_id = _seeded(tmp_path)
    con = sqlite3.connect(tmp_path / "m.db")
    actions = [r[0] for r in con.execute("select action from audit_event order by seq")]
    con.close()
    assert actions[:3] == ["setup.initialise", "case.register", "case.status"]
    assert "consent.consent" in actions and "case.assign" in actions
    svc.close()


def test_serials_are_never_reused_and_safe_under_concurrent_writers(tmp_path: Path) -> None:
    svc, admin, _case = _seeded(tmp_path)
    committee = admin.committee_id
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        db = Database(sqlite_url(tmp_path / "m.db"))
        try:
            for _ in range(10):
                with db.write() as s:
                    results.append(next_serial(s, committee, 2026, "case"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(2, 42))  # case 001 was issued by the seeded case
    # a voided case keeps its number; the next case gets a fresh one
    svc.intake.void(admin, _case, "entered twice by mistake")
    from tests.factories import market_case_input

    changes = svc.intake.register(admin, market_case_input())
    assert changes.number == "客商人调字〔2026〕第042号"
    svc.close()


def test_old_sqlite_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from mediation_app.storage import db as dbmod

    monkeypatch.setattr(dbmod.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(dbmod.sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(StorageError, match="3.31.1 is too old"):
        dbmod.check_sqlite_library()


def test_damage_found_after_an_unclean_shutdown_is_refused(tmp_path: Path) -> None:
    """A crash leaves a -wal file; the next start checks the database before writing to it."""
    import shutil

    svc, admin, _case = _seeded(tmp_path)
    svc.close()
    live = tmp_path / "m.db"
    con = sqlite3.connect(live)  # a session that never closes: its writes stay in the -wal file
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("update mediation_case set facts = facts || '。'")
    con.commit()
    crashed = tmp_path / "crash"
    crashed.mkdir()
    shutil.copy(live, crashed / "m.db")
    shutil.copy(live.with_name("m.db-wal"), crashed / "m.db-wal")
    con.close()
    data = bytearray((crashed / "m.db").read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    for offset in range(middle, middle + 4096 * 4):  # trample four b-tree pages
        data[offset] = 0xFF
    (crashed / "m.db").write_bytes(bytes(data))
    (crashed / "backups").mkdir()
    backup_sqlite(Database(sqlite_url(live)), crashed / "backups" / "m-20261120.db")
    from mediation_app.services.errors import DatabaseDamaged

    with pytest.raises(DatabaseDamaged, match="does not fit it") as exc:
        build_services(sqlite_url(crashed / "m.db"), crashed, FixedClock(TODAY))
    assert "m-20261120.db" in str(exc.value)
