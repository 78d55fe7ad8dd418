"""``mediation-app signin`` / ``signout``: the password once, then commands for a few idle minutes
without it, in this operating-system user's token file (0600, one per database). ``case list`` with
a live session takes the quick read (no ORM, no services) and prints what the full way prints."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from unittest import mock

import pytest

from mediation_app import cli_timestamp
from mediation_app.config import sqlite_url
from tests.cli.test_cli import PASSWORD, run, signed

MEDIATOR_PASSWORD = "Mediator-desk-2026"


@pytest.fixture(autouse=True)
def _runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _init(path: str, cases: int) -> str:
    code, _, err = run(["--db", path, "--lang", "en", "init", "--committee", "集散中心人民调解委员会", "--short", "客商",
                        "--admin", "admin", "--password-stdin"], PASSWORD)
    assert code == 0, err
    code, _, err = signed(path, ["--lang", "en", "demo", "--cases", str(cases), "--seed", "5"])
    assert code == 0, err
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    return _init(str(tmp_path / "stay.db"), 14)


def audit_count(db: str, action: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("select count(*) from audit_event where action = ?", (action,)).fetchone()[0])
    finally:
        con.close()


def execute(db: str, sql: str) -> None:
    con = sqlite3.connect(db)
    try:
        con.execute(sql)
        con.commit()
    finally:
        con.close()


def sign_in(db: str, user: str = "admin", password: str = PASSWORD) -> None:
    code, out, err = run(["--db", db, "--lang", "en", "--user", user, "--password-stdin", "signin"], password + "\n")
    assert code == 0 and "Signed in as " + user in out, err


def unsigned(db: str, args: list[str]) -> tuple[int, str, str]:
    """A command without a password (a live session, or the refusal)."""
    return run(["--db", db, "--lang", "en", *args])


def quick_only(db: str, args: list[str]) -> tuple[int, str, str]:
    """The same, failing if the command opened the services (the quick read was not taken)."""
    with mock.patch("mediation_app.services.build_services", side_effect=AssertionError("the full way was taken")):
        return unsigned(db, args)


LISTS = [["case", "list"], ["case", "list", "--json"], ["case", "list", "--status", "mediating"],
         ["case", "list", "--overdue", "--limit", "3"], ["case", "list", "--text", "马", "--json", "--limit", "5"],
         ["case", "list", "--text", "不存在的当事人"], ["case", "list", "--status", "closed", "--json"]]


def test_case_list_with_a_session_prints_what_the_password_way_prints(db: str) -> None:
    code, _, err = signed(db, ["user", "add", "hanxy", "--display-name", "韩秀英", "--role", "mediator",
                               "--password-stdin"], MEDIATOR_PASSWORD + "\n")
    assert code == 0, err
    for user, password in (("admin", PASSWORD), ("hanxy", MEDIATOR_PASSWORD)):
        sign_in(db, user, password)
        for args in LISTS:
            full = run(["--db", db, "--lang", "en", "--user", user, "--password-stdin", *args], password + "\n")
            quick = quick_only(db, args)
            assert quick == full and full[0] == 0, (user, args)
    assert "of 14 cases" in quick_only(db, ["case", "list"])[1]
    code, out, _ = quick_only(db, ["case", "list", "--text", "马", "--json", "--limit", "50"])
    assert code == 0 and all(r["matched"] for r in json.loads(out))


def test_other_commands_use_the_session_and_the_password_still_works(db: str) -> None:
    sign_in(db)
    logins = audit_count(db, "auth.login")
    code, out, err = unsigned(db, ["user", "list"])
    assert code == 0 and "admin" in out, err
    assert audit_count(db, "auth.login") == logins  # no password sign-in
    code, _, err = signed(db, ["case", "list"])  # --password-stdin: the password, as without a session
    assert code == 0 and audit_count(db, "auth.login") == logins + 1, err
    code, _, err = run(["--db", db, "--lang", "en", "--password-stdin", "case", "list"], "wrong-password-1\n")
    assert code == 2 and "Wrong user name or password" in err


def test_the_token_file_is_private_and_only_its_hash_is_stored(db: str) -> None:
    sign_in(db)
    path = cli_timestamp.token_file(sqlite_url(db))
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    token = json.loads(path.read_text())["token"]
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert token not in dump
    assert audit_count(db, "auth.cli_signin") == 1


def test_a_token_file_others_may_read_is_refused(db: str) -> None:
    sign_in(db)
    path = cli_timestamp.token_file(sqlite_url(db))
    os.chmod(path, 0o644)
    code, out, err = unsigned(db, ["case", "list"])
    assert code == 2 and out == "" and "may be read by others" in err and "needs your password" in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_token_file_owned_by_another_user_is_refused(db: str) -> None:
    sign_in(db)
    path = cli_timestamp.token_file(sqlite_url(db))
    os.chown(path, 65534, 65534)  # still 0600, but someone else's (planted, or left by another account)
    code, out, err = unsigned(db, ["case", "list"])
    assert code == 2 and out == "" and "may be read by others" in err and "needs your password" in err


def test_a_token_of_another_database_is_refused(db: str, tmp_path: Path) -> None:
    other = _init(str(tmp_path / "other.db"), 2)
    sign_in(db)
    shutil.copy(cli_timestamp.token_file(sqlite_url(db)), cli_timestamp.token_file(sqlite_url(other)))
    code, _, err = unsigned(other, ["case", "list"])
    assert code == 2 and "not this database's" in err and "needs your password" in err
    assert unsigned(db, ["case", "list"])[0] == 0


def test_signout_expiry_and_a_password_change_end_it_and_are_audited(db: str) -> None:
    sign_in(db)
    code, out, _ = unsigned(db, ["signout"])
    assert code == 0 and "Signed out." in out and audit_count(db, "auth.cli_signout") == 1
    assert not cli_timestamp.token_file(sqlite_url(db)).exists()
    code, _, err = unsigned(db, ["case", "list"])
    assert code == 2 and "needs your password" in err
    assert "There was no command-line sign-in." in unsigned(db, ["signout"])[1]

    sign_in(db)
    execute(db, "update cli_session set expires_at = '2000-01-01 00:00:00.000000' where ended_at is null")
    code, _, err = unsigned(db, ["case", "list"])
    assert code == 2 and "needs your password" in err
    assert audit_count(db, "auth.cli_expired") == 1
    assert not cli_timestamp.token_file(sqlite_url(db)).exists()

    sign_in(db)
    new = "Desk-changed-2026"
    code, _, err = run(["--db", db, "--lang", "en", "--password-stdin", "passwd"], f"{PASSWORD.strip()}\n{new}\n")
    assert code == 0, err
    code, _, err = unsigned(db, ["case", "list"])
    assert code == 2 and "needs your password" in err
    assert audit_count(db, "auth.cli_revoked") == 1


def test_a_locked_account_ends_it(db: str) -> None:
    sign_in(db)
    execute(db, "update user_account set locked_until = '2999-01-01 00:00:00.000000' where username = 'admin'")
    code, _, err = unsigned(db, ["case", "list"])
    assert code == 2 and "needs your password" in err
    assert audit_count(db, "auth.cli_revoked") == 1


def test_on_postgresql_the_session_and_the_quick_list_work(tmp_path: Path) -> None:
    from tests.factories import make_case
    from tests.services.conftest import PASSWORD as SERVICE_PASSWORD
    from tests.services.conftest import open_initialised

    svc, admin = open_initialised("postgresql", tmp_path)
    try:
        for _ in range(3):
            make_case(svc, admin)
        url = svc.db.url
    finally:
        svc.close()
    base = ["--db-url", url, "--lang", "en"]
    code, out, err = run([*base, "--user", "admin", "--password-stdin", "signin"], SERVICE_PASSWORD + "\n")
    assert code == 0, err
    for args in (["case", "list"], ["case", "list", "--json"], ["case", "list", "--text", "马福海", "--json"]):
        full = run([*base, "--user", "admin", "--password-stdin", *args], SERVICE_PASSWORD + "\n")
        with mock.patch("mediation_app.services.build_services", side_effect=AssertionError("the full way")):
            quick = run([*base, *args])
        assert quick == full and full[0] == 0, args
    assert "3 of 3 cases" in run([*base, "case", "list"])[1]
    code, out, _ = run([*base, "signout"])
    assert code == 0 and "Signed out." in out
    code, _, err = run([*base, "case", "list"])
    assert code == 2 and "needs your password" in err


def _last_audit(db: str, action: str) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("select username from audit_event where action = ? order by seq desc limit 1",
                               (action,)).fetchone()[0])
    finally:
        con.close()


def test_maintenance_commands_act_as_the_account_signed_in(db: str) -> None:
    """backup, restore and audit act as (and are audited under) the account that signed in, not
    the first administrator by name."""
    for name, role, password in (("yang", "auditor", "Ledger-blue-2026"), ("keeper", "admin", "Harbour-lamp-2026")):
        code, _, err = signed(db, ["--lang", "en", "user", "add", name, "--display-name", name, "--role", role,
                                   "--password-stdin"], password + "\n")
        assert code == 0, err
    sign_in(db, "yang", "Ledger-blue-2026")
    code, out, err = unsigned(db, ["audit", "list", "--action", "user.create"])
    assert code == 0, err
    assert "\"username\":\"keeper\"" in out and "2 of 2 entries" in out, out
    sign_in(db, "keeper", "Harbour-lamp-2026")
    code, out, err = unsigned(db, ["backup"])
    assert code == 0, err
    backup = out.rsplit(" ", 1)[-1].strip()
    code, out, err = unsigned(db, ["restore", backup, "--yes"])
    assert code == 0 and "Restored the backup of" in out, err
    assert _last_audit(db, "maintenance.restore") == "keeper"


def test_the_token_file_and_its_folder_entry_are_synced_and_a_failed_write_leaves_the_old_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import stat

    url = "sqlite:////srv/mediation/stay.db"
    real_fsync = os.fsync
    synced: list[bool] = []

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    path = cli_timestamp.save_token(url, "first-token")
    assert synced == [False, True]  # the file, then the folder holding its new name
    assert path.stat().st_mode & 0o777 == 0o600 and cli_timestamp.load_token(url) == "first-token"

    def failing(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(OSError):
        cli_timestamp.save_token(url, "second-token")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert cli_timestamp.load_token(url) == "first-token"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file is left
