"""Access in the client: the idle lock keeps open work, a reset password is changed at sign-in,
drafts are kept in the database (never a plain file), roles are chosen as several check boxes."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLineEdit, QWidget

from mediation_app.domain.enums import Role
from mediation_app.i18n import _
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.idle_lock import IdleLock, Shade
from mediation_app.ui.sign_in import SignInDialog

ADMIN_PASSWORD = "mishu-desk-123"
ID_NUMBER = "11010519491231002X"


def test_idle_lock_covers_every_window_and_keeps_the_work(qtbot, qapp, services, admin, settings):
    main = QWidget()
    editor = QLineEdit(main)
    qtbot.addWidget(main)
    main.show()
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    editor.setText("张伟 欠货款")
    assert settings.idle_lock_minutes == 15
    lock = IdleLock(qapp, services, admin, main, minutes=settings.idle_lock_minutes)
    try:
        assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000
        lock.timer.timeout.emit()  # fifteen quiet minutes
        assert lock.locked and main.isVisible() and other.isVisible()
        shades = {s.parentWidget(): s for s in lock.shades}
        assert set(shades) >= {main, other} and all(isinstance(s, Shade) and s.isVisible() for s in shades.values())
        assert shades[main].geometry() == main.rect()
        qtbot.keyClicks(editor, "X")  # input reaches nothing but the shade
        assert editor.text() == "张伟 欠货款"
        shade = shades[main]
        qtbot.keyClicks(shade.password, "wrong-password")
        shade.unlock_button.click()
        assert lock.locked and _("Wrong password.") in shade.message.text()
        qtbot.keyClicks(shade.password, ADMIN_PASSWORD)
        shade.unlock_button.click()
        assert not lock.locked and lock.timer.isActive()
        assert editor.text() == "张伟 欠货款"  # the unsaved work is all there
        editor.setFocus()
        editor.end(False)
        qtbot.keyClicks(editor, "!")
        assert editor.text() == "张伟 欠货款!"
    finally:
        lock.stop()


def test_a_reset_password_is_changed_in_the_sign_in_dialog(qtbot, services, admin, runner):
    services.accounts.create_user(admin, "hanxd", "Tiaojie-desk-7", "韩晓东", Role.MEDIATOR)
    user = next(u for u in services.accounts.list_users(admin) if u.username == "hanxd")
    services.accounts.reset_password(admin, user.id, "Temporary-desk-1")
    dialog = SignInDialog(services, runner, last_user="hanxd")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, "Temporary-desk-1")
    dialog.buttons.accepted.emit()
    assert dialog.actor is None and dialog.new_password.isVisibleTo(dialog)
    assert dialog.change_intro.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.new_password, "password12345")
    qtbot.keyClicks(dialog.new_again, "password12345")
    dialog.buttons.accepted.emit()
    assert dialog.actor is None and _("This password is among the most common passwords and is easily guessed; choose another.") in dialog.message.text()
    qtbot.keyClicks(dialog.new_password, "Desk-own-2026!")
    qtbot.keyClicks(dialog.new_again, "Desk-own-2026!")
    dialog.buttons.accepted.emit()
    assert dialog.actor is not None and not dialog.actor.must_change_password
    assert services.accounts.authenticate("hanxd", "Desk-own-2026!").username == "hanxd"


def test_drafts_are_kept_in_the_database_per_user(tmp_path, services, admin):
    folder = services.data_dir / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "intake.json").write_text(json.dumps({"id_number": ID_NUMBER}), encoding="utf-8")  # an older version's
    store = DraftStore.for_user(services, admin)
    assert store.in_database and not (folder / "intake.json").exists()
    assert store.load("intake") == {"id_number": ID_NUMBER}
    store.save("agreement-1", {"parties": [{"id_number": ID_NUMBER, "phone": "13800138000"}]})
    assert store.keys() == ["agreement-1", "intake"]
    assert not list(folder.glob("*")), "no draft file is left in the data directory"
    for path in services.data_dir.rglob("*"):
        if path.is_file() and path.suffix != ".db":
            assert ID_NUMBER.encode() not in path.read_bytes(), path
    services.accounts.create_user(admin, "hanxd", "Tiaojie-desk-7", "韩晓东", Role.MEDIATOR)
    other = services.accounts.authenticate("hanxd", "Tiaojie-desk-7")
    assert DraftStore.for_user(services, other).keys() == []  # drafts are each user's own
    store.discard("intake")
    assert store.keys() == ["agreement-1"]


def test_roles_are_several_check_boxes(qtbot, services, admin, runner, events):
    from mediation_app.ui.admin_users import RolesDialog, UsersPage

    services.accounts.create_user(admin, "hanxd", "Tiaojie-desk-7", "韩晓东", Role.MEDIATOR)
    page = UsersPage(services, admin, runner, events)
    qtbot.addWidget(page)
    rows = [page.model.row_at(r).username for r in range(page.model.rowCount())]
    page.table.selectRow(rows.index("admin"))
    assert not page.roles_button.isEnabled()  # no one changes their own roles
    page.table.selectRow(rows.index("hanxd"))
    assert page.roles_button.isEnabled()
    page.roles_button.click()
    dialog: RolesDialog = page.roles_dialog
    qtbot.addWidget(dialog)
    dialog.checks.boxes[Role.AUDITOR].setChecked(True)
    dialog.buttons.accepted.emit()
    assert dialog.message.text() == _("An audit administrator holds no other role (separation of duties).")
    dialog.checks.boxes[Role.AUDITOR].setChecked(False)
    dialog.checks.boxes[Role.HEAD].setChecked(True)
    dialog.buttons.accepted.emit()
    actor = services.accounts.authenticate("hanxd", "Tiaojie-desk-7")
    assert actor.roles == {Role.MEDIATOR, Role.HEAD}
    row = [page.model.row_at(r).username for r in range(page.model.rowCount())].index("hanxd")
    shown = page.model.index(row, 2).data()
    assert Role.MEDIATOR.label() in shown and Role.HEAD.label() in shown


def test_a_system_administrator_alone_sees_no_case_content(qtbot, services, admin, runner, events, settings):
    from mediation_app.ui.main_window import MainWindow
    from tests.ui.conftest import register_case

    register_case(services, admin, applicant="张伟")
    services.accounts.create_user(admin, "sysadmin", "Tiaojie-desk-7", "系统管理员", Role.ADMIN)
    actor = services.accounts.authenticate("sysadmin", "Tiaojie-desk-7")
    window = MainWindow(services, actor, runner, events, settings, DraftStore.for_user(services, actor))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)
    model = window.case_list.model
    assert model.rowCount() == 0  # the register is not shown to an administrator without a case role
    from PySide6.QtWidgets import QLabel

    texts = " ".join(w.text() for w in window.findChildren(QLabel))
    assert "张伟" not in texts
    from mediation_app.domain.permissions import Perm, denial

    assert texts.count(denial({Role.ADMIN}, Perm.READ_CASE)) >= 2  # the Today page and the register say why


def test_the_idle_lock_names_a_lock_that_guesses_brought_on(qtbot, qapp, services, admin):
    services.accounts.create_user(admin, "hanxd", "Tiaojie-desk-7", "韩晓东", Role.MEDIATOR)
    desk = services.accounts.authenticate("hanxd", "Tiaojie-desk-7")
    main = QWidget()
    qtbot.addWidget(main)
    main.show()
    lock = IdleLock(qapp, services, desk, main, minutes=5)
    try:
        lock.timer.timeout.emit()
        shade = next(s for s in lock.shades if s.parentWidget() is main)
        for _n in range(5):
            qtbot.keyClicks(shade.password, "guess-desk-2026")
            shade.unlock_button.click()
        qtbot.keyClicks(shade.password, "Tiaojie-desk-7")
        shade.unlock_button.click()
        locked = _("This account is locked after too many failed attempts; try again in {n} minutes.").format(n=15)
        assert lock.locked and locked in shade.message.text()
    finally:
        lock.stop()
