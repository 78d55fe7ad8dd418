"""The case list as a lazily fetched table: keyset pages from the case service, sorted in SQL.

The model never loads the whole list. It asks a ``fetch_page(filter, after, limit)`` callable (the
case service's ``list_cases`` bound to the signed-in actor) for one page at a time; sorting and
filtering change the filter object and start again from the first page. Pages are fetched through
the task runner, so the GUI thread never waits on the database; results of a superseded query
(the user typed another letter) are dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from mediation_app.domain.enums import CaseStatus, DisputeType, RiskLevel, enum_label
from mediation_app.i18n import N_, _
from mediation_app.ui.formatting import date_text
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.theme import RISK_COLOURS

CaseIdRole = Qt.ItemDataRole.UserRole + 1
SortKeyRole = Qt.ItemDataRole.UserRole + 2

COL_NUMBER, COL_PARTIES, COL_TYPE, COL_STATUS, COL_MEDIATOR, COL_ACCEPTED, COL_DEADLINE, COL_RISK, COL_COMMITTEE = (
    range(9))
COLUMNS = (
    (N_("Case number"), "number"),
    (N_("Parties"), None),
    (N_("Dispute type"), None),
    (N_("Status"), "status"),
    (N_("Presiding mediator"), None),
    (N_("Accepted on"), "accepted_on"),
    (N_("Deadline"), "deadline_on"),
    (N_("Risk"), "risk_level"),
    (N_("Committee"), None),  # shown only to an account that sees several committees
)

_ModelIndex = QModelIndex | QPersistentModelIndex


def is_overdue(row: Any) -> bool:
    """The service computes overdue (it knows the rules and today's date)."""
    return bool(row.overdue)


class CaseTableModel(QAbstractTableModel):
    """Read-only lazy table of case rows.

    Signals:
        loading_changed(bool): a page request started (True) or ended (False).
        failed(str): a page could not be loaded; the message is already translated.
    """

    loading_changed = Signal(bool)
    failed = Signal(str)

    def __init__(
        self,
        fetch_page: Callable[[Any, Any, int], Any],
        case_filter: Any,
        runner: TaskRunner,
        *,
        page_size: int = 200,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch_page
        self._filter = case_filter
        self._runner = runner
        self._page_size = page_size
        self._rows: list[Any] = []
        self._next: Any = None
        self.still_indexing = 0  # with a search: imported cases not yet in the search index
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._cut_headings: dict[int, str] = {}  # headings cut to a narrow column ("Presiding m…")

    def set_cut_headings(self, headings: dict[int, str]) -> None:
        if headings != self._cut_headings:
            self._cut_headings = dict(headings)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    # -- query -----------------------------------------------------------------------------------
    @property
    def case_filter(self) -> Any:
        return self._filter

    def set_filter(self, case_filter: Any) -> None:
        """Replace the filter and reload from the first page."""
        self._filter = case_filter
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._next, self._exhausted = [], None, False
        self.still_indexing = 0
        # Marked as loading before the reset ends, so nobody reacting to modelReset can start a
        # second fetch; an older request may still be running, and its answer will be dropped.
        self._loading = True
        self.endResetModel()
        self._start_request()

    def _request(self) -> None:
        if self._loading or self._exhausted:
            return
        self._loading = True
        self._start_request()

    def _start_request(self) -> None:
        self.loading_changed.emit(True)
        generation, flt, after, limit = self._generation, self._filter, self._next, self._page_size
        self._runner.run(
            lambda: self._fetch(flt, after, limit),
            lambda page: self._on_page(generation, page),
            lambda exc: self._on_error(generation, exc),
        )

    def _on_page(self, generation: int, page: Any) -> None:
        if generation != self._generation:  # superseded by a newer query; a newer one is pending
            return
        self._loading = False
        rows = list(page.rows)
        self._next = page.next_key
        self.still_indexing = getattr(page, "still_indexing", 0)
        self._exhausted = self._next is None or len(rows) < self._page_size
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loading_changed.emit(False)

    def _on_error(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = True
        self.loading_changed.emit(False)
        self.failed.emit(getattr(exc, "message", None) or str(exc))

    # -- lazy fetching -----------------------------------------------------------------------------
    def canFetchMore(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: _ModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if not parent.isValid():
            self._request()

    @property
    def is_loading(self) -> bool:
        return self._loading

    # -- sorting in SQL ---------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][1]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        flt = self._filter
        if dataclasses.is_dataclass(flt):
            fields = {f.name for f in dataclasses.fields(flt)}
            changes = {}
            if "sort" in fields:
                changes["sort"] = key
            if "descending" in fields:
                changes["descending"] = descending
            flt = dataclasses.replace(flt, **changes)
        self.set_filter(flt)

    def sort_column(self) -> int:
        key = self._filter.sort
        for i, (_label, k) in enumerate(COLUMNS):
            if k == key:
                return i
        return -1

    # -- table -----------------------------------------------------------------------------------------
    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._cut_headings.get(section) or _(COLUMNS[section][0])
            if role == Qt.ItemDataRole.ToolTipRole:  # the whole heading: a narrow column cuts it
                heading = _(COLUMNS[section][0])
                sort_hint = _("Click to sort by this column")
                return heading if COLUMNS[section][1] is None else f"{heading}\n{sort_hint}"
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def case_id(self, row: int) -> Any:
        return self._rows[row].id

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == CaseIdRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_DEADLINE and is_overdue(row):
                return _("Overdue: the mediation deadline has passed")
            if col == COL_PARTIES:
                return self._display(row, col)
            if col == COL_RISK:
                return _("Risk level: {level}").format(level=self._display(row, col))
            return self._display(row, col) or None  # the whole text of a cell cut to its column
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DEADLINE and is_overdue(row):
            return QBrush(QColor("#b42318"))
        if role == Qt.ItemDataRole.FontRole and col == COL_DEADLINE and is_overdue(row):
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and col == COL_RISK:
            level = row.risk_level or ""
            if level in RISK_COLOURS:
                return QColor(RISK_COLOURS[level])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ACCEPTED, COL_DEADLINE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: Any, col: int) -> str:
        if col == COL_NUMBER:
            return row.number
        if col == COL_PARTIES:  # a search says where it matched: "马福海与李建国 · Facts: …苹果120箱…"
            matched = getattr(row, "matched", "")
            return f"{row.parties} · {matched}" if matched else row.parties
        if col == COL_TYPE:
            return enum_label(row.dispute_type, DisputeType)
        if col == COL_STATUS:
            return enum_label(row.status, CaseStatus)
        if col == COL_MEDIATOR:
            return row.presiding_mediator or _("(not assigned)")
        if col == COL_ACCEPTED:
            return date_text(row.accepted_on)
        if col == COL_DEADLINE:
            return date_text(row.deadline_on)
        if col == COL_COMMITTEE:
            return row.committee
        if col == COL_RISK:
            return enum_label(row.risk_level, RiskLevel)
        return ""

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
