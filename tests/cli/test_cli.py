"""The headless commands, run as a user would (in-process main() and one real subprocess)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from mediation_app.cli import main

PASSWORD = "调解2026-pass\n"


def run(args: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(sys, "stdin", io.StringIO(stdin)):
        code = main(args, out, err)
    return code, out.getvalue(), err.getvalue()


def signed(db: str, args: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run a command signed in as the administrator (password on standard input)."""
    return run(["--db", db, "--password-stdin", *args], PASSWORD + stdin)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = str(tmp_path / "cli.db")
    code, out, err = run(["--db", path, "--lang", "en", "init", "--committee", "集散中心人民调解委员会", "--short", "客商",
                          "--admin", "admin", "--password-stdin"], PASSWORD, monkeypatch)
    assert code == 0, err
    assert f"Created 集散中心人民调解委员会 with administrator admin in {path}" in out  # the file, not a driver URL
    return path


def test_demo_list_show_and_check(db: str) -> None:
    code, out, _ = signed(db, ["--lang", "en", "demo", "--cases", "250", "--seed", "5"])
    assert code == 0 and "Added 250 demo cases" in out
    code, out, _ = signed(db, ["--lang", "en", "case", "list", "--limit", "5"])
    lines = out.strip().splitlines()
    assert code == 0 and lines[-1] == "5 of 250 cases"
    assert all(line.startswith("客商人调字〔") for line in lines[:-1])
    code, out, _ = signed(db, ["case", "list", "--json", "--status", "oral_agreement", "--limit", "500"])
    rows = json.loads(out)
    assert rows and {r["status"] for r in rows} == {"oral_agreement"}
    number = rows[0]["number"]
    code, out, _ = signed(db, ["--lang", "en", "case", "show", number])
    assert code == 0 and out.startswith(number) and "Status: Oral agreement" in out
    detail = json.loads(signed(db, ["case", "show", number, "--json"])[1])
    assert detail["number"] == number and len(detail["parties"]) == 2
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0 and "integrity: ok" in out and "chain ok" in out and "All checks passed." in out
    code, out, _ = run(["--db", db, "--lang", "zh_CN", "check"])  # every line in the user's language
    assert code == 0 and "完整性: 正常" in out and "链条完好" in out and "已重新推算并比对" in out
    assert not any(word in out for word in ("integrity", "entries", "compared", "verified", "checked")), out


def test_errors_are_one_clear_line(db: str, tmp_path: Path) -> None:
    code, out, err = signed(db, ["--lang", "en", "case", "show", "客商人调字〔2026〕第999号"])
    assert code == 2 and out == ""
    assert err == "error: No case numbered 客商人调字〔2026〕第999号.\n"
    code, _, err = run(["--db", str(tmp_path / "empty.db"), "--lang", "en", "case", "list"])
    assert code == 2 and err.startswith(f"error: There is no database at {tmp_path / 'empty.db'}. Set one up")
    assert not (tmp_path / "empty.db").exists()  # a read command never creates a database
    code, _, err = signed(db, ["--lang", "zh_CN", "case", "show", "NOPE"])
    assert code == 2 and "NOPE" in err and any("\u4e00" <= ch <= "\u9fff" for ch in err)


def test_init_refuses_a_weak_password_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "weak.db"
    code, _, err = run(["--db", str(path), "--lang", "en", "init", "--committee", "X", "--short", "X",
                        "--admin", "a", "--password-stdin"], "short\n", monkeypatch)
    assert code == 2 and "at least 10 characters" in err
    code, _, err = run(["--db", str(path), "--lang", "en", "case", "list"])
    assert "not set up yet" in err


def test_check_reports_a_tampered_audit_log(db: str) -> None:
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("update audit_event set username = 'someone else' where seq = 1")
    con.commit()
    con.close()
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 1 and "BROKEN at 1" in out and "Audit entry 1 was changed after it was written." in out


def test_the_installed_command_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("mediation-app")
    result = subprocess.run([str(exe), "--db", str(tmp_path / "x.db"), "--lang", "en", "case", "list"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "There is no database at" in result.stderr


def test_roster_and_accounts_from_the_command_line(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = signed(db, ["--lang", "en", "mediator", "add", "冶永林", "--ethnicity", "回族",
                          "--languages", "汉语、撒拉语", "--full-time"])
    assert code == 0, err
    code, out, _ = signed(db, ["--lang", "en", "mediator", "list"])
    assert "冶永林\tHui\t汉语、撒拉语\tfull-time" in out
    code, out, err = signed(db, ["--lang", "en", "user", "add", "yyl", "--display-name", "冶永林",
                          "--mediator", "冶永林", "--password-stdin"], "冶2026-pass\n")
    assert code == 0, err
    code, out, _ = signed(db, ["--lang", "en", "user", "list"])
    assert "yyl\t冶永林\tMediator" in out
    code, _, err = signed(db, ["--lang", "en", "mediator", "add", "X", "--ethnicity", "火星族"])
    assert code == 2 and "not one of the 56 ethnic groups" in err


def test_check_catches_a_truncated_audit_log_against_the_backup_anchor(db: str) -> None:
    """Deleting the newest audit entries leaves a chain that verifies on its own; the head
    anchored in the backup's manifest shows what is missing."""
    import sqlite3

    code, out, _ = signed(db, ["--lang", "en", "demo", "--cases", "5"])
    code, out, _ = signed(db, ["--lang", "en", "backup"])
    assert code == 0 and "Verified backup written to" in out
    backup = Path(out.rsplit(" ", 1)[-1].strip())
    manifest = json.loads(backup.with_name(backup.name + ".json").read_text(encoding="utf-8"))
    assert manifest["audit_seq"] >= 2 and len(manifest["audit_hash"]) == 64
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0 and "audit anchors: " in out and " compared" in out
    con = sqlite3.connect(db)
    con.execute("delete from audit_event where seq >= ?", (manifest["audit_seq"],))
    con.commit()
    con.close()
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 1 and "chain ok" in out  # the shortened chain is internally consistent …
    assert f"recorded {manifest['audit_seq']} entries: the newest entries were deleted" in out  # … not what was anchored


def test_overdue_list_reads_the_agreed_extension(db: str, tmp_path: Path) -> None:
    import datetime as dt

    from mediation_app.domain.enums import AssignmentMethod, ConsentKind
    from mediation_app.services import build_services
    from mediation_app.storage.db import sqlite_url
    from tests.factories import market_case_input

    svc = build_services(sqlite_url(Path(db)), tmp_path)
    try:
        actor = svc.accounts.authenticate("admin", PASSWORD.strip())
        long_ago = dt.date.today() - dt.timedelta(days=60)
        numbers = []
        for _ in range(2):
            changes = svc.intake.register(actor, market_case_input(registered_on=long_ago), accept=True)
            svc.parties.record_all_consents(actor, changes.created_id, on=long_ago)
            if actor.mediator_id:
                svc.assignment.assign(actor, changes.created_id, actor.mediator_id, method=AssignmentMethod.DESIGNATED)
            numbers.append(changes.number)
        extended = svc.cases.find_by_number(actor, numbers[1])
        for p in svc.cases.detail(actor, extended).parties:
            svc.parties.record_consent(actor, extended, p.link_id, ConsentKind.EXTENSION_CONSENT)
        svc.outcomes.extend_deadline(actor, extended, dt.date.today() + dt.timedelta(days=10), "等待鉴定结论")
    finally:
        svc.close()
    code, out, _ = signed(db, ["--lang", "en", "case", "list", "--overdue"])
    listed = {line.split("\t")[0] for line in out.strip().splitlines()[:-1]}
    assert code == 0 and numbers[0] in listed and numbers[1] not in listed
    assert out.strip().splitlines()[-1] == "1 of 1 cases"
