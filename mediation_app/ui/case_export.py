"""Export… on the case list: the filtered register as .xlsx or CSV, every matching case, redacted
(names of persons, ID numbers, phones and addresses masked) or in full for those allowed to see
it. The file is written off the GUI thread; the export is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from mediation_app.i18n import _, ngettext
from mediation_app.services.exports import ExportOptions
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import error_text, role_label, set_primary


class CaseExportDialog(QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, case_filter: Any, shown: int,
                 parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._filter = services, actor, runner, case_filter
        self.setWindowTitle(_("Export the case list"))
        self.intro = role_label(_("The cases matching the filters now set, with the columns of the list; every "
                                  "matching case is exported, not only those loaded on screen ({n} so far).").format(
            n=shown), "muted")
        self.xlsx = QRadioButton(_("Excel workbook (.xlsx)"))
        self.csv = QRadioButton(_("CSV (UTF-8, opens in Excel and WPS)"))
        self.xlsx.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.xlsx)
        group.addButton(self.csv)
        self.contacts = QCheckBox(_("Add the parties' ID numbers, phones and addresses"))
        self.redacted = QCheckBox(_("Redacted: mask names of persons, ID numbers, phones and addresses (for training "
                                    "or sending outside the centre)"))
        self.reason = role_label("", "warning")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = role_label("", "muted")
        self.export = set_primary(QPushButton(_("&Export…")))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 1)
        buttons.addWidget(self.export)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for w in (self.intro, self.xlsx, self.csv, self.contacts, self.redacted, self.reason, self.message):
            layout.addWidget(w)
        layout.addLayout(buttons)
        self.contacts.toggled.connect(lambda _b: self._sync())
        self.redacted.toggled.connect(lambda _b: self._sync())
        self.export.clicked.connect(self._on_export)
        self.close_button.clicked.connect(self.accept)
        self.after_choose = QFileDialog.getSaveFileName  # replaced in tests
        self._sync()

    def _sync(self) -> None:
        refused = "" if self.redacted.isChecked() else self._svc.exports.may_export_unredacted(
            self._actor, self.contacts.isChecked(), self._filter)
        self.reason.setText(_("Only a redacted export is allowed for you: {why}").format(why=refused) if refused else "")
        self.reason.setVisible(bool(refused))
        self.export.setEnabled(not refused and self.busy.isHidden())

    def options(self) -> ExportOptions:
        return ExportOptions(format="csv" if self.csv.isChecked() else "xlsx", redacted=self.redacted.isChecked(),
                             contacts=self.contacts.isChecked())

    def _on_export(self) -> None:
        options = self.options()
        suffix = "." + options.format
        name = _("cases") + ("-" + _("redacted") if options.redacted else "") + suffix
        path, _filter = self.after_choose(self, _("Export the case list"), name,
                                          _("Excel workbook (*.xlsx)") if suffix == ".xlsx" else _("CSV (*.csv)"))
        if not path:
            return
        target = Path(path) if Path(path).suffix.lower() == suffix else Path(path + suffix)
        self.busy.show()
        self._sync()
        self._runner.run(lambda: self._svc.exports.export_cases(self._actor, self._filter, target, options),
                         self._done, self._fail, write=True)

    def _done(self, result: Any) -> None:
        self.busy.hide()
        self._sync()
        self.message.setProperty("role", "muted")
        text = ngettext("{n} case exported to {path}.", "{n} cases exported to {path}.",
                        result.rows).format(n=result.rows, path=result.path)
        if result.still_indexing:  # imported cases the search could not see yet: said, never left out silently
            from mediation_app.domain.search_terms import still_indexing_note

            text += " " + still_indexing_note(result.still_indexing)
        self.message.setText(text)

    def _fail(self, exc: BaseException) -> None:
        self.busy.hide()
        self._sync()
        self.message.setProperty("role", "error")
        self.message.setText(error_text(exc))
