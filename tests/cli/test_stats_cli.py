"""``mediation-app stats``: the report files, a cell's cases, submitting and the submitted list."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_cli import db, run, signed  # noqa: F401  (fixture)


def test_report_files_cell_submit_and_compare(db: str, tmp_path: Path) -> None:  # noqa: F811
    assert signed(db, ["demo", "--cases", "120", "--seed", "3"])[0] == 0
    year = "2026"
    for fmt in ("pdf", "xlsx", "csv"):
        target = tmp_path / f"report.{fmt}"
        code, out, err = signed(db, ["--lang", "en", "stats", "--period", year, "--format", fmt, "-o", str(target)])
        assert code == 0, err
        assert out.strip() == f"{target}: the report for {year}"
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO((tmp_path / "report.csv").read_text("utf-8-sig"))))
    total_row = next(r for r in rows if r and r[0] == "本级上报总计")
    headings = rows[3]
    total = int(total_row[headings.index("调解案件总数")])
    assert total > 0
    ws, cases, _stock = load_workbook(tmp_path / "report.xlsx").worksheets
    assert ws["A1"].value == "人民调解案件统计表" and cases.max_row > total
    code, out, err = signed(db, ["--lang", "en", "stats", "cell", "total", "total", "--period", year])
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[-1] == f"{total} cases, 0 other records"
    assert all(line.startswith("客商人调字〔") for line in lines[:-1]) and len(lines) - 1 == total
    code, out, err = signed(db, ["--lang", "en", "stats", "cell", "客商", "JFLB:04", "--period", year])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "stats", "organisation", "--committee", "客商"])
    assert code == 0, err
    org = out.splitlines()
    assert org[0] == "Committees by type (active)" and len(org) == 1 + 7 + 1 + 1
    assert sum(int(line.split("\t")[1]) for line in org[1:8]) == 1
    assert org[8].startswith("Mediators (active): full-time ")
    code, out, err = signed(db, ["--lang", "en", "stats", "submit", "--period", year, "--note", "季报"])
    assert code == 0 and out.startswith(f"Submitted {year}: "), err
    sub_id = out.split(": ")[1].split(" ")[0]
    code, out, _ = signed(db, ["--lang", "en", "stats", "submitted"])
    assert out.startswith(sub_id) and "季报" in out
    code, out, _ = signed(db, ["--lang", "en", "stats", "submitted", "--compare", sub_id])
    assert out.strip() == "Unchanged since submission."
    frozen = tmp_path / "frozen.csv"
    code, out, err = signed(db, ["--lang", "en", "stats", "submitted", "--export", sub_id, "--format", "csv", "-o",
                                 str(frozen)])
    assert code == 0, err
    frozen_rows = list(csv.reader(io.StringIO(frozen.read_text("utf-8-sig"))))
    assert frozen_rows[7:9] == rows[7:9]  # the committee rows, as computed before submitting
    number = lines[0].split("\t")[0]  # a case the report counts
    code, out, err = signed(db, ["--lang", "en", "stats", "facts", number, "--complexity", "difficult"])
    assert code == 0, err
    code, out, _ = signed(db, ["--lang", "en", "stats", "submitted", "--compare", sub_id])
    assert "Changed since submission:" in out and "difficult" in out


def test_settings_prevention_screening_and_errors(db: str) -> None:  # noqa: F811
    code, out, err = signed(db, ["--lang", "en", "stats", "settings", "--version", "B2016", "--anchor", "closed"])
    assert code == 0, err
    assert "* B2016" in out and out.strip().endswith("Period date: closed")
    assert signed(db, ["stats", "prevention", "mass_petition", "--persons", "15", "--date", "2026-10-01"])[0] == 0
    assert signed(db, ["stats", "screening", "--date", "2026-10-02", "--area", "B区", "--found", "2"])[0] == 0
    code, out, _ = signed(db, ["--lang", "en", "stats", "cell", "total", "prevent.mass_petition.persons",
                               "--period", "2026-Q4"])
    assert out.strip().splitlines()[-1] == "0 cases, 1 other records"
    code, _, err = signed(db, ["--lang", "en", "stats", "cell", "total", "nonsense", "--period", "2026"])
    assert code == 2 and err.startswith("error: No such column in the report: nonsense.")
    code, _, err = signed(db, ["--lang", "en", "stats", "--period", "2026", "--format", "csv"])
    assert code == 2 and err.strip() == "error: Give --output."


def test_every_subtype_is_mapped_onto_each_list_and_can_be_remapped(db: str) -> None:  # noqa: F811
    code, out, _ = signed(db, ["--lang", "en", "stats", "codes", "--version", "B2016"])
    rows = {tuple(line.split("\t")[:2]): line.split("\t")[3] for line in out.strip().splitlines()}
    assert rows[("type", "labour")] == "11" and rows[("subtype", "unpaid_wages")] == "10"
    assert rows[("subtype", "short_weight")] == "14"  # consumer -> 其他消费
    assert all(code for code in rows.values())
    code, out, err = signed(db, ["--lang", "en", "stats", "codes", "--version", "C2020", "--map", "goods_quality", "12"])
    assert code == 0, err
    assert "subtype\tgoods_quality\tGoods quality\t12" in out
    code, _, err = signed(db, ["--lang", "en", "stats", "codes", "--version", "C2020", "--map", "goods_quality", "77"])
    assert code == 2 and "77" in err
