"""Records changed at both ends, side by side field by field: keep ours, take theirs, or tick the
fields to take from theirs (a merge). The choice is audited and travels back with the next bundle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import _
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import role_label, show_error
from mediation_app.ui.widgets.screen_fit import fit_to_screen

AnyIndex = QModelIndex | QPersistentModelIndex


class ConflictListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self.items[index.row()]
        kind = _("changed at both ends") if c.kind == "changed" else _("deleted there, changed here")
        return f"{c.case_number or '-'} · {c.record_label} · {kind}"


class FieldDiffModel(QAbstractTableModel):
    """Columns: field, ours, theirs; a field that differs can be ticked to take theirs."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.fields: list[Any] = []
        self.take: set[str] = set()

    def set_fields(self, fields: tuple[Any, ...]) -> None:
        self.beginResetModel()
        self.fields = list(fields)
        self.take = set()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.fields)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Field"), _("Ours (this site)"), _("Theirs (tick to take)"))[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 2 and self.fields[index.row()].differs:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.fields[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f.label, f.local, f.incoming)[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 2 and f.differs:
            return Qt.CheckState.Checked if f.name in self.take else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and f.differs:
            return QBrush(QColor("#fff2cc"))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 2:
            return False
        name = self.fields[index.row()].name
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        (self.take.add if checked else self.take.discard)(name)
        self.dataChanged.emit(index, index, [role])
        return True


class ConflictsDialog(Retranslating, QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc, self.actor, self.runner = services, actor, runner
        self.list_model = ConflictListModel(self)
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.fields = FieldDiffModel(self)
        self.table = QTableView()
        self.table.setModel(self.fields)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.list.selectionModel().currentChanged.connect(self._show)
        self.hint = role_label("", "muted")
        self.keep_ours = QPushButton()
        self.take_theirs = QPushButton()
        self.merge = QPushButton()
        self.keep_ours.clicked.connect(lambda: self._resolve("local"))
        self.take_theirs.clicked.connect(lambda: self._resolve("incoming"))
        self.merge.clicked.connect(lambda: self._resolve("merge"))
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.table)
        split.setStretchFactor(1, 3)
        row = QHBoxLayout()
        for b in (self.keep_ours, self.take_theirs, self.merge):
            row.addWidget(b)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(split, 1)
        lay.addLayout(row)
        lay.addWidget(buttons)
        fit_to_screen(self, 1100, 640)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Hand-over conflicts"))
        self.hint.setText(_("The same record was changed here and at the other site. Nothing was overwritten: "
                            "choose which version stands, or tick the fields to take from theirs."))
        self.keep_ours.setText(_("Keep ours"))
        self.take_theirs.setText(_("Take theirs"))
        self.merge.setText(_("Take the ticked fields"))

    def reload(self) -> None:
        self.runner.run(lambda: self.svc.handover.conflicts(self.actor), self._loaded, lambda e: show_error(self, e))

    def _loaded(self, items: list[Any]) -> None:
        self.list_model.set_items(items)
        self.fields.set_fields(())
        if items:
            self.list.setCurrentIndex(self.list_model.index(0, 0))
        for b in (self.keep_ours, self.take_theirs, self.merge):
            b.setEnabled(bool(items))

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.fields.set_fields(self.list_model.items[current.row()].fields)
            self.table.resizeRowsToContents()

    def _resolve(self, keep: str) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        conflict = self.list_model.items[index.row()]
        fields = {name: "incoming" for name in self.fields.take} if keep == "merge" else None
        self.runner.run(lambda: self.svc.handover.resolve(self.actor, conflict.id, keep=keep, fields=fields),
                        lambda _r: self.reload(), lambda e: show_error(self, e), write=True)
