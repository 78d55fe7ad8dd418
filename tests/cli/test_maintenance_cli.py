"""check, backup, restore and audit from the command line, as an office or an auditor would run them,
and what a person editing the file behind the application's back can no longer hide."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from mediation_app.storage.db import Database, sqlite_url
from tests.cli.test_cli import PASSWORD
from tests.cli.test_cli import run as run_unsigned

AUDITOR_PASSWORD = "审计2026-pass!\n"
UNSIGNED = {"init", "check"}  # the commands that need no sign-in


def run(args: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    """Run a command as the office would: signed in with the password on standard input (the
    administrator's, or the auditor's with ``--user shenji``), except init and check."""
    if UNSIGNED & set(args):
        return run_unsigned(args, stdin, monkeypatch)
    at = args.index("--db") + 2
    password = AUDITOR_PASSWORD if "shenji" in args[:args.index("--user") + 2 if "--user" in args else 0] else PASSWORD
    return run_unsigned([*args[:at], "--password-stdin", *args[at:]], password + stdin, monkeypatch)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = str(tmp_path / "cli.db")
    code, _out, err = run(["--db", path, "--lang", "en", "init", "--committee", "集散中心人民调解委员会", "--short", "客商",
                           "--admin", "admin", "--password-stdin"], PASSWORD, monkeypatch)
    assert code == 0, err
    code, _out, err = run(["--db", path, "--lang", "en", "demo", "--cases", "3"])
    assert code == 0, err
    for name in ("马明", "韩芳", "冶永林", "才让", "李红", "张伟", "王刚", "赵丽"):  # each one an audited change
        code, _out, err = run(["--db", path, "--lang", "en", "mediator", "add", name])
        assert code == 0, err
    assert _head(path) >= 10
    return path


def _cases(db: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT * FROM mediation_case ORDER BY number").fetchall()
    finally:
        con.close()


def _sql(db: str, *statements: str) -> None:
    con = sqlite3.connect(db)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def _head(db: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("select max(seq) from audit_event").fetchone()[0])
    finally:
        con.close()


def _recompute_from(db: str, seq: int) -> None:
    """What an attacker with the file and this program's source can do: rewrite an entry and
    recompute every hash after it, so the chain verifies on its own."""
    from mediation_app.storage.audit import GENESIS, _entry_hash
    from mediation_app.storage.models import AuditRecord

    database = Database(sqlite_url(db))
    try:
        with database.write() as s:
            prev = GENESIS
            for rec in s.query(AuditRecord).order_by(AuditRecord.seq):
                if rec.seq == seq:
                    rec.details = '{"number":"forged"}'
                if rec.seq >= seq:
                    rec.prev_hash = prev
                    rec.hash = _entry_hash(prev, rec)
                prev = rec.hash
    finally:
        database.dispose()


TAMPERS = {
    "edit": ("update audit_event set details = '{\"x\":1}' where seq = 5", "Audit entry 5 was changed after it was written"),
    "delete middle": ("delete from audit_event where seq = 5", "Audit entry 5 is missing"),
    "delete tail": ("delete from audit_event where seq > {cut}", "the newest entries were deleted"),
    "delete all": ("delete from audit_event", "the whole log was deleted"),
    "recompute": (None, "differs from the anchor written on"),
}


@pytest.mark.parametrize("variant", list(TAMPERS))
def test_every_kind_of_audit_tampering_is_named_by_check(db: str, variant: str) -> None:
    code, out, err = run(["--db", db, "--lang", "en", "backup"])  # anchors the chain head outside the file
    assert code == 0, err
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0 and "audit anchors: 0 compared" not in out and "All checks passed." in out
    statement, message = TAMPERS[variant]
    if statement is None:
        _recompute_from(db, 3)
    else:
        _sql(db, statement.replace("{cut}", str(_head(db) - 3)))
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 1 and message in out, out
    if variant == "recompute":
        assert "chain ok" in out  # on its own the rewritten chain verifies; only the anchor shows it
    if variant == "delete all":
        assert "audit: 0 entries" in out


def test_a_deleted_log_is_noticed_even_without_any_anchor(db: str) -> None:
    _sql(db, "delete from audit_event")
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 1 and "The audit log is empty although the database holds user accounts" in out


def test_check_reports_the_real_entry_count(db: str) -> None:
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert f"audit: {_head(db)} entries (seq 1–{_head(db)}), chain ok" in out


def test_restore_from_the_command_line_and_undo(db: str, tmp_path: Path) -> None:
    code, out, err = run(["--db", db, "--lang", "en", "backup"])
    assert code == 0, err
    backup = Path(out.rsplit(" ", 1)[-1].strip())
    run(["--db", db, "--lang", "en", "demo", "--cases", "2", "--seed", "9"])
    code, out, _ = run(["--db", db, "--lang", "en", "case", "list"])
    assert "5 of 5 cases" in out
    code, out, err = run(["--db", db, "--lang", "en", "restore", str(backup)])
    assert code == 2 and "confirm with --yes" in err  # never replaced without being asked
    code, out, err = run(["--db", db, "--lang", "en", "restore", str(backup), "--yes"])
    assert code == 0 and "Restored the backup of" in out, err
    code, out, _ = run(["--db", db, "--lang", "en", "case", "list"])
    assert "3 of 3 cases" in out
    code, out, _ = run(["--db", db, "--lang", "en", "restore", "--list"])
    assert "Before a restore (safety copy)" in out and "verified" in out
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0, out  # the restore line in the anchor file starts the present history
    code, out, err = run(["--db", db, "--lang", "en", "restore", "--undo", "--yes"])
    assert code == 0, err
    code, out, _ = run(["--db", db, "--lang", "en", "case", "list"])
    assert "5 of 5 cases" in out
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0, out


def test_a_backup_with_a_flipped_bit_is_refused_by_restore(db: str) -> None:
    code, out, _ = run(["--db", db, "--lang", "en", "backup"])
    backup = Path(out.rsplit(" ", 1)[-1].strip())
    data = bytearray(backup.read_bytes())
    data[4096 + 100] ^= 0x04
    backup.write_bytes(bytes(data))
    before = _cases(db)
    code, out, err = run(["--db", db, "--lang", "en", "restore", str(backup), "--yes"])
    assert code == 2 and "was not restored" in err and "no longer matches its manifest" in err
    # nothing was swapped in and no safety copy made (signing in itself is recorded in the file)
    assert _cases(db) == before
    assert not list((Path(db).parent / "backups").glob("before-restore-*"))
    code, out, _ = run(["--db", db, "--lang", "en", "restore", "--list"])
    assert "no longer matches its manifest" in out


def test_archive_and_restore_it_elsewhere(db: str, tmp_path: Path) -> None:
    archive = tmp_path / "usb" / "everything.zip"
    code, out, err = run(["--db", db, "--lang", "en", "backup", "--archive", str(archive)])
    assert code == 0 and "Verified archive written" in out and "3 cases" in out, err
    other = tmp_path / "new-pc" / "mediation.db"
    code, out, err = run(["--db", str(other), "--lang", "en", "restore", str(archive), "--yes"])
    assert code == 0, err
    code, out, _ = run(["--db", str(other), "--lang", "en", "case", "list"])
    assert "3 of 3 cases" in out


def test_backup_elsewhere_also_anchors_the_chain(db: str, tmp_path: Path) -> None:
    code, _out, err = run(["--db", db, "--lang", "en", "backup", "-o", str(tmp_path / "usb" / "copy.db")])
    assert code == 0, err
    anchors = (Path(db).parent / "backups" / "audit-anchors.jsonl").read_text(encoding="utf-8")
    assert '"file": "copy.db"' in anchors
    _sql(db, f"delete from audit_event where seq > {_head(db) - 2}")
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 1 and "the newest entries were deleted" in out


def test_the_auditor_lists_filters_exports_and_verifies(db: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, _o, err = run(["--db", db, "--lang", "en", "user", "add", "shenji", "--display-name", "审计员", "--role",
                         "auditor", "--password-stdin"], AUDITOR_PASSWORD, monkeypatch)
    assert code == 0, err
    code, out, _ = run(["--db", db, "--lang", "en", "case", "list", "--limit", "1"])
    number = out.split("\t", 1)[0]
    code, out, err = run(["--db", db, "--lang", "en", "case", "show", number])
    assert code == 0, err
    code, out, err = run(["--db", db, "--lang", "en", "--user", "shenji", "audit", "list", "--action", "case.view"])
    assert code == 0, err
    assert "Opened a case" in out and number in out and "1 of 1 entries" in out
    code, out, err = run(["--db", db, "--lang", "en", "--user", "shenji", "audit", "list", "--case", number])
    assert code == 0 and number in out
    target = tmp_path / "audit.csv"
    code, out, err = run(["--db", db, "--lang", "en", "--user", "shenji", "audit", "export", "-o", str(target),
                          "--user-name", "admin"])
    assert code == 0, err
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:4] == ["seq", "time", "user", "action"] and len(rows) > 5
    assert {r[2] for r in rows[1:]} == {"admin"}
    assert any(r[3] == "case.view" and r[6] == number for r in rows[1:])
    code, out, _ = run(["--db", db, "--lang", "en", "--user", "shenji", "audit", "verify"])
    assert code == 0 and "The audit log verifies." in out
    code, _o, err = run(["--db", db, "--lang", "en", "audit", "list"])  # the administrator may not read it
    assert code == 2 and "may not read the audit log" in err


def test_the_first_change_of_the_day_makes_an_automatic_backup_and_anchors(db: str) -> None:
    backups = Path(db).parent / "backups"
    autos = sorted(p.name for p in backups.glob("auto-*.db"))
    assert len(autos) == 1  # made before the first change of the day (the fixture's demo)
    code, _o, err = run(["--db", db, "--lang", "en", "mediator", "add", "韩梅"])
    assert code == 0, err
    assert sorted(p.name for p in backups.glob("auto-*.db")) == autos  # once a day
    anchors = (backups / "audit-anchors.jsonl").read_text(encoding="utf-8")
    assert '"event": "backup"' in anchors
    (backups / f".{autos[0]}.partial").write_bytes(b"\\0" * 4096)  # what a killed backup leaves
    code, out, _ = run(["--db", db, "--lang", "en", "backup"])
    assert code == 0 and not list(backups.glob(".*.partial"))


def test_a_damaged_database_is_named_by_check_and_replaced_by_restore(db: str) -> None:
    code, out, _ = run(["--db", db, "--lang", "en", "backup"])
    backup = Path(out.rsplit(" ", 1)[-1].strip())
    garbage = b"this is not a database at all " * 200
    Path(db).write_bytes(garbage)
    for side in ("-wal", "-shm"):
        Path(db + side).unlink(missing_ok=True)
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 1 and "not a Mediation Desk database" in out
    assert Path(db).read_bytes() == garbage  # check changed nothing
    code, out, err = run(["--db", db, "--lang", "en", "restore", str(backup), "--yes"])
    assert code == 0 and "Restored the backup of" in out, err
    kept = list((Path(db).parent / "backups").glob("damaged-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage  # the damaged file is kept, never deleted
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0, out
    code, out, _ = run(["--db", db, "--lang", "en", "case", "list"])
    assert "3 of 3 cases" in out


def test_reminders_changed_behind_the_applications_back_are_named_by_check_and_rebuilt(db: str) -> None:
    from mediation_app.services import build_services
    from tests.factories import make_case

    svc = build_services(sqlite_url(Path(db)), Path(db).parent)  # a dispute under way (the demo's are closed)
    try:
        make_case(svc, svc.accounts.authenticate("admin", PASSWORD.strip()))
    finally:
        svc.close()
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    kept = int(out.split("reminders: ")[1].split(" items")[0])
    assert code == 0 and kept > 0 and "derived again and compared" in out
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    number = con.execute("select min(number) from due_item").fetchone()[0]
    con.close()
    _sql(db, f"delete from due_item where number = '{number}'")  # a reminder lost
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 1 and "differs from their records: Today may miss or repeat a reminder" in out
    assert number in out and "mediation-app reminders rebuild" in out
    code, out, err = run(["--db", db, "--lang", "en", "reminders", "rebuild"])
    assert code == 0, err
    assert f"{kept} items" in out
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0 and f"reminders: {kept} items" in out
