"""First start on an empty database: committee, first administrator, language, optional demo data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
)

from mediation_app.domain.enums import CommitteeKind
from mediation_app.i18n import LANGUAGES, _
from mediation_app.services.encryption import passphrase_problem
from mediation_app.services.errors import ServiceError
from mediation_app.services.password_policy import password_problem, password_rules
from mediation_app.ui.events import AppEvents
from mediation_app.ui.language import Retranslating
from mediation_app.ui.passphrase import EncryptionBox
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import ButtonBox, FieldMessage, error_text, mark_invalid, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import fit_to_screen

DEMO_CASES = 300
CHECK_DELAY_MS = 600  # the password is checked once typing pauses
LANGUAGE_NAMES = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}


class FirstRunDialog(Retranslating, QDialog):
    """Sets up the committee and its first administrator, then offers demo data.

    Signals:
        language_chosen(str): the user picked another language in the form (applied at once).
    """

    language_chosen = Signal(str)

    def __init__(self, services: Any, runner: TaskRunner, events: AppEvents, language: str, parent=None, *,
                 encrypt: Callable[[str], Any] | None = None) -> None:
        """``encrypt(passphrase)`` turns the new, empty database into an encrypted one and returns the
        services over it; without it (a server database, an existing file) encryption is not offered."""
        super().__init__(parent)
        self._svc, self._runner, self._events = services, runner, events
        self._encrypt = encrypt
        self.actor: Any = None
        fit_to_screen(self, 960, self.sizeHint().height())
        self.title = role_label("", "title")
        self.intro = role_label("", "muted")
        self.committee_name = QLineEdit()
        self.short_name = QLineEdit()
        self.short_name.setMaxLength(12)
        self.kind = QComboBox()
        for kind in CommitteeKind:
            self.kind.addItem("", kind.value)
        self.admin_name = QLineEdit()
        self.username = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(language) if language in LANGUAGES else 0)
        self.language.currentIndexChanged.connect(lambda _i: self.language_chosen.emit(self.language.currentData()))
        self.demo = QCheckBox()
        self.encryption = EncryptionBox(passphrase_problem)
        self.encryption.setVisible(encrypt is not None)
        self.message = FieldMessage()

        # Two columns (the committee; its first administrator) so that the set-up, with encryption
        # chosen, fits a 1280×800 or 1366×768 screen.
        self.form = QFormLayout()
        self.account_form = QFormLayout()
        for form, widgets in ((self.form, (self.language, self.committee_name, self.short_name, self.kind)),
                              (self.account_form, (self.admin_name, self.username, self.password, self.password2))):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for widget in widgets:
                form.addRow(QLabel(), widget)
        # the rules before the first attempt, and the password checked against them as it is typed
        self.password_rules = role_label("", "muted")
        self.password_message = FieldMessage()
        self.account_form.addRow(self.password_rules)
        self.account_form.addRow(self.password_message)
        self._password_timer = QTimer(self)
        self._password_timer.setSingleShot(True)
        self._password_timer.setInterval(CHECK_DELAY_MS)
        self._password_timer.timeout.connect(self.check_password)
        for edit in (self.password, self.username):
            edit.textChanged.connect(lambda _t: self._password_timer.start())
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        columns.addSpacing(24)
        columns.addLayout(self.account_form, 1)

        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self._on_submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(columns)
        layout.addWidget(self.demo)
        layout.addWidget(self.encryption)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up Mediation Desk"))
        self.title.setText(_("Welcome to Mediation Desk"))
        self.intro.setText(_("Enter your committee and the first administrator. You can change these later."))
        labels = (_("Language"), _("Committee name"), _("Short name for case numbers"), _("Committee type"),
                  _("Administrator's full name"), _("Sign-in name"), _("Password"), _("Password again"))
        for row, text in enumerate(labels):
            form = self.form if row < 4 else self.account_form
            form.itemAt(row % 4, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        self.committee_name.setPlaceholderText(_("e.g. Xinhua Street People's Mediation Committee"))
        self.short_name.setPlaceholderText(_("e.g. 新华街"))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, CommitteeKind(self.kind.itemData(i)).label())
        self.demo.setText(_("Load demonstration cases to try the program (can be removed later)"))
        self.password_rules.setText(_("Password: {rules}").format(rules=password_rules()))
        if not self.password_message.isHidden():
            self.check_password()
        self.buttons.name(QDialogButtonBox.StandardButton.Ok, _("Set up"))

    def check_password(self) -> bool:
        """Say at once what is wrong with the password typed so far (nothing while it is empty)."""
        self._password_timer.stop()
        typed = self.password.text()
        problem = password_problem(typed, self.username.text()) if typed else None
        self.password_message.show_issues([problem] if problem else [])
        mark_invalid(self.password, bool(problem))
        return problem is None

    def _problems(self) -> list[tuple[QLineEdit, str]]:
        out = []
        if not self.committee_name.text().strip():
            out.append((self.committee_name, _("Enter the committee's name.")))
        if not self.short_name.text().strip():
            out.append((self.short_name, _("Enter a short name; it appears in every case number.")))
        if not self.admin_name.text().strip():
            out.append((self.admin_name, _("Enter the administrator's full name.")))
        if not self.username.text().strip():
            out.append((self.username, _("Enter a sign-in name.")))
        if self.password.text() != self.password2.text():
            out.append((self.password2, _("The two passwords are not the same.")))
        if self._encrypt is not None:
            out += self.encryption.problems()
        return out

    def _on_submit(self) -> None:
        problems = self._problems()
        for w in (self.committee_name, self.short_name, self.admin_name, self.username, self.password, self.password2):
            mark_invalid(w, any(p[0] is w for p in problems))
        if problems:
            self.message.show_issues([p[1] for p in problems])
            problems[0][0].setFocus()
            return
        self.message.show_issues()
        if self._encrypt is not None and self.encryption.chosen and not self._encrypt_database():
            return
        self.buttons.setEnabled(False)
        values = dict(
            committee_name=self.committee_name.text().strip(),
            short_name=self.short_name.text().strip(),
            kind=CommitteeKind(self.kind.currentData()),
            admin_display_name=self.admin_name.text().strip(),
            admin_username=self.username.text().strip(),
            admin_password=self.password.text(),
        )
        self._runner.run(lambda: self._svc.setup.initialise(**values), self._on_done, self._on_error, write=True)

    def _encrypt_database(self) -> bool:
        """Make the new database an encrypted one (once); False, with the reason shown, when that failed."""
        assert self._encrypt is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the key derivation takes a moment
        try:
            self._svc = self._encrypt(self.encryption.passphrase.text())
        except ServiceError as exc:
            self.message.show_issues([error_text(exc)])
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._encrypt = None  # done: a second submit (after a refused password) keeps this file
        self.encryption.setEnabled(False)
        return True

    def _on_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        fields = getattr(exc, "field_errors", {}) or {}
        widgets = {"committee_name": self.committee_name, "short_name": self.short_name,
                   "admin_username": self.username, "admin_password": self.password}
        for key, widget in widgets.items():
            mark_invalid(widget, key in fields)
        for key in fields:
            if key in widgets:
                widgets[key].setFocus()
                break
        self.message.show_issues([error_text(exc)])

    def _on_done(self, actor: Any) -> None:
        self.actor = actor
        demo = getattr(self._svc, "demo", None)
        if self.demo.isChecked() and demo is not None:
            progress = QProgressDialog(_("Creating demonstration cases…"), "", 0, 0, self)
            progress.setCancelButton(None)
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(300)
            admin = self.actor

            def finish(result: Any) -> None:
                progress.close()
                self._events.changed(result if hasattr(result, "kinds") else None)
                self.accept()

            def failed(exc: BaseException) -> None:
                progress.close()
                self.message.show_issues(warnings=[error_text(exc)])
                self.accept()

            self._runner.run(lambda: _generate_demo(demo, admin), finish, failed, write=True)
        else:
            self.accept()

    @property
    def username_entered(self) -> str:
        return self.username.text().strip()


def _generate_demo(demo: Any, admin: Any) -> Any:
    return demo.generate(admin, cases=DEMO_CASES)
