"""What every page of the Administration dialog shares: service calls through the task runner,
errors next to the form (fields named by the service marked), a reason shown wherever the actor's
role may not act, and a small labelled-form builder with buddies for keyboard use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import Role
from mediation_app.i18n import _
from mediation_app.ui.events import AppEvents, ChangeKind
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import ButtonBox, FieldMessage, error_text, mark_invalid, role_label, set_primary

MANAGERS = (Role.HEAD, Role.ADMIN)  # may keep the mediator roster and the lists


def status_text(active: bool) -> str:
    return _("Active") if active else _("Deactivated")


def show_ok(message: FieldMessage, text: str) -> None:
    """A calm confirmation in the place where errors appear."""
    message.show_issues(warnings=[text])
    message.setProperty("role", "ok")
    message.style().unpolish(message)
    message.style().polish(message)


def password_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class LabelledForm(QFormLayout):
    """A form whose labels are buddies of their fields and are re-texted on language change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: list[tuple[QLabel, Callable[[], str]]] = []

    def row(self, text: Callable[[], str], field: QWidget | Any) -> QLabel:
        label = QLabel()
        if isinstance(field, QWidget):
            label.setBuddy(field)
        self.addRow(label, field)
        self._rows.append((label, text))
        return label

    def retranslate(self) -> None:
        for label, text in self._rows:
            label.setText(text())


class AdminPage(Retranslating, QWidget):
    """Base of the pages. Subclasses set ``kinds`` (the ``Changes`` kinds that make them reload),
    build their widgets into ``self.content`` and implement ``reload`` and ``retranslate``."""

    kinds: frozenset[ChangeKind] = frozenset()

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.banner = role_label("", "reason")  # why the page (or part of it) cannot be used
        self.banner.hide()
        self.content = QWidget()
        self.message = FieldMessage()
        # Large text must never squeeze a form: below its natural height the page scrolls.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        scroll.viewport().setAutoFillBackground(False)
        self.content.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.addWidget(self.banner)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.message)
        events.data_changed.connect(self._on_data_changed)

    # -- permissions -------------------------------------------------------------------------------
    @property
    def role(self) -> Role:
        return Role(self._actor.role)

    def page_blocked(self) -> str:
        """Why the actor may not use this page at all ('' when they may)."""
        return ""

    def edit_blocked(self) -> str:
        """Why the actor may look but not change anything here ('' when they may)."""
        return ""

    def apply_permissions(self, editors: Iterable[QWidget]) -> None:
        page, edit = self.page_blocked(), self.edit_blocked()
        self.content.setEnabled(not page)
        for w in editors:
            w.setEnabled(not edit)
            if isinstance(w, QAbstractButton):
                w.setToolTip(edit)
        reason = page or edit
        self.banner.setText(reason)
        self.banner.setVisible(bool(reason))

    # -- service calls ------------------------------------------------------------------------------
    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._runner.run(fn, on_done, lambda exc: self.message.show_issues([error_text(exc)]))

    def write(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None, *,
              message: FieldMessage | None = None, fields: dict[str, QWidget] | None = None) -> None:
        """Run a mutating call; broadcast its Changes; on failure show the service's message and
        mark the fields it names, leaving everything the user typed in place."""
        target, fields = message or self.message, fields or {}
        target.show_issues()
        for w in fields.values():
            mark_invalid(w, False)

        def done(changes: Any) -> None:
            if on_done is not None:
                on_done(changes)
            self._events.changed(changes)

        def failed(exc: BaseException) -> None:
            target.show_issues([error_text(exc)])
            named = getattr(exc, "field_errors", {}) or {}
            first = None
            for key, widget in fields.items():
                mark_invalid(widget, key in named)
                if key in named and first is None:
                    first = widget
            if first is not None:
                first.setFocus()

        self._runner.run(fn, done, failed, write=True)

    def _on_data_changed(self, changes: Any) -> None:
        if set(getattr(changes, "kinds", ())) & self.kinds:
            self.reload()

    def reload(self) -> None:  # pragma: no cover - overridden
        pass


class PasswordDialog(Retranslating, QDialog):
    """Change one's own password (old, new twice) or set a new one for another account (new twice).

    ``submit(old, new)`` is the service call; it runs on the task runner and returns ``Changes``.
    """

    def __init__(self, runner: TaskRunner, events: AppEvents, submit: Callable[[str, str], Any], *,
                 username: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._events, self._submit, self._username = runner, events, submit, username
        self.setMinimumWidth(520)
        self.intro = role_label("", "muted")
        self.old = password_field()
        self.new = password_field()
        self.again = password_field()
        self.form = LabelledForm()
        if username is None:
            self.form.row(lambda: _("Current password"), self.old)
        else:
            self.old.hide()
        self.form.row(lambda: _("New password"), self.new)
        self.form.row(lambda: _("New password again"), self.again)
        self.message = FieldMessage()
        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self._on_submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        if self._username is None:
            self.setWindowTitle(_("Change my password"))
            self.intro.setText(_("Enter your current password, then the new one twice. "
                                 "A good password has at least 8 characters with letters and digits."))
        else:
            self.setWindowTitle(_("Reset password"))
            self.intro.setText(_("Set a new password for {name}. Tell it to the user in person; "
                                 "they can change it afterwards.").format(name=self._username))
        self.form.retranslate()
        self.buttons.name(QDialogButtonBox.StandardButton.Ok, _("Change password"))
        self.buttons.name(QDialogButtonBox.StandardButton.Cancel, _("Cancel"))

    def _on_submit(self) -> None:
        for w in (self.old, self.new, self.again):
            mark_invalid(w, False)
        if self.new.text() != self.again.text():
            mark_invalid(self.again, True)
            self.message.show_issues([_("The two passwords are not the same.")])
            self.again.setFocus()
            return
        self.message.show_issues()
        self.buttons.setEnabled(False)
        old, new = self.old.text(), self.new.text()
        self._runner.run(lambda: self._submit(old, new), self._on_done, self._on_error, write=True)

    def _on_done(self, changes: Any) -> None:
        self.buttons.setEnabled(True)
        self._events.changed(changes)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.show_issues([error_text(exc)])
        named = getattr(exc, "field_errors", {}) or {}
        wrong_old = getattr(exc, "code", "") == "authentication_failed"
        mark_invalid(self.old, wrong_old)
        mark_invalid(self.new, bool(named))
        (self.old if wrong_old else self.new).setFocus()
