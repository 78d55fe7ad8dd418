"""Main-window tools for printed agreements: the day's agreements to sign in one print run, and
checking a printed agreement (its code or QR text) against the record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.fingerprint import parse_presented
from mediation_app.fileio import atomic_write_bytes
from mediation_app.i18n import _, ngettext
from mediation_app.services.context import ChangeKind, Changes
from mediation_app.ui.calendar import today_q
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.check_list import CheckListModel
from mediation_app.ui.printing import DocumentOutput, run_with_progress, suggested_file_name
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.documents_tab import document_error_text


class DayAgreementsDialog(Retranslating, QDialog):
    """Find the agreements to be signed on a day, confirm the list, render them as one PDF with
    progress, then preview, print or save it."""

    def __init__(self, services: Any, actor: Any, runner: Any, events: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc, self.actor, self.runner, self.events = services, actor, runner, events
        self.output = DocumentOutput(self, runner)
        fit_to_screen(self, 560, 520)
        self.day = QDateEdit(today_q())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(self.find)
        self.day_label = QLabel()
        self.summary = role_label("", "heading")
        self.cases = CheckListModel(self)
        self.case_view = QListView()
        self.case_view.setModel(self.cases)
        self.message = FieldMessage()
        self.preview_button = set_primary(QPushButton())
        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.preview_button.clicked.connect(lambda: self._batch(self._preview))
        self.print_button.clicked.connect(lambda: self._batch(self.output.print))
        self.save_button.clicked.connect(self.save_pdf)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for b in (self.preview_button, self.print_button, self.save_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        row = QHBoxLayout()
        row.addWidget(self.day_label)
        row.addWidget(self.day)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.case_view, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.retranslate()
        self.find()

    def find(self, *_a: object) -> None:
        day = self.day.date().toPython()
        self.message.show_issues()
        self.runner.run(lambda: self.svc.documents.day_agreements(self.actor, day), self._found,
                        lambda exc: self.message.show_issues([error_text(exc)]))

    def _found(self, numbers: list[str]) -> None:
        self.cases.set_items([(n, n) for n in numbers], set(numbers))
        self._sync()

    def _sync(self) -> None:
        n = self.cases.rowCount()
        self.summary.setText(ngettext("{n} agreement to sign on this day", "{n} agreements to sign on this day", n)
                             .format(n=n) if n else _("No written agreement is waiting to be signed on this day."))
        for b in (self.preview_button, self.print_button, self.save_button):
            b.setEnabled(bool(n))

    def numbers(self) -> list[str]:
        return list(self.cases.checked_keys())

    def _render(self, progress: Any) -> Any:
        return self.svc.documents.render_batch(self.actor, self.numbers(), progress=progress.report)

    def _recorded(self) -> None:
        self.events.changed(Changes.of(ChangeKind.DOCUMENT))

    def _batch(self, then: Any) -> None:
        if not self.numbers():
            self.message.show_issues([_("Tick at least one agreement.")])
            return
        self.message.show_issues()

        def done(doc: Any) -> None:
            self._recorded()
            then(doc)

        run_with_progress(self, self.runner, _("Preparing the agreements…"), self._render, done,
                          lambda exc: self.message.show_issues([document_error_text(exc)]), write=True)

    def _suggested(self) -> str:
        return suggested_file_name(_("Agreements to sign"), self.day.date().toString("yyyy-MM-dd"))

    def _preview(self, doc: Any) -> Any:
        return self.output.preview(doc, save=lambda path: atomic_write_bytes(path, doc.pdf),
                                   suggested=self._suggested())

    def save_pdf(self) -> Path | None:
        if not self.numbers():
            self.message.show_issues([_("Tick at least one agreement.")])
            return None
        numbers = self.numbers()

        def work(path: Path) -> None:
            doc = self.svc.documents.render_batch(self.actor, numbers)
            atomic_write_bytes(path, doc.pdf)

        return self.output.save(self._suggested(), work, on_done=lambda _p: self._recorded(),
                                on_error=lambda exc: self.message.show_issues([document_error_text(exc)]))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Print the day's agreements"))
        self.day_label.setText(_("Agreements to sign on"))
        self.preview_button.setText(_("Pre&view"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("Save as P&DF…"))
        self._sync()


class VerifyAgreementDialog(Retranslating, QDialog):
    """Does a printed agreement match the record? Case number plus its code or QR text."""

    def __init__(self, services: Any, actor: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc, self.actor, self.runner = services, actor, runner
        self.setMinimumWidth(520)
        self.case_number = QLineEdit()
        self.code = QPlainTextEdit()
        self.code.setTabChangesFocus(True)
        self.code.setFixedHeight(self.code.fontMetrics().lineSpacing() * 3 + 16)
        self.result = role_label("", "heading")
        self.result.hide()
        self.message = FieldMessage()
        self.check_button = set_primary(QPushButton())
        self.check_button.clicked.connect(self.verify)
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.case_number)
        self.form.addRow(QLabel(), self.code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.result)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.retranslate()

    def verify(self) -> None:
        number, presented = self.case_number.text().strip(), self.code.toPlainText().strip()
        self.message.show_issues()
        self.result.hide()
        if not presented:
            self.message.show_issues([_("Type the code printed under the agreement, or paste the QR code's text.")])
            return
        if not number:  # QR text names its case
            number = parse_presented(presented)[0] or ""
        self.runner.run(lambda: self.svc.documents.verify_agreement(self.actor, number, presented), self._show,
                        lambda exc: self.message.show_issues([error_text(exc)]))

    def _show(self, answer: Any) -> None:
        self.matches = answer.matches
        colour = "#1b7f3a" if answer.matches else "#b42318"
        mark = "✔" if answer.matches else "✘"
        self.result.setStyleSheet(f"color: {colour};")
        self.result.setText(f"{mark} {answer.message}")
        self.result.show()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Verify a printed agreement"))
        self.form.labelForField(self.case_number).setText(_("Case number"))
        self.form.labelForField(self.code).setText(_("Code or QR text"))
        self.code.setPlaceholderText(_("e.g. ABCD-EFGH-JKMN, or the text read from the QR code"))
        self.check_button.setText(_("&Check"))
