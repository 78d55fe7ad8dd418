"""The Administration dialog on real services: mediator roster, user accounts, the committee's
number pattern, the lists, role limits and the change-password dialog."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mediation_app.domain.enums import DisputeType, Role
from mediation_app.i18n import _
from mediation_app.ui.administration import AdministrationDialog, ChangePasswordDialog
from mediation_app.ui.workspace.case_workspace import CaseWorkspace
from tests.ui.conftest import register_case

SHOTS = os.environ.get("ADMIN_SHOTS", "")  # a folder to save screenshots into, when set


def _dialog(qtbot, services, actor, runner, events, page="mediators"):
    dialog = AdministrationDialog(services, actor, runner, events, page=page)
    qtbot.addWidget(dialog)
    return dialog


def _shot(dialog, key, name=None):
    if not SHOTS:
        return
    from mediation_app.ui.theme import apply_theme

    apply_theme(QApplication.instance())
    dialog.resize(1100, 760)
    dialog.show()
    dialog.show_page(key)
    QApplication.processEvents()
    dialog.grab().save(os.path.join(SHOTS, f"admin_{name or key}.png"))


def _rows(model, column=0):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _mediator_actor(services, admin):
    """A user with the mediator role, signed in through the service."""
    mediator_id = services.accounts.add_mediator(admin, "赵调解").created_id
    services.accounts.create_user(admin, "zhao", "tiaojie-2026", "赵调解", Role.MEDIATOR, mediator_id=mediator_id)
    return services.accounts.authenticate("zhao", "tiaojie-2026")


def test_add_mediator_appears_in_roster_and_assignment_choices(qtbot, qtmodeltester, services, admin, runner,
                                                               events, drafts):
    dialog = _dialog(qtbot, services, admin, runner, events)
    page = dialog.pages["mediators"]
    qtmodeltester.check(page.model)
    assert not page.banner.isVisibleTo(page)
    page.start_new()
    page.name.setText("马桂兰")  # QTest cannot type CJK
    page.sex.setCurrentIndex(page.sex.findData("female"))
    page.ethnicity.setCurrentText("回族")
    page.languages.setText("汉语、撒拉语")
    page.full_time.setChecked(True)
    page.specialties.setText("婚姻家庭")
    qtbot.keyClicks(page.phone, "13897001111")
    page.save_button.click()
    assert "马桂兰" in _rows(page.model)
    row = _rows(page.model).index("马桂兰")
    assert [page.model.index(row, c).data() for c in range(1, 7)] == [
        "女", "回族", "汉语、撒拉语", _("Full-time"), "婚姻家庭", "13897001111"]
    assert page.form_box.title().endswith("马桂兰")  # the new mediator stays in the form for editing
    qtmodeltester.check(page.model)

    # Edit, then deactivate: the roster keeps the mediator, marked as deactivated.
    page.specialties.setText("婚姻家庭、邻里纠纷")
    page.save_button.click()
    assert page.model.index(_rows(page.model).index("马桂兰"), 5).data() == "婚姻家庭、邻里纠纷"

    case_id = register_case(services, admin)
    ws = CaseWorkspace(services, admin, case_id, runner, events, drafts)
    qtbot.addWidget(ws)
    tab = ws.show_tab("assignment")
    choices = [tab.mediator.itemText(i) for i in range(tab.mediator.count())]
    assert "马桂兰" in choices

    page.active_button.click()
    assert page.model.index(_rows(page.model).index("马桂兰"), 7).data() == _("Deactivated")
    assert page.active_button.text() == _("&Reactivate")
    assert all(m.name != "马桂兰" for m in services.accounts.mediators(admin))
    # the open workspace hears of the roster change and stops offering the deactivated mediator
    choices = [tab.mediator.itemText(i) for i in range(tab.mediator.count())]
    assert "马桂兰" not in choices
    _shot(dialog, "mediators")


def test_create_user_linked_to_mediator_then_sign_in(qtbot, qtmodeltester, services, admin, runner, events):
    mediator_id = services.accounts.add_mediator(admin, "韩晓东").created_id
    dialog = _dialog(qtbot, services, admin, runner, events, page="users")
    page = dialog.pages["users"]
    qtmodeltester.check(page.model)
    assert "admin" in _rows(page.model)
    qtbot.keyClicks(page.username, "hanxd")
    assert page.mediator.set_key(mediator_id)
    assert page.display_name.text() == "韩晓东"  # filled in from the linked mediator
    page.user_role.set_roles([Role.MEDIATOR])
    qtbot.keyClicks(page.password, "tiaojie-2026")
    qtbot.keyClicks(page.password2, "tiaojie-2026")
    page.create_button.click()
    assert "hanxd" in _rows(page.model)
    row = _rows(page.model).index("hanxd")
    assert page.model.index(row, 2).data() == "人民调解员"
    assert page.model.index(row, 3).data() == "韩晓东"
    assert page.username.text() == ""  # the form is ready for the next account
    qtmodeltester.check(page.model)
    actor = services.accounts.authenticate("hanxd", "tiaojie-2026")
    assert actor.role is Role.MEDIATOR and actor.mediator_id == mediator_id

    # Reset the new user's password; the old one stops working.
    page.table.selectRow(row)
    assert page.reset_button.isEnabled()
    page.reset_button.click()
    reset = page.password_dialog
    assert not reset.old.isVisibleTo(reset)
    qtbot.keyClicks(reset.new, "xinmima-77")
    qtbot.keyClicks(reset.again, "xinmima-77")
    reset.buttons.accepted.emit()
    assert services.accounts.authenticate("hanxd", "xinmima-77").username == "hanxd"

    # The administrator cannot deactivate themselves; another account can be.
    page.table.selectRow(_rows(page.model).index("admin"))
    assert not page.active_button.isEnabled()
    assert page.row_reason.text() == _("You cannot deactivate your own account.")
    assert page.row_reason.isVisibleTo(page)
    page.table.selectRow(_rows(page.model).index("hanxd"))
    page.active_button.click()
    assert page.model.index(_rows(page.model).index("hanxd"), 4).data() == _("Deactivated")
    _shot(dialog, "users")


def test_weak_password_shows_service_message_and_keeps_user_name(qtbot, services, admin, runner, events):
    dialog = _dialog(qtbot, services, admin, runner, events, page="users")
    page = dialog.pages["users"]
    qtbot.keyClicks(page.username, "liwen")
    page.display_name.setText("李文")
    qtbot.keyClicks(page.password, "abc")
    qtbot.keyClicks(page.password2, "abc")
    page.create_button.click()
    assert page.message.isVisibleTo(page)
    assert "10" in page.message.text()  # the service's words: at least 10 characters
    assert page.username.text() == "liwen" and page.display_name.text() == "李文"
    assert page.password.property("invalid") is True
    assert "liwen" not in _rows(page.model)

    # Two different passwords are caught before the service is asked.
    page.password.setText("good-pass-1")
    page.password2.setText("good-pass-2")
    page.create_button.click()
    assert "不一致" in page.message.text() or "不相同" in page.message.text() or "same" in page.message.text()
    assert page.password2.property("invalid") is True


def test_mediator_role_sees_users_page_disabled_with_reason(qtbot, services, admin, runner, events):
    actor = _mediator_actor(services, admin)
    dialog = _dialog(qtbot, services, actor, runner, events, page="users")
    users = dialog.pages["users"]
    assert not users.content.isEnabled()
    assert users.banner.isVisibleTo(users)
    assert "人民调解员" in users.banner.text()
    assert users.model.rowCount() == 0  # nothing is read
    assert dialog.tabs.tabToolTip(1) == users.banner.text()
    # The roster can be read but not changed, and the committee's details are read-only.
    mediators = dialog.pages["mediators"]
    assert mediators.content.isEnabled() and not mediators.save_button.isEnabled()
    assert mediators.banner.isVisibleTo(mediators) and Role.MEDIATOR.label() in mediators.banner.text()
    assert "赵调解" in _rows(mediators.model)
    committee = dialog.pages["committee"]
    assert not committee.save_button.isEnabled() and not committee.pattern.isEnabled()
    assert not dialog.pages["lists"].st_add.isEnabled()
    _shot(dialog, "users", "users_as_mediator")


def test_change_my_password(qtbot, services, admin, runner, events):
    actor = _mediator_actor(services, admin)
    dialog = ChangePasswordDialog(services, actor, runner, events)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.old, "wrong-one-1")
    qtbot.keyClicks(dialog.new, "xinde-mima-9")
    qtbot.keyClicks(dialog.again, "xinde-mima-9")
    dialog.buttons.accepted.emit()
    assert dialog.message.isVisibleTo(dialog) and dialog.old.property("invalid") is True
    assert dialog.new.text() == "xinde-mima-9"  # what was typed is kept
    dialog.old.setText("tiaojie-2026")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.buttons.accepted.emit()
    assert services.accounts.authenticate("zhao", "xinde-mima-9").username == "zhao"


def test_number_pattern_preview_and_save(qtbot, services, admin, runner, events):
    for _n in range(15):
        register_case(services, admin)
    dialog = _dialog(qtbot, services, admin, runner, events, page="committee")
    page = dialog.pages["committee"]
    assert page.name.text() == "新华街人民调解委员会"
    qtbot.waitUntil(lambda: page.preview.text().endswith("第016号"))
    assert page.preview.text().startswith("新华人调字〔")
    page.short_name.setText("客商")
    page.pattern.setText("{short}{word}〔{year}〕{serial:04d}号")
    qtbot.waitUntil(lambda: page.preview.text().endswith("〕0016号"))
    assert page.preview.text().startswith("客商人调字")
    # A broken pattern is explained in words, next to the field.
    page.pattern.setText("{short}{word}〔{year}〕号")
    qtbot.waitUntil(lambda: page.pattern_message.isVisibleTo(page))
    assert "{serial}" in page.pattern_message.text()
    assert page.preview.text() == "—"
    page.default_pattern.click()
    qtbot.waitUntil(lambda: page.preview.text().endswith("第016号"))
    page.deadline_rule.setCurrentIndex(page.deadline_rule.findData("thirty_days"))
    page.address.setText("城东区八一路1号")
    page.save_button.click()
    committee = services.setup.committee(admin)
    assert committee.short_name == "客商" and committee.deadline_rule == "thirty_days"
    assert committee.address == "城东区八一路1号"
    assert page.message.property("role") == "ok"
    # A short name left empty is refused by the service and marked; the rest stays as typed.
    page.short_name.clear()
    page.save_button.click()
    assert page.short_name.property("invalid") is True and page.address.text() == "城东区八一路1号"
    _shot(dialog, "committee")


def test_add_subtype_and_route(qtbot, qtmodeltester, services, admin, runner, events):
    dialog = _dialog(qtbot, services, admin, runner, events, page="lists")
    page = dialog.pages["lists"]
    qtmodeltester.check(page.subtypes)
    qtmodeltester.check(page.lookups)
    before = page.subtypes.rowCount()
    page.st_label.setText("摊位押金")
    assert page.st_code.text() == "tanweiyajin"  # suggested from the name
    page.st_core.setCurrentIndex(page.st_core.findData("contract"))
    page.st_add.click()
    assert page.subtypes.rowCount() == before + 1
    row = _rows(page.subtypes, 2).index("tanweiyajin")
    assert page.subtypes.index(row, 0).data() == "摊位押金"
    assert page.subtypes.index(row, 1).data() == DisputeType.CONTRACT.label()
    assert any(t.code == "tanweiyajin" for t in services.reference.subtypes())
    qtmodeltester.check(page.subtypes)

    # The same code again: the service's message, the name kept.
    page.st_label.setText("摊位押金")
    page.st_add.click()
    assert page.st_message.isVisibleTo(page) and "tanweiyajin" in page.st_message.text()
    assert page.st_label.text() == "摊位押金"

    page.list_kind.setCurrentIndex(page.list_kind.findData("route"))
    routes = page.lookups.rowCount()
    page.lk_label.setText("向行业协会投诉")
    page.lk_code.setText("")
    qtbot.keyClicks(page.lk_code, "trade_association")
    page.lk_label.setText("向行业协会反映")  # a code typed by hand is not overwritten
    assert page.lk_code.text() == "trade_association"
    page.lk_add.click()
    assert page.lookups.rowCount() == routes + 1
    assert "向行业协会反映" in _rows(page.lookups)
    assert any(i.code == "trade_association" for i in services.reference.lookups("route"))
    qtmodeltester.check(page.lookups)

    assert not page.lk_off.isEnabled()  # nothing chosen yet
    page.lookup_table.selectRow(_rows(page.lookups, 1).index("trade_association"))
    page.lk_off.click()
    assert "trade_association" not in _rows(page.lookups, 1)
    assert all(i.code != "trade_association" for i in services.reference.lookups("route"))

    # A sub-type taken out of use is no longer offered (cases that carry it keep it).
    page.subtype_table.selectRow(_rows(page.subtypes, 2).index("tanweiyajin"))
    page.st_off.click()
    assert "tanweiyajin" not in _rows(page.subtypes, 2)
    assert all(t.code != "tanweiyajin" for t in services.reference.subtypes())
    _shot(dialog, "lists")


def test_administration_menu_opens_the_right_page(qtbot, services, admin, runner, events, settings, drafts):
    from mediation_app.ui.main_window import MainWindow

    window = MainWindow(services, admin, runner, events, settings, drafts)
    qtbot.addWidget(window)
    assert window.admin_menu.title() == _("&Administration")
    window.actions_by_key["admin_committee"].trigger()
    dialog = window.findChild(AdministrationDialog)
    assert dialog is not None and dialog.tabs.currentWidget() is dialog.pages["committee"]
    dialog.close()
    window.actions_by_key["change_password"].trigger()
    assert window.findChild(ChangePasswordDialog) is not None


def test_language_switch_retranslates_pages(qtbot, services, admin, runner, events):
    from PySide6.QtCore import QCoreApplication, QEvent

    from mediation_app.i18n import set_language

    dialog = _dialog(qtbot, services, admin, runner, events)
    page = dialog.pages["mediators"]
    page.name.setText("马桂兰")
    set_language("en")
    QCoreApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    assert dialog.tabs.tabText(0) == "Mediators" and dialog.windowTitle() == "Administration"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert dialog.pages["committee"].save_button.text() == "&Save committee details"
    assert page.name.text() == "马桂兰"  # typed text survives
