"""Backups, restore (and its undo), the USB archive and automatic backups through the maintenance
service, on a real SQLite file: what the office gets back is what was there when the backup was made."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied
from mediation_app.services.maintenance import RestoreRefused
from mediation_app.services.read_models import CaseFilter
from tests.factories import make_case
from tests.services.conftest import initialise, open_services


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    s = open_services("sqlite", tmp_path)
    yield s
    s.close()


@pytest.fixture
def admin(svc: Services) -> Actor:
    return initialise(svc)


def _numbers(svc: Services, actor: Actor) -> list[str]:
    return sorted(r.number for r in svc.cases.list_cases(actor, CaseFilter(), limit=100).rows)


def test_restore_round_trip_with_safety_copy_audit_and_undo(svc: Services, admin: Actor) -> None:
    make_case(svc, admin)
    made = svc.maintenance.backup_now(admin)
    assert made.backup.verified and made.backup.cases == 1
    if os.name == "posix":  # backups hold the same personal data as the database: owner only
        folder = made.backup.path.parent
        for path in (made.backup.path, folder / (made.backup.name + ".json"), folder / "audit-anchors.jsonl"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    at_backup = _numbers(svc, admin)
    make_case(svc, admin)  # after the backup: lost by the restore, kept in the safety copy
    after = _numbers(svc, admin)
    assert len(after) == 2

    result = svc.maintenance.restore(admin, made.backup.path)
    assert _numbers(svc, admin) == at_backup
    assert result.safety_copy is not None and result.safety_verified
    if os.name == "posix":
        assert stat.S_IMODE(svc.db.sqlite_path.stat().st_mode) == 0o600  # type: ignore[union-attr]
    assert result.restored_from in result.message and result.safety_copy.name in result.message
    live = svc.db.sqlite_path
    assert live is not None
    # the restore is in the restored database's audit log, named with its backup and its operator
    page = svc.audit_log.entries(_auditor(svc, admin), _flt(action="maintenance.restore"))
    assert page.total == 1 and page.rows[0].username == "admin" and made.backup.name in page.rows[0].details
    assert svc.audit_log.verify(None).ok

    undone = svc.maintenance.undo_restore(admin)
    assert undone.restored_from == result.safety_copy.name
    assert _numbers(svc, admin) == after  # the case added after the backup is back
    report = svc.maintenance.check()
    assert report.ok, report.problems


def test_a_backup_with_a_flipped_bit_is_refused_and_listed_as_bad(svc: Services, admin: Actor) -> None:
    make_case(svc, admin)
    good = svc.maintenance.backup_now(admin).backup
    bad = svc.maintenance.backup_now(admin).backup
    data = bytearray(bad.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad.path.write_bytes(bytes(data))
    listed = {b.name: b for b in svc.maintenance.list_backups()}
    assert listed[good.name].verified
    assert not listed[bad.name].verified and "no longer matches its manifest" in (listed[bad.name].problem or "")
    before = svc.db.sqlite_path.read_bytes()  # type: ignore[union-attr]
    with pytest.raises(RestoreRefused, match="was not restored"):
        svc.maintenance.restore(admin, bad.path)
    assert svc.db.sqlite_path.read_bytes() == before  # type: ignore[union-attr]
    assert any(bad.name in p for p in svc.maintenance.check().problems)


def test_a_stale_wal_beside_the_live_file_is_not_replayed_onto_the_restored_one(svc: Services, admin: Actor) -> None:
    make_case(svc, admin)
    backup = svc.maintenance.backup_now(admin).backup
    live = svc.db.sqlite_path
    assert live is not None
    # a second connection keeps a WAL full of frames that belong to the old file
    other = sqlite3.connect(live)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("create table junk(x)")
    other.executemany("insert into junk values (?)", [(str(i) * 50,) for i in range(2000)])
    other.commit()
    wal = live.with_name(live.name + "-wal")
    stale = wal.read_bytes()
    other.close()  # closing checkpoints; put the old WAL back as a crash would have left it
    wal.write_bytes(stale)
    svc.db.dispose()
    result = svc.maintenance.restore(admin, backup.path)
    con = sqlite3.connect(live)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not con.execute("select name from sqlite_master where name='junk'").fetchall()
    finally:
        con.close()
    assert result.safety_copy is not None  # what the old WAL held is kept in the safety copy, not lost
    con = sqlite3.connect(result.safety_copy)
    try:
        assert con.execute("select count(*) from junk").fetchone()[0] == 2000
    finally:
        con.close()


def test_restore_needs_an_administrator(svc: Services, admin: Actor) -> None:
    from mediation_app.domain.enums import Role

    backup = svc.maintenance.backup_now(admin).backup
    svc.accounts.create_user(admin, "mediator1", "调解2026-secret!", "调解员甲", Role.MEDIATOR, admin.mediator_id)
    mediator = svc.accounts.authenticate("mediator1", "调解2026-secret!")
    with pytest.raises(PermissionDenied):
        svc.maintenance.restore(mediator, backup.path)


def test_archive_round_trip_onto_a_fresh_data_directory(svc: Services, admin: Actor, tmp_path: Path) -> None:
    case_id = make_case(svc, admin)
    evidence = "收货单照片".encode() * 100
    digest = svc.meetings.files.put(evidence)
    archive = svc.maintenance.write_archive(admin, tmp_path / "usb" / "mediation-archive.zip")
    assert archive.attachments == 1 and archive.cases == 1

    fresh = tmp_path / "other-pc"
    fresh.mkdir()
    other = open_services("sqlite", fresh)
    try:
        result = other.maintenance.restore(None, archive.path, operator="installer")
        assert result.attachments == 1
        assert (fresh / "attachments" / digest[:2] / digest).read_bytes() == evidence
        actor = other.accounts.authenticate("admin", "调解2026-secret")
        assert other.cases.detail(actor, case_id).number == _numbers(svc, admin)[0]
        assert other.maintenance.check().ok
    finally:
        other.close()


def test_a_damaged_archive_is_refused(svc: Services, admin: Actor, tmp_path: Path) -> None:
    archive = svc.maintenance.write_archive(admin, tmp_path / "a.zip").path
    good = archive.read_bytes()
    live = svc.db.sqlite_path
    assert live is not None
    for offset in (200, len(good) // 2, len(good) - 300):  # in the database, the attachments, the directory
        data = bytearray(good)
        data[offset] ^= 0xFF
        archive.write_bytes(bytes(data))
        svc.db.dispose()
        before = live.read_bytes()
        with pytest.raises(RestoreRefused, match="archive"):
            svc.maintenance.restore(admin, archive)
        assert live.read_bytes() == before


def test_a_foreign_wal_beside_the_live_file_never_reaches_the_restored_one(svc: Services, admin: Actor,
                                                                           tmp_path: Path) -> None:
    """A -wal from another database (copied in by hand) is moved aside or replayed only into the file
    being replaced; the restored file is byte for byte the backup."""
    backup = svc.maintenance.backup_now(admin).backup
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("create table foreign_rows(x)")
    con.executemany("insert into foreign_rows values (?)", [(i,) for i in range(500)])
    con.commit()
    foreign = (tmp_path / "other.db-wal").read_bytes()
    con.close()
    live = svc.db.sqlite_path
    assert live is not None
    svc.db.dispose()
    live.with_name(live.name + "-wal").write_bytes(foreign)
    svc.maintenance.restore(admin, backup.path)
    con = sqlite3.connect(live)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not con.execute("select name from sqlite_master where name='foreign_rows'").fetchall()
    finally:
        con.close()


def test_automatic_backups_once_a_day_on_exit_when_changed_and_rotated(svc: Services, admin: Actor) -> None:
    first = svc.maintenance.auto_backup("start")
    assert first is not None and first.backup.kind == "auto" and first.backup.verified
    assert svc.maintenance.auto_backup("start") is None  # once a day
    assert svc.maintenance.auto_backup("exit") is None  # nothing changed since
    make_case(svc, admin)
    on_exit = svc.maintenance.auto_backup("exit")
    assert on_exit is not None
    clock = svc.clock
    day = clock.today()
    for i in range(1, 40):  # forty more days of starts: the rotation keeps 7 daily, 4 weekly, 12 monthly
        clock.set(day + dt.timedelta(days=i))  # type: ignore[attr-defined]
        assert svc.maintenance.auto_backup("start") is not None
    autos = [b for b in svc.maintenance.list_backups() if b.kind == "auto"]
    assert 7 <= len(autos) <= 7 + 4 + 12
    newest_days = sorted({b.created_at.date() for b in autos if b.created_at}, reverse=True)[:7]
    assert newest_days == [day + dt.timedelta(days=39 - i) for i in range(7)]


def _flt(**kw: object):  # type: ignore[no-untyped-def]
    from mediation_app.services.maintenance import AuditFilter

    return AuditFilter(**kw)  # type: ignore[arg-type]


def _auditor(svc: Services, admin: Actor) -> Actor:
    from mediation_app.domain.enums import Role

    if not any(u.username == "auditor1" for u in svc.accounts.list_users(admin)):
        svc.accounts.create_user(admin, "auditor1", "审计2026-secret!", "审计员", Role.AUDITOR, None)
    return svc.accounts.authenticate("auditor1", "审计2026-secret!")
