"""Import a ledger (台账) from Excel or CSV: choose the file → match its columns to fields, with the
first rows shown (the mapping of the last import is offered again) → the dry run's report, row by
row → import. Reading and the dry run run off the GUI thread; nothing is written until "Import"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.ledger_fields import LedgerKind
from mediation_app.i18n import _
from mediation_app.ui.events import AppEvents
from mediation_app.ui.printing import run_with_progress
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import KeyedComboBox, error_text, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import fit_to_screen

_ModelIndex = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as text, under the file's own headers."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[tuple[int, tuple[str, ...]]] = []

    def set_preview(self, headers: list[str], rows: list[tuple[int, tuple[str, ...]]]) -> None:
        self.beginResetModel()
        self._headers, self._rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return self._rows[section][0] if 0 <= section < len(self._rows) else None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        cells = self._rows[index.row()][1]
        text = cells[index.column()] if index.column() < len(cells) else ""
        return text if role == Qt.ItemDataRole.ToolTipRole else text.replace("\n", " ⏎ ")


class LedgerImportDialog(QDialog):
    """Signals:
    imported(object): the import's report after a confirmed import.
    """

    imported = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None,
                 kind: LedgerKind | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self._preview: Any = None
        self._report: Any = None
        self.setWindowTitle(_("Import a ledger"))
        self.steps = QStackedWidget()
        self.steps.addWidget(self._file_step())
        self.steps.addWidget(self._mapping_step())
        self.steps.addWidget(self._report_step())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = role_label("", "error")
        self.message.hide()
        self.back = QPushButton(_("< &Back"))
        self.next = set_primary(QPushButton(_("&Next >")))
        self.cancel = QPushButton(_("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.back.clicked.connect(self._on_back)
        self.next.clicked.connect(self._on_next)
        self.cancel.clicked.connect(self.reject)
        if kind is LedgerKind.MERCHANTS:
            self.kind_merchants.setChecked(True)
        elif kind is LedgerKind.SCREENING:
            self.kind_screening.setChecked(True)
        self._size_to_screen()
        self._sync()

    def _size_to_screen(self) -> None:
        fit_to_screen(self, 1100, 700)

    # -- steps -----------------------------------------------------------------------------------
    def _file_step(self) -> QWidget:
        page = QWidget()
        self.kind_cases = QRadioButton(_("A register of past cases: each row becomes a closed case in its final state"))
        self.kind_screening = QRadioButton(_("A screening ledger (排查台账): each row becomes a screening-ledger item"))
        self.kind_merchants = QRadioButton(_("The market's list of merchants: each row becomes a merchant of the "
                                             "registry"))
        self.kind_cases.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.kind_cases)
        group.addButton(self.kind_screening)
        group.addButton(self.kind_merchants)
        self.path = QLineEdit()
        self.path.setPlaceholderText(_("An Excel workbook (.xlsx) or a CSV file"))
        choose = QPushButton(_("&Choose…"))
        choose.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(page)
        layout.addWidget(role_label(_("Step 1 of 3: the file"), "title", wrap=False))
        layout.addWidget(self.kind_cases)
        layout.addWidget(self.kind_screening)
        layout.addWidget(self.kind_merchants)
        layout.addLayout(row)
        layout.addWidget(role_label(_(
            "The first worksheet is read. The header row is found by itself (a title above it and merged header "
            "cells are fine); formulas are read as their text and never calculated; CSV files in UTF-8, GBK or "
            "UTF-16 are recognised."), "muted"))
        layout.addWidget(role_label(_(
            "Past cases come in closed, through the same checks as a case entered here (a committee head imports "
            "them); a mediator named in the ledger must be on the roster."), "muted"))
        layout.addStretch(1)
        self.path.textChanged.connect(lambda _t: self._sync())
        return page

    def _mapping_step(self) -> QWidget:
        page = QWidget()
        self.mapping_note = role_label("", "muted")
        self.mapping_box = QWidget()
        self.mapping_grid = QGridLayout(self.mapping_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping_box)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setWordWrap(False)
        self.missing = role_label("", "warning")
        layout = QVBoxLayout(page)
        layout.addWidget(role_label(_("Step 2 of 3: match the columns"), "title", wrap=False))
        layout.addWidget(self.mapping_note)
        layout.addWidget(scroll, 2)
        layout.addWidget(QLabel(_("The first rows of the file:")))
        layout.addWidget(self.preview_view, 2)
        layout.addWidget(self.missing)
        self.combos: list[KeyedComboBox] = []
        return page

    def _report_step(self) -> QWidget:
        page = QWidget()
        self.summary = role_label("", "title")
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout = QVBoxLayout(page)
        layout.addWidget(role_label(_("Step 3 of 3: check, then import"), "title", wrap=False))
        layout.addWidget(role_label(_("Nothing has been written yet. Rows with problems are left out; correct them "
                                      "in the file and import it again later: rows already imported are "
                                      "recognised and not created twice."), "muted"))
        layout.addWidget(self.report, 1)
        layout.addWidget(self.summary)
        return page

    # -- state -----------------------------------------------------------------------------------
    @property
    def kind(self) -> LedgerKind:
        if self.kind_merchants.isChecked():
            return LedgerKind.MERCHANTS
        return LedgerKind.CASES if self.kind_cases.isChecked() else LedgerKind.SCREENING

    def _sync(self) -> None:
        step = self.steps.currentIndex()
        working = not self.busy.isHidden()
        self.back.setEnabled(step > 0 and not working)
        if step == 0:
            self.next.setText(_("&Next >"))
            self.next.setEnabled(bool(self.path.text().strip()) and not working)
        elif step == 1:
            self.next.setText(_("&Check (dry run) >"))
            missing = self._missing()
            self.missing.setText(_("Still to match: {fields}").format(fields="、".join(missing)) if missing else "")
            self.missing.setVisible(bool(missing))
            self.next.setEnabled(not missing and not working)
        else:
            created = self._report.created if self._report is not None else 0
            self.next.setText(_("&Import {n} rows").format(n=created))
            self.next.setEnabled(created > 0 and not working)

    def _missing(self) -> list[str]:
        if self._preview is None:
            return []
        chosen = {c.key() for c in self.combos}
        return [label for key, label, required in self._preview.fields if required and key not in chosen]

    def mapping(self) -> dict[str, str]:
        return {self._preview.headers[i]: c.key() for i, c in enumerate(self.combos) if c.key()}

    def _working(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.message.hide()
        self._sync()

    def _fail(self, exc: BaseException) -> None:
        self._working(False)
        self.message.setText(error_text(exc))
        self.message.show()

    # -- actions ---------------------------------------------------------------------------------
    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the ledger"), "",
                                                    _("Ledgers (*.xlsx *.csv);;All files (*)"))
        if path:
            self.path.setText(path)

    def _on_back(self) -> None:
        self.steps.setCurrentIndex(max(0, self.steps.currentIndex() - 1))
        self.message.hide()
        self._sync()

    def _on_next(self) -> None:
        step = self.steps.currentIndex()
        path, kind = Path(self.path.text().strip()), self.kind
        if step == 0:
            self._working(True)
            self._runner.run(lambda: self._svc.ledger_import.preview(self._actor, path, kind), self.show_preview,
                             self._fail)
        elif step == 1:
            mapping = self.mapping()
            self.message.hide()
            # each row goes through every check of a new case: a large ledger takes minutes, so a bar
            # moves per row, and Cancel leaves everything as it was
            self.progress = run_with_progress(
                self, self._runner, _("Checking every row (dry run); nothing is written yet…"),
                lambda p: self._svc.ledger_import.run(self._actor, path, kind, mapping, dry_run=True,
                                                      progress=p.report),
                self.show_report, self._fail, write=True)
        else:
            mapping = self.mapping()
            self.message.hide()
            self.progress = run_with_progress(
                self, self._runner, _("Importing the ledger; if you cancel, nothing is imported…"),
                lambda p: self._svc.ledger_import.import_file(self._actor, path, kind, mapping, progress=p.report),
                self._done, self._fail, write=True)

    def show_preview(self, preview: Any) -> None:
        self._working(False)
        self._preview = preview
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos = []
        columns = 3  # three header → field pairs per line keep the grid short on a laptop screen
        for i, header in enumerate(preview.headers):
            combo = KeyedComboBox()
            combo.add(None, _("(not imported)"))
            for key, label, required in preview.fields:
                combo.add(key, label + (" *" if required else ""))
            combo.set_key(preview.mapping.get(i))
            combo.currentIndexChanged.connect(lambda _i: self._sync())
            label = QLabel(header or _("(column {n} without a header)").format(n=i + 1))
            label.setBuddy(combo)
            self.mapping_grid.addWidget(label, i // columns, (i % columns) * 2)
            self.mapping_grid.addWidget(combo, i // columns, (i % columns) * 2 + 1)
            self.combos.append(combo)
        note = _("The matching of your last import is used again; check it.") if preview.saved else _(
            "The columns were matched from their header words; check them. Fields marked * are needed.")
        if preview.encoding:
            note += " " + _("Text encoding: {encoding}.").format(encoding=preview.encoding.upper())
        self.mapping_note.setText(note)
        self.preview_model.set_preview(list(preview.headers), list(preview.rows))
        self.preview_view.resizeColumnsToContents()
        self.steps.setCurrentIndex(1)
        self._sync()

    def show_report(self, report: Any) -> None:
        self._working(False)
        self._report = report
        self.report.setPlainText(report.details())
        self.summary.setText(report.summary())
        self.steps.setCurrentIndex(2)
        self._sync()

    def _done(self, result: Any) -> None:
        report, changes = result
        self._working(False)
        self._events.changed(changes)
        self.imported.emit(report)
        self.report.setPlainText(report.details())
        self.summary.setText(report.summary())
        self._report = None
        self.next.hide()
        self.back.hide()
        self.cancel.setText(_("Close"))
