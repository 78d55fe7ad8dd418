"""The centre's board and the statistics view in the main window, over real services: every number
opens exactly the cases (or items) it counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from mediation_app.domain.statistics import Period, PeriodKind
from mediation_app.services.board import MEASURES
from mediation_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, services, admin, runner, events, settings, drafts):
    services.demo.generate(admin, cases=120, seed=7)
    w = MainWindow(services, admin, runner, events, settings, drafts, committee_name="新华街人民调解委员会")
    qtbot.addWidget(w)
    return w


def _all_rows(view) -> list:
    model = view.model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.case_id(i) for i in range(model.rowCount())]


def test_board_numbers_are_the_service_numbers_and_open_their_cases(qtmodeltester, window, services, admin) -> None:
    window.open_board()
    board_view = window.tabs.currentWidget()
    model = board_view.model
    qtmodeltester.check(model)
    board = services.board.board(admin)
    assert model.rowCount() == len(board.rows) + 1
    for column, measure in enumerate(MEASURES, 1):
        expected = board.rows[0].value(measure)
        assert model.index(0, column).data() == str(expected), measure
        assert model.index(1, column).data() == model.index(0, column).data()  # the total of one committee
    assert int(model.index(0, 1).data()) > 0
    for measure in ("open_cases", "overdue_cases", "orange"):
        column = list(MEASURES).index(measure) + 1
        value = int(model.index(0, column).data())
        if not value:
            continue
        board_view.open_cell(model.index(0, column))
        assert window.tabs.currentWidget() is window.case_list
        ids = _all_rows(window.case_list)
        assert len(ids) == value, measure
        assert not window.case_list.pinned.isHidden() and str(value) in window.case_list.pinned.text()
    window.case_list.clear_filters()
    assert window.case_list.pinned.isHidden()
    assert len(_all_rows(window.case_list)) == services.cases.count_cases(admin)
    items_column = list(MEASURES).index("overdue_items") + 1
    if int(model.index(0, items_column).data()):
        board_view.open_cell(model.index(0, items_column))
        dialog = board_view.last_dialog
        qtmodeltester.check(dialog.model)
        assert dialog.model.rowCount() == int(model.index(0, items_column).data())


def test_a_report_cell_lists_exactly_its_cases(qtmodeltester, window, services, admin, monkeypatch) -> None:
    window.open_statistics()
    view = window.tabs.currentWidget()
    year = services.clock.today().year
    view.set_choice(Period(kind=PeriodKind.YEAR, year=year))
    view.refresh()
    model = view.model
    qtmodeltester.check(model)
    report = model.report
    assert report is not None and report.value("level_total", "total") > 0
    assert model.rowCount() == len(report.rows)
    checked = 0
    for column_key in ("total", "type.04", "source.application", "source.court"):
        col = [c.key for c in report.columns].index(column_key)
        row = [r.key for r in report.rows].index("level_total")
        value = report.value("level_total", column_key)
        if not value:
            continue
        view.open_cell(model.index(row, col))
        assert window.tabs.currentWidget() is window.case_list
        expected = services.stats.cell_cases(admin, report.period, "level_total", column_key).case_ids
        assert set(_all_rows(window.case_list)) == set(expected) and len(expected) == value
        checked += 1
    assert checked >= 2
    # a cell larger than the case list takes: the first cases, and the caption says so
    seen: list = []
    view.show_cases.connect(lambda f, caption: seen.append((f, caption)))
    monkeypatch.setattr("mediation_app.ui.statistics.CASE_LIST_CAP", 2)
    view.open_cell(model.index([r.key for r in report.rows].index("level_total"),
                               [c.key for c in report.columns].index("total")))
    (shown, caption), = seen
    assert len(shown.case_ids) == 2 and set(_all_rows(window.case_list)) == set(shown.case_ids)
    total = report.value("level_total", "total")
    plain = f"{total}"  # the caption of a whole list ends with the cell's value; a capped one says more
    tail = caption[caption.index(plain) + len(plain):]
    assert tail and str(total) in tail and "2" in tail.replace(str(total), "")
    assert view.charts._data is not None and len(view.charts._data.months) == services.clock.today().month
    assert sum(m.mediated for m in view.charts._data.months) == report.value("level_total", "total")


def test_exports_and_submission(qtmodeltester, window, services, admin, tmp_path) -> None:
    window.open_statistics()
    view = window.tabs.currentWidget()
    today = services.clock.today()
    view.set_choice(Period(kind=PeriodKind.YEAR, year=today.year))
    view.refresh()
    import importlib.util

    kinds = [("pdf", "r.pdf"), ("csv", "r.csv"), ("screening_pdf", "s.pdf"), ("screening_csv", "s.csv")]
    if importlib.util.find_spec("openpyxl") is not None:  # the statistics engine's xlsx writer needs it
        kinds.append(("xlsx", "r.xlsx"))
    for key, name in kinds:
        view.export(key, tmp_path / name)
        assert (tmp_path / name).stat().st_size > 100, key
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "s.pdf").read_bytes()[:4] == b"%PDF"
    view.submit("按县司法局要求报送")
    panel = view.submitted
    qtmodeltester.check(panel.model)
    assert panel.model.rowCount() == 1
    state = panel.model.index(0, 5).data()
    assert state == "提交后未变动"
    from tests.ui.conftest import register_case  # a new case accepted today changes the year's report

    register_case(services, admin, applicant="赵六", respondent="钱七")
    panel.refresh()
    assert panel.model.index(0, 5).data().startswith("提交后有变动")
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.show_changes()
    qtmodeltester.check(panel.last_dialog.model)
    assert panel.last_dialog.model.rowCount() >= 1


def test_ledger_dialogs_record_what_the_screening_report_counts(qtbot, qtmodeltester, window, services, admin) -> None:
    from mediation_app.domain.enums import DisputeType
    from mediation_app.domain.screening import PeopleBand, ScreeningCategory, ScreeningLevel
    from mediation_app.domain.statistics import Period

    window.open_ledger()
    ledger = window.tabs.currentWidget()
    ledger.add_item.click()
    dialog = ledger.dialog
    f = dialog.fields
    f["area"].setText("集散中心B区")
    f["screeners"].setText("韩卫东（组长）")
    f["facts"].setPlainText("二十余名装卸工讨要拖欠工资，聚集在市场办公室门口。")
    f["parties_text"].setText("装卸工代表与某物流公司")
    dialog.dispute_type.setCurrentIndex(dialog.dispute_type.findData(DisputeType.LABOUR.value))
    dialog.category.setCurrentIndex(dialog.category.findData(ScreeningCategory.RESTRUCTURING.value))
    dialog.persons.setValue(60)
    dialog.major.setChecked(True)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    ledger.add_round.click()
    rnd = ledger.dialog
    rnd.fields["area"].setText("集散中心全场")
    rnd.fields["screeners"].setText("综治中心、市场管理办")
    rnd.concentrated.setChecked(True)
    rnd.save()
    assert rnd.result() == rnd.DialogCode.Accepted
    today = services.clock.today()
    report = services.screening.report(admin, Period.parse(f"{today.year}-{today.month:02d}"))
    row = dict(report.categories)[ScreeningCategory.RESTRUCTURING]
    assert row.at(ScreeningLevel.TOWNSHIP).screened == 1  # the test committee is a township committee
    assert report.major.subtotal.screened == 1
    assert dict(report.bands)[PeopleBand.FROM_50].subtotal.screened == 1
    assert report.concentrated.subtotal.screened == 1
    # the statistics view shows the same report on its Screening report tab
    window.open_statistics()
    view = window.tabs.currentWidget()
    view.set_choice(Period(kind=PeriodKind.MONTH, year=today.year, number=today.month))
    view.refresh()
    panel = view.screening
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.monthly_model)
    assert view.tabs.widget(3) is panel
    assert panel.model.rowCount() == 52
    texts = [[panel.model.index(r, c).data() for c in range(8)] for r in range(52)]
    restructuring = next(r for r in texts if r[1] == ScreeningCategory.RESTRUCTURING.label())
    assert restructuring[3:] == ["0", "1", "0", "1", "1"]  # screened: at township level, subtotal, year to date
    assert texts[51][0] == "52" and texts[51][3:] == ["0", "1", "0", "1", "1"]  # one concentrated drive
    assert texts[0][3:8] == [str(report.overall.at(ScreeningLevel.COUNTY).screened), "1", "0", "1", "1"]
    months = panel.monthly_model
    assert months.rowCount() == 1 and months.index(0, 3).data() == "1"  # one screening round this month
