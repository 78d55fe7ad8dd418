"""Read-only mode in one place: while the database cannot be written, every editing control under
a watched widget is disabled (buttons, choices) or made read-only (text), with the reason as its
tooltip, and stays so when a view later tries to enable it again.

The services refuse every write on such a database with the same sentence (storage/db.py); this
keeps the screens from offering what would be refused. A control that only reads (a filter, a
preview, "open a copy") is marked with :func:`reads` and stays usable. Separate windows (a
preview, a message) are not watched: they are opened only from controls that stay usable.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

READS = "reads_only"  # widget property: this control only reads, keep it usable
W = TypeVar("W", bound=QWidget)


def reads(widget: W) -> W:
    """Mark ``widget`` as a control that changes nothing (it stays usable in read-only mode)."""
    widget.setProperty(READS, True)
    return widget


def _exempt(widget: QWidget) -> bool:
    """Controls that never change data: marked ones, a tab bar's scroll arrows, a dialog's Close/Cancel."""
    w: QWidget | None = widget
    while w is not None and not w.isWindow():
        if w.property(READS):
            return True
        w = w.parentWidget()
    parent = widget.parentWidget()
    if isinstance(parent, QTabBar):
        return True
    if isinstance(parent, QDialogButtonBox) and isinstance(widget, QAbstractButton):
        return parent.buttonRole(widget) in (QDialogButtonBox.ButtonRole.RejectRole,
                                             QDialogButtonBox.ButtonRole.HelpRole)
    return False


class ReadOnlyLock(QObject):
    """Keeps the editing controls of every watched widget (and of what is added to it later) off."""

    TEXT = (QLineEdit, QTextEdit, QPlainTextEdit)
    CHOICE = (QAbstractButton, QComboBox, QAbstractSpinBox)  # not scroll bars: reading needs them

    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reason = reason

    def watch(self, root: QWidget) -> QWidget:
        self._sweep(root)
        return root

    def _sweep(self, root: QWidget) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget is not root and widget.isWindow():
                continue  # another window: opened from a control that stays usable
            self._lock(widget)

    def _lock(self, widget: QWidget) -> None:
        if widget.property("_read_only_watched"):
            return
        widget.setProperty("_read_only_watched", True)
        widget.installEventFilter(self)
        self._apply(widget)

    def _apply(self, widget: QWidget) -> None:
        if _exempt(widget):
            return
        if isinstance(widget, self.TEXT):
            if not widget.isReadOnly():
                widget.setReadOnly(True)
                widget.setToolTip(self.reason)
        elif isinstance(widget, self.CHOICE):
            if isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
                return  # the parts of a choice follow the choice
            if widget.isEnabled() or widget.toolTip() != self.reason:
                widget.setEnabled(False)
                widget.setToolTip(self.reason)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.EnabledChange and isinstance(obj, QWidget) and obj.isEnabled():
            self._apply(obj)  # a view enabled it again (e.g. after a refresh): off again
        elif kind in (QEvent.Type.ReadOnlyChange, QEvent.Type.ToolTipChange) and isinstance(obj, QWidget):
            self._apply(obj)
        elif kind == QEvent.Type.ChildPolished:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QWidget) and not child.isWindow():
                self._sweep(child)
        return False
