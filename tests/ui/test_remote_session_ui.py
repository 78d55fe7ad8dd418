"""A mixed session recorded through the session form: the remote fields appear with the mode, fit
the 1280×800 screen, refuse a missing consent under the field and save the places and checks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from mediation_app.domain.enums import MeetingMode
from tests.factories import make_case
from tests.ui.test_screen_fit import _assert_buttons_inside, _assert_fits, _settle, screen  # noqa: F401


@pytest.mark.parametrize("screen", [((1280, 800), "zh_CN", 1.0)], indirect=True)
def test_mixed_session_through_the_form(qtbot, qapp, screen, services, admin, runner, events, settings, drafts):  # noqa: F811
    from mediation_app.ui.main_window import MainWindow

    case_id = make_case(services, admin)  # 马福海 and 李建国, consented, a mediator assigned
    window = MainWindow(services, admin, runner, events, settings, drafts, committee_name="客商心语人民调解委员会")
    qtbot.addWidget(window)
    window.show()
    window.open_case(case_id)
    ws = window.tabs.currentWidget()
    tab = ws.show_tab("meetings")
    tab.has_unsaved_changes = lambda: False  # closing the window after a failure asks nothing
    _settle(qapp)
    assert not tab.remote_box.isVisibleTo(tab)
    tab.mode.setCurrentIndex(tab.mode.findData(MeetingMode.MIXED.value))
    _settle(qapp)
    box = tab.remote_box
    assert box.isVisibleTo(tab)
    names = [r.name for r in box._rows]
    assert names[:2] == ["马福海", "李建国"] and len(names) == 3  # the two parties and the mediator
    _assert_fits(window, screen)
    _assert_buttons_inside(window)
    for w in box.findChildren(QComboBox) + box.findChildren(QLineEdit):
        if w.isVisibleTo(window):
            right = w.mapTo(window, QPoint(w.width(), 0)).x()
            assert right <= window.width(), f"{type(w).__name__} ends at {right}"

    buyer, seller = box._rows[0], box._rows[1]
    box.platform.setEditText("腾讯会议")
    buyer.remote.setChecked(True)
    buyer.location.setText("甘肃省兰州市")
    buyer.consent.setCurrentIndex(buyer.consent.findData("recorded"))
    buyer.identity.setCurrentIndex(buyer.identity.findData("id_on_camera"))
    tab.place.setText("调解室")
    tab.record_text.setPlainText("双方同意继续协商。")
    tab.outcome.setCurrentIndex(tab.outcome.findData("continue"))
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    assert box.msgs["consent"].isVisibleTo(tab) and "李建国" in box.msgs["consent"].text(), tab.message.text()
    assert ws.detail.meetings == ()

    seller.consent.setCurrentIndex(seller.consent.findData("written"))
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    assert tab.message.text() == "", tab.message.text()
    meeting = ws.detail.meetings[0]
    assert meeting.mode == "mixed" and meeting.platform == "腾讯会议"
    got = {a.name: (a.remote, a.location, a.consent, a.identity_check) for a in meeting.attendees}
    assert got["马福海"] == (True, "甘肃省兰州市", "recorded", "id_on_camera")
    assert got["李建国"] == (False, None, "written", None)
    assert not box.msgs["consent"].isVisibleTo(tab)


def test_consumer_complaint_handed_over_through_the_referral_part(qtbot, services, admin, runner, events, drafts,
                                                                  monkeypatch):
    import dataclasses

    from mediation_app.ui.printing import DocumentOutput
    from mediation_app.ui.workspace.case_workspace import CaseWorkspace
    from mediation_app.ui.workspace.complaint_dialog import ComplaintDialog, ComplaintFeedbackDialog
    from tests.services.test_market import FRUIT, good_code

    case_id = make_case(services, admin)
    services.merchants.add(admin, dataclasses.replace(FRUIT, credit_code=good_code()))
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("referrals")
    actions = tab.complaints
    assert actions.issue_button.isEnabled() and not actions.print_button.isEnabled()
    dialog = ComplaintDialog(tab.ctx, tab.detail, ws)
    qtbot.addWidget(dialog)
    dialog.complainant_name.setText("马福海")
    dialog.stall.setText("b117")
    dialog.look_up()
    assert dialog.merchant_name.text() == "建国水果批发部" and "B-117" in dialog.registry.text()
    dialog.amount.setText("1,260")
    dialog.request.setPlainText("退还货款")
    dialog.facts.setPlainText("复秤短少。")
    dialog.submit()  # the goods are missing: said under the field
    assert dialog.msgs["goods"].isVisibleTo(dialog) and tab.slips.rowCount() == 0
    dialog.goods.setText("红富士苹果")
    dialog.submit()
    assert tab.slips.rowCount() == 1
    tab.slip_view.setCurrentIndex(tab.slips.index(0, 0))
    assert actions.print_button.isEnabled() and actions.feedback_button.isEnabled()
    fb = ComplaintFeedbackDialog(tab.ctx, tab.detail, tab.current_slip().id, ws)
    qtbot.addWidget(fb)
    fb.register_number.setText("1263010020261100123")
    fb.result.setPlainText("责令退还货款。")
    fb.handling_number.setText("西市监处88号")
    fb.submit()
    assert tab.current_slip().feedback == "责令退还货款。"
    shown = []
    monkeypatch.setattr(DocumentOutput, "preview", lambda self, doc, **kw: shown.append(doc))
    actions.print_slip()
    assert shown and shown[0].title == "消费投诉移送函" and shown[0].pages >= 1


def test_market_statistics_count_remote_sessions(qtbot, services, admin, runner):
    from mediation_app.ui.market_stats import MarketStatsDialog
    from tests.services.test_remote_sessions import _mixed

    case_id = make_case(services, admin)
    services.meetings.record(admin, case_id, _mixed(services.cases.detail(admin, case_id), admin))
    dialog = MarketStatsDialog(services, admin, runner)
    qtbot.addWidget(dialog)
    month = services.clock.today().strftime("%Y-%m")  # the session is held today (the real clock)
    dialog.period.setText(month)
    dialog.count()
    assert f"{month}：共调解1次；远程0次（视频0次，电话0次）；现场+远程1次" in dialog.text.toPlainText()
