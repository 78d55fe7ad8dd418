"""Row and column totals agree over generated data; the PDF, xlsx and CSV files of a report."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from mediation_app.domain.statistics import Period, csv_safe
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.stats.output import Format

YEARS = [Period.parse("2025"), Period.parse("2026")]


@pytest.fixture
def demo(services: Services, admin: Actor) -> Actor:
    services.demo.generate(admin, cases=250, seed=7)
    return admin


def _sum(report, row: str, prefix: str, skip: tuple[str, ...] = ()) -> int:  # type: ignore[no-untyped-def]
    return sum(report.value(row, c.key) for c in report.columns if c.key.startswith(prefix) and c.key not in skip)


def test_row_and_column_totals_agree_over_generated_data(services, demo) -> None:
    seen = 0
    for period in YEARS:
        report = services.stats.compute(demo, period)
        for row in report.rows:
            total = report.value(row.key, "total")
            assert _sum(report, row.key, "body.") == total
            assert sum(report.value(row.key, k) for k in ("source.initiative", "source.application",
                                                           "source.referred")) == total
            assert _sum(report, row.key, "source.", ("source.initiative", "source.application",
                                                     "source.referred")) == report.value(row.key, "source.referred")
            assert _sum(report, row.key, "type.", ("type.wages",)) == total
            assert report.value(row.key, "form.oral") + report.value(row.key, "form.written") == report.value(
                row.key, "success")
            assert report.value(row.key, "performed") <= report.value(row.key, "success")
        for column in report.columns:  # the level total is the sum of the committee rows
            assert report.value("level_total", column.key) == sum(
                report.value(r.key, column.key) for r in report.rows if r.kind.value == "committee")
        seen += report.value("level_total", "total")
        for key in ("total", "success", "type.04", "source.referred", "form.oral"):
            items = services.stats.cell_cases(demo, period, "total", key)
            assert len(items.case_ids) == len(set(items.case_ids)) == report.value("level_total", key)
    assert seen > 100


def test_pdf_xlsx_and_csv_are_laid_out_like_the_form(services, demo) -> None:
    period = Period.parse("2026")
    report = services.stats.compute(demo, period)
    pdf = services.stats_submissions.export(demo, period, Format.PDF)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    # three pages of columns (mediation; types, forms and performance; screening and prevention), the
    # organisation stock, the chart and footnotes
    assert len(reader.pages) == 5
    for words in ("人民调解案件统计表", "调解案件总数", "下级上报总计", "本级上报总计", "排查预防纠纷", "防止群体性械斗",
                  "婚姻家庭纠纷", "万元", "调解成功率", "排查发现纠纷"):
        assert words in text, words
    fonts = {f for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                         for f in fonts if f.get_object().get("/Subtype") == "/Type0")
    wb = load_workbook(io.BytesIO(services.stats_submissions.export(demo, period, Format.XLSX)))
    ws, cases, _stock = wb.worksheets
    assert ws["A1"].value == "人民调解案件统计表"
    assert ws["A7"].value == "单位"
    assert any(str(r) .startswith("B3:") for r in ws.merged_cells.ranges)  # the section heading spans columns
    headings = [ws.cell(row=5, column=i).value for i in range(2, ws.max_column + 1)]
    col = headings.index("调解案件总数") + 2
    assert ws.cell(row=8, column=col).value == report.value(report.rows[0].key, "total")
    assert isinstance(ws.cell(row=8, column=col).value, int)
    amount_col = headings.index("协议涉及金额") + 2
    amount = ws.cell(row=8, column=amount_col)
    from mediation_app.domain.statistics import fen_to_wan

    assert amount.value == float(fen_to_wan(report.value(report.rows[0].key, "amount")))
    assert amount.number_format == "0.00"
    expected = sum(len(services.stats.cell_cases(demo, period, "total", c.key).case_ids) for c in report.columns
                   if c.basis.value == "cases" and report.value("level_total", c.key))
    assert cases.max_row - 1 == expected > 0
    rows = list(csv.reader(io.StringIO(services.stats_submissions.export(demo, period, Format.CSV).decode("utf-8-sig"))))
    assert rows[0] == ["人民调解案件统计表"]
    assert rows[5][0] == "单位"


def test_csv_cells_that_could_be_formulas_are_neutralised() -> None:
    assert csv_safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert [csv_safe(x) for x in ("+1", "-1", "@a", "普通")] == ["'+1", "'-1", "'@a", "普通"]


def test_unknown_cell_and_other_committees_are_refused(services, admin) -> None:
    from mediation_app.services.errors import NotFound, ValidationFailed

    with pytest.raises(ValidationFailed):
        services.stats.cell_cases(admin, Period.parse("2026"), "total", "no.such.column")
    with pytest.raises(NotFound):
        services.stats.compute(admin, Period.parse("2026"), committees=[admin.committee_id, uuid.uuid4()])


def _stock_centre(services: Services, admin: Actor) -> tuple[Actor, list[uuid.UUID]]:
    """The market committee (its administrator, a full-time mediator) and a village committee added
    with three mediators, one of them part-time; the centre's head reports on both."""
    import dataclasses

    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services.centre.committees import CommitteeInput

    village = services.committees.add(admin, CommitteeInput(name="大通县桥头镇元树尔村人民调解委员会", short_name="元树尔",
                                                            kind=CommitteeKind.VILLAGE)).created_id
    assert village is not None
    services.accounts.add_mediator(admin, "才让", full_time=True, committee_id=village)
    services.accounts.add_mediator(admin, "韩永福", full_time=False, committee_id=village)
    services.accounts.add_mediator(admin, "马秀兰", full_time=False, committee_id=village)
    services.accounts.add_mediator(admin, "王书记", full_time=False)  # the market room's part-time mediator
    return dataclasses.replace(admin, centre_head=True), [admin.committee_id, village]


def _pdftotext(pdf: bytes, folder) -> list[str]:  # type: ignore[no-untyped-def]
    """The pages' text as poppler's pdftotext reads it (whitespace removed: CJK lines break anywhere)."""
    import subprocess

    path = folder / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return ["".join(page.split()) for page in out.split("\f") if page.strip()]


def test_the_organisation_stock_is_a_sheet_and_a_page_of_the_report(services, admin, tmp_path) -> None:
    head, both = _stock_centre(services, admin)
    period = Period.parse("2026")
    wb = load_workbook(io.BytesIO(services.stats_submissions.export(head, period, Format.XLSX, both)))
    assert [ws.title for ws in wb.worksheets][2] == "调解组织和人民调解员"
    ws = wb.worksheets[2]
    assert ws["A1"].value == "调解组织和人民调解员" and ws["A5"].value == "单位"
    assert ws["B3"].value == "人民调解委员会" and ws["J3"].value == "人民调解员"
    assert {str(r) for r in ws.merged_cells.ranges} >= {"B3:I3", "J3:L3", "A3:A4"}
    headings = [ws.cell(row=4, column=i).value for i in range(2, 13)]
    assert headings == ["村调委会", "居调委会", "乡镇调委会", "街道调委会", "企事业单位调委会", "社会团体和其他组织调委会",
                        "行业性专业性调委会", "合计", "专职", "兼职", "合计"]
    assert [ws.cell(row=5, column=i).value for i in (2, 9, 10)] == ["个", "个", "人"]
    rows = {ws.cell(row=r, column=1).value: [ws.cell(row=r, column=i).value for i in range(2, 13)]
            for r in range(6, ws.max_row + 1)}
    assert rows == {
        "青藏高原农副产品集散中心人民调解委员会": [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2],
        "大通县桥头镇元树尔村人民调解委员会": [1, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3],
        "本级上报总计": [1, 0, 0, 0, 0, 0, 1, 2, 2, 3, 5],
    }
    assert all(isinstance(v, int) for values in rows.values() for v in values)
    pdf = services.stats_submissions.export(head, period, Format.PDF, both)
    pages = _pdftotext(pdf, tmp_path)
    assert len(pages) == 5
    stock_page = next(p for p in pages if "调解组织和人民调解员" in p)
    for words in ("人民调解委员会", "人民调解员", "专职", "兼职", "行业性专业性调委会", "大通县桥头镇元树尔村人民调解委员会",
                  "本级上报总计"):
        assert words in stock_page, words
    assert "（4/5）" in stock_page and "调解组织和人民调解员" not in pages[0] + pages[4]
    # a mediator of the market room alone gets the market room's stock only
    own = load_workbook(io.BytesIO(services.stats_submissions.export(admin, period, Format.XLSX))).worksheets[2]
    assert [own.cell(row=r, column=1).value for r in range(6, own.max_row + 1)] == [
        "青藏高原农副产品集散中心人民调解委员会", "本级上报总计"]
