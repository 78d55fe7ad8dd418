"""A small list model of case-linked items (today's meetings, due deadlines, ledger entries)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from mediation_app.ui.models.case_table import CaseIdRole

_ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Item:
    case_id: Any
    text: str
    detail: str = ""
    urgent: bool = False


class ItemListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Item:
        return self._items[row]

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.text}\n{item.detail}" if item.detail else item.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.detail or item.text
        if role == CaseIdRole:
            return item.case_id
        if role == Qt.ItemDataRole.ForegroundRole and item.urgent:
            return QBrush(QColor("#b42318"))
        return None
