"""Editable models of the agreement editor: numbered terms and instalments (obligations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from mediation_app.i18n import N_, _
from mediation_app.ui.formatting import date_text, money_text, parse_money

_ModelIndex = QModelIndex | QPersistentModelIndex


class TermListModel(QAbstractListModel):
    """Numbered agreement terms; shown as "1. …", edited as plain text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []

    def terms(self) -> tuple[str, ...]:
        return tuple(t for t in self._terms if t.strip())

    def set_terms(self, terms: tuple[str, ...] | list[str]) -> None:
        self.beginResetModel()
        self._terms = list(terms)
        self.endResetModel()

    def add(self, text: str = "") -> QModelIndex:
        row = len(self._terms)
        self.beginInsertRows(QModelIndex(), row, row)
        self._terms.append(text)
        self.endInsertRows()
        return self.index(row)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._terms):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._terms[row]
            self.endRemoveRows()
            if row < len(self._terms):
                self.dataChanged.emit(self.index(row), self.index(len(self._terms) - 1))

    def move(self, row: int, step: int) -> int:
        target = row + step
        if not (0 <= row < len(self._terms) and 0 <= target < len(self._terms)):
            return row
        dest = target + 1 if step > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self._terms.insert(target, self._terms.pop(row))
        self.endMoveRows()
        lo, hi = min(row, target), max(row, target)
        self.dataChanged.emit(self.index(lo), self.index(hi))
        return target

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._terms)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._terms):
            return None
        text = self._terms[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {text}" if text else f"{index.row() + 1}. " + _("(double-click to write)")
        if role == Qt.ItemDataRole.EditRole:
            return text
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._terms[index.row()] = str(value).strip()
        self.dataChanged.emit(index, index)
        return True


@dataclass(frozen=True)
class Instalment:
    obligor_link_id: Any
    obligor_name: str
    obligee_link_id: Any
    obligee_name: str
    amount_fen: int | None
    due_on: dt.date | None
    description: str = ""
    performed_fen: int = 0


def build_instalments(total_fen: int, count: int, first_due: dt.date, months_apart: int,
                      obligor: tuple[Any, str], obligee: tuple[Any, str] | None, description: str = "") -> list[Instalment]:
    """Split ``total_fen`` into ``count`` instalments; the remainder of the division goes to the last."""
    from mediation_app.domain.deadlines import add_months

    if count < 1 or total_fen <= 0:
        return []
    base = total_fen // count
    out = []
    for i in range(count):
        amount = base if i < count - 1 else total_fen - base * (count - 1)
        out.append(Instalment(obligor[0], obligor[1], obligee[0] if obligee else None, obligee[1] if obligee else "",
                              amount, add_months(first_due, i * months_apart), description))
    return out


COL_SEQ, COL_OBLIGOR, COL_OBLIGEE, COL_WHAT, COL_AMOUNT, COL_DUE, COL_PAID = range(7)
INSTALMENT_HEADERS = (N_("No."), N_("Who pays"), N_("To whom"), N_("What"), N_("Amount"), N_("Due on"), N_("Paid"))


class InstalmentTableModel(QAbstractTableModel):
    """Instalments of the agreement; amount, due date and description are edited in place."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Instalment] = []

    def instalments(self) -> tuple[Instalment, ...]:
        return tuple(self._rows)

    def set_instalments(self, rows: list[Instalment]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def total_fen(self) -> int:
        return sum(r.amount_fen or 0 for r in self._rows)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(INSTALMENT_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(INSTALMENT_HEADERS):
            return _(INSTALMENT_HEADERS[section])
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                COL_SEQ: str(index.row() + 1), COL_OBLIGOR: r.obligor_name, COL_OBLIGEE: r.obligee_name,
                COL_WHAT: r.description, COL_AMOUNT: money_text(r.amount_fen), COL_DUE: date_text(r.due_on),
                COL_PAID: money_text(r.performed_fen) if r.performed_fen else "",
            }.get(col, "")
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_AMOUNT:
                return "" if r.amount_fen is None else f"{r.amount_fen // 100}.{r.amount_fen % 100:02d}"
            if col == COL_DUE:
                return r.due_on.isoformat() if r.due_on else ""
            if col == COL_WHAT:
                return r.description
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_AMOUNT, COL_PAID):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_WHAT, COL_AMOUNT, COL_DUE):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        r, col, text = self._rows[index.row()], index.column(), str(value).strip()
        if col == COL_AMOUNT:
            fen = parse_money(text)
            if fen is None or fen <= 0:
                return False
            r = replace(r, amount_fen=fen)
        elif col == COL_DUE:
            try:
                r = replace(r, due_on=dt.date.fromisoformat(text))
            except ValueError:
                return False
        elif col == COL_WHAT:
            r = replace(r, description=text)
        else:
            return False
        self._rows[index.row()] = r
        self.dataChanged.emit(index, index)
        return True

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(INSTALMENT_HEADERS) - 1)
