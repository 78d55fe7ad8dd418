"""The statistics charts, drawn with QPainter: the monthly trend of cases mediated and resolved,
the mix by dispute type, and the success and performance rates."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mediation_app.i18n import _
from mediation_app.services.stats_charts import ChartData

MEDIATED = QColor("#2f6fb3")
RESOLVED = QColor("#2e8b57")
BARS = QColor("#c07a2c")
MAX_TYPES = 10


def _nice_max(value: int) -> int:
    """A round top for an axis (1, 2, 5 × 10ⁿ) at or above ``value``."""
    top = 1
    while True:
        for step in (1, 2, 5):
            if step * top >= value:
                return max(1, step * top)
        top *= 10


class ChartsWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ChartData | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(260)

    def set_data(self, data: ChartData | None) -> None:
        self._data = data
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 420)

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        data = self._data
        if data is None:
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), _("Choose a period and show the report."))
            return
        w, h = self.width(), self.height()
        gap = 16
        left = QRectF(gap, gap, w * 0.55 - 1.5 * gap, h - 2 * gap)
        right_top = QRectF(w * 0.55 + gap / 2, gap, w * 0.45 - 1.5 * gap, (h - 3 * gap) * 0.62)
        right_bottom = QRectF(right_top.left(), right_top.bottom() + gap, right_top.width(), (h - 3 * gap) * 0.38)
        self._trend(painter, left, data)
        self._types(painter, right_top, data)
        self._rates(painter, right_bottom, data)

    def _frame(self, painter: QPainter, rect: QRectF, title: str) -> QRectF:
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid)))
        painter.drawRect(rect)
        fm = self.fontMetrics()
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect.adjusted(8, 4, -8, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), title)
        font.setBold(False)
        painter.setFont(font)
        return rect.adjusted(8, fm.height() + 10, -8, -8)

    def _trend(self, painter: QPainter, rect: QRectF, data: ChartData) -> None:
        inner = self._frame(painter, rect, _("Cases mediated and resolved, by month"))
        fm = self.fontMetrics()
        months = data.months
        top = _nice_max(max([m.mediated for m in months] + [m.resolved for m in months] + [1]))
        axis_w = fm.horizontalAdvance(str(top)) + 8
        legend_h = fm.height() + 6
        plot = QRectF(inner.left() + axis_w, inner.top() + legend_h, inner.width() - axis_w - 4,
                      inner.height() - legend_h - fm.height() - 6)
        grid = QPen(self.palette().color(QPalette.ColorRole.Midlight))
        text = self.palette().color(QPalette.ColorRole.Text)
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(inner.left(), y - fm.height() / 2, axis_w - 4, fm.height()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(top * i // 4))
        n = len(months)
        step = plot.width() / max(n, 1)

        def x(i: int) -> float:
            return plot.left() + step * (i + 0.5)

        def y(v: int) -> float:
            return plot.bottom() - plot.height() * v / top

        for i, m in enumerate(months):
            painter.setPen(text)
            painter.drawText(QRectF(x(i) - step / 2, plot.bottom() + 3, step, fm.height()),
                             int(Qt.AlignmentFlag.AlignCenter), _("{month}/{year}").format(month=m.month, year=m.year % 100)
                             if n <= 3 else str(m.month))
        for color, values in ((MEDIATED, [m.mediated for m in months]), (RESOLVED, [m.resolved for m in months])):
            pen = QPen(color, 2.2)
            painter.setPen(pen)
            path = QPainterPath()
            for i, v in enumerate(values):
                point = QPointF(x(i), y(v))
                path.moveTo(point) if i == 0 else path.lineTo(point)
            painter.drawPath(path)
            painter.setBrush(color)
            for i, v in enumerate(values):
                painter.drawEllipse(QPointF(x(i), y(v)), 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        lx = plot.left()
        for color, label in ((MEDIATED, _("Cases mediated")), (RESOLVED, _("Cases resolved"))):
            painter.fillRect(QRectF(lx, inner.top() + 4, 14, fm.height() - 6), color)
            painter.setPen(text)
            painter.drawText(QPointF(lx + 18, inner.top() + fm.ascent()), label)
            lx += 30 + fm.horizontalAdvance(label)

    def _types(self, painter: QPainter, rect: QRectF, data: ChartData) -> None:
        inner = self._frame(painter, rect, _("Cases by type of dispute"))
        fm = self.fontMetrics()
        text = self.palette().color(QPalette.ColorRole.Text)
        types = list(data.types[:MAX_TYPES])
        rest = sum(v for _label, v in data.types[MAX_TYPES:])
        if rest:
            types.append((_("Other types"), rest))
        if not types:
            painter.setPen(text)
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignCenter), _("No cases in this period."))
            return
        top = max(v for _label, v in types)
        label_w = min(inner.width() * 0.45, max(fm.horizontalAdvance(label) for label, _v in types) + 8)
        row_h = min(fm.height() + 6, inner.height() / len(types))
        for i, (label, value) in enumerate(types):
            yy = inner.top() + i * row_h
            painter.setPen(text)
            painter.drawText(QRectF(inner.left(), yy, label_w - 6, row_h),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 6)))
            bar_w = (inner.width() - label_w - fm.horizontalAdvance("00000") - 6) * value / top
            painter.fillRect(QRectF(inner.left() + label_w, yy + 3, bar_w, row_h - 6), BARS)
            painter.drawText(QRectF(inner.left() + label_w + bar_w + 4, yy, 80, row_h),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(value))

    def _rates(self, painter: QPainter, rect: QRectF, data: ChartData) -> None:
        inner = self._frame(painter, rect, _("Success and performance rates"))
        fm = self.fontMetrics()
        text = self.palette().color(QPalette.ColorRole.Text)
        rows = ((_("Success rate"), data.success_rate, RESOLVED), (_("Performance rate"), data.performance_rate, MEDIATED))
        label_w = max(fm.horizontalAdvance(label) for label, _v, _c in rows) + 10
        row_h = min(fm.height() + 10, inner.height() / 2)
        for i, (label, value, color) in enumerate(rows):
            yy = inner.top() + i * row_h
            painter.setPen(text)
            painter.drawText(QRectF(inner.left(), yy, label_w - 6, row_h),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
            track = QRectF(inner.left() + label_w, yy + 4, inner.width() - label_w - fm.horizontalAdvance("100.00%") - 8,
                           row_h - 8)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid)))
            painter.drawRect(track)
            if value is not None:
                painter.fillRect(QRectF(track.left(), track.top(), track.width() * float(value) / 100, track.height()),
                                 color)
            painter.setPen(text)
            painter.drawText(QRectF(track.right() + 4, yy, 90, row_h),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             "—" if value is None else f"{value}%")
