"""The passphrase of an encrypted database: asked at every start (``PassphraseDialog``) and chosen
at set-up (``EncryptionBox``, part of the first-run window).

A wrong passphrase is said in one sentence and the dialog stays open for another try; cancelling
quits without opening the file. There is no recovery key: the set-up says so in words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import _
from mediation_app.ui.language import Retranslating
from mediation_app.ui.widgets.common import ButtonBox, FieldMessage, mark_invalid, role_label, set_primary


def secret_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class PassphraseDialog(Retranslating, QDialog):
    """Asks the passphrase of the encrypted database at ``path_text`` until ``opens(text)`` is true
    or the user quits. ``passphrase`` holds the accepted one."""

    def __init__(self, path_text: str, opens: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opens = opens
        self.passphrase: str | None = None
        self.tries = 0
        self.setMinimumWidth(520)
        self.title = role_label("", "title")
        self.intro = role_label("", "muted")
        self.path = role_label(path_text, "muted")
        self.field = secret_field()
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.field)
        self.message = FieldMessage()
        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self.try_passphrase)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.path)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.field.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Encrypted database"))
        self.title.setText(_("This database is encrypted"))
        self.intro.setText(_("Enter the passphrase chosen when the database was set up. Nothing is opened or "
                             "changed until the passphrase is right."))
        self.form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setText(_("Passphrase"))
        self.buttons.name(QDialogButtonBox.StandardButton.Ok, _("Open the database"))
        self.buttons.name(QDialogButtonBox.StandardButton.Cancel, _("Quit"))

    def try_passphrase(self) -> None:
        text = self.field.text()
        if not text:
            self.message.show_issues([_("Enter the passphrase.")])
            return
        self.tries += 1
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the key derivation takes a moment
        try:
            ok = self._opens(text)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not ok:
            mark_invalid(self.field, True)
            self.message.show_issues([_("That passphrase does not open this database. Check Caps Lock and the "
                                        "keyboard language, then try again.")])
            self.field.selectAll()
            self.field.setFocus()
            return
        self.passphrase = text
        self.accept()


class EncryptionBox(Retranslating, QWidget):
    """The set-up's optional "encrypt the database with a passphrase": the choice, the passphrase
    twice, and the warning that a lost passphrase means lost data."""

    def __init__(self, problem: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problem = problem
        self.choice = QCheckBox()
        self.passphrase = secret_field()
        self.again = secret_field()
        self.warning = role_label("", "warning")
        self.labels = (QLabel(), QLabel())
        for label, field in zip(self.labels, (self.passphrase, self.again), strict=True):
            label.setBuddy(field)
        fields = QGridLayout()
        fields.setContentsMargins(24, 0, 0, 0)
        fields.addWidget(self.labels[0], 0, 0)
        fields.addWidget(self.passphrase, 0, 1)
        fields.addWidget(self.labels[1], 0, 2)
        fields.addWidget(self.again, 0, 3)
        fields.addWidget(self.warning, 1, 0, 1, 4)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addLayout(fields)
        self.choice.toggled.connect(self._show_fields)
        self._show_fields(False)
        self.retranslate()

    def _show_fields(self, on: bool) -> None:
        for widget in (*self.labels, self.passphrase, self.again, self.warning):
            widget.setVisible(on)

    @property
    def chosen(self) -> bool:
        return self.choice.isChecked()

    def problems(self) -> list[tuple[QLineEdit, str]]:
        """What is wrong with the passphrase fields (nothing when encryption is not chosen)."""
        out: list[tuple[QLineEdit, str]] = []
        if self.chosen:
            problem = self._problem(self.passphrase.text())
            if problem:
                out.append((self.passphrase, problem))
            elif self.passphrase.text() != self.again.text():
                out.append((self.again, _("The two passphrases are not the same.")))
        for w in (self.passphrase, self.again):
            mark_invalid(w, any(p[0] is w for p in out))
        return out

    def retranslate(self) -> None:
        self.choice.setText(_("Encrypt the database with a passphrase"))
        self.labels[0].setText(_("Passphrase"))
        self.labels[1].setText(_("Passphrase again"))
        self.passphrase.setPlaceholderText(_("a few words you will not forget"))
        self.warning.setText(_("Without the passphrase nobody can open the database or its backups — not you, "
                               "not an administrator, not the makers of this program. If it is lost, the data "
                               "is lost. Write it down and keep it locked away."))
