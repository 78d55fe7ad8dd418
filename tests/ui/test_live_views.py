"""Views stay current: a change made in a case reaches the case list row without a reload, and a
view that is not on screen waits until it is shown before it reloads."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication

from mediation_app.domain.enums import CaseStatus
from mediation_app.services.clock import FixedClock
from mediation_app.ui.main_window import MainWindow
from mediation_app.ui.models.case_table import COL_MEDIATOR, COL_STATUS, CaseIdRole
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.factories import make_case
from tests.ui.conftest import register_case
from tests.ui.test_evidence_followup_confirmation import _effective_agreement


@pytest.fixture
def services(tmp_path):
    from tests import db_templates

    svc = db_templates.sqlite_services(tmp_path / "cases.sqlite", tmp_path / "data", FixedClock(dt.date.today()))[0]  # migrated once, copied
    yield svc
    svc.close()


class Calls:
    """Counts the calls of one service method (the views' reloads), passing them through."""

    def __init__(self, monkeypatch, service, name):
        self.n = 0
        real = getattr(service, name)

        def counted(*args, **kwargs):
            self.n += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(service, name, counted)


def _window(qtbot, services, admin, runner, events, settings, drafts):
    w = MainWindow(services, admin, runner, events, settings, drafts, committee_name="新华街人民调解委员会")
    qtbot.addWidget(w)
    w.resize(1200, 760)
    w.show()
    QApplication.processEvents()
    return w


def _row(view, case_id):
    model = view.model
    rows = [r for r in range(model.rowCount()) if model.case_id(r) == case_id]
    assert len(rows) == 1
    return rows[0]


def _cell(view, case_id, column):
    return view.model.index(_row(view, case_id), column).data(Qt.ItemDataRole.DisplayRole)


def _click(qtbot, button):
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_follow_up_recorded_in_the_case_reaches_the_case_list_row(qtbot, monkeypatch, services, admin, runner,
                                                                    events, settings, drafts):
    case_id = make_case(services, admin)
    _effective_agreement(services, admin, case_id)
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    w.tabs.setCurrentWidget(w.case_list)
    assert _cell(w.case_list, case_id, COL_STATUS) == CaseStatus.AGREEMENT_EFFECTIVE.label()
    listed = Calls(monkeypatch, services.cases, "list_cases")

    w.open_case(case_id)  # the case comes to the front; the list is behind it
    ws = w.tabs.currentWidget()
    tab = ws.show_tab("followup")
    tab.at.setDateTime(QDateTime(services.clock.now() - dt.timedelta(hours=1)))
    tab.mode.setCurrentIndex(tab.mode.findData("phone"))
    tab.found.setCurrentIndex(tab.found.findData("partly"))
    tab.findings.setPlainText("第一期已付，第二期承诺按期支付。")
    _click(qtbot, tab.visit_button)
    assert ws.detail.status == CaseStatus.PERFORMING
    assert listed.n == 0 and w.case_list.stale  # hidden: only noted

    w.tabs.setCurrentWidget(w.case_list)
    assert listed.n == 1 and not w.case_list.stale
    assert _cell(w.case_list, case_id, COL_STATUS) == CaseStatus.PERFORMING.label()


def test_a_granted_recusal_shows_the_new_presiding_mediator_in_the_open_list(qtbot, services, admin, runner,
                                                                              events, settings, drafts):
    case_id = make_case(services, admin)
    other = services.accounts.add_mediator(admin, "韩晓东").created_id
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    w.tabs.setCurrentWidget(w.case_list)
    assert _cell(w.case_list, case_id, COL_MEDIATOR) == "王主任"
    # the case in a window of its own beside the list, as a second screen would show it
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.tab("assignment")
    tab.r_mediator.set_key(admin.mediator_id)
    tab.r_reason.setText("申请人认为调解员与被申请人是亲戚。")
    _click(qtbot, tab.r_request)
    assert _cell(w.case_list, case_id, COL_MEDIATOR) == "王主任"  # a request changes nothing yet
    tab.r_replacement.set_key(other)
    _click(qtbot, tab.r_grant)
    assert ws.detail.presiding_mediator == "韩晓东"
    assert _cell(w.case_list, case_id, COL_MEDIATOR) == "韩晓东"


def test_a_hidden_today_view_reloads_only_when_shown(qtbot, monkeypatch, services, admin, runner, events, settings,
                                                     drafts):
    register_case(services, admin, accept=False)
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    assert w.tabs.currentWidget() is w.today
    assert w.today.boxes["unassigned"].title() == "等待指派调解员（1）"
    today = Calls(monkeypatch, services.overview, "today")
    w.tabs.setCurrentWidget(w.case_list)

    for applicant in ("曾小红", "韩玉福"):  # the quick-entry and wizard dialogs broadcast what they return
        events.changed(register_case_changes(services, admin, applicant))
    assert today.n == 0 and w.today.stale
    assert w.today.boxes["unassigned"].title() == "等待指派调解员（1）"

    w.tabs.setCurrentWidget(w.today)
    assert today.n == 1 and not w.today.stale
    assert w.today.boxes["unassigned"].title() == "等待指派调解员（3）"
    events.changed(register_case_changes(services, admin, "叶福"))  # on screen: at once
    assert today.n == 2 and w.today.boxes["unassigned"].title() == "等待指派调解员（4）"


def test_a_change_the_list_does_not_show_leaves_it_alone(qtbot, monkeypatch, services, admin, runner, events,
                                                         settings, drafts):
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    w.tabs.setCurrentWidget(w.case_list)
    listed = Calls(monkeypatch, services.cases, "list_cases")
    events.changed(services.accounts.change_password(admin, "mishu-desk-123", "mishu-desk-456"))
    assert listed.n == 0 and not w.case_list.stale
    events.changed(services.accounts.add_mediator(admin, "赵调解"))  # the list shows mediators' names
    assert listed.n == 1


def register_case_changes(services, admin, applicant):
    """What the intake wizard's registration returns (and the wizard broadcasts)."""
    from mediation_app.domain.enums import DisputeType, IdType, PartyRole
    from mediation_app.services.intake import CaseInput
    from mediation_app.services.parties import PartyInput

    return services.intake.register(admin, CaseInput(
        parties=(PartyInput(name=applicant, role=PartyRole.APPLICANT, phone="13800138000", id_type=IdType.NONE),
                 PartyInput(name="李娜", role=PartyRole.RESPONDENT, phone="13900139000", id_type=IdType.NONE)),
        dispute_type=DisputeType.NEIGHBOUR, facts="邻里之间因排水问题发生纠纷。", requests="请求对方修好排水沟。",
        title="排水纠纷"))


def test_the_list_keeps_the_selected_case_when_a_change_reloads_it(qtbot, services, admin, runner, events,
                                                                   settings, drafts):
    ids = [register_case(services, admin, applicant=name) for name in ("曾小红", "韩玉福", "叶福")]
    w = _window(qtbot, services, admin, runner, events, settings, drafts)
    w.tabs.setCurrentWidget(w.case_list)
    view = w.case_list
    view.table.selectRow(_row(view, ids[1]))
    events.changed(register_case_changes(services, admin, "马福海"))  # a new case comes first in the list
    assert view.model.rowCount() == 4
    assert view.table.currentIndex().data(CaseIdRole) == ids[1]
