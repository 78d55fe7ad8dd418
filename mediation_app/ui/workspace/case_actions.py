"""Case actions from the workspace header: extend the deadline, close, file details and archive,
void. Each dialog shows why the state machine refuses it and the service's message on failure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import _
from mediation_app.ui.calendar import today
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.widgets.common import (
    FieldMessage,
    KeyedComboBox,
    allow,
    date_edit,
    error_text,
    role_label,
    set_primary,
)
from mediation_app.ui.workspace.base import CaseContext


def _text_edit(lines: int = 3) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setTabChangesFocus(True)
    e.setFixedHeight(e.fontMetrics().lineSpacing() * lines + 16)
    return e


def blocked(detail: Any, action: Action) -> list[str]:
    return list(detail.blocked.get(action.value, ())) if detail is not None else []


class ActionDialog(Retranslating, QDialog):
    """A form, the reasons the action is refused, the service's message, and one primary button."""

    action: Action

    def __init__(self, ctx: CaseContext, detail: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.detail = ctx, detail
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.reasons = role_label("", "reason")
        self.message = FieldMessage()
        self.ok = set_primary(QPushButton())
        self.ok.clicked.connect(self.submit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.reasons)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def finish_layout(self) -> None:
        allow(self.ok, blocked(self.detail, self.action), self.reasons)
        self.retranslate()

    def run(self, fn: Callable[[], Any], then: Callable[[Any], None] | None = None) -> None:
        self.message.show_issues()

        def done(changes: Any) -> None:
            self.ctx.events.changed(changes)
            if then is not None:
                then(changes)
            else:
                self.accept()

        self.ctx.runner.run(fn, done, lambda exc: self.message.show_issues([error_text(exc)]), write=True)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class ExtendDeadlineDialog(ActionDialog):
    action = Action.EXTEND_DEADLINE

    def __init__(self, ctx: CaseContext, detail: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, detail, parent)
        current = detail.extended_until or detail.deadline_on
        self.current = role_label("", "muted")
        self.until = date_edit((current or today()) + dt.timedelta(days=15))
        self.reason = _text_edit()
        self.form.addRow(self.current)
        self.form.addRow(QLabel(), self.until)
        self.form.addRow(QLabel(), self.reason)
        self.finish_layout()

    def submit(self) -> None:
        ctx, until, reason = self.ctx, self.until.date().toPython(), self.reason.toPlainText()
        self.run(lambda: ctx.services.outcomes.extend_deadline(ctx.actor, ctx.case_id, until, reason))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Extend the deadline"))
        d = self.detail
        current = d.extended_until or d.deadline_on
        self.current.setText(_("Current deadline: {date}. Every party must have agreed to the extension.")
                             .format(date=date_text(current) or "—"))
        self.form.labelForField(self.until).setText(_("New deadline"))
        self.form.labelForField(self.reason).setText(_("Why more time is needed"))
        self.ok.setText(_("&Extend"))


class CloseCaseDialog(ActionDialog):
    action = Action.CLOSE

    def __init__(self, ctx: CaseContext, detail: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, detail, parent)
        self.on = date_edit()
        self.note = _text_edit(2)
        self.form.addRow(QLabel(), self.on)
        self.form.addRow(QLabel(), self.note)
        self.finish_layout()

    def submit(self) -> None:
        ctx, on, note = self.ctx, self.on.date().toPython(), self.note.toPlainText()
        self.run(lambda: ctx.services.outcomes.close(ctx.actor, ctx.case_id, on=on, note=note))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Close the case"))
        self.form.labelForField(self.on).setText(_("Closed on"))
        self.form.labelForField(self.note).setText(_("Note"))
        self.ok.setText(_("&Close the case"))


class VoidCaseDialog(ActionDialog):
    action = Action.VOID

    def __init__(self, ctx: CaseContext, detail: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, detail, parent)
        self.explain = role_label("", "warning")
        self.reason = _text_edit()
        self.form.addRow(self.explain)
        self.form.addRow(QLabel(), self.reason)
        self.finish_layout()

    def submit(self) -> None:
        ctx, reason = self.ctx, self.reason.toPlainText()
        self.run(lambda: ctx.services.intake.void(ctx.actor, ctx.case_id, reason))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Void the case"))
        self.explain.setText(_("Only for a case entered by mistake. Its number {number} is never reused. "
                               "The committee head or an administrator may void a case.")
                             .format(number=self.detail.number))
        self.form.labelForField(self.reason).setText(_("Why it is voided"))
        self.ok.setText(_("&Void the case"))


class ArchiveDialog(ActionDialog):
    """File details for the cover (retention period, compiler, checker …), the archive check, archive."""

    action = Action.ARCHIVE

    def __init__(self, ctx: CaseContext, detail: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, detail, parent)
        self.retention = KeyedComboBox()
        self.title = QLineEdit(detail.title or "")
        self.compiler = QLineEdit(detail.file_compiler or "")
        self.compiled_on = date_edit(detail.file_compiled_on)
        self.checker = QLineEdit(detail.file_checker or "")
        self.note = _text_edit(3)
        self.note.setPlainText(detail.explanatory_note or "")
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_details)
        self.saved = role_label("", "muted")
        self.saved.hide()
        self.check = ItemListModel(self)
        self.check_view = QListView()
        self.check_view.setModel(self.check)
        self.check_view.setWordWrap(True)
        self.check_view.setMinimumHeight(120)
        self.check_heading = role_label("", "heading")
        self._rows = [("title", self.title), ("retention", self.retention), ("compiler", self.compiler),
                      ("compiled_on", self.compiled_on),
                      ("checker", self.checker), ("note", self.note)]
        for _k, w in self._rows:
            self.form.addRow(QLabel(), w)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved, 1)
        self.form.addRow(save_row)
        self.form.addRow(self.check_heading)
        self.form.addRow(self.check_view)
        self.finish_layout()
        ctx.runner.run(lambda: ctx.services.reference.lookups("retention"), self._retention, lambda _e: None)
        self.refresh_check()

    def _retention(self, items: list[Any]) -> None:
        self.retention.replace_items([(None, _("(choose)"))] + [(i.code, i.label) for i in items])
        if self.detail.retention_period:
            self.retention.set_key(self.detail.retention_period)

    def refresh_check(self) -> None:
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.outcomes.archive_check(ctx.actor, ctx.case_id), self._show_check,
                       lambda exc: self.message.show_issues([error_text(exc)]))

    def _show_check(self, missing: tuple[str, ...]) -> None:
        self.missing = tuple(missing)
        self.check.set_items([Item(None, m, urgent=True) for m in missing])
        self.check_heading.setText(_("Ready to archive: nothing is missing.") if not missing
                                   else _("Missing before the file can be archived:"))
        self.check_view.setVisible(bool(missing))

    def save_details(self) -> None:
        ctx = self.ctx
        retention = self.retention.key() or ""
        compiler, checker, note = self.compiler.text(), self.checker.text(), self.note.toPlainText()
        on = self.compiled_on.date().toPython()

        def saved(_changes: Any) -> None:
            self.saved.setText(_("File details saved."))
            self.saved.show()
            self.refresh_check()

        title = self.title.text()
        self.run(lambda: ctx.services.outcomes.set_file_details(ctx.actor, ctx.case_id, retention, compiler, note,
                                                                compiled_on=on, checker=checker, title=title), saved)

    def submit(self) -> None:
        ctx = self.ctx
        self.run(lambda: ctx.services.outcomes.archive(ctx.actor, ctx.case_id))

    def retranslate(self) -> None:
        self.setWindowTitle(_("File details and archiving"))
        self.title.setPlaceholderText(_("Left empty: “X与Y……纠纷” from the parties and the type"))
        labels = {"title": _("Title (卷名)"), "retention": _("Retention period"), "compiler": _("Compiled by"), "compiled_on": _("Compiled on"),
                  "checker": _("Checked by"), "note": _("Explanatory note")}
        for key, w in self._rows:
            self.form.labelForField(w).setText(labels[key])
        self.save_button.setText(_("&Save file details"))
        self.ok.setText(_("&Archive"))
        if hasattr(self, "missing"):
            self._show_check(self.missing)


DIALOGS: dict[str, type[ActionDialog]] = {
    "extend": ExtendDeadlineDialog, "close": CloseCaseDialog, "archive": ArchiveDialog, "void": VoidCaseDialog,
}


class CaseActionsButton(Retranslating, QToolButton):
    """The header's "Case actions" menu."""

    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: Any = None
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.actions_: dict[str, Any] = {}
        for key in DIALOGS:
            act = self.menu_.addAction("")
            act.triggered.connect(lambda _c=False, k=key: self.open_dialog(k))
            self.actions_[key] = act
        self.menu_.setToolTipsVisible(True)
        self.setMenu(self.menu_)
        self.retranslate()

    def show_detail(self, detail: Any) -> None:
        """Entries stay enabled: each dialog shows why its action is refused (e.g. which parties have
        not agreed to an extension) and keeps its button disabled until it is allowed."""
        self.detail = detail
        for key, act in self.actions_.items():
            act.setToolTip("\n".join(blocked(detail, DIALOGS[key].action)))

    def open_dialog(self, key: str) -> ActionDialog | None:
        if self.detail is None:
            return None
        dialog = DIALOGS[key](self.ctx, self.detail, self.window())
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        self.setText(_("Case actions"))
        texts = {"extend": _("Extend the deadline…"), "close": _("Close the case…"),
                 "archive": _("File details and archiving…"), "void": _("Void the case…")}
        for key, act in self.actions_.items():
            act.setText(texts[key])
