"""The screening report printed as the form (PDF) and written as CSV, from the hand-counted ledger."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest

from mediation_app.domain.statistics import Period
from mediation_app.services import Services
from mediation_app.services import screening_export as export
from tests.documents.conftest import pdf_pages_text, squash
from tests.services.screening_fixture import build


@pytest.fixture
def october(services: Services, admin):
    ledger = build(services, admin)
    both = [ledger.market.committee_id, ledger.village.committee_id]
    period = Period.parse("2026-10")
    return (services.screening.report(ledger.centre, period, both),
            services.screening.monthly(ledger.centre, period, both))


def test_the_sheet_has_the_52_rows_of_the_form(october) -> None:
    report, _monthly = october
    rows = export.sheet_rows(report)
    assert [r.number for r in rows] == list(range(1, 53))
    by_number = {r.number: r for r in rows}
    assert (by_number[1].group, by_number[1].item, by_number[1].values) == ("总况", "排查数", ("5", "0", "2", "7", "8"))
    assert by_number[3].values == ("60.00%", "—", "100.00%", "71.43%", "75.00%")  # 调处率
    assert by_number[5].values == ("100.00%", "—", "50.00%", "80.00%", "83.33%")  # 成功率
    assert (by_number[16].group, by_number[16].values) == ("经济活动引发的矛盾纠纷", ("2", "0", "0", "2", "2"))
    assert (by_number[38].group, by_number[38].values) == ("婚姻家庭邻里等各类民间纠纷", ("0", "0", "1", "1", "2"))
    assert (by_number[47].item, by_number[47].values) == ("500人以上", ("0", "0", "0", "0", "1"))
    assert (by_number[51].group, by_number[51].item, by_number[51].values) == (
        "重大矛盾纠纷", "成功率", ("100.00%", "—", "0.00%", "50.00%", "50.00%"))
    assert (by_number[52].group, by_number[52].values) == ("开展集中排查", ("1", "0", "0", "1", "2"))


def test_the_pdf_is_the_chinese_form(october) -> None:
    report, monthly = october
    pdf = export.to_pdf(report, monthly)
    if os.environ.get("SCREENING_PDF_OUT"):
        with open(os.environ["SCREENING_PDF_OUT"], "wb") as fh:
            fh.write(pdf)
    pages = pdf_pages_text(pdf)
    text = squash("\n".join(pages))
    assert "2026年10月" in text and "矛盾纠纷排查情况表" in text and "填报月份：2026年10月" in text
    for words in ("县市区", "乡镇街道", "村居", "小计", "年度累计", "农村土地承包", "开展集中排查", "签发人", "制表人",
                  "调解纠纷件数", "排查纠纷次数", "预防纠纷件数", "大通县桥头镇元树尔村人民调解委员会"):
        assert words in text, words
    assert "71.43%" in text and "80.00%" in text
    assert not re.search(r"[A-Za-z]{3,}", text)  # no code or English word on a Chinese form


def test_csv_neutralises_formula_cells(october) -> None:
    report, monthly = october
    data = export.to_csv(report, monthly)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[2] == ["序号", "内容", "项目", "县市区", "乡镇街道", "村居", "小计", "年度累计"]
    assert rows[3] == ["1", "总况", "排查数", "5", "0", "2", "7", "8"]
    monthly_head = rows.index(["调解委员会", "月份", "调解纠纷件数", "排查纠纷次数", "排查发现纠纷件数", "预防纠纷件数"])
    assert rows[monthly_head + 1][1:] == ["2026年10月", "1", "2", "5", "1"]
    assert export.safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert [export.safe_cell(v) for v in ("+1", "-1", "@SUM(A1)", "正常")] == ["'+1", "'-1", "'@SUM(A1)", "正常"]


def test_the_workbook_is_the_form_with_numbers(october, tmp_path) -> None:
    from openpyxl import load_workbook

    report, monthly = october
    path = tmp_path / "screening.xlsx"
    path.write_bytes(export.to_xlsx(report, monthly))
    wb = load_workbook(path)
    ws, months = wb.worksheets
    assert ws["A1"].value == "2026年10月矛盾纠纷排查情况表"
    assert ws["F2"].value == "填报月份：2026年10月"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:H1", "A3:A4", "B3:C4", "D3:H3", "B5:B9", "B10:B11", "B48:B51"} <= merged  # 总况 spans rows 1–5
    assert [ws.cell(row=4, column=c).value for c in range(4, 9)] == ["县市区", "乡镇街道", "村居", "小计", "年度累计"]
    first = [ws.cell(row=5, column=c).value for c in range(1, 9)]
    assert first == [1, "总况", "排查数", 5, 0, 2, 7, 8]
    assert all(isinstance(v, int) for v in first[3:])
    handling = ws.cell(row=7, column=4)  # 调处率 at county level: 3 ÷ 5
    assert ws.cell(row=7, column=3).value == "调处率" and handling.value == 0.6 and handling.number_format == "0.00%"
    assert ws.cell(row=7, column=5).value == "—"  # nothing screened at township level
    assert abs(ws.cell(row=7, column=7).value - 0.7143) < 1e-9
    assert [ws.cell(row=56, column=c).value for c in range(1, 9)] == [52, "开展集中排查", "次数", 1, 0, 0, 1, 2]
    assert any(str(ws.cell(row=r, column=1).value or "").startswith("注3：调处率") for r in range(57, 70))
    assert months.title == "排查预防纠纷月度情况"
    assert [months.cell(row=2, column=c).value for c in range(1, 7)] == [
        "调解委员会", "月份", "调解纠纷件数", "排查纠纷次数", "排查发现纠纷件数", "预防纠纷件数"]
    lines = {(months.cell(row=r, column=1).value, months.cell(row=r, column=2).value):
             [months.cell(row=r, column=c).value for c in range(3, 7)] for r in range(4, months.max_row + 1)}
    assert lines[("大通县桥头镇元树尔村人民调解委员会", "2026年10月")] == [1, 1, 2, 0]
    assert lines[("青藏高原农副产品集散中心人民调解委员会", "2026年10月")] == [1, 2, 5, 1]
