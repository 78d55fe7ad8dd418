"""The sign-in screen; the signed-in user is the actor of every action afterwards.

After an administrator has reset the password, the dialog asks for a new one (twice) before it
lets the user in; the services refuse everything else to such an account until then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from mediation_app.i18n import _, ngettext
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import ButtonBox, FieldMessage, error_text, role_label, set_primary


class SignInDialog(Retranslating, QDialog):
    def __init__(self, services: Any, runner: TaskRunner, last_user: str = "", committee: str = "", parent=None,
                 prepare: Callable[[], Any] | None = None, submitted: Callable[[], Any] | None = None,
                 cannot_open: Callable[[], bool] | None = None):
        super().__init__(parent)
        # True once the database, opened after this window was painted, could not be opened: the
        # window then closes and the start says why (a damaged file: the restore offer, app.run_gui)
        self._cannot_open = cannot_open
        self._prepare = prepare  # started once the window is painted: readies what follows the sign-in
        self._submitted = submitted  # called as each password check starts (reads that need no sign-in)
        self._svc, self._runner = services, runner
        self.actor: Any = None
        self.setMinimumWidth(480)
        self.title = role_label("", "title")
        self.committee = role_label(committee, "muted")  # which committee and which database this opens
        self.committee.setObjectName("sign_in_committee")
        self.database = role_label("", "muted")
        self.database.setObjectName("sign_in_database")
        self._given_committee = committee
        self._workplace: Any = None
        self.username = QLineEdit(last_user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_again = QLineEdit()
        self.new_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.change_intro = role_label("", "reason")
        self.change_intro.hide()
        self._pending: Any = None  # the actor that must change the password first
        self._current = ""
        self.message = FieldMessage()
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.username)
        self.form.addRow(QLabel(), self.password)
        self.form.addRow(QLabel(), self.new_password)
        self.form.addRow(QLabel(), self.new_again)
        for row in (2, 3):
            self.form.setRowVisible(row, False)
        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self._on_submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.committee)
        layout.addWidget(self.database)
        layout.addLayout(self.form)
        layout.addWidget(self.change_intro)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if last_user else self.username).setFocus()
        self.retranslate()
        self._workplace_asked = False  # read once the window is on the screen (see paintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._workplace_asked:
            # The window is painted before the data layer is loaded; loading it (and naming the
            # committee) goes on while the user types.
            self._workplace_asked = True
            QTimer.singleShot(0, lambda: self._runner.run(lambda: self._svc.setup.workplace(), self._show_workplace,
                                                          lambda _exc: self._closed_if_unopened()))
            if self._prepare is not None:
                QTimer.singleShot(0, self._prepare)

    def _show_workplace(self, workplace: Any) -> None:
        self._workplace = workplace
        self._word_workplace()

    def _word_workplace(self) -> None:
        w = self._workplace
        if w is None:
            return
        names = list(w.committees)
        if self._given_committee:
            shown = self._given_committee
        elif len(names) > 3:
            shown = ngettext("{first} and {n} other committee", "{first} and {n} other committees",
                             len(names) - 1).format(first=names[0], n=len(names) - 1)
        else:
            shown = "、".join(names)
        if shown:
            self.committee.setText(ngettext("Committee: {names}", "Committees: {names}",
                                            max(1, len(names))).format(names=shown))
        where = w.database if len(w.database) <= 64 else "…" + w.database[-60:]  # the full path in the tip
        self.database.setText((_("Database on the server: {where}") if w.server else _("Database file: {where}"))
                              .format(where=where))
        self.database.setToolTip(w.database)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sign in"))
        self.title.setText(_("Sign in to Mediation Desk"))
        self.form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setText(_("Sign-in name"))
        self.form.itemAt(1, QFormLayout.ItemRole.LabelRole).widget().setText(_("Password"))
        self.form.itemAt(2, QFormLayout.ItemRole.LabelRole).widget().setText(_("New password"))
        self.form.itemAt(3, QFormLayout.ItemRole.LabelRole).widget().setText(_("New password again"))
        self.change_intro.setText(_("An administrator has reset your password. Choose a new one only you know "
                                    "(at least 10 characters, not containing your sign-in name)."))
        self.buttons.name(QDialogButtonBox.StandardButton.Ok, _("Sign in"))
        self._word_workplace()

    def _on_submit(self) -> None:
        if self._pending is not None:
            self._submit_new_password()
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.show_issues([_("Enter your sign-in name and password.")])
            return
        self.buttons.setEnabled(False)
        if self._submitted is not None:
            self._submitted()
        self._runner.run(lambda: self._svc.accounts.authenticate(username, password), self._on_done, self._on_error)

    def _on_done(self, actor: Any) -> None:
        if getattr(actor, "must_change_password", False):
            self._ask_new_password(actor)
            return
        self.actor = actor
        self.accept()

    def _ask_new_password(self, actor: Any) -> None:
        self._pending, self._current = actor, self.password.text()
        self.buttons.setEnabled(True)
        self.username.setEnabled(False)
        self.password.setEnabled(False)
        for row in (2, 3):
            self.form.setRowVisible(row, True)
        self.change_intro.show()
        self.message.show_issues()
        self.new_password.setFocus()

    def _submit_new_password(self) -> None:
        new, again = self.new_password.text(), self.new_again.text()
        if new != again:
            self.message.show_issues([_("The two passwords are not the same.")])
            return
        svc, actor, current, username = self._svc.accounts, self._pending, self._current, self.username.text().strip()

        def change() -> Any:
            svc.change_password(actor, current, new)
            return svc.authenticate(username, new)

        self.buttons.setEnabled(False)
        self._runner.run(change, self._on_changed, self._on_change_error)

    def _on_changed(self, actor: Any) -> None:
        self._pending, self._current = None, ""
        self.actor = actor
        self.accept()

    def _on_change_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.new_password.clear()
        self.new_again.clear()
        self.new_password.setFocus()
        self.message.show_issues([error_text(exc)])

    def _closed_if_unopened(self) -> bool:
        if self._cannot_open is None or not self._cannot_open():
            return False
        self.reject()
        return True

    def _on_error(self, exc: BaseException) -> None:
        if self._closed_if_unopened():
            return
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.show_issues([error_text(exc)])


def choose_committee(services: Any, actor: Any, settings: Any, parent: Any = None) -> Any:
    """An account in several committees works in one at a time: offer them, the one last used on
    this computer first, and return the actor working in the chosen one (the home committee when
    the choice is cancelled)."""
    from PySide6.QtWidgets import QInputDialog

    members = list(getattr(actor, "memberships", ()))
    if len(members) < 2:
        return actor
    last = settings.last_committee(actor.username)
    labels = [f"{m.name}（{m.short_name}）" if m.short_name else m.name for m in members]
    start = next((i for i, m in enumerate(members) if str(m.committee_id) == last),
                 next((i for i, m in enumerate(members) if m.committee_id == actor.committee_id), 0))
    text, ok = QInputDialog.getItem(parent, _("Choose a committee"),
                                    _("You belong to several committees. Work in:"), labels, start, False)
    chosen = members[labels.index(text)] if ok and text in labels else members[start]
    if chosen.committee_id != actor.committee_id:
        actor = services.accounts.switch_committee(actor, chosen.committee_id)
    settings.set_last_committee(actor.username, str(actor.committee_id))
    return actor
