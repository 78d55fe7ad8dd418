"""Investigations and evidence, performance and follow-up, judicial confirmation: driven through
their real widgets on a real database (services with a fixed clock so the 30-day window and the
due dates are exact)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QColor, QImage

from mediation_app.domain.enums import (
    ConfirmationOutcome,
    ExecutionMethod,
    MeetingMode,
    MeetingOutcome,
)
from mediation_app.i18n import _
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.clock import FixedClock
from mediation_app.services.meetings import MeetingInput
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.factories import make_case

TODAY = dt.date.today() - dt.timedelta(days=1)  # as when the module was loaded before midnight
SHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to look at the tabs


@pytest.fixture
def clock():
    """A fixed day the forms follow too (as the client follows its services' clock): the tests hold
    whatever the real date, across midnight included."""
    from mediation_app.ui import calendar

    fixed = FixedClock(TODAY)
    calendar.follow(fixed)
    yield fixed
    calendar.follow(None)


@pytest.fixture
def services(tmp_path, clock):
    from tests import db_templates

    svc = db_templates.sqlite_services(tmp_path / "cases.sqlite", tmp_path / "data", clock)[0]  # migrated once, copied
    yield svc
    svc.close()


def _workspace(qtbot, services, actor, case_id, runner, events, drafts):
    ws = CaseWorkspace(services, actor, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    ws.resize(1280, 900)
    return ws


def _click(qtbot, button):
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _effective_agreement(svc, admin, case_id, *, dues=(10, 60)):
    """Hold a session, save a written agreement with two instalments due ``dues`` days after
    today's clock, and have every party and the mediator execute it (effective on that day)."""
    links = [p.link_id for p in svc.cases.detail(admin, case_id).parties]
    svc.meetings.record(admin, case_id, MeetingInput(
        place="集散中心人民调解室", mode=MeetingMode.ON_SITE, party_links_present=tuple(links),
        mediator_ids_present=(admin.mediator_id,), outcome=MeetingOutcome.AGREEMENT, recorder_name="书记员",
        record_text="双方陈述后同意核减货款，余款分两期支付。"))
    today = svc.clock.today()
    svc.agreements.save_draft(admin, case_id, AgreementInput(
        facts="申请人购进被申请人苹果120箱，运输途中损坏38箱。", issues="损坏部分如何核减，余款如何支付。",
        responsibilities="双方各自承担一半损失。", terms=("被申请人同意核减货款。", "申请人分两期支付余款16,400元。"),
        performance_method="银行转账", performance_place="西宁市",
        obligations=(ObligationInput(links[0], 1_000_000, today + dt.timedelta(days=dues[0]), links[1], "第一期货款"),
                     ObligationInput(links[0], 640_000, today + dt.timedelta(days=dues[1]), links[1], "第二期货款")),
        recorder_name="书记员"))
    for link in links:
        svc.agreements.record_execution(admin, case_id, link, ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
    svc.agreements.record_mediator_signature_and_seal(admin, case_id)
    assert svc.cases.detail(admin, case_id).status == "agreement_effective"


def _shot(ws, key, name=None):
    """Screenshots of the whole workspace and of the full tab (for looking at the layout)."""
    if not SHOTS:
        return
    from PySide6.QtWidgets import QApplication

    from mediation_app.ui.theme import apply_theme

    apply_theme(QApplication.instance())
    ws.show()
    tab = ws.show_tab(key)
    QApplication.processEvents()
    ws.grab().save(os.path.join(SHOTS, f"{name or key}_workspace.png"))
    tab.grab().save(os.path.join(SHOTS, f"{name or key}_tab.png"))


# -- investigations and evidence -----------------------------------------------------------------------
def test_record_investigation_and_add_image_evidence(qtbot, qtmodeltester, services, admin, runner, events,
                                                     drafts, tmp_path, monkeypatch):
    case_id = make_case(services, admin)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    tab = ws.show_tab("evidence")

    # An empty form: the service's messages appear next to the fields, nothing is saved.
    tab.place.clear()
    _click(qtbot, tab.investigation_button)
    assert tab.inv_msgs["investigators"].text() and tab.inv_msgs["content"].text()
    assert tab.investigations.rowCount() == 0

    tab.place.setText("集散中心B区117号摊位")
    tab.investigators.setText("调解员甲、调解员乙")
    tab.interviewee.setText("搬运工丙")
    tab.recorder.setText("书记员")
    tab.content.setPlainText("问：当天卸货时箱子是否完好？\n答：有三十多箱压坏了。")
    _click(qtbot, tab.investigation_button)
    assert tab.investigation_message.text() == "", tab.investigation_message.text()
    assert not tab.inv_msgs["content"].isVisibleTo(tab)
    assert tab.investigations.rowCount() == 1
    assert tab.investigations.index(0, 2).data() == "搬运工丙"
    assert tab.content.toPlainText() == ""  # cleared for the next one; the place is kept
    assert tab.place.text() == "集散中心B区117号摊位"
    tab.investigation_view.selectRow(0)
    assert "压坏" in tab.investigation_text.toPlainText()
    assert ws.detail.investigations[0].investigators == "调解员甲、调解员乙"
    qtmodeltester.check(tab.investigations)

    # An image: added through the form, listed, and previewed as a picture.
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6fb5"))
    photo = tmp_path / "damaged-boxes.png"
    assert image.save(str(photo))
    tab.choose_file = lambda: str(photo)
    tab.kind.setCurrentIndex(tab.kind.findData("evidence"))
    tab.title.setText("损坏货物照片")
    tab.source.setText("申请人提供")
    tab.pages.setValue(1)
    _click(qtbot, tab.add_button)
    assert tab.evidence_message.text() == "", tab.evidence_message.text()
    assert tab.evidence.rowCount() == 1
    assert tab.evidence.index(0, 0).data() == "损坏货物照片"
    assert tab.evidence.index(0, 2).data() == "申请人提供"
    assert tab.title.text() == ""
    tab.evidence_view.selectRow(0)
    assert not tab.preview_pixmap().isNull()
    assert tab.preview_pixmap().width() <= 460
    qtmodeltester.check(tab.evidence)

    # Something that is not an image: described, and a copy can be opened.
    doc = tmp_path / "waybill.pdf"
    doc.write_bytes(b"%PDF-1.4 waybill")
    tab.choose_file = lambda: str(doc)
    tab.title.setText("运单")
    _click(qtbot, tab.add_button)
    assert tab.evidence.rowCount() == 2
    tab.evidence_view.selectRow(1)
    assert tab.preview_pixmap().isNull()
    assert "waybill.pdf" in tab.preview.text()
    opened = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    import errno
    import stat
    from pathlib import Path

    real_fsync, synced = os.fsync, []

    def no_room(fd: int) -> None:  # the temporary folder's disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_room)
    _click(qtbot, tab.open_button)
    assert not opened and tab.preview_message.text().startswith("无法保存副本：磁盘已满。")
    assert [p.name for p in Path(tab._temp_dir.name).iterdir()] == []  # no half-written copy to open

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    _click(qtbot, tab.open_button)
    assert opened and tab.last_copy.read_bytes() == b"%PDF-1.4 waybill"
    assert synced == [False, True]  # written whole: the copy, then its folder
    _click(qtbot, tab.open_button)  # opened again: the copy a viewer may hold is left as it is
    assert len(opened) == 2 and synced == [False, True]
    monkeypatch.setattr(os, "fsync", real_fsync)

    # An empty file is refused with the service's message; the typed title stays.
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    tab.choose_file = lambda: str(empty)
    tab.title.setText("空白")
    _click(qtbot, tab.add_button)
    assert "empty.jpg" in tab.ev_msgs["file"].text()
    assert tab.title.text() == "空白"
    assert tab.evidence.rowCount() == 2
    _shot(ws, "evidence")


# -- performance and follow-up -------------------------------------------------------------------------
def test_payment_on_an_overdue_instalment_changes_the_performance_status(qtbot, qtmodeltester, services, clock,
                                                                        admin, runner, events, drafts):
    clock.set(TODAY - dt.timedelta(days=20))
    case_id = make_case(services, admin)
    _effective_agreement(services, admin, case_id, dues=(10, 60))  # the first fell due 10 days ago
    clock.set(TODAY)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    tab = ws.show_tab("followup")
    assert tab.instalments.rowCount() == 2
    qtmodeltester.check(tab.instalments)
    first = tab.instalments.row_at(0)
    assert first.overdue and not first.paid
    state_col = tab.instalments.columnCount() - 1
    assert tab.instalments.index(0, state_col).data() == _("Overdue")
    assert tab.instalments.index(0, state_col).data(Qt.ItemDataRole.ForegroundRole) is not None  # red
    assert tab.instalments.index(1, state_col).data(Qt.ItemDataRole.ForegroundRole) is None
    assert ws.detail.performance_status == "not_performed"
    assert "未履行" in tab.status.text() or "Not performed" in tab.status.text()
    assert tab.obligation.key() == first.id  # the first unpaid instalment is suggested
    _shot(ws, "followup", "followup_overdue")

    # A wrongly typed amount is explained inline and nothing is recorded.
    tab.kind.setCurrentIndex(tab.kind.findData("payment"))
    tab.amount.setText("12a")
    assert tab.pay_msgs["amount_fen"].isVisibleTo(tab) and tab.pay_msgs["amount_fen"].text()
    _click(qtbot, tab.pay_button)
    assert ws.detail.performance == ()

    # More than is still due: the service refuses with its message beside the amount; the text stays.
    tab.amount.setText("20,000")
    _click(qtbot, tab.pay_button)
    assert "10,000" in tab.pay_msgs["amount_fen"].text() or "10000" in tab.pay_msgs["amount_fen"].text()
    assert tab.amount.text() == "20,000"

    tab.amount.setText("10,000")
    tab.note.setText("银行转账")
    _click(qtbot, tab.pay_button)
    assert tab.pay_message.text() == "", tab.pay_message.text()
    assert ws.detail.performance_status == "partly"
    assert tab.instalments.row_at(0).paid and not tab.instalments.row_at(0).overdue
    assert tab.instalments.index(0, state_col).data(Qt.ItemDataRole.ForegroundRole) is None
    assert len(tab.events.row_at(0).note or "") > 0 and tab.events.row_at(0).amount_fen == 1_000_000
    assert tab.obligation.key() == tab.instalments.row_at(1).id
    qtmodeltester.check(tab.events)

    # An urging needs a note: the service's message appears next to it.
    tab.kind.setCurrentIndex(tab.kind.findData("urged"))
    assert not tab.amount.isVisibleTo(tab)
    _click(qtbot, tab.pay_button)
    assert tab.pay_msgs["note"].text()
    tab.note.setText("电话催告申请人按期支付第二期")
    _click(qtbot, tab.pay_button)
    assert ws.detail.performance_status == "urged"

    # The rest: performed in full.
    tab.kind.setCurrentIndex(tab.kind.findData("payment"))
    assert tab.obligation.set_key(tab.instalments.row_at(1).id)
    _click(qtbot, tab.pay_button)  # no amount: everything still due
    assert ws.detail.performance_status == "performed"
    assert tab.instalments.row_at(1).paid


def test_record_a_follow_up_visit(qtbot, qtmodeltester, services, clock, admin, runner, events, drafts):
    case_id = make_case(services, admin)
    _effective_agreement(services, admin, case_id)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    tab = ws.show_tab("followup")
    assert tab.satisfaction.count() > 1  # the configurable list
    assert tab.person.currentText() == ws.detail.parties[0].name
    tab.at.setDateTime(QDateTime(clock.now() - dt.timedelta(hours=1)))
    _click(qtbot, tab.visit_button)  # no findings: said beside the field
    assert tab.visit_msgs["findings"].text()
    tab.mode.setCurrentIndex(tab.mode.findData("phone"))
    tab.found.setCurrentIndex(tab.found.findData("partly"))
    tab.findings.setPlainText("第一期已付，第二期承诺按期支付，双方关系缓和。")
    tab.satisfaction.setCurrentIndex(1)
    chosen = tab.satisfaction.currentData()  # the code is stored; documents word it
    tab.measures.setText("提醒按期履行")
    _click(qtbot, tab.visit_button)
    assert tab.visit_message.text() == "", tab.visit_message.text()
    assert tab.visits.rowCount() == 1
    visit = tab.visits.row_at(0)
    assert visit.person_visited == ws.detail.parties[0].name and visit.mode == "phone"
    assert visit.satisfaction == chosen and visit.measures == "提醒按期履行"
    assert visit.visitor_name == admin.display_name
    assert tab.findings.toPlainText() == ""
    assert ws.detail.status == "performing"
    qtmodeltester.check(tab.visits)
    _shot(ws, "followup")


# -- judicial confirmation -----------------------------------------------------------------------------
def test_apply_for_confirmation_and_record_the_confirmed_outcome(qtbot, qtmodeltester, services, clock, admin,
                                                                 runner, events, drafts):
    case_id = make_case(services, admin)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    tab = ws.show_tab("confirmation")
    assert not tab.apply_button.isEnabled() and tab.apply_reason.text()  # no agreement in effect yet
    assert not tab.outcome_button.isEnabled()

    _effective_agreement(services, admin, case_id)
    ws.refresh()
    assert tab.apply_button.isEnabled(), tab.apply_reason.text()
    assert "30" in tab.countdown.text()  # 30 days left on the day it took effect
    assert tab.checklist.rowCount() >= 5
    labels = [tab.checklist.item(i).text for i in range(tab.checklist.rowCount())]
    assert any(t.startswith("✘") for t in labels) and any(t.startswith("✔") for t in labels)
    qtmodeltester.check(tab.checklist)
    assert tab.basis.count() >= 1

    # Not joint: refused with the law's reason next to the checkbox; the court name typed stays.
    tab.court.setText("西宁市城北区人民法院")
    tab.joint.setChecked(False)
    _click(qtbot, tab.apply_button)
    assert tab.apply_msgs["joint"].text()
    assert tab.court.text() == "西宁市城北区人民法院"
    assert ws.detail.confirmations == ()

    tab.joint.setChecked(True)
    _click(qtbot, tab.apply_button)
    assert tab.apply_message.text() == "", tab.apply_message.text()
    assert tab.applications.rowCount() == 1
    assert tab.applications.index(0, 0).data() == "西宁市城北区人民法院"
    qtmodeltester.check(tab.applications)
    assert tab.outcome_button.isEnabled()

    # A confirmation without the court's number is refused beside the number field.
    tab.outcome.setCurrentIndex(tab.outcome.findData("confirmed"))
    _click(qtbot, tab.outcome_button)
    assert tab.outcome_msgs["court_case_number"].text()
    tab.number.setText("（2026）青0105民特12号")
    _click(qtbot, tab.outcome_button)
    assert tab.outcome_message.text() == "", tab.outcome_message.text()
    app = ws.detail.confirmations[0]
    assert app.outcome == "confirmed" and app.court_case_number == "（2026）青0105民特12号"
    assert tab.applications.index(0, 4).data() == "（2026）青0105民特12号"
    assert not tab.outcome_button.isEnabled()  # nothing pending any more
    assert "西宁市城北区人民法院" in tab.countdown.text()  # the countdown gives way to the application
    _shot(ws, "confirmation")


def test_applying_after_the_30_day_window_is_refused_with_the_reason(qtbot, services, clock, admin, runner,
                                                                     events, drafts):
    clock.set(TODAY - dt.timedelta(days=40))
    case_id = make_case(services, admin)
    _effective_agreement(services, admin, case_id, dues=(50, 80))
    clock.set(TODAY)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    tab = ws.show_tab("confirmation")
    assert tab.closed and "b42318" in tab.countdown.styleSheet()
    assert "30" in tab.countdown.text()
    tab.court.setText("西宁市城北区人民法院")
    _click(qtbot, tab.apply_button)
    shown = tab.apply_msgs["applied_on"].text()
    assert "30" in shown and str(TODAY - dt.timedelta(days=10)) in shown
    assert tab.apply_msgs["applied_on"].isVisibleTo(tab)
    assert tab.court.text() == "西宁市城北区人民法院"
    assert ws.detail.confirmations == ()
    _shot(ws, "confirmation", "confirmation_closed")


def test_after_a_ruling_of_invalidity_the_case_is_mediated_again_from_the_tab(qtbot, services, clock, admin, runner,
                                                                              events, drafts):
    case_id = make_case(services, admin)
    _effective_agreement(services, admin, case_id)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    tab = ws.show_tab("confirmation")
    assert not tab.again_box.isVisibleTo(tab)  # nothing to set aside while the agreement stands
    app = services.confirmation.apply(admin, case_id, "西宁市城北区人民法院", "domicile", TODAY).created_id
    services.confirmation.record_outcome(admin, case_id, app, ConfirmationOutcome.INVALID, TODAY)
    ws.refresh()
    assert tab.again_box.isVisibleTo(tab)
    assert not tab.apply_box.isVisibleTo(tab) and not tab.check_box.isVisibleTo(tab)  # no package, no application
    assert tab.eligibility.text() == _("Nothing of it falls due any more. The parties may mediate again to change it "
                                       "or reach a new agreement, or go to court (law Art. 33).")
    assert "b42318" in tab.countdown.styleSheet()
    assert not tab.apply_button.isEnabled()
    assert _("The court confirmed this agreement invalid: the parties may mediate again to change it or reach a new "
             "one, or go to court (law Art. 33).") in tab.apply_reason.text()
    _shot(ws, "confirmation", "confirmation_invalid")
    tab.again_reason.setText("双方同意变更付款期限。")
    _click(qtbot, tab.again_button)
    qtbot.waitUntil(lambda: ws.detail.status == "mediating")
    assert ws.detail.current_agreement is None and ws.detail.history[-1].reason == "双方同意变更付款期限。"
    assert not tab.again_box.isVisibleTo(tab) and tab.again_reason.text() == ""
    assert tab.apply_box.isVisibleTo(tab) and tab.check_box.isVisibleTo(tab)
    _shot(ws, "confirmation", "confirmation_mediate_again")
