"""Judicial confirmation (司法确认): the 30-day countdown, eligibility, the package the court
needs, the joint application and the court's decision with its case number."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.deadlines import confirmation_deadline
from mediation_app.domain.enums import ConfirmationOutcome, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import N_, _, ngettext
from mediation_app.ui.calendar import today
from mediation_app.ui.formatting import date_text
from mediation_app.ui.models.item_list import Item, ItemListModel
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import (
    FieldMessage,
    KeyedComboBox,
    date_edit,
    error_text,
    mark_invalid,
    role_label,
    set_primary,
)
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

REFERRING_COURT = "referring_court"  # the basis whose court is named by the case's referrer

APPLICATION_COLUMNS = (
    Column(N_("Court"), lambda c: c.court),
    Column(N_("Applied on"), lambda c: date_text(c.applied_on)),
    Column(N_("Decision"), lambda c: enum_label(c.outcome, ConfirmationOutcome)),
    Column(N_("Decided on"), lambda c: date_text(c.outcome_on)),
    Column(N_("Court case number"), lambda c: c.court_case_number or ""),
)


def _set_role(label: QLabel, role: str) -> None:
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


class ConfirmationTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        line = self.fontMetrics().lineSpacing()
        self.countdown = role_label("", "title")
        self.eligibility = role_label("", "muted")
        # -- package checklist ---------------------------------------------------------------------------
        self.checklist = ItemListModel(self)
        self.check_view = QListView()
        self.check_view.setModel(self.checklist)
        self.check_view.setWordWrap(True)
        self.check_view.setMinimumHeight(line * 8)
        self.check_summary = role_label("", "heading")
        # -- application ---------------------------------------------------------------------------------
        self.basis = KeyedComboBox()
        self.court = QLineEdit()
        self.applied_on = date_edit()
        self.joint = QCheckBox()
        self.joint.setChecked(True)
        self.apply_button = set_primary(QPushButton())
        self.apply_reason = self.reason_label()
        self.guard(self.apply_button, Action.APPLY_CONFIRMATION, reason=self.apply_reason)
        self.apply_button.clicked.connect(self._on_apply)
        self.apply_message = FieldMessage()
        self.apply_msgs = {k: FieldMessage() for k in ("basis", "court", "applied_on", "joint")}
        self.basis.currentIndexChanged.connect(self._suggest_court)
        # -- outcome -------------------------------------------------------------------------------------
        self.application = KeyedComboBox()
        self.outcome = QComboBox()
        for o in ConfirmationOutcome:
            if o is not ConfirmationOutcome.PENDING:
                self.outcome.addItem(o.label(), o.value)
        self.outcome_on = date_edit()
        self.number = QLineEdit()
        self.outcome_button = set_primary(QPushButton())
        self.outcome_reason = role_label("", "reason")
        self.outcome_button.clicked.connect(self._on_outcome)
        self.outcome_message = FieldMessage()
        self.outcome_msgs = {k: FieldMessage() for k in ("outcome", "on", "court_case_number")}
        self.outcome.currentIndexChanged.connect(self._sync_outcome)
        # -- after a ruling of invalidity (law Art. 33) ----------------------------------------------------
        self.again_note = role_label("", "muted")
        self.again_reason = QLineEdit()
        self.again_button = QPushButton()
        self.again_button.clicked.connect(self._on_mediate_again)
        self.again_message = FieldMessage()
        # -- applications --------------------------------------------------------------------------------
        self.applications = RecordTableModel(APPLICATION_COLUMNS, self)
        self.application_view = table_view(self.applications, stretch=0)
        self.application_view.setMinimumHeight(line * 4)
        self._referrer = ""
        self.closed = False  # the 30 days passed without an application
        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        self.check_box = QGroupBox()
        cl = QVBoxLayout(self.check_box)
        cl.addWidget(self.check_summary)
        cl.addWidget(self.check_view, 1)

        self.apply_box = QGroupBox()
        af = QFormLayout()
        af.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.apply_form = af
        self._apply_rows = [("basis", self.basis), ("court", self.court), ("applied_on", self.applied_on)]
        for key, w in self._apply_rows:
            af.addRow(QLabel(), w)
            af.addRow("", self.apply_msgs[key])
        al = QVBoxLayout(self.apply_box)
        al.addLayout(af)
        al.addWidget(self.joint)
        al.addWidget(self.apply_msgs["joint"])
        al.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignLeft)
        al.addWidget(self.apply_reason)
        al.addWidget(self.apply_message)

        self.outcome_box = QGroupBox()
        of = QFormLayout()
        of.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outcome_form = of
        self._outcome_rows = [("application", self.application, None), ("outcome", self.outcome, "outcome"),
                              ("on", self.outcome_on, "on"), ("number", self.number, "court_case_number")]
        for _k, w, msg in self._outcome_rows:
            of.addRow(QLabel(), w)
            if msg:
                of.addRow("", self.outcome_msgs[msg])
        ol = QVBoxLayout(self.outcome_box)
        ol.addLayout(of)
        ol.addWidget(self.outcome_button, 0, Qt.AlignmentFlag.AlignLeft)
        ol.addWidget(self.outcome_reason)
        ol.addWidget(self.outcome_message)

        self.again_box = QGroupBox()
        gl = QVBoxLayout(self.again_box)
        gl.addWidget(self.again_note)
        gl.addWidget(self.again_reason)
        gl.addWidget(self.again_button, 0, Qt.AlignmentFlag.AlignLeft)
        gl.addWidget(self.again_message)
        self.again_box.hide()  # shown only while the agreement in force has been found invalid

        forms = QVBoxLayout()
        forms.addWidget(self.again_box)
        forms.addWidget(self.apply_box)
        forms.addWidget(self.outcome_box)
        forms.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.check_box, 1)
        row.addLayout(forms, 1)

        self.list_box = QGroupBox()
        ll = QVBoxLayout(self.list_box)
        ll.addWidget(self.application_view)

        layout = QVBoxLayout(self)
        layout.addWidget(self.countdown)
        layout.addWidget(self.eligibility)
        layout.addLayout(row)
        layout.addWidget(self.list_box)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # -- data -----------------------------------------------------------------------------------------------
    def _agreement(self) -> Any:
        d = self.detail
        written = [a for a in (d.agreements if d else ()) if a.form == "written"]
        return written[-1] if written else None

    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        self._referrer = d.referrer_name or ""
        self._show_countdown()
        self.applications.set_rows(d.confirmations)
        pending = [c for c in d.confirmations if c.outcome == ConfirmationOutcome.PENDING.value]
        self.application.replace_items([(c.id, f"{c.court}（{date_text(c.applied_on)}）") for c in pending])
        self._sync_outcome()
        invalid = not self.blocked(Action.MEDIATE_AGAIN)  # the agreement in force was found invalid
        self.again_box.setVisible(invalid)
        for box in (self.check_box, self.apply_box):  # nothing of it goes to a court again
            box.setVisible(not invalid)
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.confirmation.checklist(ctx.case_id, ctx.actor), self._set_checklist,
                       lambda exc: self.check_summary.setText(error_text(exc)))
        ctx.runner.run(lambda: ctx.services.confirmation.court_choices(ctx.actor, ctx.case_id), self._set_choices,
                       lambda exc: self.apply_message.show_issues([error_text(exc)]))

    def _show_countdown(self) -> None:
        a = self._agreement()
        if a is None or a.effective_on is None:
            self.countdown.setText(_("No written agreement is in effect yet"))
            self.countdown.setStyleSheet("")
            _set_role(self.countdown, "heading")
            self.eligibility.setText(_("The parties may apply jointly within 30 days after the agreement takes "
                                       "effect."))
            _set_role(self.eligibility, "muted")
            return
        if a.personal_status:  # 法释〔2011〕5号 Art. 4: no window to count down
            self.closed = True
            self.countdown.setText(_("Judicial confirmation does not apply to this agreement"))
            self.countdown.setStyleSheet("")
            _set_role(self.countdown, "heading")
            self.eligibility.setText(_("This agreement concerns marriage, adoption or another personal-status "
                                       "relation; courts do not confirm such agreements."))
            _set_role(self.eligibility, "warning")
            return
        invalid = [c for c in self.detail.confirmations if c.outcome == ConfirmationOutcome.INVALID.value
                   and c.agreement_id == a.id]
        if invalid:  # law Art. 33: the agreement has no force; mediate again or go to court
            self.closed = True
            self.countdown.setText(_("The court confirmed this agreement invalid on {date}").format(
                date=date_text(invalid[-1].outcome_on)))
            self.countdown.setStyleSheet("color: #b42318;")
            _set_role(self.countdown, "title")
            self.eligibility.setText(_("Nothing of it falls due any more. The parties may mediate again to change "
                                       "it or reach a new agreement, or go to court (law Art. 33)."))
            _set_role(self.eligibility, "warning")
            return
        deadline = confirmation_deadline(a.effective_on)
        days = (deadline - today()).days
        live = [c for c in self.detail.confirmations if c.outcome not in ("withdrawn", "not_accepted")
                and c.agreement_id == a.id]
        self.closed = days < 0 and not live
        if live:
            self.countdown.setText(_("Applied on {date} to {court}").format(date=date_text(live[-1].applied_on),
                                                                          court=live[-1].court))
            urgent = False
        elif days >= 0:
            self.countdown.setText(ngettext("{n} day left to apply (until {date})",
                                            "{n} days left to apply (until {date})", days)
                                   .format(n=days, date=date_text(deadline)))
            urgent = days <= 7
        else:
            self.countdown.setText(_("The 30 days to apply closed on {date}").format(date=date_text(deadline)))
            urgent = True
        self.countdown.setStyleSheet("color: #b42318;" if urgent else "")
        _set_role(self.countdown, "title")
        if a.personal_status:
            text, role = _("This agreement concerns marriage, adoption or another personal-status relation; "
                           "courts do not confirm such agreements."), "warning"
        elif not a.confirmation_eligible:
            text, role = _("This agreement cannot be submitted for judicial confirmation."), "warning"
        elif self.closed:
            text, role = _("The agreement took effect on {date}.").format(date=date_text(a.effective_on)), "muted"
        else:
            text, role = _("The agreement took effect on {date} and can be submitted for judicial confirmation; "
                           "both parties must apply together.").format(date=date_text(a.effective_on)), "ok"
        self.eligibility.setText(text)
        _set_role(self.eligibility, role)

    def _set_checklist(self, items: Any) -> None:
        rows = [Item(None, ("✔ " if i.present else "✘ ") + i.label, i.detail, urgent=not i.present) for i in items]
        self.checklist.set_items(rows)
        missing = sum(1 for i in items if not i.present)
        if missing:
            self.check_summary.setText(ngettext("{n} item of the package is missing", "{n} items of the package are "
                                                "missing", missing).format(n=missing))
            _set_role(self.check_summary, "error")
        else:
            self.check_summary.setText(_("The package for the court is complete"))
            _set_role(self.check_summary, "ok")

    def _set_choices(self, choices: list[tuple[str, str]]) -> None:
        self.basis.replace_items(list(choices))
        self._suggest_court()

    def _suggest_court(self, *_a: object) -> None:
        if self.basis.key() == REFERRING_COURT and self._referrer and not self.court.text().strip():
            self.court.setText(self._referrer)

    def _sync_outcome(self, *_a: object) -> None:
        has_pending = self.application.count() > 0
        self.outcome_button.setEnabled(has_pending)
        self.outcome_reason.setText("" if has_pending else _("No application is waiting for the court's decision."))
        self.outcome_reason.setVisible(not has_pending)
        confirmed = self.outcome.currentData() == ConfirmationOutcome.CONFIRMED.value
        self.number.setPlaceholderText(_("Required for a confirmation, e.g. （2026）青0103民特12号") if confirmed
                                       else _("If the ruling has one"))

    # -- actions --------------------------------------------------------------------------------------------
    def _on_apply(self) -> None:
        ctx = self.ctx
        basis, court = self.basis.key() or "", self.court.text()
        on, joint = self.applied_on.date().toPython(), self.joint.isChecked()
        self._show_errors(self.apply_msgs, {})
        self.call(lambda: ctx.services.confirmation.apply(ctx.actor, ctx.case_id, court, basis, on, joint=joint),
                  message=self.apply_message)

    def _on_outcome(self) -> None:
        ctx = self.ctx
        application_id = self.application.key()
        if application_id is None:
            return
        outcome = ConfirmationOutcome(self.outcome.currentData())
        on, number = self.outcome_on.date().toPython(), self.number.text()
        self._show_errors(self.outcome_msgs, {})
        self.call(lambda: ctx.services.confirmation.record_outcome(ctx.actor, ctx.case_id, application_id, outcome,
                                                                   on, court_case_number=number),
                  lambda _c: self.number.clear(), message=self.outcome_message)

    def _on_mediate_again(self) -> None:
        ctx, reason = self.ctx, self.again_reason.text()
        self.call(lambda: ctx.services.confirmation.mediate_again(ctx.actor, ctx.case_id, reason=reason),
                  lambda _c: self.again_reason.clear(), message=self.again_message)

    def _show_errors(self, msgs: dict[str, FieldMessage], fields: dict[str, str]) -> None:
        for key, msg in msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])
        widgets = {"court": self.court, "court_case_number": self.number}
        for key, w in widgets.items():
            if key in msgs:
                mark_invalid(w, key in fields)

    def on_error(self, exc: BaseException) -> None:
        fields = getattr(exc, "field_errors", {}) or {}
        for msgs, general in ((self.apply_msgs, self.apply_message), (self.outcome_msgs, self.outcome_message)):
            if set(fields) & set(msgs):
                self._show_errors(msgs, fields)
                if set(fields) <= set(msgs):
                    general.show_issues()

    # -- language -------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.check_box.setTitle(_("What the court needs"))
        self.apply_box.setTitle(_("Joint application"))
        labels = {"basis": _("Which court has jurisdiction"), "court": _("Court"), "applied_on": _("Applied on")}
        for key, w in self._apply_rows:
            self.apply_form.labelForField(w).setText(labels[key])
        self.court.setPlaceholderText(_("Full name of the court"))
        self.joint.setText(_("Both parties apply together"))
        self.apply_button.setText(_("Record the application"))
        self.outcome_box.setTitle(_("The court's decision"))
        olabels = {"application": _("Application"), "outcome": _("Decision"), "on": _("Decided on"),
                   "number": _("Court case number (调确字)")}
        for key, w, _m in self._outcome_rows:
            self.outcome_form.labelForField(w).setText(olabels[key])
        for i in range(self.outcome.count()):
            self.outcome.setItemText(i, ConfirmationOutcome(self.outcome.itemData(i)).label())
        self.outcome_button.setText(_("Record the decision"))
        self.again_box.setTitle(_("After the court found the agreement invalid"))
        self.again_note.setText(_("The agreement stays in the file, set aside, with the ruling. Mediating again "
                                  "returns the case to mediation with a new deadline counted from today, to change "
                                  "the agreement or reach a new one."))
        self.again_reason.setPlaceholderText(_("What the parties want (optional), e.g. to change the payment terms"))
        self.again_button.setText(_("&Mediate again"))
        self.list_box.setTitle(_("Applications"))
        self._sync_outcome()
        self.applications.retranslate()
        if self.detail is not None:
            self._show_countdown()
            ctx = self.ctx
            ctx.runner.run(lambda: ctx.services.confirmation.court_choices(ctx.actor, ctx.case_id), self._set_choices,
                           lambda _e: None)
            ctx.runner.run(lambda: ctx.services.confirmation.checklist(ctx.case_id, ctx.actor), self._set_checklist,
                           lambda _e: None)
