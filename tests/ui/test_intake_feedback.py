"""Feedback before and while a user types: the intake checks as you type and, on Next, says what
to correct and goes there; the first-run form states its password rules up front; the sign-in
window names its committee and database; Today's empty lists say so in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from mediation_app.domain.enums import IdType, MeetingMode
from mediation_app.domain.identity import resident_id_check_char
from mediation_app.i18n import _, ngettext
from mediation_app.services.meetings import MeetingInput
from mediation_app.services.password_policy import MIN_PASSWORD
from mediation_app.ui.first_run import FirstRunDialog
from mediation_app.ui.intake import IntakeWizard
from mediation_app.ui.intake_pages import CHECK_DELAY_MS
from mediation_app.ui.sign_in import SignInDialog
from mediation_app.ui.today import TodayView
from tests.factories import make_case
from tests.ui.conftest import show_active

FIRST17 = "63010219850715001"
VALID_ID = FIRST17 + resident_id_check_char(FIRST17)


def _wizard(qtbot, services, admin, runner, events, drafts):
    wiz = IntakeWizard(services, admin, runner, events, drafts, offer_draft=False)
    qtbot.addWidget(wiz)
    wiz.resize(900, 600)
    show_active(qtbot, QApplication.instance(), wiz)  # focus is shown in the active window only
    return wiz


def _on_screen(widget) -> bool:
    """Is ``widget`` inside the visible part of its scroll area?"""
    area = widget.parentWidget()
    while area is not None and not hasattr(area, "viewport"):
        area = area.parentWidget()
    view = area.viewport()
    top_left = widget.mapTo(view, QPoint(0, 0))
    return QRect(QPoint(0, 0), view.size()).contains(QRect(top_left, widget.size()))


def test_a_wrong_id_number_is_explained_while_typing(qtbot, services, admin, runner, events, drafts):
    wiz = _wizard(qtbot, services, admin, runner, events, drafts)
    first = wiz.parties_page.editors[0]
    first.id_number.setFocus()
    qtbot.keyClicks(first.id_number, VALID_ID[:-1] + ("1" if VALID_ID[-1] != "1" else "2"))  # a wrong check digit
    assert first.id_number.hasFocus()  # still typing: not left the field
    qtbot.waitUntil(lambda: not first.messages["id_number"].isHidden(), timeout=CHECK_DELAY_MS * 10)
    assert "校验" in first.messages["id_number"].text() or "核对" in first.messages["id_number"].text()
    first.id_number.setText(VALID_ID)  # corrected: the message goes once typing pauses
    qtbot.waitUntil(lambda: first.messages["id_number"].isHidden(), timeout=CHECK_DELAY_MS * 10)
    qtbot.keyClicks(first.phone, "1380013")
    qtbot.waitUntil(lambda: not first.messages["phone"].isHidden(), timeout=CHECK_DELAY_MS * 10)


def test_an_amount_is_checked_while_typing(qtbot, services, admin, runner, events, drafts):
    wiz = _wizard(qtbot, services, admin, runner, events, drafts)
    page = wiz.dispute_page
    qtbot.keyClicks(page.amount, "12x00")
    assert page.messages["amount"].isHidden()  # not while the keys are still coming
    qtbot.waitUntil(lambda: not page.messages["amount"].isHidden(), timeout=CHECK_DELAY_MS * 10)
    page.amount.setText("1200")
    qtbot.waitUntil(lambda: page.messages["amount"].isHidden(), timeout=CHECK_DELAY_MS * 10)


def test_next_with_an_error_out_of_sight_says_what_and_goes_there(qtbot, services, admin, runner, events, drafts):
    wiz = _wizard(qtbot, services, admin, runner, events, drafts)
    page = wiz.parties_page
    while len(page.editors) < 5:
        page.add_party()
    for i, editor in enumerate(page.editors):
        editor.name.setText(f"当事人{i}")
        editor.id_type.setCurrentIndex(editor.id_type.findData(IdType.NONE.value))
        editor.phone.setText("13800138000")
    first = page.editors[0]
    first.phone.setText("1380013")  # a digit short: the error is at the top of the list
    page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert not _on_screen(first.phone)
    wiz.next()
    assert wiz.currentPage() is page
    summary = page.message.text()
    assert summary.splitlines()[0] == ngettext("{n} entry needs correcting before you go on:",
                                               "{n} entries need correcting before you go on:", 1).format(n=1)
    assert _("Party {n}, {problem}").format(n=1, problem="").strip() in summary
    assert first.messages["phone"].text() in summary
    assert first.phone.hasFocus()
    assert _on_screen(first.phone)


def test_next_on_the_dispute_page_lists_every_problem_and_focuses_the_first(qtbot, services, admin, runner, events,
                                                                            drafts):
    wiz = _wizard(qtbot, services, admin, runner, events, drafts)
    first, second = wiz.parties_page.editors
    first.name.setText("马福海")
    second.name.setText("韩建国")
    for editor in (first, second):
        editor.id_type.setCurrentIndex(editor.id_type.findData(IdType.NONE.value))
    wiz.next()
    page = wiz.dispute_page
    assert wiz.currentPage() is page
    page.amount.setText("三千块")
    wiz.next()
    assert wiz.currentPage() is page
    lines = page.summary.text().splitlines()
    assert lines[0] == ngettext("{n} entry needs correcting before you go on:",
                                "{n} entries need correcting before you go on:", 2).format(n=2)
    assert page.messages["dispute_type"].text() in lines[1] and page.messages["amount"].text() in lines[2]
    assert page.dispute_type.hasFocus()
    page.dispute_type.setCurrentIndex(page.dispute_type.findData("contract"))
    page.amount.setText("3000")
    wiz.next()
    assert wiz.currentPage() is wiz.facts_page
    assert page.summary.isHidden()


def test_first_run_states_the_password_rules_before_any_attempt(qtbot, services, runner, events):
    dialog = FirstRunDialog(services, runner, events, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.password_rules.isVisible()
    assert str(MIN_PASSWORD) in dialog.password_rules.text()
    assert dialog.password_message.isHidden()
    qtbot.keyClicks(dialog.password, "abc")  # checked as typed, before any attempt
    qtbot.waitUntil(lambda: not dialog.password_message.isHidden(), timeout=5000)
    assert str(MIN_PASSWORD) in dialog.password_message.text()
    dialog.password.setText("mishu-desk-123")
    qtbot.waitUntil(lambda: dialog.password_message.isHidden(), timeout=5000)


def test_sign_in_names_the_committee_and_the_database(qtbot, tmp_path, services, admin, runner):
    dialog = SignInDialog(services, runner, "admin")
    qtbot.addWidget(dialog)
    dialog.show()  # named once the window is on the screen
    qtbot.waitUntil(lambda: "新华街人民调解委员会" in dialog.committee.text(), timeout=5000)
    assert "cases.sqlite" in dialog.database.text()
    assert dialog.database.toolTip() == str(tmp_path / "cases.sqlite")
    assert dialog.committee.isVisible() and dialog.database.isVisible()


def test_todays_empty_lists_say_so(qtbot, services, admin, runner, events):
    view = TodayView(services, admin, runner, events)
    qtbot.addWidget(view)
    view.show()
    sentence = view.empty["meetings"].text()
    assert view.empty["meetings"].isVisible() and sentence
    assert not view.lists["meetings"].isVisible()
    case_id = make_case(services, admin)
    links = tuple(p.link_id for p in services.cases.detail(admin, case_id).parties)
    at = dt.datetime.combine(dt.date.today(), dt.time(12, 0)).astimezone()
    events.changed(services.meetings.schedule(admin, case_id, MeetingInput(
        place="调解室", mode=MeetingMode.ON_SITE, scheduled_at=at, party_links_present=links)))
    assert view.models["meetings"].rowCount() == 1
    assert view.lists["meetings"].isVisible() and not view.empty["meetings"].isVisible()
