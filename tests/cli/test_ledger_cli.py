"""import-ledger and export cases, signed in as the administrator."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_cli import db, signed  # noqa: F401  (the fixture)

HEADER = ["案号", "受理日期", "当事人", "联系电话", "纠纷类型", "调解结果", "结案日期", "调解员", "告知途径"]


def _ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.csv"
    rows = [HEADER,
            ["(2019)西调字第1号", "2019.3.5", "张三、李四", "13893126688", "邻里", "调解成功", "2019.3.9", "admin", ""],
            ["", "2019年4月1日", "王五、赵六", "", "合同", "调解不成", "2019/4/9", "admin", "诉讼"],
            ["", "2019.4.31", "钱七", "123", "合同", "调解成功", "", "", ""]]
    with open(path, "w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_import_ledger_dry_run_then_import_then_nothing_new(db: str, tmp_path: Path) -> None:  # noqa: F811
    path = _ledger(tmp_path)
    saved = tmp_path / "map.json"
    code, out, err = signed(db, ["--lang", "en", "import-ledger", str(path), "--dry-run", "--save-mapping", str(saved)])
    assert code == 0, err
    assert "案号 → Case number" in out and "当事人 → Applicant" in out
    assert "Row 2: historical case (2019)西调字第1号 张三、李四" in out
    assert "Row 4: " in out and "2019.4.31 is not a date that exists." in out
    assert "Dry run: 2 would be created, 0 already imported, 1 with problems; nothing was written." in out
    assert json.loads(saved.read_text(encoding="utf-8"))["受理日期"] == "registered_on"
    code, out, _ = signed(db, ["--lang", "en", "case", "list"])
    assert out.strip() == "0 of 0 cases"  # the dry run wrote nothing

    code, out, err = signed(db, ["--lang", "en", "import-ledger", str(path)])
    assert code == 2 and "confirm with --yes" in err
    code, out, err = signed(db, ["--lang", "en", "import-ledger", str(path), "--mapping", str(saved), "--yes"])
    assert code == 0, err
    assert out.strip().endswith("Imported: 2 created, 0 already imported, 1 left out with problems.")
    code, out, _ = signed(db, ["--lang", "en", "case", "show", "(2019)西调字第1号"])
    assert code == 0 and "Status: Closed" in out
    code, out, _ = signed(db, ["--lang", "en", "import-ledger", str(path), "--yes"])
    assert "already imported from ledger.csv, row 2" in out and "Dry run: 0 would be created, 2 already imported" in out


def test_export_cases_xlsx_and_redacted_csv(db: str, tmp_path: Path) -> None:  # noqa: F811
    signed(db, ["--lang", "en", "import-ledger", str(_ledger(tmp_path)), "--yes"])
    out_file = tmp_path / "register.xlsx"
    code, out, err = signed(db, ["--lang", "en", "export", "cases", "--status", "closed", "--contacts", "-o",
                                 str(out_file)])
    assert code == 0, err
    assert out.strip() == f"Exported 2 cases to {out_file}."
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"张三 — 李四", "王五 — 赵六"}
    assert any("13893126688" in (r[11] or "") for r in rows[1:])
    red = tmp_path / "training.csv"
    code, out, err = signed(db, ["--lang", "en", "export", "cases", "--redacted", "--contacts", "-o", str(red)])
    assert code == 0 and "(redacted)" in out
    text = red.read_text(encoding="utf-8-sig")
    assert "张*" in text and "张三" not in text and "138****6688" in text and "13893126688" not in text
    code, _out, err = signed(db, ["--lang", "en", "export", "cases", "--status", "nonsense", "-o", str(red)])
    assert code == 2 and err.strip() == "error: Unknown status nonsense"


def test_a_broken_ledger_is_one_line(db: str, tmp_path: Path) -> None:  # noqa: F811
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    code, out, err = signed(db, ["--lang", "en", "import-ledger", str(broken), "--dry-run"])
    assert code == 2 and err.count("\n") == 1 and "broken.xlsx cannot be read as a ledger" in err


def test_progress_is_one_rewritten_line_on_a_terminal_and_nothing_in_a_log() -> None:
    import io

    from mediation_app.cli_ledger import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert _progress("{done}/{total}", io.StringIO()) is None  # a pipe or a log gets no progress lines
    term = Terminal()
    report = _progress("row {done} of about {total}", term)
    for done in range(1, 1201):
        report(done, 1500)
    report(1200, 1200)
    text = term.getvalue()
    assert text.startswith("\rrow 1 of about 1,500") and text.endswith("\rrow 1,200 of about 1,200\n")
    assert text.count("\r") == 2  # the first row, then at most twice a second, and the end
