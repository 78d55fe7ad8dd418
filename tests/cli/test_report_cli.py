"""`stats screening`, `screening-round` and `board` run as a user would."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_cli import db, signed  # noqa: F401  (fixture)


def test_rounds_are_counted_on_the_screening_report(db: str, tmp_path: Path) -> None:  # noqa: F811
    for day, drive in (("2026-10-02", ["--concentrated"]), ("2026-10-16", [])):
        code, out, err = signed(db, ["--lang", "en", "stats", "screening", "--date", day, "--area", "集散中心B区",
                                     "--screeners", "韩卫东", *drive])
        assert code == 0 and "Recorded." in out, err
    code, out, err = signed(db, ["stats", "screening-report", "--period", "2026-10"])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2026年10月集散中心人民调解委员会矛盾纠纷排查情况表"
    assert lines[-2] == "52\t开展集中排查·次数\t1\t0\t0\t1\t1"
    assert lines[-1].split("\t")[1:] == ["2026年10月", "0", "2", "0", "0"]  # monthly: 2 rounds
    csv_file = tmp_path / "screening.csv"
    code, out, err = signed(db, ["--lang", "en", "stats", "screening-report", "--period", "2026-Q4", "-o", str(csv_file)])
    assert code == 0 and f"Wrote {csv_file}" in out, err
    rows = list(csv.reader(io.StringIO(csv_file.read_text("utf-8-sig"))))
    assert rows[3][:3] == ["1", "总况", "排查数"] and rows[54][:2] == ["52", "开展集中排查"] and rows[54][6] == "1"
    pdf_file = tmp_path / "screening.pdf"
    code, _, err = signed(db, ["stats", "screening-report", "--period", "2026", "--format", "pdf", "-o", str(pdf_file)])
    assert code == 0, err
    assert "矛盾纠纷排查情况表" in "".join((PdfReader(pdf_file).pages[0].extract_text() or "").split())
    xlsx_file = tmp_path / "screening.xlsx"
    code, out, err = signed(db, ["--lang", "en", "stats", "screening-report", "--period", "2026-10", "-o", str(xlsx_file)])
    assert code == 0 and f"Wrote {xlsx_file}" in out, err
    from openpyxl import load_workbook

    ws = load_workbook(xlsx_file).worksheets[0]
    assert (ws["A56"].value, ws["B56"].value, ws["D56"].value, ws["G56"].value, ws["H56"].value) == (
        52, "开展集中排查", 1, 1, 1)


def test_period_and_committee_mistakes_are_one_line(db: str) -> None:  # noqa: F811
    code, _, err = signed(db, ["--lang", "en", "stats", "screening-report", "--period", "2026-13"])
    assert code == 2 and err.strip() == "error: A month is 01 to 12."
    code, _, err = signed(db, ["--lang", "en", "stats", "screening-report", "--period", "2026", "--committee", "无此"])
    assert code == 2 and err.strip() == "error: No committee with the short name 无此."


def test_board_numbers_list_their_cases(db: str) -> None:  # noqa: F811
    code, _, err = signed(db, ["--lang", "en", "demo", "--cases", "60", "--seed", "3"])
    assert code == 0, err
    code, out, err = signed(db, ["--lang", "en", "board"])
    assert code == 0, err
    head, row, total = out.splitlines()
    assert head.split("\t")[:3] == ["Committee", "Open cases", "Past the mediation deadline"]
    values = row.split("\t")
    assert row.split("\t")[1:] == total.split("\t")[1:] and values[-1] == "0"  # nothing at a window
    for column, measure in ((1, "open_cases"), (2, "overdue_cases"), (4, "orange"), (5, "red"),
                            (3, "overdue_items")):
        code, listed, err = signed(db, ["--lang", "en", "board", "--list", measure])
        assert code == 0, err
        assert len(listed.splitlines()) == int(values[column]), measure
    assert int(values[1]) > 0
