"""层级: the case's level on the centre's ladder ("四级七天"), the days left there, its history, and
the actions that move it: set a level, escalate (up the ladder), or go back down with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import N_, _, ngettext
from mediation_app.ui.formatting import date_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import ButtonBox, FieldMessage, KeyedComboBox, error_text, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

HISTORY_COLUMNS = (
    Column(N_("On"), lambda e: date_text(e.on)),
    Column(N_("Move"), lambda e: e.move_label),
    Column(N_("From level"), lambda e: e.from_level),
    Column(N_("To level"), lambda e: e.to_level),
    Column(N_("By"), lambda e: e.by),
    Column(N_("Why"), lambda e: e.reason),
)


def days_left_text(view: Any) -> str:
    if view.days_left is None:
        return ""
    working = view.unit == "working"
    if view.days_left < 0:
        n = -view.days_left
        text = (ngettext("{n} working day past", "{n} working days past", n) if working
                else ngettext("{n} day past", "{n} days past", n))
        return text.format(n=n)
    n = view.days_left
    text = (ngettext("{n} working day left", "{n} working days left", n) if working
            else ngettext("{n} day left", "{n} days left", n))
    return text.format(n=n)


def level_summary(view: Any) -> str:
    if view.level_id is None:
        return _("This case is not on the ladder of levels.")
    return _("At “{level}” (level {n} of {total}) since {since}; its days there run out on {due} ({left}).").format(
        level=view.level, n=view.position, total=len(view.levels), since=date_text(view.since),
        due=date_text(view.due_on), left=days_left_text(view))


class EscalateDialog(QDialog):
    """Escalate…: the higher level (the next one unless another is chosen) and why."""

    def __init__(self, ctx: CaseContext, view: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.view = ctx, view
        self.setWindowTitle(_("Escalate the case"))
        self.target = KeyedComboBox()
        for lv in view.levels:
            if lv.position > view.position:
                self.target.add(lv.id, lv.name)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            _("Why (may stay empty once the days at the level have run out)") if view.flagged else _("Why"))
        self.message = FieldMessage()
        form = QFormLayout()
        form.addRow(role_label(level_summary(view), "muted"))
        form.addRow(_("To level"), self.target)
        form.addRow(_("Why"), self.reason)
        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.name(QDialogButtonBox.StandardButton.Ok, _("Escalate"))
        self.buttons.name(QDialogButtonBox.StandardButton.Cancel, _("Cancel"))
        self.buttons.accepted.connect(self.escalate)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 520, 240)

    def escalate(self) -> None:
        ctx, to, reason = self.ctx, self.target.key(), self.reason.text()

        def done(changes: Any) -> None:
            ctx.events.changed(changes)
            self.accept()

        self.message.show_issues()
        ctx.runner.run(lambda: ctx.services.ladder.escalate(ctx.actor, ctx.case_id, reason, to_level_id=to), done,
                       lambda exc: self.message.show_issues([error_text(exc)]), write=True)


class LevelTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.view: Any = None
        self.summary = role_label("", "heading")
        self.flag = role_label("", "warning")
        self.flag.hide()
        self.target = KeyedComboBox()
        self.reason = QLineEdit()
        self.move_button = QPushButton()
        self.move_button.clicked.connect(self.move)
        self.escalate_button = set_primary(QPushButton())
        self.escalate_button.clicked.connect(self.open_escalate)
        self.blocked_reason = role_label("", "reason")
        self.blocked_reason.hide()
        self.history = RecordTableModel(HISTORY_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=5)
        self.history_view.setMinimumHeight(140)
        self.box = QGroupBox()
        form = QFormLayout(self.box)
        self.form = form
        form.addRow(self.summary)
        form.addRow(self.flag)
        form.addRow(QLabel(), self.target)
        form.addRow(QLabel(), self.reason)
        row = QHBoxLayout()
        row.addWidget(self.escalate_button)
        row.addWidget(self.move_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.blocked_reason)
        self.history_box = QGroupBox()
        QVBoxLayout(self.history_box).addWidget(self.history_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.message)
        layout.addWidget(self.history_box, 1)
        self.last_dialog: EscalateDialog | None = None
        self.retranslate()

    # -- data -----------------------------------------------------------------------------------------
    def show_detail(self, detail: Any) -> None:
        super().show_detail(detail)
        self.reload()

    def reload(self) -> None:
        ctx = self.ctx
        self.ctx.runner.run(lambda: ctx.services.ladder.case_level(ctx.actor, ctx.case_id), self._show,
                            lambda exc: self.message.show_issues([error_text(exc)]))

    def _show(self, view: Any) -> None:
        self.view = view
        self.summary.setText(level_summary(view))
        self.flag.setText(_("The days at this level ran out without a result: escalate the case.")
                          if view.flagged else "")
        self.flag.setVisible(view.flagged)
        current = self.target.key()
        self.target.clear()
        for lv in view.levels:
            if lv.id != view.level_id:
                self.target.add(lv.id, f"{lv.position}. {lv.name} · {lv.description}")
        if current is not None and self.target.index_of(current) >= 0:
            self.target.setCurrentIndex(self.target.index_of(current))
        self.history.set_rows(view.history)
        may = view.may_change
        no_ladder = "" if view.levels else _("The centre has not defined a ladder of levels yet.")
        why = may or no_ladder
        self.blocked_reason.setText(why)
        self.blocked_reason.setVisible(bool(why))
        self.move_button.setEnabled(not why and self.target.count() > 0)
        self.escalate_button.setEnabled(not why and view.level_id is not None and view.next_level_id is not None)
        self.target.setEnabled(not why)
        self.reason.setEnabled(not why)
        self._label_move()

    def _label_move(self) -> None:
        on_ladder = self.view is not None and self.view.level_id is not None
        self.move_button.setText(_("Move to this level") if on_ladder else _("Set this level"))

    # -- actions --------------------------------------------------------------------------------------
    def move(self) -> None:
        ctx, to, reason = self.ctx, self.target.key(), self.reason.text()
        if to is None:
            return
        self.call(lambda: ctx.services.ladder.set_level(ctx.actor, ctx.case_id, to, reason), lambda _c: self.reason.clear())

    def open_escalate(self) -> None:
        if self.view is None:
            return
        self.last_dialog = EscalateDialog(self.ctx, self.view, self)
        self.last_dialog.open()

    def retranslate(self) -> None:
        self.box.setTitle(_("Level (层级)"))
        self.history_box.setTitle(_("History of the level"))
        self.form.labelForField(self.target).setText(_("Level"))
        self.form.labelForField(self.reason).setText(_("Why"))
        self.reason.setPlaceholderText(_("Needed to go back down the ladder or to escalate early"))
        self.escalate_button.setText(_("&Escalate…"))
        self._label_move()
        self.history.retranslate()
        if self.view is not None:
            self._show(self.view)
