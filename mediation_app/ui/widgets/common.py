"""Helpers every screen uses: error display, field messages, primary buttons, disabled-with-reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from mediation_app.i18n import _, ngettext
from mediation_app.ui.calendar import today_q


def error_text(exc: BaseException) -> str:
    """The text to show for a failed call: a service's translated message, else a generic one."""
    message = getattr(exc, "message", None)
    if message:
        return str(message)
    if isinstance(exc, OSError):  # a file the user chose: the disk or folder is at fault
        from mediation_app.services.errors import from_os_error

        return from_os_error(exc).message
    return _("Something went wrong: {error}").format(error=str(exc) or type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _("Could not complete the action"))
    box.setText(error_text(exc))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()


def set_primary(button: QAbstractButton) -> QAbstractButton:
    button.setProperty("primary", True)
    return button


def role_label(text: str = "", role: str = "muted", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ElidedLabel(QLabel):
    """One line that, when the room is too narrow, leaves out the start of its text rather than its
    end (a case number keeps its year and serial, the committee's prefix every case shares goes:
    …字〔2026〕第035号) and shows the whole text as its tip. ``text()`` is always the whole text."""

    def __init__(self, text: str = "", role: str = "title", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._fit()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - a larger text or another style
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideLeft, width) if width > 0 else ""
        QLabel.setText(self, shown or self._full)
        self.setToolTip(self._full if shown != self._full else "")


class FieldMessage(QLabel):
    """The line under an input that explains, in words, what is wrong with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def show_issues(self, errors: Iterable[str] = (), warnings: Iterable[str] = ()) -> None:
        errors, warnings = list(errors), list(warnings)
        if errors:
            self.setProperty("role", "error")
            self.setText("\n".join(errors))
        elif warnings:
            self.setProperty("role", "warning")
            self.setText("\n".join(warnings))
        else:
            self.setText("")
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(errors or warnings))


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def allow(button: QAbstractButton, reasons: Iterable[str], reason_label: QLabel | None = None) -> None:
    """Enable ``button`` only when there is no reason against it; otherwise show the reasons."""
    reasons = [r for r in reasons if r]
    button.setEnabled(not reasons)
    tip = "\n".join(reasons)
    button.setToolTip(tip)
    if reason_label is not None:
        reason_label.setText(tip)
        reason_label.setVisible(bool(reasons))


class KeyedComboBox(QComboBox):
    """A combo box whose items carry Python keys (UUIDs …) kept on the Python side.

    ``QComboBox.findData`` cannot find arbitrary Python objects; this keeps the keys in a list
    and offers ``key()`` / ``set_key()`` instead of ``currentData()`` / ``findData()``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys: list[Any] = []

    def clear(self) -> None:  # noqa: D102
        self._keys = []
        super().clear()

    def add(self, key: Any, label: str) -> None:
        self._keys.append(key)
        self.addItem(label)

    def key(self) -> Any:
        i = self.currentIndex()
        return self._keys[i] if 0 <= i < len(self._keys) else None

    def key_at(self, index: int) -> Any:
        return self._keys[index] if 0 <= index < len(self._keys) else None

    def index_of(self, key: Any) -> int:
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def set_key(self, key: Any) -> bool:
        i = self.index_of(key)
        if i >= 0:
            self.setCurrentIndex(i)
        return i >= 0

    def replace_items(self, items: list[tuple[Any, str]]) -> None:
        """Refill, keeping the current key selected when it is still there (no change signal)."""
        current = self.key()
        self.blockSignals(True)
        self.clear()
        for key, label in items:
            self.add(key, label)
        if not self.set_key(current) and self.count():
            self.setCurrentIndex(0)
        self.blockSignals(False)


def date_edit(value: dt.date | None = None, *, days: int = 0, months: int = 0) -> QDateEdit:
    """A date field with a calendar pop-up in ISO form (2026-11-21); today (+ ``days`` and ``months``)
    unless given."""
    edit = QDateEdit(QDate(value) if value else today_q(days, months))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ButtonBox(QDialogButtonBox):
    """A ``QDialogButtonBox`` whose standard buttons keep the words the dialog gave them.

    On a language switch Qt's box puts its stock words back ("OK", "确定") after the dialog has
    named its buttons in the new language; this box names them again with what ``name`` set last.
    """

    def __init__(self, buttons: QDialogButtonBox.StandardButton, parent: QWidget | None = None) -> None:
        super().__init__(buttons, parent)
        self._names: dict[QDialogButtonBox.StandardButton, str] = {}

    def name(self, which: QDialogButtonBox.StandardButton, text: str) -> None:
        self._names[which] = text
        self.button(which).setText(text)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)  # Qt's box resets its stock words here
        if event.type() == QEvent.Type.LanguageChange:
            for which, text in self._names.items():
                button = self.button(which)
                if button is not None:
                    button.setText(text)
        return handled


def summary_lines(problems: list[str]) -> list[str]:
    """What "Next" says when it cannot go on: how many entries need correcting, then each one."""
    n = len(problems)
    head = ngettext("{n} entry needs correcting before you go on:", "{n} entries need correcting before you go on:",
                    n).format(n=n)
    return [head] + ["• " + p for p in problems]


def reveal(widget: QWidget) -> None:
    """Scroll every scroll area around ``widget`` to it and put the cursor in it."""
    outer = widget.parentWidget()
    while outer is not None:
        if isinstance(outer, QScrollArea):
            outer.ensureWidgetVisible(widget)
        outer = outer.parentWidget()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
