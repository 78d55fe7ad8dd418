"""The statistics report as a Qt table laid out like the form: committees down (the vertical
header, so the names stay in view), the form's columns across, under a header that draws the
form's merged headings: the column group, the heading (with its sub-heading) and the unit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QHeaderView, QWidget

from mediation_app.i18n import _, pgettext
from mediation_app.services.stats.model import Column, RowKind, StatsReport, Unit, format_value

_Index = QModelIndex | QPersistentModelIndex
BandsRole = Qt.ItemDataRole.UserRole + 30  # (group key, group title, heading, sub-heading, unit) of a column
CellRole = Qt.ItemDataRole.UserRole + 31  # (row key, column key) of a cell


def unit_text(unit: Unit) -> str:
    """The form's unit words (件 / 人 / 万元 / 次) in the interface language."""
    return {Unit.CASES: pgettext("statistics unit", "cases"), Unit.PERSONS: pgettext("statistics unit", "persons"),
            Unit.WAN_YUAN: pgettext("statistics unit", "10k yuan"),
            Unit.ROUNDS: pgettext("statistics unit", "times")}[unit]


class StatsTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._report: StatsReport | None = None
        self._columns: tuple[Column, ...] = ()
        self._groups: list[tuple[str, str]] = []

    @property
    def report(self) -> StatsReport | None:
        return self._report

    def set_report(self, report: StatsReport | None) -> None:
        self.beginResetModel()
        self._report = report
        self._columns = report.columns if report else ()
        self._groups = [(g.key, g.title) for g in (report.groups if report else ()) for _c in g.columns]
        self.endResetModel()

    def column_at(self, column: int) -> Column:
        return self._columns[column]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self._report is None else len(self._report.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self._report is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._report.rows):
                return None
            row = self._report.rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return row.label
            if role == Qt.ItemDataRole.FontRole and row.kind is not RowKind.COMMITTEE:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{col.heading} {col.subheading}".strip()
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [self._groups[section][1], col.heading, col.subheading, unit_text(col.unit)]
            code = f" [{col.export_code}]" if col.code else ""
            return " / ".join(p for p in parts if p) + code
        if role == BandsRole:
            key, title = self._groups[section]
            return (key, title, col.heading, col.subheading, unit_text(col.unit))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        report = self._report
        if report is None or not index.isValid():
            return None
        if not 0 <= index.row() < len(report.rows) or not 0 <= index.column() < len(self._columns):
            return None
        row, col = report.rows[index.row()], self._columns[index.column()]
        value = report.value(row.key, col.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, col.unit)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{row} · {column}: click to list what this number counts").format(
                row=row.label, column=f"{col.heading} {col.subheading}".strip()) if value else None
        if role == Qt.ItemDataRole.FontRole and row.kind is not RowKind.COMMITTEE:
            font = QFont()
            font.setBold(True)
            return font
        if role == CellRole:
            return (row.key, col.key)
        return None


class FormHeaderView(QHeaderView):
    """A horizontal header of four bands: the column group, the heading, the sub-heading and the
    unit. Neighbouring columns with the same group (or the same heading) share one merged box; a
    heading without sub-heading fills both middle bands."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setDefaultSectionSize(max(72, self.fontMetrics().horizontalAdvance("中中中中中") + 12))
        self.setMinimumSectionSize(48)

    def _bands(self, logical: int) -> tuple[str, str, str, str, str] | None:
        model = self.model()
        if model is None or not 0 <= logical < model.columnCount():
            return None
        bands = model.headerData(logical, Qt.Orientation.Horizontal, BandsRole)
        return bands if isinstance(bands, tuple) else None

    def _heights(self) -> tuple[int, int, int, int]:
        line = self.fontMetrics().height()
        return line + 10, line * 4 + 6, line + 6, line + 6

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        hint.setHeight(sum(self._heights()))
        return hint

    def _span(self, logical: int, same: Any) -> tuple[int, int]:
        first = last = logical
        while first > 0 and same(first - 1):
            first -= 1
        count = self.model().columnCount() if self.model() else 0
        while last + 1 < count and same(last + 1):
            last += 1
        return first, last

    def _span_rect(self, first: int, last: int, top: int, height: int) -> QRect:
        left = self.sectionViewportPosition(first)
        right = self.sectionViewportPosition(last) + self.sectionSize(last)
        return QRect(left, top, right - left, height)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802
        bands = self._bands(logical)
        if bands is None:
            super().paintSection(painter, rect, logical)
            return
        key, title, heading, sub, unit = bands
        h_group, h_head, h_sub, h_unit = self._heights()
        painter.save()
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
        text_pen = QPen(palette.color(QPalette.ColorRole.ButtonText))
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

        def box(r: QRect, text: str, bold: bool = False) -> None:
            painter.fillRect(r, palette.color(QPalette.ColorRole.Button))
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
            painter.drawRect(r.adjusted(0, 0, -1, -1))
            painter.setPen(text_pen)
            font = painter.font()
            font.setBold(bold)
            painter.setFont(font)
            painter.drawText(r.adjusted(3, 1, -3, -1), flags, text)

        def bands_of(i: int) -> tuple[str, str, str, str, str] | None:
            return self._bands(i)

        first, last = self._span(logical, lambda i: (b := bands_of(i)) is not None and b[0] == key)
        box(self._span_rect(first, last, 0, h_group), title, bold=True)
        same_heading = lambda i: (b := bands_of(i)) is not None and b[0] == key and b[2] == heading  # noqa: E731
        first, last = self._span(logical, same_heading)
        if sub:
            box(self._span_rect(first, last, h_group, h_head), heading)
            box(QRect(rect.left(), h_group + h_head, rect.width(), h_sub), sub)
        else:
            box(self._span_rect(first, last, h_group, h_head + h_sub), heading)
        box(QRect(rect.left(), h_group + h_head + h_sub, rect.width(), h_unit), unit)
        painter.restore()
