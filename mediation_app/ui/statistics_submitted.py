"""The submitted reports: when and by whom, their fingerprint, and whether the numbers or the cases
behind them have changed since; the changes cell by cell; each re-exported exactly as submitted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMenu, QPushButton, QToolButton, QVBoxLayout, QWidget

from mediation_app.i18n import N_, _, ngettext
from mediation_app.ui.events import ChangeKind, RefreshWhenShown
from mediation_app.ui.formatting import datetime_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text
from mediation_app.ui.workspace.base import table_view


@dataclass(frozen=True, kw_only=True)
class SubmittedRow:
    view: Any  # SubmissionView
    changes: tuple[Any, ...] | None  # CellChange; None when the comparison could not be made
    problem: str = ""


def _state(row: SubmittedRow) -> str:
    if row.changes is None:
        return row.problem
    if not row.changes:
        return _("Unchanged since submission")
    return ngettext("Changed since submission: {n} cell", "Changed since submission: {n} cells",
                    len(row.changes)).format(n=len(row.changes))


SUBMITTED_COLUMNS = (
    Column(N_("Period"), lambda r: r.view.period),
    Column(N_("Dispute-type list"), lambda r: r.view.version),
    Column(N_("Submitted"), lambda r: datetime_text(r.view.submitted_at)),
    Column(N_("By"), lambda r: r.view.submitted_by),
    Column(N_("Fingerprint"), lambda r: r.view.hash[:16]),
    Column(N_("State"), _state, urgent=lambda r: bool(r.changes)),
    Column(N_("Note"), lambda r: r.view.note),
)
CHANGE_COLUMNS = (
    Column(N_("Row"), lambda c: c.row_label),
    Column(N_("Column"), lambda c: c.column_label),
    Column(N_("Submitted"), lambda c: str(c.submitted)),
    Column(N_("Now"), lambda c: str(c.now)),
    Column(N_("Cases added"), lambda c: str(len(c.added))),
    Column(N_("Cases removed"), lambda c: str(len(c.removed))),
)


@dataclass(frozen=True, kw_only=True)
class ChangeLine:
    row_label: str
    column_label: str
    submitted: int
    now: int
    added: tuple[Any, ...]
    removed: tuple[Any, ...]
    case_id: Any = None


class SubmittedPanel(RefreshWhenShown, QWidget):
    watched = frozenset({ChangeKind.STATS_SUBMISSION})

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.model = RecordTableModel(SUBMITTED_COLUMNS, self)
        self.view = table_view(self.model, stretch=6)
        self.changes_button = QPushButton()
        self.export_button = QToolButton()
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self._export_actions = {}
        for fmt in ("pdf", "xlsx", "csv"):
            act = menu.addAction(fmt.upper())
            act.triggered.connect(lambda _c=False, f=fmt: self._on_export(f))
            self._export_actions[fmt] = act
        self.export_button.setMenu(menu)
        self.message = FieldMessage()
        buttons = QHBoxLayout()
        buttons.addWidget(self.changes_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.changes_button.clicked.connect(self.show_changes)
        self.view.doubleClicked.connect(lambda _i: self.show_changes())
        self.retranslate()

    def refresh(self) -> None:
        def load() -> list[SubmittedRow]:
            rows = []
            for view in self._svc.stats_submissions.submitted(self._actor):
                try:
                    cmp = self._svc.stats_submissions.compare(self._actor, view.id)
                    rows.append(SubmittedRow(view=view, changes=tuple(cmp.changes)))
                except Exception as exc:  # noqa: BLE001 - one damaged submission must not hide the others
                    rows.append(SubmittedRow(view=view, changes=None, problem=error_text(exc)))
            return rows

        self._runner.run(load, self.model.set_rows, lambda e: self.message.show_issues([error_text(e)]))

    def selected(self) -> SubmittedRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def show_changes(self) -> None:
        row = self.selected()
        if row is None or not row.changes:
            self.message.show_issues(warnings=[_("Select a submitted report that has changed.")] if row is None
                                     else [_state(row)])
            return

        def lines() -> list[ChangeLine]:
            cmp = self._svc.stats_submissions.compare(self._actor, row.view.id)
            report = cmp.report
            out = []
            for c in cmp.changes:
                try:
                    col = report.column(c.column)
                    column_label = " ".join(p for p in (col.heading, col.subheading) if p)
                except KeyError:
                    column_label = c.column
                try:
                    row_label = report.row(c.row).label
                except KeyError:
                    row_label = c.row
                out.append(ChangeLine(row_label=row_label, column_label=column_label, submitted=c.submitted,
                                      now=c.now, added=c.added, removed=c.removed))
            return out

        def shown(items: list[ChangeLine]) -> None:
            from mediation_app.ui.board import ItemListDialog

            dialog = ItemListDialog(_("Changed since submission: {period}").format(period=row.view.period),
                                    CHANGE_COLUMNS, items, self)
            self.last_dialog = dialog
            dialog.open()

        self._runner.run(lines, shown, lambda e: self.message.show_issues([error_text(e)]))

    def _on_export(self, fmt: str) -> None:
        row = self.selected()
        if row is None:
            self.message.show_issues(warnings=[_("Select a submitted report first.")])
            return
        path, _f = QFileDialog.getSaveFileName(self, _("Save the report as submitted"),
                                               f"statistics-{row.view.period}-submitted.{fmt}")
        if path:
            self.export(row, fmt, Path(path))

    def export(self, row: SubmittedRow, fmt: str, path: Path) -> None:
        def write() -> Path:
            from mediation_app.domain.statistics import Period
            from mediation_app.fileio import atomic_write_bytes
            from mediation_app.services.stats.output import Format

            data = self._svc.stats_submissions.export(self._actor, Period.parse(row.view.period), Format(fmt),
                                                      submission_id=row.view.id)
            return atomic_write_bytes(path, data)

        self._runner.run(write, lambda p: self.message.show_issues(warnings=[_("Saved {path}").format(path=p)]),
                         lambda e: self.message.show_issues([error_text(e)]))

    def retranslate(self) -> None:
        self.changes_button.setText(_("Show the changes…"))
        self.export_button.setText(_("Export as submitted"))
        self.model.retranslate()
