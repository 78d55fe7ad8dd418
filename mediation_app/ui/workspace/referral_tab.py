"""Referral slips (交办单, "中心吹哨、部门报到"): issue a numbered slip to a department, move it
through its statuses with the department's feedback, remind (督办), and read its log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.enums import ReferralStatus, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import N_, _
from mediation_app.services.referrals import ORDER, log_label
from mediation_app.ui.calendar import today as calendar_today
from mediation_app.ui.formatting import date_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.slips import referral_slip_box
from mediation_app.ui.widgets.common import FieldMessage, KeyedComboBox, date_edit, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import StackWhenNarrow
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view
from mediation_app.ui.workspace.complaint_dialog import ComplaintActions

OPEN = (ReferralStatus.ASSIGNED, ReferralStatus.RECEIVED, ReferralStatus.IN_PROGRESS)


def is_overdue(r: Any, today: dt.date | None = None) -> bool:
    return bool(r.deadline and r.deadline < (today or calendar_today()) and ReferralStatus(r.status) in OPEN)


SLIP_COLUMNS = (
    Column(N_("Number"), lambda r: r.number),
    Column(N_("Department"), lambda r: r.to_department),
    Column(N_("Issued"), lambda r: date_text(r.issued_on)),
    Column(N_("Reply deadline"), lambda r: date_text(r.deadline) + ("  " + _("overdue") if is_overdue(r) else ""),
           urgent=is_overdue),
    Column(N_("Status"), lambda r: enum_label(r.status, ReferralStatus)),
    Column(N_("Feedback"), lambda r: r.feedback or ""),
)
LOG_COLUMNS = (
    Column(N_("On"), lambda e: date_text(e[0])),
    Column(N_("Entry"), lambda e: log_label(e[1])),
    Column(N_("Note"), lambda e: e[2] or ""),
)


class ReferralTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.slips = RecordTableModel(SLIP_COLUMNS, self)
        self.slip_view = table_view(self.slips, stretch=5)
        self.slip_view.setMinimumHeight(150)
        self.slip_view.selectionModel().currentRowChanged.connect(self._on_slip)
        self.log = RecordTableModel(LOG_COLUMNS, self)
        self.log_view = table_view(self.log, stretch=2)
        self.log_view.setMinimumHeight(110)

        # -- issue --------------------------------------------------------------------------------
        self.department = QLineEdit()
        self.reason = QPlainTextEdit()
        self.instructions = QPlainTextEdit()
        line = self.fontMetrics().lineSpacing()
        for e in (self.reason, self.instructions):
            e.setTabChangesFocus(True)
            e.setFixedHeight(line * 3 + 16)
        self.has_deadline = QCheckBox()
        self.has_deadline.setChecked(True)
        self.deadline = date_edit(days=7)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.issue_button = set_primary(QPushButton())
        self.issue_reason = self.reason_label()
        self.guard(self.issue_button, Action.ISSUE_REFERRAL, reason=self.issue_reason)
        self.issue_button.clicked.connect(self.issue)
        self.issue_message = FieldMessage()
        self.msgs = {k: FieldMessage() for k in ("to_department", "reason", "deadline")}
        self.issue_box = QGroupBox()
        f = QFormLayout(self.issue_box)
        self.issue_form = f
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.has_deadline)
        deadline_row.addWidget(self.deadline)
        deadline_row.addStretch(1)
        self._issue_rows = [("department", self.department, "to_department"), ("reason", self.reason, "reason"),
                            ("instructions", self.instructions, None), ("deadline", deadline_row, "deadline")]
        for _k, w, m in self._issue_rows:
            f.addRow(QLabel(), w)
            if m:
                f.addRow(self.msgs[m])
        f.addRow(self.issue_button)
        f.addRow(self.issue_reason)
        f.addRow(self.issue_message)

        # -- follow the selected slip ----------------------------------------------------------------
        self.selected = role_label("", "heading")
        self.status = KeyedComboBox()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(line * 3 + 16)
        self.status_button = QPushButton()
        self.remind_button = QPushButton()
        self.sign_in_button = QPushButton()  # the department reported for duty (报到): who, from the note
        self.sign_in_button.clicked.connect(self.sign_in)
        self.status_button.clicked.connect(self.update_status)
        self.remind_button.clicked.connect(self.remind)
        self.track_message = FieldMessage()
        self.track_box = QGroupBox()
        tf = QFormLayout(self.track_box)
        self.track_form = tf
        tf.addRow(self.selected)
        tf.addRow(QLabel(), self.status)
        tf.addRow(QLabel(), self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_button)
        buttons.addWidget(self.remind_button)
        buttons.addWidget(self.sign_in_button)
        buttons.addStretch(1)
        tf.addRow(buttons)
        tf.addRow(self.track_message)
        tf.addRow(self.log_view)
        self.slip_box = referral_slip_box(ctx, self.current_slip)  # the slip's 四联单
        tf.addRow(self.slip_box)

        self.list_box = QGroupBox()
        ll = QVBoxLayout(self.list_box)
        ll.addWidget(self.slip_view)
        self.complaints = ComplaintActions(self)  # consumer complaints to market supervision, 12315, 消协
        ll.addWidget(self.complaints)
        lower = QHBoxLayout()
        lower.addWidget(self.track_box, 1)
        lower.addWidget(self.issue_box, 1)
        StackWhenNarrow(self, lower)  # one below the other at large text
        layout = QVBoxLayout(self)
        layout.addWidget(self.list_box)
        layout.addLayout(lower)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()
        self._on_slip()

    # -- data ----------------------------------------------------------------------------------------
    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        current = self.current_slip()
        self.slips.set_rows(d.referrals)
        rows = [i for i, r in enumerate(d.referrals) if current is not None and r.id == current.id]
        if rows or d.referrals:
            self.slip_view.setCurrentIndex(self.slips.index(rows[0] if rows else len(d.referrals) - 1, 0))
        self._on_slip()
        self.complaints.refresh()

    def current_slip(self) -> Any:
        index = self.slip_view.currentIndex()
        return self.slips.row_at(index.row()) if index.isValid() else None

    def _on_slip(self, *_a: object) -> None:
        slip = self.current_slip()
        if hasattr(self, "complaints"):
            self.complaints.sync()
        self.track_box.setEnabled(slip is not None)
        self.slip_box.reload()
        if slip is None:
            self.selected.setText(_("Select a slip to follow it up."))
            self.log.set_rows(())
            self.status.replace_items([])
            return
        self.selected.setText(_("Slip {number} to {department}: {reason}").format(
            number=slip.number, department=slip.to_department, reason=slip.reason))
        self.log.set_rows(slip.log)
        current = ORDER.index(ReferralStatus(slip.status))
        self.status.replace_items([(s, s.label()) for s in ORDER[current + 1:]])
        closed = ReferralStatus(slip.status) is ReferralStatus.CLOSED
        self.status_button.setEnabled(not closed)
        self.remind_button.setEnabled(not closed)
        self.sign_in_button.setEnabled(not closed and not any(code == "sign_in" for _on, code, _n in slip.log))
        self._sync_note()

    def _sync_note(self) -> None:
        self.note.setPlaceholderText(_("What the department reported back (needed for “Feedback given”), "
                                       "how it was reminded, or who came to sign in"))

    # -- actions ---------------------------------------------------------------------------------------
    def issue(self) -> None:
        ctx = self.ctx
        department, reason = self.department.text(), self.reason.toPlainText()
        instructions = self.instructions.toPlainText()
        deadline = self.deadline.date().toPython() if self.has_deadline.isChecked() else None
        for m in self.msgs.values():
            m.show_issues()

        def done(_changes: Any) -> None:
            for e in (self.department, self.reason, self.instructions):
                e.clear()

        self.call(lambda: ctx.services.referrals.issue(ctx.actor, ctx.case_id, department, reason,
                                                       deadline=deadline, instructions=instructions),
                  done, self.issue_message)

    def update_status(self) -> None:
        slip, status = self.current_slip(), self.status.key()
        if slip is None or status is None:
            return
        ctx, note = self.ctx, self.note.toPlainText()
        self.call(lambda: ctx.services.referrals.update_status(ctx.actor, slip.id, status, note),
                  lambda _c: self.note.clear(), self.track_message)

    def remind(self) -> None:
        slip = self.current_slip()
        if slip is None:
            return
        ctx, note = self.ctx, self.note.toPlainText()
        self.call(lambda: ctx.services.referrals.remind(ctx.actor, slip.id, note),
                  lambda _c: self.note.clear(), self.track_message)

    def sign_in(self) -> None:
        slip = self.current_slip()
        if slip is None:
            return
        ctx, who = self.ctx, self.note.toPlainText()
        self.call(lambda: ctx.services.supervision.record_sign_in(ctx.actor, slip.id, who),
                  lambda _c: self.note.clear(), self.track_message)

    def on_error(self, exc: BaseException) -> None:
        fields = getattr(exc, "field_errors", {}) or {}
        for key, msg in self.msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])

    def retranslate(self) -> None:
        self.list_box.setTitle(_("Referral slips (交办单)"))
        self.issue_box.setTitle(_("Issue a slip to a department"))
        self.track_box.setTitle(_("Follow up the selected slip"))
        labels = {"department": _("Department"), "reason": _("Why it is referred"),
                  "instructions": _("Instructions"), "deadline": _("Reply deadline")}
        for key, w, _m in self._issue_rows:
            label = self.issue_form.labelForField(w)
            if label is not None:
                label.setText(labels[key])
        self.has_deadline.setText(_("Set a deadline"))
        self.issue_button.setText(_("&Issue slip"))
        self.track_form.labelForField(self.status).setText(_("New status"))
        self.track_form.labelForField(self.note).setText(_("Feedback or note"))
        self.status_button.setText(_("Update status"))
        self.remind_button.setText(_("Remind the department (督办)"))
        self.sign_in_button.setText(_("Department signed in (报到)"))
        self.department.setPlaceholderText(_("e.g. the market supervision office"))
        self._sync_note()
        self.slips.retranslate()
        self.log.retranslate()
        self.complaints.retranslate()
        self._on_slip()
