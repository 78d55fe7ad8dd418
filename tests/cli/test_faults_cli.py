"""What the command line tells a person when the file or the disk is at fault: one translated line
on stderr, exit status 2 (``check``: its findings and exit 1), never a traceback, and the file
left exactly as it was."""

from __future__ import annotations

import io
import sqlite3
import sys
from pathlib import Path
from unittest import mock

import pytest

from mediation_app import __version__
from mediation_app.cli import main
from tests.services.conftest import PASSWORD
from tests.storage.faults import hashes, immutable, scramble_page, seeded, table_root_page


def run(*args: str) -> tuple[int, str, str]:
    """A command as the office runs it: signed in (the password on standard input), except the
    commands that need no sign-in."""
    out, err = io.StringIO(), io.StringIO()
    signed = not {"init", "check"} & set(args)
    with mock.patch.object(sys, "stdin", io.StringIO(PASSWORD + "\n" if signed else "")):
        code = main(["--lang", "en", *(["--password-stdin"] if signed else []), *args], out, err)
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err and "SQL" not in err
    return err[len("error: "):-1]


def test_a_zero_length_file_is_not_set_up_and_not_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("调解2026-secret-pass\n"))
    db = tmp_path / "m.db"
    db.write_bytes(b"")
    for args in (["case", "list"], ["init", "--committee", "X", "--short", "X", "--admin", "a", "--password-stdin"]):
        code, out, err = run("--db", str(db), *args)
        assert code == 2 and out == ""
        assert one_line(err).startswith(f"{db} is empty (0 bytes): it may be a database that lost its contents, so no "
                                        "new database is set up over it; nothing was changed.")
    assert db.stat().st_size == 0 and sorted(p.name for p in tmp_path.glob("m.db*")) == ["m.db"]


def test_a_scrambled_page_stops_mediator_add_and_check_reports_it(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    scramble_page(db, *table_root_page(db, "mediator"))
    before = hashes(db)
    code, _out, err = run("--db", str(db), "mediator", "add", "不该写入")
    assert code == 2
    assert one_line(err).startswith(f"The database {db} is damaged; nothing more is written to it. The newest "
                                    "verified backup is mediation-20261120-090000.db (")
    code, out, err = run("--db", str(db), "check")
    assert code == 1 and err == ""
    assert f"problem: The database {db} is damaged; nothing more is written to it." in out
    assert out.endswith("Problems found.\n")
    assert hashes(db) == before


def test_check_of_a_file_with_a_foreign_wal_changes_nothing(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    con = sqlite3.connect(other / "x.db")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("create table t(x)")
    con.execute("insert into t values (1)")
    con.commit()
    (tmp_path / "m.db-wal").write_bytes((other / "x.db-wal").read_bytes())
    con.close()
    before = hashes(db)
    code, out, _err = run("--db", str(db), "check")
    assert code == 1
    assert f"problem: {db} has a change log (-wal file) beside it that does not fit it" in out
    assert hashes(db) == before  # database and -wal byte for byte, no -shm made


def test_a_newer_versions_file_is_named_and_check_does_not_advise_upgrading(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    con = sqlite3.connect(db)
    con.execute("update alembic_version set version_num = '0931'")
    con.execute("update app_info set value = '9.3.1' where key = 'app_version'")
    con.commit()
    con.close()
    expected = (f"This database was last written by Mediation Desk 9.3.1, newer than this one ({__version__}); "
                "nothing was changed. Open it with version 9.3.1 or later.")
    code, _out, err = run("--db", str(db), "case", "list")
    assert code == 2 and one_line(err) == expected
    code, out, _err = run("--db", str(db), "check")
    assert code == 1 and f"problem: {expected}" in out and "upgrade" not in out


def test_a_read_only_file_is_read_but_not_written(tmp_path: Path) -> None:
    db, _ = seeded(tmp_path)
    before = hashes(db)
    with immutable(db):
        code, out, err = run("--db", str(db), "mediator", "list")
        assert code == 0 and "调解员0" in out
        code, _out, err = run("--db", str(db), "mediator", "add", "不该写入")
        assert code == 2 and one_line(err) == (f"The database {db} is read-only, so it can only be read: changes are "
                                               "disabled. To work in it, allow writing to the file.")
    assert hashes(db) == before


def test_an_unexpected_error_is_one_line_and_its_details_go_to_the_masked_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mediation_app import cli

    db, _ = seeded(tmp_path)

    def broken(args: object, out: object) -> int:
        raise RuntimeError("party 11010519491231002X, phone 13800138000")

    monkeypatch.setattr(cli, "cmd_case", broken)
    code, _out, err = run("--db", str(db), "case", "list")
    log = tmp_path / "logs" / "mediation.log"
    assert code == 2 and one_line(err) == f"something went wrong; the unfinished command saved nothing (details in {log})"
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "**************002X" in text and "138****8000" in text
    assert "11010519491231002X" not in text and "13800138000" not in text


def test_the_sentence_is_in_the_users_language(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    db.write_bytes(b"")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--lang", "zh_CN", "--db", str(db), "case", "list"], out, err) == 2
    assert err.getvalue() == (f"错误：{db} 是空文件（0 字节），可能是丢失了内容的数据库，因此不会在它上面新建数据库；"
                              "未做任何改动。 没有找到经过校验的备份；请原样保留该文件，并请技术人员协助恢复。\n")


def test_an_export_to_a_full_drive_names_the_file_and_not_the_database(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.storage.faults import fill_up, tiny_filesystem

    db, _ = seeded(tmp_path)
    with tiny_filesystem(tmp_path_factory.mktemp("stick"), 256) as stick:
        fill_up(stick)
        out = stick / "register.csv"
        code, _out, err = run("--db", str(db), "export", "cases", "-o", str(out))
        assert code == 2
        assert one_line(err) == f"{out}: the disk is full. Free some space or choose another drive, and try again."
        assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"]
    con = sqlite3.connect(db)
    try:  # no export is on record, and the database was never taken for the full disk
        assert con.execute("SELECT count(*) FROM audit_event WHERE action = 'export.cases'").fetchone() == (0,)
    finally:
        con.close()
    code, _out, err = run("--db", str(db), "export", "cases", "-o", str(tmp_path / "register.csv"))
    assert code == 0, err
