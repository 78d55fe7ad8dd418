"""The four-part slip (人民调解四联单) in the client: print it (issued on first print, the same
number on every reprint) and record its returned part (回执), from a case's documents, a referral
slip or right after intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import _
from mediation_app.services.context import ChangeKind, Changes
from mediation_app.services.errors import ValidationFailed
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.printing import DocumentOutput, suggested_file_name
from mediation_app.ui.widgets.common import ButtonBox, FieldMessage, date_edit, error_text, role_label, show_error
from mediation_app.ui.widgets.screen_fit import fit_to_screen


def print_slip(parent: QWidget, runner: Any, events: Any, work: Callable[[], Any],
               on_error: Callable[[BaseException], None] | None = None,
               then: Callable[[], None] | None = None) -> None:
    """Issue (when needed) and render the slip off the GUI thread, then preview it to print or save."""

    def done(doc: Any) -> None:
        events.changed(Changes.of(ChangeKind.SLIP))
        if then is not None:
            then()
        DocumentOutput(parent, runner).preview(doc, suggested=suggested_file_name(doc.title))

    runner.run(work, done, on_error or (lambda exc: show_error(parent, exc)), write=True)


def slip_state(v: Any) -> str:
    """One line on a slip: its number and whether its returned part came back."""
    if v is None:
        return _("No four-part slip yet: printing issues one, with its own number.")
    if v.returned_on is not None:
        return _("Slip {number}: returned part recorded on {date} ({who}): {result}").format(
            number=v.number, date=date_text(v.returned_on), who=v.returned_handler or "", result=v.return_result or "")
    if v.overdue:
        return _("Slip {number} to {unit}: the returned part was due on {date} and has not come back.").format(
            number=v.number, unit=v.sent_to, date=date_text(v.deadline))
    return _("Slip {number} to {unit}: returned part due by {date}.").format(
        number=v.number, unit=v.sent_to, date=date_text(v.deadline))


class ReturnDialog(QDialog):  # built in the language of the moment; short-lived
    """Record the returned part (回执): the day it came back, the result written on it, who handled it."""

    def __init__(self, services: Any, actor: Any, runner: Any, slip: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self.slip = services, actor, runner, slip
        self.changes: Any = None
        self.setWindowTitle(_("Record returned part (回执)"))
        self.heading = role_label(_("Slip {number} to {unit}").format(number=slip.number, unit=slip.sent_to),
                                  "heading")
        self.returned_on = date_edit(services.clock.today())
        self.result = QPlainTextEdit()
        self.result.setTabChangesFocus(True)
        self.result.setPlaceholderText(_("The result as written on the returned part"))
        self.handler = QLineEdit()
        self.handler.setPlaceholderText(_("As signed on the returned part"))
        self.msgs = {k: FieldMessage() for k in ("returned_on", "feedback", "handled_by")}
        self.message = FieldMessage()
        form = QFormLayout()
        form.addRow(_("Came back on"), self.returned_on)
        form.addRow(self.msgs["returned_on"])
        form.addRow(_("Result"), self.result)
        form.addRow(self.msgs["feedback"])
        form.addRow(_("Handled by (承办人)"), self.handler)
        form.addRow(self.msgs["handled_by"])
        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.name(QDialogButtonBox.StandardButton.Save, _("&Record"))
        self.buttons.name(QDialogButtonBox.StandardButton.Cancel, _("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 560, 420)

    def save(self) -> None:
        on: dt.date = self.returned_on.date().toPython()
        result, handler = self.result.toPlainText(), self.handler.text()
        svc, actor, slip_id = self._svc, self._actor, self.slip.id
        for m in (*self.msgs.values(), self.message):
            m.show_issues()
        self.buttons.setEnabled(False)

        def done(changes: Any) -> None:
            self.changes = changes
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            fields = getattr(exc, "field_errors", {}) or {}
            for key, msg in self.msgs.items():
                msg.show_issues([fields[key]] if key in fields else [])
            if not fields:
                self.message.show_issues([error_text(exc)])

        self._runner.run(lambda: svc.slips.record_return(actor, slip_id, returned_on=on, feedback=result,
                                                         handled_by=handler), done, failed, write=True)


class SlipBox(Retranslating, QGroupBox):
    """The slip of a case (its own) or of a referral slip: its state, print, record the returned part.
    ``load()`` reads the slip (or None); ``issue_and_render()`` prints it."""

    def __init__(self, services: Any, actor: Any, runner: Any, events: Any,
                 load: Callable[[], Any], issue_and_render: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self._load, self._render = load, issue_and_render
        self.slip: Any = None
        self.state = role_label("", "muted")
        self.print_button = QPushButton()
        self.return_button = QPushButton()
        self.print_button.clicked.connect(self.print_slip)
        self.return_button.clicked.connect(self.record_return)
        self.message = FieldMessage()
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.return_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.retranslate()

    def reload(self) -> None:
        self._runner.run(self._load, self._show, lambda exc: self.message.show_issues([error_text(exc)]))

    def _show(self, slip: Any) -> None:
        self.slip = slip
        self.state.setText(slip_state(slip))
        self.state.setProperty("role", "warning" if slip is not None and slip.overdue else "muted")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        self.return_button.setEnabled(slip is not None and slip.returned_on is None)

    def print_slip(self) -> None:
        self.message.show_issues()
        print_slip(self.window(), self._runner, self._events, self._render,
                   lambda exc: self.message.show_issues([error_text(exc)]), then=self.reload)

    def record_return(self) -> None:
        if self.slip is None:
            return
        dialog = ReturnDialog(self._svc, self._actor, self._runner, self.slip, self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.changes is not None:
            self._events.changed(dialog.changes)
            self.reload()

    def retranslate(self) -> None:
        self.setTitle(_("Four-part slip (四联单)"))
        self.print_button.setText(_("Print four-part slip"))
        self.return_button.setText(_("Record returned part (回执)…"))
        self.print_button.setToolTip(_("The four parts on one A4 page with one number; a reprint keeps the number"))
        if self.slip is not None or self.state.text():
            self._show(self.slip)


def case_slip_box(ctx: Any) -> SlipBox:
    """The box of a case's own slip (issued at intake or on its first print)."""
    svc, actor, case_id = ctx.services, ctx.actor, ctx.case_id

    def load() -> Any:
        own = [v for v in svc.slips.for_case(actor, case_id) if v.referral_id is None]
        return own[0] if own else None

    return SlipBox(svc, actor, ctx.runner, ctx.events, load, lambda: svc.slips.print_for_case(actor, case_id))


def referral_slip_box(ctx: Any, current: Callable[[], Any]) -> SlipBox:
    """The box of the slip of the referral slip selected (``current()``, None when none is)."""
    svc, actor = ctx.services, ctx.actor

    def load() -> Any:
        ref = current()
        return svc.slips.for_referral(actor, ref.id) if ref is not None else None

    def render() -> Any:
        ref = current()
        if ref is None:
            raise ValidationFailed(message=_("Select a referral slip first."))
        return svc.slips.print_for_referral(actor, ref.id)

    return SlipBox(svc, actor, ctx.runner, ctx.events, load, render)
