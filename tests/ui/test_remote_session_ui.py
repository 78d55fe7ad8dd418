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
def test_mixed_session_through_the_form(qtbot, qapp, screen, services, admin, runner, events, settings, drafts):
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
