"""审计日志: the audit administrator's read-only window over the audit log. Filter by dates, user,
case number and action; page on with "Show more" (the count of all matching entries is always
shown); export what matches to CSV; verify the chain against the anchors kept outside the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import Role
from mediation_app.i18n import N_, _
from mediation_app.ui.admin_base import LabelledForm, show_ok
from mediation_app.ui.calendar import today_q
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import fit_to_screen

PAGE = 200

COLUMNS = (
    Column(N_("No."), lambda e: str(e.seq)),
    Column(N_("Time"), lambda e: e.at.strftime("%Y-%m-%d %H:%M:%S")),
    Column(N_("User"), lambda e: e.username),
    Column(N_("Action"), lambda e: e.action_label),
    Column(N_("Case"), lambda e: e.case_number or ""),
    Column(N_("Result"), lambda e: _("Done") if e.success else _("Refused"), urgent=lambda e: not e.success),
    Column(N_("Details"), lambda e: e.details if e.details != "{}" else ""),
)


def may_read_audit(actor: Any) -> bool:
    return Role(actor.role) is Role.AUDITOR


class AuditLogWindow(Retranslating, QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._audit, self._actor, self._runner = services.audit_log, actor, runner
        self._rows: list[Any] = []
        self._total = 0
        fit_to_screen(self, 900, 560)
        self.use_since, self.use_until = QCheckBox(), QCheckBox()
        self.since, self.until = QDateEdit(today_q(months=-1)), QDateEdit(today_q())
        for edit, box in ((self.since, self.use_since), (self.until, self.use_until)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
        self.user = QComboBox()
        self.user.setEditable(True)
        self.case_number = QLineEdit()
        self.action = QComboBox()
        self.action.setEditable(True)
        self.search_button = set_primary(QPushButton())
        self.search_button.clicked.connect(self.search)
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self.show_more)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self.verify)
        self.count = role_label("", "muted")
        self.message = FieldMessage()
        self.model = RecordTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        dates = QHBoxLayout()
        for w in (self.use_since, self.since, self.use_until, self.until):
            dates.addWidget(w)
        dates.addStretch(1)
        self.form = LabelledForm()
        self.form.row(lambda: _("Dates"), dates)
        self.form.row(lambda: _("User"), self.user)
        self.form.row(lambda: _("Case number"), self.case_number)
        self.form.row(lambda: _("Action"), self.action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.retranslate()
        if not may_read_audit(actor):
            self.message.show_issues([_("Only the audit administrator reads the audit log.")])
            for w in (self.search_button, self.export_button, self.verify_button, self.more_button):
                w.setEnabled(False)
            return
        self._runner.run(lambda: self._audit.choices(actor), self._fill_choices, self._fail)
        self.search()

    def _fill_choices(self, choices: tuple[list[str], list[str]]) -> None:
        users, actions = choices
        self.user.clear()
        self.user.addItem("")
        self.user.addItems(users)
        self.action.clear()
        self.action.addItem("")
        self.action.addItems(actions)

    def current_filter(self) -> Any:
        from mediation_app.services.maintenance import AuditFilter

        return AuditFilter(since=self.since.date().toPython() if self.use_since.isChecked() else None,
                           until=self.until.date().toPython() if self.use_until.isChecked() else None,
                           username=self.user.currentText(), case_number=self.case_number.text(),
                           action=self.action.currentText())

    def search(self) -> None:
        self._rows = []
        self._load(0)

    def show_more(self) -> None:
        self._load(len(self._rows))

    def _load(self, offset: int) -> None:
        flt, actor = self.current_filter(), self._actor
        self.message.show_issues()
        self._runner.run(lambda: self._audit.entries(actor, flt, offset=offset, limit=PAGE), self._show, self._fail)

    def _show(self, page: Any) -> None:
        self._rows = self._rows[: page.offset] + list(page.rows)
        self._total = page.total
        self.model.set_rows(self._rows)
        self.count.setText(_("{shown} of {total} entries").format(shown=len(self._rows), total=self._total))
        self.more_button.setEnabled(len(self._rows) < self._total)

    def export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the audit log"), "audit-log.csv",
                                                    _("CSV file (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        flt, actor = self.current_filter(), self._actor
        self._runner.run(lambda: self._audit.export_csv(actor, flt, path),
                         lambda n: show_ok(self.message, _("{n} audit entries written to {path}").format(n=n, path=path)),
                         self._fail)

    def verify(self) -> None:
        actor = self._actor

        def done(result: Any) -> None:
            head = _("{n} audit entries, {k} anchors compared.").format(n=result.entries, k=result.anchors_checked)
            if result.ok:
                show_ok(self.message, head + " " + _("The audit log verifies."))
            else:
                self.message.show_issues([head, *result.problems])

        self._runner.run(lambda: self._audit.verify(actor), done, self._fail)

    def _fail(self, exc: BaseException) -> None:
        self.message.show_issues([error_text(exc)])

    def retranslate(self) -> None:
        self.setWindowTitle(_("Audit log"))
        self.use_since.setText(_("from"))
        self.use_until.setText(_("to"))
        self.form.retranslate()
        self.case_number.setPlaceholderText(_("e.g. 客商人调字〔2026〕第015号"))
        self.search_button.setText(_("Search"))
        self.more_button.setText(_("Show more"))
        self.export_button.setText(_("Export CSV…"))
        self.verify_button.setText(_("Verify the log"))
        self.model.retranslate()
        if self._rows or self._total:
            self.count.setText(_("{shown} of {total} entries").format(shown=len(self._rows), total=self._total))
