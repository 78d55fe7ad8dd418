"""The command line signs in: every command that reads personal data or changes anything needs the
user's password; --json masks ID numbers and phones unless --reveal, which only roles that may see
them can use, and every reveal is audited."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from mediation_app.cli_signin import masked, safe_url
from tests.cli.test_cli import PASSWORD, run, signed

FULL_ID = re.compile(r"\b\d{17}[\dX]\b")
FULL_MOBILE = re.compile(r"\b1\d{10}\b")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "signin.db")
    code, _, err = run(["--db", path, "--lang", "en", "init", "--committee", "集散中心人民调解委员会", "--short", "客商",
                        "--admin", "admin", "--password-stdin"], PASSWORD)
    assert code == 0, err
    code, _, err = signed(path, ["--lang", "en", "demo", "--cases", "12", "--seed", "3"])
    assert code == 0, err
    return path


def audit_count(db: str, action: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("select count(*) from audit_event where action = ?", (action,)).fetchone()[0])
    finally:
        con.close()


def a_case_with_an_id_number(db: str) -> str:
    rows = json.loads(signed(db, ["case", "list", "--json", "--limit", "50"])[1])
    for row in rows:
        detail = json.loads(signed(db, ["case", "show", row["number"], "--json", "--reveal"])[1])
        if any(p["id_number"] for p in detail["parties"]):
            return str(row["number"])
    raise AssertionError("the demo data has no party with an ID number")


def test_commands_need_the_password(db: str) -> None:
    code, out, err = run(["--db", db, "--lang", "en", "case", "list"])
    assert code == 2 and out == "" and "needs your password" in err
    code, _, err = run(["--db", db, "--lang", "en", "--password-stdin", "case", "list"], "wrong-password-1\n")
    assert code == 2 and err == "error: Wrong user name or password.\n"
    failures = audit_count(db, "auth.login")
    evil = ["user", "add", "evil", "--display-name", "E", "--role", "admin", "--password-stdin"]
    code, _, err = run(["--db", db, "--lang", "en", "--user", "admin", *evil], "evil-Passw0rd-42\n")
    assert code == 2 and "needs your password" in err  # --user alone never skips the password
    code, _, err = run(["--db", db, "--lang", "en", "--user", "admin", "--password-stdin", *evil],
                       "evil-Passw0rd-42\nevil-Passw0rd-42\n")
    assert code == 2 and "Wrong user name or password" in err
    assert audit_count(db, "auth.login") == failures + 1  # the failed attempt is audited
    users = signed(db, ["--lang", "en", "user", "list"])[1]
    assert "evil" not in users
    code, _, err = run(["--db", db, "--lang", "en", "demo", "--cases", "3"])
    assert code == 2 and "needs your password" in err


def test_check_needs_no_sign_in_and_prints_no_personal_data(db: str) -> None:
    number = a_case_with_an_id_number(db)
    detail = json.loads(signed(db, ["case", "show", number, "--json", "--reveal"])[1])
    code, out, _ = run(["--db", db, "--lang", "en", "check"])
    assert code == 0 and "All checks passed." in out
    for party in detail["parties"]:
        assert party["name"] not in out
        assert not party["id_number"] or party["id_number"] not in out
    assert not FULL_ID.search(out) and not FULL_MOBILE.search(out)


def test_json_masks_and_reveal_is_audited(db: str) -> None:
    number = a_case_with_an_id_number(db)
    before = audit_count(db, "pi.reveal")
    code, out, _ = signed(db, ["case", "show", number, "--json"])
    assert code == 0 and not FULL_ID.search(out) and not FULL_MOBILE.search(out)
    shown = json.loads(out)
    assert any(p["id_number"] and "*" in p["id_number"] for p in shown["parties"])
    assert audit_count(db, "pi.reveal") == before
    code, out, _ = signed(db, ["case", "show", number, "--json", "--reveal"])
    assert code == 0 and FULL_ID.search(out)
    assert audit_count(db, "pi.reveal") == before + 1
    code, out, _ = signed(db, ["--lang", "en", "case", "show", number, "--reveal"])
    assert code == 0 and FULL_ID.search(out)
    assert audit_count(db, "pi.reveal") == before + 2


def test_an_auditor_and_an_unassigned_mediator_cannot_reveal(db: str) -> None:
    number = a_case_with_an_id_number(db)
    code, _, err = signed(db, ["--lang", "en", "user", "add", "shenji", "--display-name", "审计员", "--role", "auditor",
                               "--password-stdin"], "Audit-2026-desk\n")
    assert code == 0, err
    assert signed(db, ["--lang", "en", "mediator", "add", "冶永林"])[0] == 0
    code, _, err = signed(db, ["--lang", "en", "user", "add", "yyl", "--display-name", "冶永林", "--mediator", "冶永林",
                               "--password-stdin"], "Yeyonglin-2026\n")
    assert code == 0, err
    before = audit_count(db, "pi.reveal")
    auditor = ["--db", db, "--lang", "en", "--user", "shenji", "--password-stdin"]
    code, out, err = run([*auditor, "case", "show", number, "--json", "--reveal"], "Audit-2026-desk\n")
    assert code == 2 and out == "" and "may not read case records" in err
    code, out, err = run([*auditor, "case", "list", "--json"], "Audit-2026-desk\n")
    assert code == 2 and out == ""
    mediator = ["--db", db, "--lang", "en", "--user", "yyl", "--password-stdin"]
    code, out, _ = run([*mediator, "case", "show", number, "--json"], "Yeyonglin-2026\n")
    assert code == 0 and json.loads(out)["number"] == number and not FULL_ID.search(out)
    code, out, err = run([*mediator, "case", "show", number, "--json", "--reveal"], "Yeyonglin-2026\n")
    assert code == 2 and out == "" and "assigned to this case" in err
    assert audit_count(db, "pi.reveal") == before


def test_a_reset_password_must_be_changed_before_anything_else(db: str) -> None:
    from mediation_app.services import build_services

    code, _, err = signed(db, ["--lang", "en", "user", "add", "zhao", "--display-name", "赵", "--role", "head",
                               "--password-stdin"], "Desk-first-2026\n")
    assert code == 0, err
    svc = build_services(f"sqlite:///{db}", Path(db).parent)
    try:
        admin = svc.accounts.authenticate("admin", PASSWORD.strip())
        user = next(u for u in svc.accounts.list_users(admin) if u.username == "zhao")
        svc.accounts.reset_password(admin, user.id, "Temporary-2026")
    finally:
        svc.close()
    as_zhao = ["--db", db, "--lang", "en", "--user", "zhao", "--password-stdin"]
    code, _, err = run([*as_zhao, "case", "list"], "Temporary-2026\n")
    assert code == 2 and "choose a new one first" in err
    code, _, err = run([*as_zhao, "passwd"], "Temporary-2026\npassword12345\n")
    assert code == 2 and "most common passwords" in err
    code, out, err = run([*as_zhao, "passwd"], "Temporary-2026\nDesk-second-2026\n")
    assert code == 0 and "was changed" in out, err
    code, out, _ = run([*as_zhao, "case", "list", "--limit", "3"], "Desk-second-2026\n")
    assert code == 0 and out.strip().endswith("of 12 cases")


def test_masking_and_printed_urls() -> None:
    data = {"parties": [{"id_number": "11010519491231002X", "phone": "13800138000", "agent_phone": "13900139000",
                         "name": "张三"}], "referrer_contact": "x"}
    assert masked(data) == {"parties": [{"id_number": "**************002X", "phone": "138****8000",
                                         "agent_phone": "139****9000", "name": "张三"}], "referrer_contact": "*"}
    assert safe_url("postgresql+psycopg://mediation:s3cret@db.local/m") == "postgresql+psycopg://mediation:***@db.local/m"
    assert safe_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
