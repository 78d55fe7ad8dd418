"""Windows sized from the screen they open on, never from fixed large numbers.

Office PCs are mostly 1366×768 and 1280×800 laptops, often with large text: every window and dialog
asks for the size it would like and gets at most what the screen's available area (without the task
bar) holds, minus a margin for the window frame. ``fit_to_screen`` is the one place that decides it;
every window calls it when built, and it is applied again to every open window when the text size
changes (``refit_windows``), so nothing ever opens or grows past the edge of the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMainWindow, QWidget

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
    want_w = width if width is not None else window.width()
    want_h = height if height is not None else window.height()
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


def compact_choices(root: QWidget, chars: int = 10) -> None:
    """Drop-down lists under ``root`` ask for room for ``chars`` characters, not for their longest entry
    (a party's full name, a long method): forms keep two columns on a 1280-px screen at large text. The
    open list still shows every entry in full, and a wider window gives them more room."""
    for combo in root.findChildren(QComboBox):
        if combo.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)


def refit_windows(app: QApplication) -> None:
    """After the text size changed: every visible window and dialog back inside its screen."""
    for widget in app.topLevelWidgets():
        if widget.isVisible() and isinstance(widget, (QDialog, QMainWindow)):
            shrink_to_screen(widget)
