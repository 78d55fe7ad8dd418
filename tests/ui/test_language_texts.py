"""A language switch reaches the texts the program words from data (Today's lines, the reasons an
action is refused, the agreement's effective date), the case list's column widths and the dialogs'
named buttons at once, not after a refresh."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from mediation_app.services.clock import FixedClock
from mediation_app.ui.language import LanguageSwitcher
from mediation_app.ui.main_window import MainWindow
from mediation_app.ui.models.case_table import COL_MEDIATOR
from tests.factories import make_case
from tests.ui.conftest import register_case
from tests.ui.test_evidence_followup_confirmation import _effective_agreement

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def services(tmp_path):
    from tests import db_templates

    svc = db_templates.sqlite_services(tmp_path / "cases.sqlite", tmp_path / "data", FixedClock(dt.date.today()))[0]  # migrated once, copied
    yield svc
    svc.close()


@pytest.fixture
def switcher(qapp):
    switcher = LanguageSwitcher(qapp)
    switcher.apply("zh_CN")
    yield switcher
    switcher.apply("zh_CN")


def _window(qtbot, services, admin, runner, events, settings, drafts):
    w = MainWindow(services, admin, runner, events, settings, drafts, committee_name="新华街人民调解委员会")
    qtbot.addWidget(w)
    w.resize(1280, 760)
    w.show()
    QApplication.processEvents()
    return w


def _overdue_lines(today):
    model = today.models["overdue"]
    return [model.item(i).detail for i in range(model.rowCount())]


def test_todays_lines_follow_the_language_on_screen_and_behind_a_tab(qtbot, switcher, services, admin, runner,
                                                                      events, settings, drafts):
    make_case(services, admin)
    services.overview.clock = FixedClock(dt.date.today() + dt.timedelta(days=45))  # its deadline has passed
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    [line] = _overdue_lines(w.today)
    assert "逾期" in line

    switcher.apply("en")  # Today is on screen: worded again at once
    [line] = _overdue_lines(w.today)
    assert "overdue" in line and not HAN.search(line), line

    w.tabs.setCurrentWidget(w.case_list)
    switcher.apply("zh_TW")  # behind the case list: worded again when shown
    assert w.today.stale
    w.tabs.setCurrentWidget(w.today)
    [line] = _overdue_lines(w.today)
    assert "逾期" in line and not w.today.stale


def test_an_open_case_words_its_reasons_and_the_effective_date_in_the_new_language(qtbot, switcher, services,
                                                                                   admin, runner, events, settings,
                                                                                   drafts):
    waiting = register_case(services, admin)  # registered only: recording performance is refused
    done = make_case(services, admin)
    _effective_agreement(services, admin, done)
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    w.open_case(waiting)
    first = w.tabs.currentWidget()
    reason = first.show_tab("followup").pay_reason
    assert reason.text().startswith("案件处于")
    w.open_case(done)
    second = w.tabs.currentWidget()
    effective = second.show_tab("agreement").effective
    assert effective.text().startswith("自 ")

    switcher.apply("en")
    assert effective.text().startswith("In effect since "), effective.text()
    assert not HAN.search(second.tab("followup").pay_reason.text() or "")
    assert first.stale  # behind the second case: read again when it comes to the front
    w.tabs.setCurrentWidget(first)
    assert reason.text().startswith("Recording performance is not possible while the case is"), reason.text()

    switcher.apply("zh_TW")
    assert reason.text().startswith("案件處於"), reason.text()


def test_english_column_headings_are_not_cut(qtbot, switcher, services, admin, runner, events, settings, drafts):
    register_case(services, admin)
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    w.tabs.setCurrentWidget(w.case_list)
    table = w.case_list.table
    header = table.horizontalHeader()
    switcher.apply("en")
    assert w.case_list.model.headerData(COL_MEDIATOR, header.orientation()) == "Presiding mediator"
    for col in range(w.case_list.model.columnCount()):
        if not table.isColumnHidden(col) and col != 1:  # the parties column stretches
            assert header.sectionSize(col) >= header.sectionSizeFromContents(col).width(), col


def test_the_first_run_button_keeps_its_name_across_a_switch(qtbot, switcher, services, runner, events):
    from mediation_app.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(services, runner, events, "zh_CN")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "完成设置"
    switcher.apply("en")
    assert ok.text() == "Set up"
    switcher.apply("zh_TW")
    assert ok.text() == "完成設定"
