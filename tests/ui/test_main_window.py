"""The main window over real services: the case list shows real cases, filters run in the query."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mediation_app.ui.main_window import MainWindow
from tests.ui.conftest import register_case, show_active


def _window(qtbot, services, admin, runner, events, settings, drafts):
    w = MainWindow(services, admin, runner, events, settings, drafts, committee_name="新华街人民调解委员会")
    qtbot.addWidget(w)
    return w


def test_case_list_shows_registered_cases_and_searches(qtbot, services, admin, runner, events, settings, drafts):
    register_case(services, admin, applicant="张伟", respondent="李娜")
    register_case(services, admin, applicant="曾小红", respondent="单立新")
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    view = w.case_list
    view.refresh()
    assert view.model.rowCount() == 2
    view.search.setText("zw")
    view.apply_filters()
    assert view.model.rowCount() == 1
    assert "张伟" in view.model.index(0, 1).data()
    view.search.setText("单")
    view.apply_filters()
    assert view.model.rowCount() == 1
    assert "单立新" in view.model.index(0, 1).data()
    assert view.count.text() == "共 1 件"


def test_keyboard_find_focuses_search(qtbot, qapp, services, admin, runner, events, settings, drafts):
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    show_active(qtbot, qapp, w)
    qtbot.keyClick(w.today, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentWidget() is w.case_list
    assert w.case_list.search.hasFocus()


def test_today_lists_cases_waiting_for_a_mediator(qtbot, services, admin, runner, events, settings, drafts):
    register_case(services, admin)
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    w.today.refresh()
    titles = [w.today.models[k].rowCount() for k in ("meetings", "overdue", "due", "unassigned")]
    assert titles[0] == 0
    assert "今天" in w.today.heading.text() or "今日" in w.today.heading.text()


def test_today_counts_every_item_and_pages_the_rest(qtbot, services, admin, runner, events, settings, drafts):
    import datetime as dt

    from mediation_app.services.clock import FixedClock

    for i in range(5):
        register_case(services, admin, applicant=f"张{i}伟", respondent=f"李{i}娜")
    services.overview.clock = FixedClock(dt.date.today() + dt.timedelta(days=40))  # every deadline has passed
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    today = w.today
    today.page_size = 2
    today.refresh()
    assert today.models["overdue"].rowCount() == 2 and today.boxes["overdue"].title() == "已逾期（5）"
    assert today.more["overdue"].text() == "显示更多（已显示2条，共5条）"
    today.more["overdue"].click()
    today.more["overdue"].click()
    assert today.models["overdue"].rowCount() == 5 and today.more["overdue"].isHidden()
    cases = {today.models["overdue"].item(i).case_id for i in range(5)}
    assert len(cases) == 5
    assert today.boxes["unassigned"].title() == "等待指派调解员（5）"
    today.more["unassigned"].click()
    today.more["unassigned"].click()
    assert today.models["unassigned"].rowCount() == 5
