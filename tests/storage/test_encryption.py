"""Whole-database encryption (SQLCipher) on a real encrypted file: set up with ``init --encrypt``,
the file is not readable SQLite, no ID number or phone is in its bytes, it opens with the
passphrase only, and its backups stay encrypted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mediation_app.services import build_services
from mediation_app.services.errors import AuthenticationFailed, ValidationFailed
from mediation_app.storage import encryption
from mediation_app.storage.db import sqlite_url
from tests.cli.test_cli import run
from tests.factories import BUYER, make_case

pytest.importorskip("sqlcipher3")

PASSWORD = "Desk-office-2026"
PASSPHRASE = "青海 集散中心 调解室 2026"


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    db = tmp_path / "centre.db"
    code, out, err = run(["--db", str(db), "--lang", "en", "init", "--committee", "集散中心人民调解委员会",
                          "--short", "客商", "--admin", "admin", "--password-stdin", "--encrypt"],
                         f"{PASSWORD}\n{PASSPHRASE}\n")
    assert code == 0, err
    assert PASSPHRASE not in out
    return db


def test_an_encrypted_database_is_noise_without_its_passphrase(encrypted: Path) -> None:
    assert encrypted.read_bytes()[:16] != b"SQLite format 3\x00"
    con = sqlite3.connect(encrypted)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        con.execute("select count(*) from sqlite_master").fetchone()
    con.close()
    assert not encryption.opens_with(encrypted, "not the passphrase")
    con = encryption.connect(encrypted, passphrase=PASSPHRASE)
    try:
        assert con.execute("select username from user_account").fetchall() == [("admin",)]
    finally:
        con.close()


def test_personal_data_and_backups_stay_encrypted(encrypted: Path) -> None:
    svc = build_services(sqlite_url(encrypted), encrypted.parent, passphrase=PASSPHRASE)
    try:
        admin = svc.accounts.authenticate("admin", PASSWORD)
        case_id = make_case(svc, admin)
        assert svc.cases.detail(admin, case_id).parties[0].id_number == BUYER.id_number
    finally:
        svc.close()
    for path in encrypted.parent.glob("centre.db*"):
        raw = path.read_bytes()
        assert BUYER.id_number.encode() not in raw and b"13893126688" not in raw, path
        assert "马福海".encode() not in raw, path
    code, out, err = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "--password-stdin", "backup"],
                         f"{PASSPHRASE}\n{PASSWORD}\n")
    assert code == 0, err
    backup = Path(out.rsplit(" ", 1)[-1].strip())
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    assert BUYER.id_number.encode() not in backup.read_bytes()
    con = encryption.connect(backup, passphrase=PASSPHRASE)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("select count(*) from mediation_case").fetchone()[0] == 1
    finally:
        con.close()
    code, out, _ = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "check"], f"{PASSPHRASE}\n")
    assert code == 0 and "integrity: ok" in out and "All checks passed." in out, out + _


def test_a_wrong_or_missing_passphrase_is_one_clear_sentence(encrypted: Path) -> None:
    code, out, err = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "--password-stdin", "case",
                          "list"], f"wrong passphrase here\n{PASSWORD}\n")
    assert code == 2 and out == ""
    assert err == "error: The passphrase does not open this database (or the file is damaged).\n"
    code, _, err = run(["--db", str(encrypted), "--lang", "en", "--password-stdin", "case", "list"], f"{PASSWORD}\n")
    assert code == 2 and "This database is encrypted" in err and "--passphrase-stdin" in err
    with pytest.raises(AuthenticationFailed, match="its passphrase is needed to open it"):
        build_services(sqlite_url(encrypted), encrypted.parent)
    code, out, err = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "--password-stdin", "case",
                          "list"], f"{PASSPHRASE}\n{PASSWORD}\n")
    assert code == 0 and out.strip().endswith("0 of 0 cases"), err


def test_encryption_is_chosen_at_creation_with_a_real_passphrase(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as err:
        build_services(sqlite_url(tmp_path / "short.db"), tmp_path, passphrase="short", encrypt_new=True)
    assert "at least 12 characters" in err.value.field_errors["passphrase"]
    plain = tmp_path / "plain.db"
    build_services(sqlite_url(plain), tmp_path).close()
    with pytest.raises(ValidationFailed, match="not encrypted; encryption is chosen when a database is created"):
        build_services(sqlite_url(plain), tmp_path, passphrase=PASSPHRASE, encrypt_new=True)


def test_damage_is_not_taken_for_encryption(tmp_path: Path, encrypted: Path) -> None:
    assert encryption.is_encrypted(encrypted)
    plain = tmp_path / "plain.db"
    build_services(sqlite_url(plain), tmp_path).close()
    assert not encryption.is_encrypted(plain)
    raw = bytearray(plain.read_bytes())
    raw[:16] = b"\x00" * 16  # the header's first bytes scrambled: still a (damaged) plain file
    plain.write_bytes(bytes(raw))
    assert not encryption.is_encrypted(plain)
    raw[:100] = bytes(range(7, 107))  # the whole header overwritten: the page is still plain
    plain.write_bytes(bytes(raw))
    assert not encryption.is_encrypted(plain)
    text = tmp_path / "notes.db"
    text.write_bytes(b"not a database, just some text.\n" * 64)  # 2048 bytes of text
    assert not encryption.is_encrypted(text)
    (tmp_path / "empty.db").write_bytes(b"")
    assert not encryption.is_encrypted(tmp_path / "empty.db")


def test_an_encrypted_backup_restores_and_the_database_still_needs_its_passphrase(encrypted: Path) -> None:
    code, out, err = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "--password-stdin", "backup"],
                         f"{PASSPHRASE}\n{PASSWORD}\n")
    assert code == 0, err
    backup = Path(out.rsplit(" ", 1)[-1].strip())
    code, out, err = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "--password-stdin", "restore",
                          "--list"], f"{PASSPHRASE}\n{PASSWORD}\n")
    assert code == 0 and backup.name in out, err
    code, out, err = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "--password-stdin", "restore",
                          str(backup), "--yes"], f"{PASSPHRASE}\n{PASSWORD}\n")
    assert code == 0, err + out
    assert encryption.is_encrypted(encrypted)
    encryption.forget_keys()
    assert not encryption.opens_with(encrypted, "not the passphrase")
    code, out, err = run(["--db", str(encrypted), "--lang", "en", "--passphrase-stdin", "check"], f"{PASSPHRASE}\n")
    assert code == 0 and "All checks passed." in out, err + out
