"""The centre's board: one row per committee (and a total), one column per kind of work; every
number opens the list behind it (the case list filtered to exactly those cases, or the items)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import DisputeType, ReferralStatus, RiskLevel, enum_label
from mediation_app.i18n import N_, _, ngettext
from mediation_app.services.board import CASE_MEASURES, MEASURES, Board, BoardRow
from mediation_app.ui.events import CASE_DATA, AppEvents, ChangeKind, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.base import table_view

_Index = QModelIndex | QPersistentModelIndex
MEASURE_KEYS = tuple(MEASURES)
WARN = {"overdue_cases", "overdue_items", "red", "warnings", "referrals_overdue", "ledger_overdue"}


class BoardModel(QAbstractTableModel):
    """Committees down, measures across; the last row is the total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BoardRow] = []

    def set_board(self, board: Board) -> None:
        self.beginResetModel()
        self._rows = [*board.rows, board.total]
        self.endResetModel()

    def row_at(self, row: int) -> BoardRow:
        return self._rows[row]

    @staticmethod
    def measure_at(column: int) -> str | None:
        return MEASURE_KEYS[column - 1] if 1 <= column <= len(MEASURE_KEYS) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 1 + len(MEASURE_KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            measure = self.measure_at(section)
            return _("Committee") if measure is None else _(MEASURES[measure])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < self.columnCount():
            return None
        row = self._rows[index.row()]
        measure = self.measure_at(index.column())
        value = None if measure is None else row.value(measure)
        total = row.committee_id is None
        if role == Qt.ItemDataRole.DisplayRole:
            if measure is None:
                return row.committee
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if measure is not None and value and not total:
                return _("Click to list them")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and measure is not None:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and measure in WARN and value:
            return QBrush(QColor("#b42318"))
        if role == Qt.ItemDataRole.FontRole and (total or (measure is not None and value and not total)):
            font = QFont()
            font.setBold(total)
            font.setUnderline(bool(measure is not None and value and not total))
            return font
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)


REFERRAL_COLUMNS = (
    Column(N_("Slip"), lambda r: r.number),
    Column(N_("Department"), lambda r: r.to_department),
    Column(N_("Issued on"), lambda r: date_text(r.issued_on)),
    Column(N_("Deadline"), lambda r: date_text(r.deadline), urgent=lambda r: bool(r.deadline and r.overdue_flag)),
    Column(N_("Status"), lambda r: enum_label(r.status, ReferralStatus)),
    Column(N_("Reason"), lambda r: r.reason),
)
DUE_COLUMNS = (
    Column(N_("Due on"), lambda d: date_text(d.due_on), urgent=lambda d: d.overdue),
    Column(N_("Case"), lambda d: d.case_number),
    Column(N_("What is due"), lambda d: d.message),
)
LEDGER_COLUMNS = (
    Column(N_("Screened on"), lambda i: date_text(i.screened_on)),
    Column(N_("Area"), lambda i: i.area),
    Column(N_("Parties"), lambda i: i.parties_text),
    Column(N_("Dispute type"), lambda i: enum_label(i.dispute_type, DisputeType)),
    Column(N_("Risk"), lambda i: enum_label(i.risk_level, RiskLevel)),
    Column(N_("Deadline"), lambda i: date_text(i.deadline), urgent=lambda i: i.overdue),
)


class _Flagged:
    """A referral view with its overdue flag (the board's day), for the list's red deadline."""

    def __init__(self, view: Any, today: Any) -> None:
        self._view = view
        self.overdue_flag = bool(view.deadline and view.deadline < today)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)


class ItemListDialog(QDialog):
    """The items behind a board number that are not cases; a row with a case opens it."""

    case_activated = Signal(object)

    def __init__(self, title: str, columns: tuple[Column, ...], rows: list[Any], parent: QWidget | None = None,
                 note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.model = RecordTableModel(columns, self)
        self.model.set_rows(rows)
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(ngettext("{n} item", "{n} items", len(rows)).format(n=len(rows)) + note, "muted"))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 960, 560)

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        case_id = getattr(row, "case_id", None)
        if case_id is not None:
            self.case_activated.emit(case_id)


class BoardView(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    show_cases(object, str): list exactly these cases (a CaseFilter) under this caption.
    case_activated(object): open one case.
    """

    show_cases = Signal(object, str)
    case_activated = Signal(object)
    watched = CASE_DATA | {ChangeKind.LEDGER, ChangeKind.SCREENING, ChangeKind.COMMITTEE}

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.title = role_label("", "title", wrap=False)
        self.as_of = role_label("", "muted", wrap=False)
        self.model = BoardModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(self.fontMetrics().height() * 4 + 10)
        self.view.clicked.connect(self.open_cell)
        self.view.activated.connect(self.open_cell)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.message = FieldMessage()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.as_of)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        from mediation_app.ui.ladder_results import LevelResults
        from mediation_app.ui.ladder_watch import LadderWatch

        self.ladder_watch = LadderWatch(services, actor, runner, events, self)  # to escalate, slips to press
        self.ladder_watch.case_activated.connect(self.case_activated.emit)
        lower = QHBoxLayout()
        lower.addWidget(self.ladder_watch, 2)
        lower.addWidget(LevelResults(services, actor, runner, self), 1)
        layout.addLayout(lower)
        self._board: Board | None = None
        self.watch(events)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self._runner.run(lambda: self._svc.board.board(self._actor), self._show,
                         lambda e: self.message.show_issues([error_text(e)]))

    def _show(self, board: Board) -> None:
        self._board = board
        self.model.set_board(board)
        self.message.show_issues([])
        self.as_of.setText(_("as of {date}").format(date=date_text(board.on)))

    def open_cell(self, index: QModelIndex) -> None:
        """Open what is behind the number at ``index`` (nothing for a zero, a name or the total)."""
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        measure = self.model.measure_at(index.column())
        if measure is None or row.committee_id is None or not row.value(measure):
            return
        caption = _("{committee}: {what} ({n})").format(committee=row.committee, what=_(MEASURES[measure]),
                                                        n=row.value(measure))
        committee_id = row.committee_id
        if measure in CASE_MEASURES:
            self.show_cases.emit(self._svc.board.case_filter(committee_id, measure), caption)
        elif measure == "overdue_items":
            self._runner.run(lambda: self._svc.board.overdue_items(self._actor, committee_id, limit=1000),
                             lambda page: self._list(caption, DUE_COLUMNS, list(page.items), page.total),
                             lambda e: self.message.show_issues([error_text(e)]))
        elif measure in ("referrals_waiting", "referrals_overdue"):
            today = self._board.on if self._board else None

            def shown(views: list[Any]) -> None:
                rows = [_Flagged(v, today) for v in views]
                if measure == "referrals_overdue":
                    rows = [r for r in rows if r.overdue_flag]
                self._list(caption, REFERRAL_COLUMNS, rows, len(rows))

            self._runner.run(lambda: self._svc.board.referrals_waiting(self._actor, committee_id), shown,
                             lambda e: self.message.show_issues([error_text(e)]))
        elif measure == "warnings":
            from mediation_app.ui.warnings import WARNING_COLUMNS

            self._runner.run(lambda: self._svc.warnings.open_page(self._actor, limit=1000, committee_id=committee_id),
                             lambda page: self._list(caption, WARNING_COLUMNS, list(page.items), page.total),
                             lambda e: self.message.show_issues([error_text(e)]))
        elif measure == "to_route":
            self._runner.run(lambda: self._svc.board.to_route_filter(self._actor, committee_id),
                             lambda flt: self.show_cases.emit(flt, caption),
                             lambda e: self.message.show_issues([error_text(e)]))
        elif measure == "ledger_overdue":
            self._runner.run(lambda: self._svc.board.ledger_overdue(self._actor, committee_id),
                             lambda items: self._list(caption, LEDGER_COLUMNS, items, len(items)),
                             lambda e: self.message.show_issues([error_text(e)]))

    def _list(self, caption: str, columns: tuple[Column, ...], rows: list[Any], total: int) -> None:
        note = "" if total <= len(rows) else " " + _("(the first {shown} of {total}; the command line lists all)").format(
            shown=len(rows), total=total)
        dialog = ItemListDialog(caption, columns, rows, self, note)
        dialog.case_activated.connect(self.case_activated.emit)
        self.last_dialog = dialog
        dialog.open()

    def retranslate(self) -> None:
        self.title.setText(_("Centre board"))
        self.refresh_button.setText(_("&Refresh"))
        if self._board is not None:
            self.as_of.setText(_("as of {date}").format(date=date_text(self._board.on)))
        self.model.retranslate()
