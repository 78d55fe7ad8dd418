"""Helpers every screen uses: error display, field messages, primary buttons, disabled-with-reason."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox, QWidget

from mediation_app.i18n import _


def error_text(exc: BaseException) -> str:
    """The text to show for a failed call: a service's translated message, else a generic one."""
    message = getattr(exc, "message", None)
    if message:
        return str(message)
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
