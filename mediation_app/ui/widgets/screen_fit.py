"""Windows sized from the screen they open on, never from fixed large numbers.

Office PCs are mostly 1366×768 and 1280×800 laptops, often with large text: every window and dialog
asks for the size it would like and gets at most what the screen's available area (without the task
bar) holds, minus a margin for the window frame. ``fit_to_screen`` is the one place that decides it;
every window calls it when built, and it is applied again to every open window when the text size
changes (``refit_windows``), so nothing ever opens or grows past the edge of the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediation_app.ui.theme import BASE_POINT_SIZE

FRAME_MARGIN = QSize(16, 40)  # room for the title bar and borders the window manager adds

_declared: QRect | None = None


def declare_available_geometry(rect: QRect | None) -> None:
    """Use ``rect`` as the screen's available area instead of asking the screen (tests, screenshots)."""
    global _declared
    _declared = QRect(rect) if rect is not None else None


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The available area of the screen ``widget`` is on (the primary screen when it has none)."""
    if _declared is not None:
        return QRect(_declared)
    screen = None
    if widget is not None:
        handle = widget.window().windowHandle()
        screen = handle.screen() if handle is not None else widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


def budget(widget: QWidget | None = None) -> QSize:
    """The largest client size a window may take on its screen."""
    area = available_geometry(widget)
    return QSize(max(320, area.width() - FRAME_MARGIN.width()), max(240, area.height() - FRAME_MARGIN.height()))


def fit_to_screen(window: QWidget, width: int | None = None, height: int | None = None, *,
                  share: float = 1.0) -> QSize:
    """Size ``window`` to ``width``×``height`` (its current size when omitted), at most ``share`` of the
    available screen, never below what the screen holds; keep it on the screen. Returns the size."""
    room = budget(window)
    max_w, max_h = int(room.width() * share), int(room.height() * share)
    # Sizes are asked for at normal text; larger text asks for proportionally more (the screen caps it).
    grow = max(1.0, QApplication.font().pointSizeF() / BASE_POINT_SIZE) if width or height else 1.0
    want_w = int(width * grow) if width is not None else window.width()
    want_h = int(height * grow) if height is not None else window.height()
    # A minimum larger than the screen would push the window past the edge: cap it.
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(min(minimum.width(), room.width()), min(minimum.height(), room.height()))
    size = QSize(max(1, min(want_w, max_w)), max(1, min(want_h, max_h)))
    window.resize(size)
    keep_on_screen(window)
    return window.size()


def keep_on_screen(window: QWidget) -> None:
    """Move a top-level window back inside the available area when part of it hangs off the edge."""
    if not window.isWindow():
        return
    area = available_geometry(window)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() + 1 - frame.width()))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def shrink_to_screen(window: QWidget) -> None:
    """Bring a window that grew past the screen (larger text, a long line) back inside it."""
    room = budget(window)
    if window.width() > room.width() or window.height() > room.height():
        fit_to_screen(window)
    else:
        keep_on_screen(window)


def compact_forms(root: QWidget, chars: int = 10) -> None:
    """Forms under ``root`` that fit a 1280-px screen at large text: drop-down lists ask for room for
    ``chars`` characters, not for their longest entry (the open list still shows every entry in full,
    a wider window gives them more room), and a form's labels go above its fields when a row is too
    long for both side by side."""
    for form in root.findChildren(QFormLayout):
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    for combo in root.findChildren(QComboBox):
        if combo.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)


def scroll_contents(page: QWidget) -> QScrollArea:
    """Move ``page``'s layout into a scroll area filling the page: a long form scrolls inside its window
    instead of making the window taller than the screen. Returns the scroll area."""
    inner = QWidget()
    inner.setLayout(page.layout())  # Qt takes the layout (and its widgets) over from the page
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return area


class StackWhenNarrow(QObject):
    """Lays the items of ``layout`` (a box layout of ``owner``) side by side while they fit the width the
    owner is shown in, one below the other when they do not (large text on a 1280-px screen): nothing is
    cut at the side or needs scrolling sideways."""

    def __init__(self, owner: QWidget, layout: QBoxLayout, margin: int = 48) -> None:
        super().__init__(owner)
        self._owner, self._layout, self._margin = owner, layout, margin
        self._watched: QWidget | None = None
        owner.installEventFilter(self)

    def _needed(self) -> int:
        total = self._margin
        for i in range(self._layout.count()):
            item = self._layout.itemAt(i)
            widget = item.widget()
            if isinstance(widget, QScrollArea) and widget.widget() is not None:
                total += widget.widget().minimumSizeHint().width()
            elif widget is not None:
                total += widget.minimumSizeHint().width()
            else:
                total += item.minimumSize().width()
        return total

    def _available(self) -> int:
        w = self._owner.parentWidget()
        while w is not None and not w.isWindow():
            parent = w.parentWidget()
            if isinstance(parent, QAbstractScrollArea) and w is parent.viewport():
                if self._watched is not w:
                    self._watched = w
                    w.installEventFilter(self)
                return w.width()
            w = parent
        return self._owner.width()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            wide = self._available() >= self._needed()
            direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            if self._layout.direction() != direction:
                self._layout.setDirection(direction)
        return False


class _ColumnsOrRows(QScrollArea):
    """Holds a box layout's items: asks for the room they take, as much of it as the screen has, and
    scrolls down when they are taller than that; with ``columns``, side by side when the screen is wide
    enough for them, else one below the other."""

    def __init__(self, columns: bool) -> None:
        super().__init__()
        self._columns = columns

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        inner = self.widget()
        layout = inner.layout() if inner is not None else None
        if inner is None or not isinstance(layout, QBoxLayout):
            return super().sizeHint()
        room = budget(self)
        if self._columns:
            side_by_side = sum(layout.itemAt(i).sizeHint().width() for i in range(layout.count()))
            side_by_side += layout.spacing() * max(0, layout.count() - 1)
            direction = (QBoxLayout.Direction.LeftToRight if side_by_side + 4 <= room.width() - 48
                         else QBoxLayout.Direction.TopToBottom)
            if layout.direction() != direction:
                layout.setDirection(direction)
        want = inner.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()  # room for it, should the contents scroll
        return QSize(min(want.width() + bar + 4, room.width() - 48), want.height() + 4)  # the window is capped

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As wide as its contents need at least (it never scrolls sideways), as short as it likes."""
        inner, base = self.widget(), super().minimumSizeHint()
        if inner is None:
            return base
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(min(inner.minimumSizeHint().width() + bar + 4, budget(self).width() - 48), base.height())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.widget() and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.FontChange):
            self.updateGeometry()  # its contents changed (fields added after the dialog was built, text size)
        return super().eventFilter(obj, event)


def columns_or_rows(layout: QBoxLayout, *, columns: bool = True) -> QScrollArea:
    """``layout``'s items (the columns of a dialog) side by side when the screen is wide enough, one
    below the other when it is not (large text on a 1280-px screen), in a scroll area that scrolls down
    when they are taller than the screen (``columns`` False: a column that only scrolls). Returns the
    scroll area to place in the dialog; :func:`fit_on_first_show` then sizes the dialog to it."""
    body = QWidget()
    body.setLayout(layout)
    layout.setContentsMargins(0, 0, 0, 0)
    area = _ColumnsOrRows(columns)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    body.installEventFilter(area)
    return area


class _FirstShow(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget):
            obj.removeEventFilter(self)
            hint, room = obj.sizeHint(), budget(obj)
            obj.resize(min(hint.width(), room.width()), min(hint.height(), room.height()))
            keep_on_screen(obj)
        return False


def fit_on_first_show(window: QWidget) -> None:
    """When ``window`` is first shown: as large as its contents ask, as much of it as the screen has
    (Qt alone would cap a dialog at two thirds of the screen, or grow it past a short one)."""
    window.installEventFilter(_FirstShow(window))


def refit_windows(app: QApplication) -> None:
    """After the text size changed: every visible window and dialog back inside its screen."""
    for widget in app.topLevelWidgets():
        if widget.isVisible() and isinstance(widget, (QDialog, QMainWindow)):
            shrink_to_screen(widget)
