"""The screening report (矛盾纠纷排查情况表) on screen, for the period and committees chosen in the
statistics view: the form's 52 rows by level (county, township, village), their subtotal and the
year to date, then the monthly figures per committee, and the report's definitions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from mediation_app.i18n import N_, _
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import role_label
from mediation_app.ui.workspace.base import table_view

SCREENING_COLUMNS = (
    Column(N_("No."), lambda r: str(r.number)),
    Column(N_("Item"), lambda r: r.group),
    Column(N_("Measure"), lambda r: r.item),
    Column(N_("County / district"), lambda r: r.values[0]),
    Column(N_("Township / sub-district"), lambda r: r.values[1]),
    Column(N_("Village / residents'"), lambda r: r.values[2]),
    Column(N_("Subtotal"), lambda r: r.values[3]),
    Column(N_("Year to date"), lambda r: r.values[4]),
)
MONTHLY_COLUMNS = (
    Column(N_("Committee"), lambda m: m.committee),
    Column(N_("Month"), lambda m: f"{m.year}-{m.month:02d}"),
    Column(N_("Disputes mediated"), lambda m: str(m.mediated)),
    Column(N_("Screening rounds"), lambda m: str(m.rounds)),
    Column(N_("Disputes found in screening"), lambda m: str(m.found)),
    Column(N_("Disputes prevented"), lambda m: str(m.prevented)),
)


class ScreeningPanel(Retranslating, QWidget):
    """Shows what :meth:`ScreeningService.report` and :meth:`ScreeningService.monthly` return."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = role_label("", "muted")
        self.model = RecordTableModel(SCREENING_COLUMNS, self)
        self.table = table_view(self.model, stretch=1)
        self.monthly_model = RecordTableModel(MONTHLY_COLUMNS, self)
        self.monthly = table_view(self.monthly_model, stretch=0)
        self.footnotes = role_label("", "muted")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.monthly)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(split, 1)
        layout.addWidget(self.footnotes)
        self._report: Any = None

    def set_report(self, report: Any, monthly: list[Any]) -> None:
        self._report = report
        self.monthly_model.set_rows(monthly)
        self.retranslate()

    def retranslate(self) -> None:
        self.model.retranslate()
        self.monthly_model.retranslate()
        if self._report is None:
            return
        from mediation_app.services.screening_export import screen_rows

        self.model.set_rows(list(screen_rows(self._report)))  # the row words follow the language
        self.caption.setText(_("{unit}: the screening report for {period}").format(
            unit=self._report.unit, period=self._report.period.words()))
        self.footnotes.setText("  ".join(f"{i}. {n}" for i, n in enumerate(self._report.footnotes, 1)))
