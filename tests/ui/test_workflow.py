"""The mediator's path through real widgets on a real database: intake, assignment, a session
record, an agreement with instalments signed into effect, and a termination."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from mediation_app.domain.enums import IdType, PartyKind, PartyRole, Sex
from mediation_app.domain.identity import resident_id_check_char
from mediation_app.services.intake import CaseInput
from mediation_app.services.parties import PartyInput
from mediation_app.ui.intake import IntakeWizard
from mediation_app.ui.workspace.case_workspace import CaseWorkspace

FIRST17 = "63010219800101123"
VALID_ID = FIRST17 + resident_id_check_char(FIRST17)


def _full_party(name, role, phone, ethnicity="回族"):
    return PartyInput(name=name, role=role, kind=PartyKind.NATURAL, sex=Sex.MALE, ethnicity=ethnicity, age=45,
                      id_type=IdType.NONE, occupation="个体经营", address="西宁市城东区", phone=phone)


def _case_with_full_particulars(services, actor, consent=True):
    from mediation_app.domain.enums import DisputeType

    data = CaseInput(
        parties=(_full_party("马福海", PartyRole.APPLICANT, "13897001234"),
                 _full_party("韩建国", PartyRole.RESPONDENT, "13997005678", ethnicity="汉族")),
        dispute_type=DisputeType.CONTRACT, facts="被申请人拖欠货款三千元。", requests="请求支付货款。", title="货款纠纷",
    )
    case_id = services.intake.register(actor, data, accept=True).created_id
    if consent:
        services.parties.record_all_consents(actor, case_id)
    return case_id


def _workspace(qtbot, services, actor, case_id, runner, events, drafts):
    ws = CaseWorkspace(services, actor, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    return ws


def test_intake_wizard_registers_and_accepts_a_case(qtbot, services, admin, runner, events, drafts):
    wiz = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
    qtbot.addWidget(wiz)
    created = []
    wiz.case_created.connect(created.append)
    wiz.show()
    first, second = wiz.parties_page.editors

    # Inline validation explains a wrong ID number in words, before anything is saved.
    qtbot.keyClicks(first.id_number, FIRST17 + ("0" if VALID_ID[-1] != "0" else "1"))
    first.id_number.editingFinished.emit()
    assert first.messages["id_number"].isVisibleTo(first)
    assert "校验" in first.messages["id_number"].text() or "核对" in first.messages["id_number"].text()
    first.id_number.setText(VALID_ID)
    first.id_number.editingFinished.emit()
    assert not first.messages["id_number"].isVisibleTo(first)

    first.name.setText("马福海")  # QTest cannot type CJK
    qtbot.keyClicks(first.phone, "13897001234")
    second.name.setText("韩建国")
    qtbot.keyClicks(second.phone, "139 9700 5678")
    second.id_type.setCurrentIndex(second.id_type.findData(IdType.NONE.value))
    wiz.next()
    assert wiz.currentPage() is wiz.dispute_page
    wiz.next()  # no type chosen: stays, and says why
    assert wiz.currentPage() is wiz.dispute_page
    assert "类型" in wiz.dispute_page.messages["dispute_type"].text()
    page = wiz.dispute_page
    page.dispute_type.setCurrentIndex(page.dispute_type.findData("contract"))
    qtbot.keyClicks(page.amount, "3,000")
    page.risk_buttons["yellow"].setChecked(True)
    wiz.next()
    wiz.facts_page.facts.setPlainText("被申请人拖欠货款三千元。")
    wiz.next()
    assert wiz.currentPage() is wiz.finish_page
    assert "马福海" in wiz.finish_page.summary.text()
    wiz.accept()

    assert created and created[0] == wiz.created_case_id
    detail = services.cases.detail(admin, wiz.created_case_id)
    assert detail.status == "accepted"
    assert detail.number and "新华" in detail.number
    assert detail.amount_fen == 300000
    assert detail.risk_level == "yellow"
    assert [p.name for p in detail.parties] == ["马福海", "韩建国"]
    assert all(p.consent == "consent" and p.notice_given_on for p in detail.parties)
    assert drafts.load("intake") is None  # the draft is gone once the case exists


def test_intake_draft_survives_closing(qtbot, services, admin, runner, events, drafts):
    wiz = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
    qtbot.addWidget(wiz)
    wiz.parties_page.editors[0].name.setText("张伟")
    wiz.reject()
    saved = drafts.load("intake")
    assert saved["parties"][0]["name"] == "张伟"
    again = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
    qtbot.addWidget(again)
    again.load_draft(saved)
    assert again.parties_page.editors[0].name.text() == "张伟"


def test_assign_record_session_and_agreement_with_instalments(qtbot, services, admin, runner, events, drafts):
    case_id = _case_with_full_particulars(services, admin)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    assert ws.number.text().startswith("新华")

    # Assignment: the conflict check is shown before assigning.
    tab = ws.show_tab("assignment")
    assert tab.mediator.set_key(admin.mediator_id)
    assert "未发现" in tab.conflict.text()
    qtbot.mouseClick(tab.assign_button, Qt.MouseButton.LeftButton)
    assert ws.detail.presiding_mediator == "王主任"
    assert tab.assignments.rowCount() == 1

    # Session record: parties present are ticked by default, the assigned mediator too.
    meetings = ws.show_tab("meetings")
    assert meetings.record_button.isEnabled(), meetings.record_reason.text()
    meetings.place.setText("调解室")
    meetings.record_text.setPlainText("双方同意分三期付清货款。")
    meetings.statements.setPlainText("马福海：货款一直未付。\n韩建国: 资金周转困难，\n愿意分期付清。")
    meetings.risk_warning.setText("告知双方不按期履行的法律后果。")
    meetings.outcome.setCurrentIndex(meetings.outcome.findData("agreement"))
    qtbot.mouseClick(meetings.record_button, Qt.MouseButton.LeftButton)
    assert meetings.message.text() == "", meetings.message.text()
    assert ws.detail.status == "mediating"
    assert len(ws.detail.meetings) == 1 and ws.detail.meetings[0].status == "held"
    assert ws.detail.meetings[0].statements == (("马福海", "货款一直未付。"), ("韩建国", "资金周转困难，愿意分期付清。"))
    assert ws.detail.meetings[0].risk_warning == "告知双方不按期履行的法律后果。"
    assert {a.name for a in ws.detail.meetings[0].attendees} >= {"马福海", "韩建国", "王主任"}

    # Agreement: terms, an instalment plan, a live checklist, save, execution, effect.
    ag = ws.show_tab("agreement")
    assert "货款" in ag.facts.toPlainText()
    ag.terms.add("被申请人分三期向申请人支付货款人民币3000元。")
    ag.issues.setPlainText("货款数额及支付期限。")
    ag._run_check()
    texts = [ag.checklist.item(i).text for i in range(ag.checklist.rowCount())]
    assert ag.check_summary.text().startswith("还缺")  # live: method and deadline of performance missing
    assert any("履行方式" in t for t in texts) and any("履行期限" in t for t in texts)
    assert ag.payer.set_key(ws.detail.parties[1].link_id)
    assert ag.payee.set_key(ws.detail.parties[0].link_id)
    ag.total.setText("3000")
    ag.count.setValue(3)
    ag.first_due.setDate(dt.date.today() + dt.timedelta(days=30))
    qtbot.mouseClick(ag.build, Qt.MouseButton.LeftButton)
    assert ag.instalments.rowCount() == 3
    assert ag.instalments.total_fen() == 300000
    assert ag.method.text()  # a method of performance is suggested
    ag._run_check()
    assert ag.check_summary.text() == "内容齐全，可以打印签署", [ag.checklist.item(i).text for i in range(ag.checklist.rowCount())]
    assert ag.has_unsaved_changes()
    qtbot.mouseClick(ag.save_button, Qt.MouseButton.LeftButton)
    assert ag.message.text() == "", ag.message.text()
    assert ws.detail.status == "agreement_drafted"
    saved = ws.detail.current_agreement
    assert [o.amount_fen for o in saved.obligations] == [100000, 100000, 100000]
    assert not ag.has_unsaved_changes()

    for party in ws.detail.parties:
        assert ag.exec_party.set_key(party.link_id)
        assert ag.exec_button.isEnabled(), ag.exec_reason.text()
        qtbot.mouseClick(ag.exec_button, Qt.MouseButton.LeftButton)
        assert ag.exec_message.text() == "", ag.exec_message.text()
    qtbot.mouseClick(ag.seal_button, Qt.MouseButton.LeftButton)
    assert ws.detail.status == "agreement_effective"
    assert "生效" in ag.effective.text()
    # Now the state machine forbids a termination: the button is disabled and says why.
    term = ws.show_tab("termination")
    assert not term.button.isEnabled()
    assert term.reason_label_.text()


def test_termination_with_reason_and_routes(qtbot, services, admin, runner, events, drafts):
    case_id = _case_with_full_particulars(services, admin)
    services.assignment.assign(admin, case_id, admin.mediator_id)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    tab = ws.show_tab("termination")
    tab.confirm = False
    assert tab.button.isEnabled(), tab.reason_label_.text()
    qtbot.mouseClick(tab.button, Qt.MouseButton.LeftButton)  # nothing filled in: the service says what is missing
    assert tab.msgs["reason"].text() and tab.msgs["routes"].text()
    tab.reason.setPlainText("双方对赔偿数额分歧过大。")
    tab.routes.setData(tab.routes.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(tab.button, Qt.MouseButton.LeftButton)
    assert ws.detail.status == "terminated"
    assert ws.detail.termination.routes
    assert not tab.button.isEnabled()
    assert "终止" in tab.done.text()


def test_actions_forbidden_by_the_state_machine_are_disabled_with_the_reason(qtbot, services, admin, runner, events,
                                                                           drafts):
    case_id = _case_with_full_particulars(services, admin, consent=False)
    ws = _workspace(qtbot, services, admin, case_id, runner, events, drafts)
    meetings = ws.tab("meetings")
    assert not meetings.record_button.isEnabled()
    reason = meetings.record_reason.text()
    assert "告知" in reason or "同意" in reason  # no rights notice / consent yet
    assert not ws.tab("overview").accept_button.isEnabled()  # already accepted
    assert ws.tab("overview").accept_reason.text()
