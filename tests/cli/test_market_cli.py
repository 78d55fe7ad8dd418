"""`merchant` and `market` run as a market-room mediator would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from mediation_app.domain.identity import credit_code_check_char
from tests.cli.test_cli import db, signed  # noqa: F401  (fixture)

FIRST17 = "91630105MA752XGY0"
CODE = FIRST17 + credit_code_check_char(FIRST17)
WRONG = FIRST17 + ("0" if CODE[-1] != "0" else "1")


def test_merchant_add_list_edit_history(db: str) -> None:  # noqa: F811
    code, out, err = signed(db, ["--lang", "en", "merchant", "add", "--stall", "B-117", "--name", "建国果业",
                                 "--type", "水果批发", "--credit-code", CODE, "--operator", "李建国"])
    assert code == 0 and "Added 建国果业 at stall B-117." in out, err
    code, _out, err = signed(db, ["--lang", "en", "merchant", "add", "--stall", "C-1", "--name", "雪域干货",
                                  "--credit-code", WRONG])
    assert code == 2 and "checksum" in err and "\n" == err[-1] and err.count("\n") == 1
    code, out, err = signed(db, ["--lang", "en", "merchant", "add", "--stall", "C-1", "--name", "雪域干货",
                                 "--credit-code", WRONG, "--confirm"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "merchant", "list"])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split("\t")[:3] == ["B-117", "建国果业", "水果批发"] and lines[-1] == "2 merchants"
    code, out, err = signed(db, ["--lang", "en", "merchant", "edit", "c1", "--left"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "merchant", "list", "--text", "雪域"])
    assert out.splitlines()[-1] == "0 merchants"
    code, out, err = signed(db, ["--lang", "en", "merchant", "list", "--all", "--text", "雪域"])
    assert "left on" in out
    code, out, err = signed(db, ["--lang", "en", "merchant", "history", "B117"])
    assert code == 0 and "No disputes on record." in out, err


def test_merchant_import_dry_run_then_yes(db: str, tmp_path: Path) -> None:  # noqa: F811
    wb = Workbook()
    ws = wb.active
    ws.append(["摊位号", "商户名称", "经营类别", "统一社会信用代码", "经营者"])
    ws.append(["A-001", "鑫源果业", "水果", CODE, "马福"])
    ws.append(["A-002", "", "蔬菜", "", "韩明"])
    path = tmp_path / "名录.xlsx"
    wb.save(path)
    code, out, err = signed(db, ["--lang", "en", "merchant", "import", str(path), "--dry-run"])
    assert code == 0 and "Dry run: 1 would be created, 0 already imported, 1 with problems" in out, err
    code, out, err = signed(db, ["--lang", "en", "merchant", "import", str(path), "--yes"])
    assert code == 0 and "Imported: 1 created" in out, err
    code, out, err = signed(db, ["--lang", "en", "merchant", "import", str(path), "--yes"])
    assert "0 would be created, 1 already imported" in out


def test_market_clock_holidays_and_stats(db: str) -> None:  # noqa: F811
    code, out, err = signed(db, ["--lang", "en", "market", "clock", "set", "short_weight", "10", "--unit", "working",
                                 "--label", "消费投诉时限"])
    assert code == 0 and out.splitlines() == ["short_weight\tShort weight\twithin 10 working days\t消费投诉时限"], err
    code, out, err = signed(db, ["--lang", "en", "market", "holiday", "list", "--year", "2026"])
    assert code == 0 and "2026-10-10\tworking day\t国庆节\tshipped" in out.splitlines(), err
    code, out, err = signed(db, ["--lang", "en", "market", "holiday", "set", "2026-12-31", "off", "--name", "盘点"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "market", "holiday", "list", "--year", "2027"])
    assert "only the statutory holidays" in out
    code, out, err = signed(db, ["--lang", "en", "market", "holiday", "list", "--year", "2026"])
    assert "2026-12-31\tday off\t盘点\tcorrected" in out.splitlines()
    code, out, err = signed(db, ["--lang", "en", "market", "holiday", "set", "2026-12-32", "off"])
    assert code == 2 and err.strip() == "error: 2026-12-32 is not a date; write it as YYYY-MM-DD."
    code, out, err = signed(db, ["--lang", "en", "demo", "--cases", "80", "--seed", "4"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "market", "stats", "--period", "2026"])
    assert code == 0, err
    assert "Business type\tDisputes\tMerchants" in out and "Market clock\tOn time\tLate" in out
