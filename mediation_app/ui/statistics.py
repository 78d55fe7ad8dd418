"""The statistics view: choose the period, the committees and the dispute-type list; the report
laid out like the form, where every number opens exactly the cases it counts; charts; exports
(PDF, xlsx, CSV; the screening report too); submitting, and the submitted reports."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.statistics import Period, PeriodKind
from mediation_app.i18n import N_, _
from mediation_app.services.read_models import CaseFilter
from mediation_app.ui.board import ItemListDialog
from mediation_app.ui.events import AppEvents
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column
from mediation_app.ui.models.stats_table import CellRole, FormHeaderView, StatsTableModel
from mediation_app.ui.statistics_screening import ScreeningPanel
from mediation_app.ui.statistics_submitted import SubmittedPanel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.charts import ChartsWidget
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label, set_primary
from mediation_app.ui.widgets.flow_layout import flow_row
from mediation_app.ui.widgets.screen_fit import columns_or_rows

RECORD_COLUMNS = (
    Column(N_("Date"), lambda r: date_text(r.on)),
    Column(N_("Committee"), lambda r: r.committee),
    Column(N_("Record"), lambda r: r.description),
    Column(N_("Persons"), lambda r: "" if r.persons is None else str(r.persons)),
)
KINDS = (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH)
KIND_WORDS = {PeriodKind.YEAR: N_("Year"), PeriodKind.QUARTER: N_("Quarter"), PeriodKind.MONTH: N_("Month")}
FILTERS = {"pdf": N_("PDF files (*.pdf)"), "xlsx": N_("Excel workbooks (*.xlsx)"), "csv": N_("CSV files (*.csv)")}


# a cell's cases shown in the case list at most (the list is filtered by their ids)
CASE_LIST_CAP = 5000


class _Pages(QTabWidget):
    """The report's pages take the height left to them: their wrapped texts do not ask for more (the
    view around them scrolls when even their least is more than the screen has)."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False


class StatisticsView(Retranslating, QWidget):
    """Signals:
    show_cases(object, str): list exactly these cases (a CaseFilter) under this caption.
    """

    show_cases = Signal(object, str)

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        today = today or services.clock.today()
        self.title = role_label("", "title", wrap=False)
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem("", k.value)
        self.year = QSpinBox()
        self.year.setRange(2000, 2999)
        self.year.setValue(today.year)
        self.number = QComboBox()
        self.committees_button = QToolButton()
        self.committees_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.committees_menu = QMenu(self)
        self.committees_button.setMenu(self.committees_menu)
        self.version = QComboBox()
        self.version.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.version.setMinimumContentsLength(10)
        self.show_button = set_primary(QPushButton())
        self.export_button = QToolButton()
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self)
        self.export_button.setMenu(self.export_menu)
        self.submit_button = QPushButton()
        self.labels = {k: QLabel() for k in ("period", "committees", "version")}
        self.labels["period"].setBuddy(self.kind)
        self.labels["version"].setBuddy(self.version)

        self.model = StatsTableModel(self)
        self.table = QTableView()
        self.header = FormHeaderView(self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.clicked.connect(self.open_cell)
        self.table.activated.connect(self.open_cell)
        self.footnotes = role_label("", "muted")
        self.charts = ChartsWidget()
        self.submitted = SubmittedPanel(services, actor, runner, self)
        self.screening = ScreeningPanel(self)
        self.tabs = _Pages()
        report_page = QWidget()
        report_layout = QVBoxLayout(report_page)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.table, 1)
        from mediation_app.ui.warnings import WarningStatsLine

        self.warnings_line = WarningStatsLine(services, actor, runner)  # risk early warnings of the period
        report_layout.addWidget(self.warnings_line)
        self.tabs.addTab(report_page, "")
        self.tabs.addTab(self.charts, "")
        self.tabs.addTab(self.submitted, "")
        self.tabs.addTab(self.screening, "")
        # the definitions, as every export prints them, on a page of their own: on a 768-px screen at
        # large text the form's three header rows leave no room below the table
        self.footnotes.setWordWrap(True)
        self.footnotes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        definitions = QScrollArea()
        definitions.setWidgetResizable(True)
        definitions.setWidget(self.footnotes)
        self.tabs.addTab(definitions, "")
        self.message = FieldMessage()

        # the controls wrap to a second line when the width runs out (1280 px, English, large text)
        # (the title heads the same row: at large text on a 768-px screen every line counts)
        controls = flow_row(self.title, (self.labels["period"], self.kind, self.year, self.number),
                            (self.labels["committees"], self.committees_button),
                            (self.labels["version"], self.version), self.show_button, self.export_button,
                            self.submit_button)
        layout = QVBoxLayout()
        layout.addLayout(controls)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        # the table keeps room for its header and three rows (a room and the two totals); where the screen is
        # shorter than that (768 px at large text) the view scrolls instead of squeezing the table away
        self.tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        outer = QVBoxLayout(self)  # its margins around the scrolling contents
        outer.addWidget(columns_or_rows(layout, columns=False))
        self._keep_table_room()

        self.kind.currentIndexChanged.connect(lambda _i: self._fill_numbers(today))
        self.show_button.clicked.connect(self.refresh)
        self.submit_button.clicked.connect(self._on_submit)
        self._export_actions: dict[str, Any] = {}
        for key in ("pdf", "xlsx", "csv", "screening_pdf", "screening_xlsx", "screening_csv"):
            act = self.export_menu.addAction("")
            act.triggered.connect(lambda _c=False, k=key: self._on_export(k))
            self._export_actions[key] = act
        self._committee_actions: dict[uuid.UUID, Any] = {}
        self.kind.setCurrentIndex(2)
        self._fill_numbers(today)
        self.retranslate()
        self._load_choices()
        self.submitted.watch(events)  # reloads when a report is submitted, or when shown after one

    # -- choices ----------------------------------------------------------------------------------
    def _fill_numbers(self, today: dt.date) -> None:
        kind = PeriodKind(self.kind.currentData())
        self.number.clear()
        if kind is PeriodKind.QUARTER:
            for q in range(1, 5):
                self.number.addItem(_("Q{n}").format(n=q), q)
            self.number.setCurrentIndex((today.month - 1) // 3)
        elif kind is PeriodKind.MONTH:
            for m in range(1, 13):
                self.number.addItem(_("{n:02d}").format(n=m), m)
            self.number.setCurrentIndex(today.month - 1)
        self.number.setVisible(kind is not PeriodKind.YEAR)

    def _load_choices(self) -> None:
        def load() -> tuple[Any, Any, Any]:
            current, _defs = self._svc.stats.settings(self._actor)
            return self._svc.screening.committees(self._actor), self._svc.stats.versions(self._actor), current

        self._runner.run(load, self._show_choices, lambda e: self.message.show_issues([error_text(e)]))

    def _show_choices(self, loaded: tuple[Any, Any, Any]) -> None:
        committees, versions, current = loaded
        self.committees_menu.clear()
        self._committee_actions = {}
        for c in committees:
            act = self.committees_menu.addAction(c.name)
            act.setCheckable(True)
            act.setChecked(c.id == self._actor.committee_id)
            act.toggled.connect(lambda _on: self._sync_committees_text())
            self._committee_actions[c.id] = act
        self.version.clear()
        for v in versions:
            self.version.addItem(v.name, v.code)
        self.version.setCurrentIndex(max(0, self.version.findData(current.code)))
        self._sync_committees_text()
        self.refresh()

    def _sync_committees_text(self) -> None:
        chosen = [a.text() for a in self._committee_actions.values() if a.isChecked()]
        text = chosen[0] if len(chosen) == 1 else _("{n} committees").format(n=len(chosen)) if chosen else _(
            "none chosen")
        width = self.fontMetrics().horizontalAdvance("中") * 12
        self.committees_button.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, width))
        self.committees_button.setToolTip("\n".join(chosen))

    def period(self) -> Period:
        kind = PeriodKind(self.kind.currentData())
        number = 1 if kind is PeriodKind.YEAR else int(self.number.currentData())
        return Period(kind=kind, year=self.year.value(), number=number)

    def committee_ids(self) -> list[uuid.UUID] | None:
        chosen = [cid for cid, a in self._committee_actions.items() if a.isChecked()]
        return chosen or None

    def version_code(self) -> str | None:
        return self.version.currentData()

    def set_choice(self, period: Period, committees: list[uuid.UUID] | None = None) -> None:
        """Choose a period (and committees) as the user would with the controls."""
        self.kind.setCurrentIndex(self.kind.findData(period.kind.value))
        self.year.setValue(period.year)
        if period.kind is not PeriodKind.YEAR:
            self.number.setCurrentIndex(self.number.findData(period.number))
        if committees is not None:
            for cid, act in self._committee_actions.items():
                act.setChecked(cid in committees)

    # -- the report -------------------------------------------------------------------------------
    def refresh(self) -> None:
        period, ids, version = self.period(), self.committee_ids(), self.version_code()
        self.message.show_issues([])

        def load() -> tuple[Any, Any, Any]:
            from mediation_app.services.stats_charts import chart_data

            report = self._svc.stats.compute(self._actor, period, ids, version)
            screening = (self._svc.screening.report(self._actor, period, ids),
                         self._svc.screening.monthly(self._actor, period, ids))
            return report, chart_data(self._svc.stats, self._actor, period, ids, version), screening

        self._runner.run(load, self._show, lambda e: self.message.show_issues([error_text(e)]))
        self.submitted.refresh()
        self.warnings_line.refresh(period, ids)

    def _show(self, loaded: tuple[Any, Any, Any]) -> None:
        report, charts, (screening, monthly) = loaded
        self.model.set_report(report)
        self.charts.set_data(charts)
        self.screening.set_report(screening, monthly)
        self.footnotes.setText("\n\n".join(f"{i}. {n}" for i, n in enumerate(report.footnotes, 1)))
        widest = self.fontMetrics().horizontalAdvance("0") * 12
        for col in range(self.model.columnCount()):  # headings wrap in the header; numbers need little room
            self.table.setColumnWidth(col, self.header.defaultSectionSize() if col else widest)
        self.table.setColumnWidth(0, max(self.header.defaultSectionSize(), widest))

    def open_cell(self, index: QModelIndex) -> None:
        """List exactly what the number in this cell counts: its cases in the case list, or its
        screening and prevention records."""
        report = self.model.report
        if report is None or not index.isValid():
            return
        row_key, column_key = index.data(CellRole)
        if not report.value(row_key, column_key):
            return
        column = report.column(column_key)
        caption = _("{period} · {row} · {column}: {value}").format(
            period=report.period.code, row=report.row(row_key).label,
            column=" ".join(p for p in (column.heading, column.subheading) if p), value=index.data())
        period, ids, version = report.period, self.committee_ids(), report.version.code

        def shown(page: Any) -> None:
            if page.records:
                dialog = ItemListDialog(caption, RECORD_COLUMNS, list(page.records), self)
                self.last_dialog = dialog
                dialog.open()
                return
            text = caption
            if page.after is not None:  # the case list takes the first ones; say so, never cap silently
                text = _("{caption} (the first {shown} of {total} cases are listed; "
                         "use mediation-app stats cell for all)").format(
                    caption=caption, shown=len(page.refs), total=page.total)
            self.show_cases.emit(CaseFilter(case_ids=tuple(r.id for r in page.refs), sort="registered_on"), text)

        self._runner.run(lambda: self._svc.stats.cell_page(self._actor, period, row_key, column_key, ids, version,
                                                           limit=CASE_LIST_CAP),
                         shown, lambda e: self.message.show_issues([error_text(e)]))

    # -- exports and submitting -------------------------------------------------------------------
    def _on_export(self, key: str) -> None:
        fmt = key.removeprefix("screening_")
        stem = ("screening-" if key.startswith("screening") else "statistics-") + self.period().code
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), f"{stem}.{fmt}", _(FILTERS[fmt]))
        if path:
            self.export(key, Path(path))

    def export(self, key: str, path: Path) -> None:
        """Write the report (``pdf``/``xlsx``/``csv``) or the screening report (``screening_pdf``/
        ``screening_xlsx``/``screening_csv``) to ``path``, off the GUI thread."""
        period, ids, version = self.period(), self.committee_ids(), self.version_code()

        def write() -> Path:
            from mediation_app.fileio import atomic_write_bytes
            from mediation_app.services import screening_export
            from mediation_app.services.stats.output import Format

            if key.startswith("screening_"):
                report = self._svc.screening.report(self._actor, period, ids)
                monthly = self._svc.screening.monthly(self._actor, period, ids)
                writers = {"screening_pdf": screening_export.to_pdf, "screening_xlsx": screening_export.to_xlsx,
                           "screening_csv": screening_export.to_csv}
                data = writers[key](report, monthly)
            else:
                data = self._svc.stats_submissions.export(self._actor, period, Format(key), ids, version)
            return atomic_write_bytes(path, data)

        self._runner.run(write, lambda p: self.message.show_issues(warnings=[_("Saved {path}").format(path=p)]),
                         lambda e: self.message.show_issues([error_text(e)]))

    def _on_submit(self) -> None:
        note, ok = QInputDialog.getText(self, _("Submit the report"), _(
            "Submitting freezes the numbers and the cases behind every cell. Note (optional):"))
        if ok:
            self.submit(note)

    def submit(self, note: str = "") -> None:
        period, ids, version = self.period(), self.committee_ids(), self.version_code()
        self._runner.run(lambda: self._svc.stats_submissions.submit(self._actor, period, ids, version, note),
                         lambda _c: (self.submitted.refresh(), self.tabs.setCurrentWidget(self.submitted)),
                         lambda e: self.message.show_issues([error_text(e)]), write=True)

    def _keep_table_room(self) -> None:
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(self.header.sizeHint().height() + 3 * rows
                                    + self.table.horizontalScrollBar().sizeHint().height() + 4)
        # the pages ask for what they need at least, not for their preferred height: the view scrolls
        # only when the screen is shorter than that
        self.tabs.setMinimumHeight(self.tabs.minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # larger or smaller text: room for the header again
            self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
            self._keep_table_room()

    def retranslate(self) -> None:
        self.title.setText(_("Statistics"))
        for i, k in enumerate(KINDS):
            self.kind.setItemText(i, _(KIND_WORDS[k]))
        self.labels["period"].setText(_("&Period"))
        self.labels["committees"].setText(_("Committees"))
        self.labels["version"].setText(_("Dispute-type &list"))
        self.show_button.setText(_("&Show"))
        self.export_button.setText(_("&Export"))
        self.submit_button.setText(_("S&ubmit…"))
        texts = {"pdf": _("Report as PDF…"), "xlsx": _("Report as Excel (xlsx)…"), "csv": _("Report as CSV…"),
                 "screening_pdf": _("Screening report (矛盾纠纷排查情况表) as PDF…"),
                 "screening_xlsx": _("Screening report as Excel (xlsx)…"),
                 "screening_csv": _("Screening report as CSV…")}
        for key, act in self._export_actions.items():
            act.setText(texts[key])
        self.tabs.setTabText(0, _("Report"))
        self.tabs.setTabText(1, _("Charts"))
        self.tabs.setTabText(2, _("Submitted reports"))
        self.tabs.setTabText(3, _("Screening report"))
        self.tabs.setTabText(4, _("Definitions"))
        self._sync_committees_text()
        self.submitted.retranslate()
        self.screening.retranslate()

