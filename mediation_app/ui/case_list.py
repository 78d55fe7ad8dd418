"""The case list: filters, a search box and the lazy table; Enter or double-click opens a case."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import CaseStatus, DisputeType, RiskLevel
from mediation_app.i18n import _, ngettext
from mediation_app.services.read_models import CaseFilter
from mediation_app.ui.calendar import today_q
from mediation_app.ui.events import AppEvents, ChangeKind, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.case_table import (
    COL_ACCEPTED,
    COL_COMMITTEE,
    COL_DEADLINE,
    COL_NUMBER,
    COL_PARTIES,
    CaseIdRole,
    CaseTableModel,
)
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.column_fit import fit_to_view
from mediation_app.ui.widgets.common import KeyedComboBox, role_label
from mediation_app.ui.widgets.flow_layout import FlowLayout

SEARCH_DELAY_MS = 300
# Status groups a mediator thinks in, on top of the single statuses.
OPEN_STATUSES = ("registered", "accepted", "mediating", "agreement_drafted")


class CaseListView(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    case_activated(object): the id of the case the user opened.
    """

    # a row's fields, and the names of mediators and committees the rows show
    watched = frozenset({ChangeKind.CASE_ROW, ChangeKind.MEDIATOR, ChangeKind.COMMITTEE})
    reload_on_language = False  # the rows hold codes; the model words them as it shows them

    case_activated = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("", None)
        self.status.addItem("", "open")
        for st in CaseStatus:
            self.status.addItem("", st.value)
        self.dispute_type = QComboBox()
        self.dispute_type.addItem("", None)
        for t in DisputeType:
            self.dispute_type.addItem("", t.value)
        self.mediator = KeyedComboBox()
        self.mediator.add(None, "")
        # an account that sees several committees (the centre's head, or a member of several)
        self.committee = KeyedComboBox()
        self.committee.add(None, "")
        visible = actor.visible_committees()
        self.several_committees = visible is None or len(visible) > 1
        self.committee.setVisible(self.several_committees)
        self.risk = QComboBox()
        self.risk.addItem("", None)
        for r in RiskLevel:
            self.risk.addItem("", r.value)
        self.use_dates = QCheckBox()
        self.date_from = QDateEdit(today_q(months=-3))
        self.date_to = QDateEdit(today_q())
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.overdue = QCheckBox()
        self.clear = QPushButton()
        self.export = QPushButton()
        self.count = role_label("", "muted", wrap=False)
        self.labels = {k: QLabel() for k in ("status", "type", "mediator", "risk", "to", "committee")}
        self.labels["committee"].setBuddy(self.committee)
        self.labels["committee"].setVisible(self.several_committees)
        self.labels["status"].setBuddy(self.status)
        self.labels["type"].setBuddy(self.dispute_type)
        self.labels["mediator"].setBuddy(self.mediator)
        self.labels["risk"].setBuddy(self.risk)

        self.model = CaseTableModel(
            lambda flt, after, limit: self._svc.cases.list_cases(self._actor, flt, after=after, limit=limit),
            CaseFilter(), runner, parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)  # sorting is done in the query; see header click below
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_PARTIES, QHeaderView.ResizeMode.Stretch)
        header.sectionClicked.connect(self._on_header_clicked)
        self.table.viewport().installEventFilter(self)  # a wider or narrower list: the columns fitted again
        self.table.setColumnHidden(COL_COMMITTEE, not self.several_committees)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.empty = role_label("", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        # a list opened from a board number or a statistics cell: exactly those cases, named here
        self.pinned = role_label("", "muted", wrap=True)
        self.pinned.setObjectName("pinned_filter")
        self.pinned.hide()

        row1 = QHBoxLayout()
        row1.addWidget(self.search, 1)
        row1.addWidget(self.clear)
        row1.addWidget(self.export)
        # The filters wrap to a second line when the width runs out (1280 px, large text, English).
        filters = FlowLayout()
        for parts in ((self.labels["status"], self.status), (self.labels["type"], self.dispute_type),
                      (self.labels["committee"], self.committee), (self.labels["mediator"], self.mediator),
                      (self.labels["risk"], self.risk),
                      (self.use_dates, self.date_from, self.labels["to"], self.date_to), (self.overdue,)):
            group = QWidget()
            group_layout = QHBoxLayout(group)
            group_layout.setContentsMargins(0, 0, 0, 0)
            for part in parts:
                group_layout.addWidget(part)
            group.setVisible(parts[-1] is not self.committee or self.several_committees)
            filters.addWidget(group)
        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(filters)
        layout.addWidget(self.pinned)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.count)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._on_search_enter)
        for combo in (self.status, self.dispute_type, self.mediator, self.risk, self.committee):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.use_dates.toggled.connect(self._on_dates_toggled)
        self.date_from.dateChanged.connect(lambda _d: self.apply_filters())
        self.date_to.dateChanged.connect(lambda _d: self.apply_filters())
        self.overdue.toggled.connect(lambda _b: self.apply_filters())
        self.clear.clicked.connect(self.clear_filters)
        self.export.clicked.connect(self.export_list)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsInserted.connect(self._fit_columns)
        self.model.loading_changed.connect(lambda _b: self._update_count())
        self.model.failed.connect(self._on_failed)
        self.watch(events)
        self._error = ""
        self._kept: tuple[object, int] | None = None  # the selected case and scroll position across a reload
        self.retranslate()
        self._sync_sort_indicator()
        self._load_mediators()
        self._load_committees()
        self.model.reload()

    # -- data ------------------------------------------------------------------------------------
    def _load_mediators(self) -> None:
        def fill(mediators: list[Any]) -> None:
            self.mediator.replace_items([(None, _("All mediators"))] + [(m.id, m.name) for m in mediators])

        self._runner.run(lambda: self._svc.accounts.mediators(self._actor), fill, lambda _e: None)

    def _load_committees(self) -> None:
        if not self.several_committees:
            return
        visible = self._actor.visible_committees()

        def fill(rows: list[Any]) -> None:
            self.committee.replace_items([(None, _("All committees"))] + [
                (c.id, c.short_name) for c in rows if visible is None or c.id in visible])

        self._runner.run(lambda: self._svc.committees.list(self._actor), fill, lambda _e: None)

    def current_filter(self) -> CaseFilter:
        status = self.status.currentData()
        statuses: tuple[str, ...] = ()
        if status == "open":
            statuses = OPEN_STATUSES
        elif status:
            statuses = (status,)
        risk = self.risk.currentData()
        base = self.model.case_filter
        return dataclasses.replace(
            base,
            text=self.search.text().strip(),
            statuses=statuses,
            dispute_type=self.dispute_type.currentData(),
            mediator_id=self.mediator.key(),
            risk_levels=(risk,) if risk else (),
            date_from=self.date_from.date().toPython() if self.use_dates.isChecked() else None,
            date_to=self.date_to.date().toPython() if self.use_dates.isChecked() else None,
            overdue_only=self.overdue.isChecked(),
            committee_id=self.committee.key() if self.several_committees else base.committee_id,
        )

    def apply_filters(self) -> None:
        self._timer.stop()
        self._error = ""
        self._kept = None  # another list: nothing to keep
        self.model.set_filter(self.current_filter())
        self._sync_sort_indicator()

    def refresh(self) -> None:
        """Read the list again (a change elsewhere), keeping the selected case and the scroll position."""
        index = self.table.currentIndex()
        self._kept = (index.data(CaseIdRole) if index.isValid() else None, self.table.verticalScrollBar().value())
        self.model.reload()

    def _restore(self) -> None:
        kept, self._kept = self._kept, None
        if kept is None:
            return
        case_id, scrolled = kept
        if case_id is not None:
            for row in range(self.model.rowCount()):
                if self.model.case_id(row) == case_id:
                    self.table.selectRow(row)
                    break
        self.table.verticalScrollBar().setValue(scrolled)

    def clear_filters(self) -> None:
        widgets = (self.search, self.status, self.dispute_type, self.mediator, self.risk, self.use_dates, self.overdue,
                   self.committee)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for combo in (self.status, self.dispute_type, self.mediator, self.risk, self.committee):
            combo.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        self.overdue.setChecked(False)
        for d in (self.date_from, self.date_to):
            d.setEnabled(False)
        for w in widgets:
            w.blockSignals(False)
        self._unpin()
        self.apply_filters()

    def show_filter(self, flt: CaseFilter, caption: str) -> None:
        """List exactly the cases of ``flt`` (a board number's or a statistics cell's), saying which;
        the filter widgets show what they can of it, and Clear filters returns to the whole list."""
        widgets = (self.search, self.status, self.dispute_type, self.mediator, self.risk, self.use_dates, self.overdue,
                   self.committee)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        if not self.committee.set_key(flt.committee_id):
            self.committee.setCurrentIndex(0)
        status = "open" if flt.statuses == OPEN_STATUSES else (flt.statuses[0] if len(flt.statuses) == 1 else None)
        self.status.setCurrentIndex(max(0, self.status.findData(status)) if status else 0)
        self.dispute_type.setCurrentIndex(max(0, self.dispute_type.findData(flt.dispute_type)))
        self.mediator.setCurrentIndex(0)
        self.risk.setCurrentIndex(max(0, self.risk.findData(flt.risk_levels[0])) if len(flt.risk_levels) == 1 else 0)
        self.use_dates.setChecked(False)
        self.overdue.setChecked(flt.overdue_only)
        for w in widgets:
            w.blockSignals(False)
        self._error = ""
        self._kept = None
        self.model.set_filter(flt)
        self.pinned.setText(caption)
        self.pinned.setVisible(bool(caption))
        self._sync_sort_indicator()

    def _unpin(self) -> None:
        if self.model.case_filter.case_ids or self.model.case_filter.committee_id is not None:
            self.model.set_filter(dataclasses.replace(self.model.case_filter, case_ids=(), committee_id=None))
        self.pinned.hide()
        self.pinned.clear()

    def export_list(self) -> None:
        """Export… the filtered register (every matching case, as .xlsx or CSV)."""
        from mediation_app.ui.case_export import CaseExportDialog

        dialog = CaseExportDialog(self._svc, self._actor, self._runner, self.current_filter(), self.model.rowCount(),
                                  parent=self)
        dialog.open()
        self.export_dialog = dialog

    def show_overdue(self) -> None:
        self.clear_filters()
        self.overdue.setChecked(True)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- slots -----------------------------------------------------------------------------------
    def _on_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def _on_search_enter(self) -> None:
        self.apply_filters()
        if self.model.rowCount() == 1:
            self.case_activated.emit(self.model.case_id(0))
        elif self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _on_header_clicked(self, column: int) -> None:
        current = self.model.sort_column()
        descending = not self.model.case_filter.descending if current == column else True
        self.model.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self._sync_sort_indicator()

    def _sync_sort_indicator(self) -> None:
        col = self.model.sort_column()
        header = self.table.horizontalHeader()
        if col < 0:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            order = Qt.SortOrder.DescendingOrder if self.model.case_filter.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(col, order)

    def _on_activated(self, index) -> None:  # type: ignore[no-untyped-def]
        case_id = index.data(CaseIdRole)
        if case_id is not None:
            self.case_activated.emit(case_id)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._on_activated(index)

    def _on_failed(self, message: str) -> None:
        self._error = message
        self._update_count()

    def _fit_columns(self, _parent: object, first: int, _last: int) -> None:
        if first == 0:  # size the columns to the first page once; the parties column stretches
            self.fit_columns()
            self._restore()

    def fit_columns(self) -> None:
        """Every column as wide as its heading and the rows shown (after a language switch too:
        "Presiding mediator" is wider than 主持调解员), the case number whole and the others at most
        a ninth of the width each, so the parties column keeps room at large text."""
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.model.set_cut_headings({})  # measured whole, then cut where the column is narrower
        cap = max(self.fontMetrics().horizontalAdvance("0000-00-00") + 24, self.table.viewport().width() // 9)
        for col in range(self.model.columnCount()):
            if col != COL_PARTIES and not self.table.isColumnHidden(col):
                self.table.resizeColumnToContents(col)
                if col != COL_NUMBER:  # never narrower than its heading
                    heading = self.table.horizontalHeader().sectionSizeFromContents(col).width()
                    self.table.setColumnWidth(col, min(self.table.columnWidth(col), max(cap, heading)))
        # Too wide for the view (large text, long headings): the widest columns give way, never the
        # case number; a cut heading or cell ends in "…" and its tooltip gives the whole text.
        fm = self.table.fontMetrics()
        dates = fm.horizontalAdvance(date_text(QDate(2026, 12, 30).toPython())) + 24
        floors = {COL_ACCEPTED: dates, COL_DEADLINE: dates}
        cut = fit_to_view(self.table, COL_PARTIES, (COL_NUMBER,), floors, fm.horizontalAdvance("马福海、韩建国") + 24)
        self.model.set_cut_headings(cut)
        self._fitted_width = self.table.viewport().width()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if (obj is self.table.viewport() and event.type() == QEvent.Type.Resize and self.model.rowCount()
                and self.table.viewport().width() != getattr(self, "_fitted_width", None)):
            self.fit_columns()  # the columns share the new width
        return super().eventFilter(obj, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # larger or smaller text: case numbers stay whole
            self.fit_columns()

    def _update_count(self, *args: object) -> None:
        n = self.model.rowCount()
        if self._error:
            text = self._error
        elif self.model.is_loading and n == 0:
            text = _("Loading…")
        elif self.model.canFetchMore():
            text = ngettext("{n} case shown; scroll down for more", "{n} cases shown; scroll down for more", n).format(n=n)
        else:
            text = ngettext("{n} case", "{n} cases", n).format(n=n)
        indexing = self.model.still_indexing
        if indexing and not self._error:  # imported cases not yet searchable: said, never left out silently
            from mediation_app.domain.search_terms import still_indexing_note

            text += "  " + still_indexing_note(indexing)
        self.count.setText(text)
        self.empty.setVisible(n == 0 and not self.model.is_loading and not self._error)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(
            _("Search: case number, party name, pinyin initials (zw), phone tail, words of the facts")
        )
        self.search.setToolTip(_("Ctrl+F jumps here. Press Enter to search at once."))
        self.status.setItemText(0, _("All statuses"))
        self.status.setItemText(1, _("Open cases"))
        for i in range(2, self.status.count()):
            self.status.setItemText(i, CaseStatus(self.status.itemData(i)).label())
        self.dispute_type.setItemText(0, _("All types"))
        for i in range(1, self.dispute_type.count()):
            self.dispute_type.setItemText(i, DisputeType(self.dispute_type.itemData(i)).label())
        self.mediator.setItemText(0, _("All mediators"))
        self.committee.setItemText(0, _("All committees"))
        self.labels["committee"].setText(_("Comm&ittee"))
        self.risk.setItemText(0, _("Any risk"))
        for i in range(1, self.risk.count()):
            self.risk.setItemText(i, RiskLevel(self.risk.itemData(i)).label())
        self.labels["status"].setText(_("&Status"))
        self.labels["type"].setText(_("T&ype"))
        self.labels["mediator"].setText(_("&Mediator"))
        self.labels["risk"].setText(_("&Risk"))
        self.labels["to"].setText(_("to"))
        self.use_dates.setText(_("Registered from"))
        self.overdue.setText(_("&Overdue only"))
        self.clear.setText(_("Clear filters"))
        self.export.setText(_("E&xport…"))
        self.export.setToolTip(_("Save the cases matching the filters as an Excel workbook or CSV"))
        self.empty.setText(_("No case matches. Check the spelling or clear the filters."))
        self.model.retranslate()
        self.fit_columns()
        self._update_count()
