"""Excel and CSV ledgers in: a GBK CSV and an xlsx built here with formulas, merged headers,
embedded newlines and bad rows; the dry run's report per row; one import; a second import that
creates nothing; a 10,000-row sheet; a broken file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from mediation_app.domain.enums import CaseStatus, LedgerStatus, Role
from mediation_app.domain.ledger_fields import LedgerKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.imports import LedgerFileError
from mediation_app.services.maintenance import AuditFilter
from mediation_app.services.read_models import CaseFilter

HEADER = ["案号", "受理日期", "申请人", "被申请人", "身份证号", "联系电话", "纠纷类型", "简要案情", "调解结果",
          "结案日期", "协议金额", "调解员", "告知途径"]
GOOD_ID = "620102198507153314"
BAD_ID = "620102198507153315"  # check character wrong


def case_rows() -> list[list[object]]:
    return [
        ["(2019)西调字第12号", "2019.3.5", "张三", "李四", GOOD_ID, "13893126688", "邻里纠纷",
         "宅基地边界\n排水沟争议", "调解成功", "2019年3月20日", "1,200.50", "马调解", ""],
        ["", "2020/5/6", "王五", "赵六", "", "0971-6123456", "合同纠纷", "货款", "调解不成", "2020/5/30", "", "马调解",
         "诉讼、仲裁"],
        ["", "2020/13/6", "钱七", "孙八", BAD_ID, "12345", "外星纠纷", "?", "调解成功", "", "abc", "", ""],
        ["", "2021.1.2", "周九", "吴十", "", "", "婚姻家庭", "家务", "口头协议", "2021.1.3", "", "无此人", ""],
        ["", "2021.2.2", "郑一", "", "", "", "其他", "", "不予受理", "2021.2.2", "", "", "行政部门"],
    ]


def write_gbk_csv(path: Path, rows: list[list[object]]) -> Path:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerow([])  # an empty row is skipped
    for row in rows:
        writer.writerow(row)
    path.write_bytes(buf.getvalue().encode("gbk"))
    return path


def write_xlsx(path: Path) -> Path:
    """A title row, a two-level header with merged cells, a formula, embedded newlines, a bad row."""
    wb = Workbook()
    ws = wb.active
    ws.append(["2019年人民调解案件登记台账"])
    ws.merge_cells("A1:K1")
    ws.append(["案号", "受理日期", "当事人", None, "身份证号", "纠纷类型", "简要案情", "调解结果", "结案日期", "协议金额",
               "调解员"])
    ws.append([None, None, "申请人", "被申请人"])
    ws.merge_cells("C2:D2")
    for col in "ABEFGHIJK":
        ws.merge_cells(f"{col}2:{col}3")
    ws.append(["", 43535, "马福海", "李建国", GOOD_ID, "合同纠纷", "第一行\n第二行", "达成书面协议", dt.date(2019, 3, 18),
               2400, "马调解"])
    ws.append(["", "2019-04-01", "韩永福", "才让", "", "损害赔偿", "x", "调解成功", "2019.4.2", "=J4*2", "马调解"])
    ws.append([])
    ws.append(["", "2019.5.1", "", "才让", "", "合同纠纷", "", "调解成功", "", "", ""])
    wb.save(path)
    return path


def test_gbk_csv_dry_run_reports_every_row_then_imports_once(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "台账.csv", case_rows())
    preview = services.ledger_import.preview(admin, path, LedgerKind.CASES)
    assert preview.encoding == "gb18030"
    assert preview.mapping[0] == "number" and preview.mapping[3] == "respondent" and preview.mapping[12] == "routes"
    assert preview.rows[0][0] == 3 and "宅基地边界\n排水沟争议" in preview.rows[0][1]

    report = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=True)
    by_row = {r.row: r for r in report.rows}
    assert [r.row for r in report.rows] == [3, 4, 5, 6, 7]
    assert by_row[3].status == "create" and "(2019)西调字第12号" in by_row[3].summary
    assert by_row[4].status == "create"
    bad = "\n".join(by_row[5].problems)
    assert by_row[5].status == "problem"
    assert "Date received: 2020/13/6 is not a date that exists." in bad
    assert "外星纠纷" in bad and "Agreed amount:" in bad
    assert "Applicant's ID number:" in bad and "Applicant's phone:" in bad
    assert by_row[6].status == "problem" and "无此人" in by_row[6].problems[0]
    assert by_row[7].status == "create"
    assert report.created == 3 and report.refused == 2
    assert services.cases.count_cases(admin, CaseFilter()) == 0  # the dry run wrote nothing
    assert "Row 5: " in report.text()

    done = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=False)
    assert done.created == 3
    cases = services.cases.list_cases(admin, CaseFilter()).rows
    assert {c.status for c in cases} == {CaseStatus.CLOSED}
    kept = services.cases.detail_by_number(admin, "(2019)西调字第12号")
    assert kept.accepted_on == dt.date(2019, 3, 5) and kept.amount_fen == 120050
    assert "宅基地边界\n排水沟争议" in kept.facts
    assert [a.form for a in kept.agreements] == ["written"]
    assert {h.to_status for h in kept.history} >= {CaseStatus.AGREEMENT_EFFECTIVE, CaseStatus.CLOSED}
    failed = next(c for c in cases if "王五" in c.parties)
    detail = services.cases.detail(admin, failed.id)
    assert detail.termination is not None and set(detail.termination.routes) == {"lawsuit", "arbitration"}

    again = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=False)
    assert again.created == 0 and again.duplicates == 3
    assert again.earlier_imports and "imported before" in again.earlier_imports[0]
    assert services.cases.count_cases(admin, CaseFilter()) == 3
    auditor = _auditor(services, admin)
    imports = services.audit_log.entries(auditor, AuditFilter(action="import.ledger")).rows
    assert len(imports) == 2 and '"created":3' in imports[-1].details and "台账.csv" in imports[-1].details
    registered = services.audit_log.entries(auditor, AuditFilter(action="case.register")).rows
    assert len(registered) == 3 and all('"row":' in e.details for e in registered)


def _auditor(services: Services, admin: Actor) -> Actor:
    if not any(u.username == "auditor1" for u in services.accounts.list_users(admin)):
        services.accounts.create_user(admin, "auditor1", "审计2026-secret!", "审计员", Role.AUDITOR, None)
    return services.accounts.authenticate("auditor1", "审计2026-secret!")


def test_xlsx_with_title_merged_headers_formula_and_newlines(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "台账.xlsx")
    preview = services.ledger_import.preview(admin, path, LedgerKind.CASES)
    assert preview.mapping[2] == "applicant" and preview.mapping[3] == "respondent"
    report = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=True)
    by_row = {r.row: r for r in report.rows}
    assert set(by_row) == {4, 5, 7}
    assert by_row[4].status == "create" and "2019-03-18" in by_row[4].summary
    assert by_row[5].status == "problem"
    assert any("=J4*2" in p and "formula" in p for p in by_row[5].problems)
    assert by_row[7].status == "problem" and any("Applicant" in p for p in by_row[7].problems)
    services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=False)
    case = services.cases.list_cases(admin, CaseFilter()).rows[0]
    detail = services.cases.detail(admin, case.id)
    assert detail.registered_on == dt.date(2019, 3, 11)  # Excel serial 43535
    assert detail.facts == "第一行\n第二行"


def test_screening_ledger_rows_become_items(services: Services, admin: Actor, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["排查日期", "排查地点", "排查人", "当事人", "联系电话", "纠纷类型", "纠纷简要情况", "风险等级", "责任人",
               "稳控措施", "化解结果"])
    ws.append(["2026.10.5", "B区", "韩卫东", "张三、李四", "13893126688", "合同", "欠货款", "黄", "", "", "已调解"])
    ws.append(["2026.10.6", "C区", "韩卫东", "王五", "", "邻里", "噪音", "红", "", "", ""])
    path = tmp_path / "排查.xlsx"
    wb.save(path)
    report = services.ledger_import.run(admin, path, LedgerKind.SCREENING, dry_run=False)
    assert report.created == 1 and report.refused == 1
    assert any("responsible unit" in p for p in report.rows[1].problems)
    items = services.ledger.list(admin)
    assert len(items) == 1 and items[0].status == LedgerStatus.RESOLVED and items[0].result == "已调解"


def test_broken_and_foreign_files_give_one_sentence(services: Services, admin: Actor, tmp_path: Path) -> None:
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(LedgerFileError) as exc:
        services.ledger_import.preview(admin, broken, LedgerKind.CASES)
    assert "坏.xlsx cannot be read as a ledger" in exc.value.message and "\n" not in exc.value.message
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(LedgerFileError, match="old spreadsheet format"):
        services.ledger_import.preview(admin, old, LedgerKind.CASES)
    no_header = tmp_path / "x.csv"
    no_header.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="No header row"):
        services.ledger_import.preview(admin, no_header, LedgerKind.CASES)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16", "gb18030"])
def test_csv_encodings_are_detected(services: Services, admin: Actor, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(("受理日期,申请人,纠纷类型,调解结果\n2020.1.2,张三,合同,调解不成\n").encode(encoding))
    preview = services.ledger_import.preview(admin, path, LedgerKind.CASES)
    assert preview.rows[0][1][1] == "张三"


@pytest.mark.slow
def test_ten_thousand_rows_stream_with_bounded_memory(tmp_path: Path) -> None:
    """The sheet is read in openpyxl's read-only mode and every row is reported with its number; the
    whole import of 10,000 past cases is timed in benchmarks/bench_ledger.py."""
    import tracemalloc

    from mediation_app.domain.ledger_values import cell_text
    from mediation_app.services.imports.reader import LedgerFile

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["受理日期", "申请人", "被申请人", "纠纷类型", "简要案情", "调解结果"])
    for i in range(10_000):
        ws.append([f"2020.{i % 12 + 1}.{i % 28 + 1}", f"张{i}", f"李{i}", "合同纠纷", f"货款\n第{i}笔", "调解不成"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    tracemalloc.start()
    try:
        ledger = LedgerFile(path, LedgerKind.CASES)
        count, last = 0, None
        for number, cells in ledger.rows():
            count, last = count + 1, (number, cell_text(cells[4]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 10_000 and last == (10_001, "货款\n第9999笔")
    assert peak < 40 * 2**20, f"reading took {peak // 2**20} MB"


def test_a_dry_run_reports_every_row_of_a_long_sheet(services: Services, admin: Actor, tmp_path: Path) -> None:
    rows = 300
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["受理日期", "申请人", "纠纷类型", "调解结果"])
    for i in range(rows):  # no routes told: every row is refused by the termination rule, nothing written
        ws.append([f"2020.{i % 12 + 1}.{i % 28 + 1}", f"张{i}", "合同纠纷", "结果不明" if i % 2 else "调解不成"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    report = services.ledger_import.run(admin, path, LedgerKind.CASES)
    assert len(report.rows) == rows and report.rows[-1].row == rows + 1
    assert all(r.status == "problem" for r in report.rows)
    assert "routes" in report.rows[0].problems[0] and "结果不明" in report.rows[1].problems[0]


def test_the_same_rows_mapped_another_way_are_still_recognised(services: Services, admin: Actor,
                                                               tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "台账.csv", case_rows())
    first = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=False)
    assert first.created == 3
    mapping = {"受理日期": "registered_on", "申请人": "applicant", "纠纷类型": "dispute_type", "调解结果": "result",
               "告知途径": "routes", "调解员": "mediator", "简要案情": "place"}  # fewer columns, facts as place
    again = services.ledger_import.run(admin, path, LedgerKind.CASES, mapping, dry_run=False)
    assert again.created == 0 and again.duplicates == 3
    assert services.cases.count_cases(admin, CaseFilter()) == 3


def test_an_id_number_stored_as_a_number_is_named(services: Services, admin: Actor, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["受理日期", "申请人", "身份证号", "纠纷类型", "调解结果", "告知途径"])
    ws.append(["2020.1.2", "张三", 620102198507153314.0, "合同", "调解不成", "诉讼"])
    path = tmp_path / "n.xlsx"
    wb.save(path)
    report = services.ledger_import.run(admin, path, LedgerKind.CASES)
    assert any("stored as a number" in p for p in report.rows[0].problems)


def test_progress_moves_per_row_and_a_cancel_writes_nothing(services: Services, admin: Actor, tmp_path: Path) -> None:
    """Each row reports progress against the file's size (an xlsx's recorded dimension, a CSV's lines);
    the last report is complete; a progress that raises (Cancel) leaves nothing written, and the
    same file imports whole afterwards."""
    xlsx = write_xlsx(tmp_path / "台账.xlsx")  # header on rows 2-3, data rows 4, 5, 7 (6 is empty)
    seen: list[tuple[int, int]] = []
    services.ledger_import.run(admin, xlsx, LedgerKind.CASES, dry_run=True,
                               progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (3, 3)]  # 4 rows below the header, one of them empty

    streamed = Workbook(write_only=True)  # a file written without its size recorded (as some programs do)
    sheet = streamed.create_sheet()
    sheet.append(HEADER)
    for row in case_rows():
        sheet.append(row)
    streamed.save(tmp_path / "导出.xlsx")
    seen.clear()
    services.ledger_import.run(admin, tmp_path / "导出.xlsx", LedgerKind.CASES, dry_run=True,
                               progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 6), (5, 5)]  # full only once the import is done

    csv_path = write_gbk_csv(tmp_path / "台账.csv", case_rows())  # header, an empty line, five rows
    seen.clear()
    report = services.ledger_import.run(admin, csv_path, LedgerKind.CASES, dry_run=True,
                                        progress=lambda done, total: seen.append((done, total)))
    # six lines below the header (the empty one included) and one cell holding a line break
    assert seen[:5] == [(1, 7), (2, 7), (3, 7), (4, 7), (5, 7)] and seen[-1] == (5, 5)

    class Cancelled(Exception):
        pass

    def cancel_at_third(done: int, total: int) -> None:
        if done == 3:
            raise Cancelled

    with pytest.raises(Cancelled):
        services.ledger_import.run(admin, csv_path, LedgerKind.CASES, dry_run=False, progress=cancel_at_third)
    assert services.cases.count_cases(admin, CaseFilter()) == 0
    assert not services.audit_log.entries(_auditor(services, admin), AuditFilter(action="import.ledger")).rows
    done = services.ledger_import.run(admin, csv_path, LedgerKind.CASES, dry_run=False)
    assert done.created == report.created == 3 and not done.earlier_imports
    assert services.cases.count_cases(admin, CaseFilter()) == 3
