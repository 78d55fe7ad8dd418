"""Four-part slips in the client: printed from a case's documents and from a referral slip, the
returned part recorded in its dialog, the overdue ones listed in their window and counted in Today."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from mediation_app.domain.slips import DEFAULT_RETURN_DAYS
from mediation_app.services.clock import FixedClock
from mediation_app.ui import slips as slips_ui
from mediation_app.ui.slips_overview import OverdueSlipsWindow
from mediation_app.ui.today import TodayView
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.factories import TODAY, make_case

LATER = TODAY + dt.timedelta(days=DEFAULT_RETURN_DAYS + 30)


@pytest.fixture
def services(tmp_path):
    from tests import db_templates

    svc = db_templates.sqlite_services(tmp_path / "cases.sqlite", tmp_path / "data", FixedClock(TODAY))[0]  # migrated once, copied
    yield svc
    svc.close()


@pytest.fixture
def previews(monkeypatch):
    shown: list = []
    monkeypatch.setattr(slips_ui.DocumentOutput, "preview", lambda self, doc, **kw: shown.append(doc))
    return shown


def fill_return(monkeypatch, result: str, handler: str) -> None:
    def run(dialog):
        dialog.result.setPlainText(result)
        dialog.handler.setText(handler)
        dialog.save()  # the inline runner finishes the call before this returns
        return QDialog.DialogCode.Accepted if dialog.changes is not None else QDialog.DialogCode.Rejected

    monkeypatch.setattr(slips_ui.ReturnDialog, "exec", run)


def test_print_the_case_slip_from_its_documents_and_record_the_returned_part(
        qtbot, services, admin, runner, events, drafts, previews, monkeypatch):
    case_id = make_case(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("documents")
    assert tab.select_kind("slip")  # offered with the case's documents
    box = tab.slip_box
    assert box.slip is None and box.state.text()
    assert not box.return_button.isEnabled()
    box.print_slip()
    assert len(previews) == 1 and previews[0].kind == "slip"
    assert box.slip is not None and box.slip.number == "新华四联字〔2026〕第001号"
    assert box.slip.number in box.state.text()
    box.print_slip()  # a reprint: the same number
    assert services.slips.for_case(admin, case_id)[0].printed_times == 2
    fill_return(monkeypatch, "已调解结案。", "马调解")
    box.record_return()
    assert box.slip.returned_on == TODAY and "已调解结案" in box.state.text()
    assert not box.return_button.isEnabled()


def test_print_a_referral_slips_four_part_slip(qtbot, services, admin, runner, events, drafts, previews):
    case_id = make_case(services, admin)
    services.referrals.issue(admin, case_id, "城北区市场监督管理局", "需计量复核。", deadline=TODAY + dt.timedelta(days=7))
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("referrals")
    assert tab.current_slip() is not None
    tab.slip_box.print_slip()
    ref = tab.current_slip()
    slip = services.slips.for_referral(admin, ref.id)
    assert slip is not None and slip.sent_to == "城北区市场监督管理局"
    assert len(previews) == 1 and tab.slip_box.slip.number == slip.number


def test_overdue_slips_window_and_the_today_line(qtbot, services, admin, runner, events):
    for _ in range(3):
        services.slips.issue_for_case(admin, make_case(services, admin))
    services.clock.set(LATER)
    today = TodayView(services, admin, runner, events)
    qtbot.addWidget(today)
    assert today.slip_line.count == 3 and not today.slip_line.isHidden()
    assert "3" in today.slip_line.label.text()
    window = OverdueSlipsWindow(services, admin, runner, events)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 3 and window.total == 3 and "3" in window.heading.text()
    assert window.width() <= 1280 and window.height() <= 800
    assert window.more.isHidden()  # one page holds them all


def test_the_overdue_window_pages(qtbot, services, admin, runner, events, monkeypatch):
    from mediation_app.ui import slips_overview

    monkeypatch.setattr(slips_overview, "PAGE", 2)
    for _ in range(3):
        services.slips.issue_for_case(admin, make_case(services, admin))
    services.clock.set(LATER)
    window = OverdueSlipsWindow(services, admin, runner, events)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 2 and not window.more.isHidden()
    window.load_more()
    assert window.model.rowCount() == 3 and window.more.isHidden()


def test_the_intake_finish_page_offers_the_slip_unless_the_case_is_refused(qtbot, services, admin, runner, events,
                                                                           drafts):
    from mediation_app.ui.intake import IntakeWizard

    wizard = IntakeWizard(services, admin, runner, events, drafts)
    qtbot.addWidget(wizard)
    page = wizard.finish_page
    assert page.print_slip.isEnabled() and "四联单" in page.print_slip.text()
    page.refuse.setChecked(True)
    assert not page.print_slip.isEnabled()
