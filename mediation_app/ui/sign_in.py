"""The sign-in screen; the signed-in user is the actor of every action afterwards."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from mediation_app.i18n import _
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label, set_primary


class SignInDialog(Retranslating, QDialog):
    def __init__(self, services: Any, runner: TaskRunner, last_user: str = "", committee: str = "", parent=None):
        super().__init__(parent)
        self._svc, self._runner = services, runner
        self.actor: Any = None
        self.setMinimumWidth(480)
        self.title = role_label("", "title")
        self.committee = role_label(committee, "muted")
        self.username = QLineEdit(last_user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = FieldMessage()
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.username)
        self.form.addRow(QLabel(), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self._on_submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.committee)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if last_user else self.username).setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sign in"))
        self.title.setText(_("Sign in to Mediation Desk"))
        self.form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setText(_("Sign-in name"))
        self.form.itemAt(1, QFormLayout.ItemRole.LabelRole).widget().setText(_("Password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))

    def _on_submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.show_issues([_("Enter your sign-in name and password.")])
            return
        self.buttons.setEnabled(False)
        self._runner.run(lambda: self._svc.accounts.authenticate(username, password), self._on_done, self._on_error)

    def _on_done(self, actor: Any) -> None:
        self.actor = actor
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.show_issues([error_text(exc)])
