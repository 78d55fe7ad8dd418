"""`warnings` as an office would script it: scan, list, review by the listed number, the word list."""

from __future__ import annotations

from pathlib import Path

from mediation_app.services import build_services
from mediation_app.storage.db import sqlite_url
from tests.cli.test_cli import PASSWORD, db, signed  # noqa: F401  (fixture)
from tests.services.test_warnings import plain_case


def _register(path: str, facts: str) -> str:
    svc = build_services(sqlite_url(Path(path)), Path(path).parent, create=False)
    try:
        admin = svc.accounts.authenticate("admin", PASSWORD.strip())
        case_id = svc.intake.register(admin, plain_case(facts), accept=True).created_id
        return svc.cases.detail(admin, case_id).number
    finally:
        svc.close()


def test_scan_list_review_words_settings_stats(db: str, tmp_path: Path) -> None:  # noqa: F811
    number = _register(db, "被申请人扬言要同归于尽。")
    code, out, err = signed(db, ["--lang", "en", "warnings", "scan"])
    assert code == 0 and out.startswith("New warnings: 0"), err  # raised already when the case was registered
    code, out, err = signed(db, ["--lang", "en", "warnings", "list"])
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "1 warnings" and number in lines[0] and "同归于尽" in lines[0], err
    short = lines[0].split()[0]
    code, out, err = signed(db, ["--lang", "en", "warnings", "review", short, "--decision", "raise", "--note", "核实",
                                 "--level", "yellow", "--police", "城北派出所"])
    assert code == 0 and "Review recorded." in out, err
    code, out, err = signed(db, ["--lang", "en", "warnings", "list"])
    assert out.splitlines()[-1] == "0 warnings"
    code, out, err = signed(db, ["--lang", "en", "warnings", "list", "--case", number])
    assert "reviewed" in out and "police told: 城北派出所" in out
    code, out, err = signed(db, ["--lang", "en", "warnings", "review", short, "--decision", "keep", "--note", "x"])
    assert code == 2 and err.count("\n") == 1
    exported = tmp_path / "words.txt"
    code, out, err = signed(db, ["--lang", "en", "warnings", "words", "--export", str(exported)])
    assert code == 0 and "shipped" in out and "刀削面" in exported.read_text(encoding="utf-8")
    exported.write_text("[威胁]\n打断腿\n", encoding="utf-8")
    code, out, err = signed(db, ["--lang", "en", "warnings", "words", "--import", str(exported)])
    assert code == 0 and "as edited here" in out and "Threats 1" in out, err
    _register(db, "对方说要打断腿。")
    code, out, err = signed(db, ["--lang", "en", "warnings", "list"])
    assert out.splitlines()[-1] == "2 warnings" and "打断腿" in out  # the same parties again, and the word
    assert f"is a party to case {number}" in out
    code, out, err = signed(db, ["--lang", "en", "warnings", "settings", "--repeat-months", "6"])
    assert code == 0 and "repeat_months = 6" in out, err
    code, out, err = signed(db, ["--lang", "en", "warnings", "stats", "--period", "2026"])
    assert code == 0 and "raised 3, reviewed 1, escalated to the police 1" in out, err
