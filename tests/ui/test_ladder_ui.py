"""The Level part of a case, the ladder editor, and the escalation and 督办 lists, on real services."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_app.i18n import set_language
from mediation_app.services.clock import FixedClock
from mediation_app.services.ladder.read_models import LevelInput
from mediation_app.ui.administration import AdministrationDialog
from mediation_app.ui.board import BoardView
from mediation_app.ui.ladder_results import LevelResults
from mediation_app.ui.today import TodayView
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.ui.conftest import register_case

LEVELS = (("网格员", 7), ("村(社区)调委会", 7), ("乡镇(街道)综治中心", 7), ("乡镇领导", 7))


@pytest.fixture
def ladder(services, admin):
    services.ladder.set_ladder(admin, [LevelInput(name=n, days=d) for n, d in LEVELS])
    return services.ladder.ladder(admin)


def _in_the_past(services, days: int):
    """Act ``days`` ago (the services' clock), as if the user had done it then."""
    for name in ("ladder", "referrals", "supervision"):
        getattr(services, name).clock = FixedClock(dt.date.today() - dt.timedelta(days=days))


def _today(services):
    real = services.clock
    for name in ("ladder", "referrals", "supervision"):
        getattr(services, name).clock = real


def test_level_part_sets_escalates_and_lists_history(qtbot, services, admin, runner, events, drafts, ladder):
    set_language("en")
    case_id = register_case(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("level")
    assert tab.summary.text() == "This case is not on the ladder of levels."
    assert not tab.escalate_button.isEnabled() and tab.move_button.text() == "Set this level"
    tab.target.setCurrentIndex(tab.target.index_of(ladder[0].id))
    tab.move()
    assert services.ladder.case_level(admin, case_id).level == "网格员"
    assert "At “网格员” (level 1 of 4)" in tab.summary.text() and "7 days left" in tab.summary.text()
    assert tab.history.rowCount() == 1 and tab.escalate_button.isEnabled()
    # escalating early needs words
    tab.open_escalate()
    dialog = tab.last_dialog
    assert dialog is not None and dialog.target.key() == ladder[1].id
    dialog.escalate()
    assert "before its days run out" in dialog.message.text()
    dialog.reason.setText("当事人要求村调委会介入")
    dialog.escalate()
    assert services.ladder.case_level(admin, case_id).level == "村(社区)调委会"
    assert tab.history.rowCount() == 2
    assert tab.history.data(tab.history.index(1, 5)) == "当事人要求村调委会介入"
    # going back down without a reason is refused in words
    tab.target.setCurrentIndex(tab.target.index_of(ladder[0].id))
    tab.move()
    assert "Say why the case goes back down the ladder." in tab.message.text()


def test_today_lists_cases_to_escalate_and_slips_to_press(qtbot, services, admin, runner, events, ladder):
    set_language("en")
    case_id = register_case(services, admin)
    number = services.cases.detail(admin, case_id).number
    _in_the_past(services, 10)
    services.ladder.set_level(admin, case_id, ladder[0].id)
    slip = services.referrals.issue(admin, case_id, "城北区市场监督管理局", "电子秤计量复核").number
    _today(services)
    view = TodayView(services, admin, runner, events)
    qtbot.addWidget(view)
    watch = view.ladder_watch
    assert watch.boxes["escalate"].title() == "To escalate (1)"
    assert watch.models["escalate"].item(0).text == f"{number}  网格员"
    assert "next: 村(社区)调委会" in watch.models["escalate"].item(0).detail
    assert watch.boxes["press"].title() == "Referral slips to press (督办) (1)"
    assert "has not signed in" in watch.models["press"].item(0).detail
    with qtbot.waitSignal(watch.case_activated) as opened:
        watch.lists["escalate"].activated.emit(watch.models["escalate"].index(0))
    assert opened.args == [case_id]
    watch.remind()
    watch.last_input.textValueSelected.emit("电话催办")
    assert "reminded 1 time" in watch.models["press"].item(0).detail
    watch.sign_in()
    watch.last_input.textValueSelected.emit("王科长")
    assert watch.boxes["press"].title() == "Referral slips to press (督办) (0)"
    assert services.referrals.get(admin, services.referrals.list(admin)[0].id).number == slip


def test_board_shows_the_watch_and_the_results_by_level(qtbot, services, admin, runner, events, ladder):
    set_language("en")
    view = BoardView(services, admin, runner, events)
    qtbot.addWidget(view)
    results = view.findChild(LevelResults)
    assert results is not None
    assert [results.model.data(results.model.index(r, 0)) for r in range(results.model.rowCount())] == [
        n for n, _d in LEVELS]
    results.period.setText("2026-13")
    results.refresh()
    assert "A month is 01 to 12." in results.message.text()


def test_ladder_editor_saves_the_example_and_hours(qtbot, services, admin, runner, events):
    set_language("en")
    dialog = AdministrationDialog(services, admin, runner, events, page="ladder")
    qtbot.addWidget(dialog)
    page = dialog.pages["ladder"]
    assert page.rows == [] and page.save_button.isEnabled()
    page.use_example()
    page.rows[2].unit.setCurrentIndex(page.rows[2].unit.index_of("working"))
    page.shift(page.rows[3], -1)
    page.save()
    assert [(v.name, v.unit) for v in services.ladder.ladder(admin)] == [
        ("网格员", "calendar"), ("村(社区)调委会", "calendar"), ("乡镇领导", "calendar"),
        ("乡镇(街道)综治中心", "working")]
    assert len(page.rows) == 4 and page.rows[0].level_id is not None  # reloaded with the saved ids
    page.rows[0].name.setText("")
    page.save()
    assert "Level 1 needs a name." in page.message.text()
    page.hours.setValue(8)
    page.save_hours()
    assert services.supervision.sign_in_hours(admin) == 8
