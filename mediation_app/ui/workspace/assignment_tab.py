"""Mediators: assignment with the conflict check shown before saving, and recusal (fact 5)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.enums import AssignmentMethod, AssignmentRole, RecusalDecision, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import N_, _
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.formatting import date_text, datetime_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import KeyedComboBox, role_label, set_primary
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

ASSIGNMENT_COLUMNS = (
    Column(N_("Mediator"), lambda a: a.mediator_name),
    Column(N_("Role"), lambda a: enum_label(a.role, AssignmentRole)),
    Column(N_("How chosen"), lambda a: enum_label(a.method, AssignmentMethod)),
    Column(N_("From"), lambda a: datetime_text(a.assigned_at)),
    Column(N_("Until"), lambda a: datetime_text(a.ended_at) if a.ended_at else _("current")),
    Column(N_("Note"), lambda a: a.end_reason or ""),
)
RECUSAL_COLUMNS = (
    Column(N_("Mediator"), lambda r: r.mediator_name),
    Column(N_("Requested by"), lambda r: r.requested_by or ""),
    Column(N_("Reason"), lambda r: r.reason),
    Column(N_("Requested on"), lambda r: date_text(r.requested_on)),
    Column(N_("Decision"), lambda r: enum_label(r.decision, RecusalDecision)),
    Column(N_("Replacement"), lambda r: r.replacement_name or ""),
)


class AssignmentTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.assignments = RecordTableModel(ASSIGNMENT_COLUMNS, self)
        self.mediator = KeyedComboBox()
        self.role = QComboBox()
        for r in AssignmentRole:
            self.role.addItem(r.label(), r.value)
        self.method = QComboBox()
        for m in AssignmentMethod:
            self.method.addItem(m.label(), m.value)
        self.conflict = role_label("", "ok")
        self.override = QLineEdit()
        self.assign_button = set_primary(QPushButton())
        self.assign_reason = self.reason_label()
        self.guard(self.assign_button, Action.ASSIGN, reason=self.assign_reason)
        self.assign_button.clicked.connect(self._on_assign)
        self.mediator.currentIndexChanged.connect(self._check_conflicts)

        self.assign_box = QGroupBox()
        al = QVBoxLayout(self.assign_box)
        al.addWidget(table_view(self.assignments, stretch=5))
        self.assign_form = QFormLayout()
        for w in (self.mediator, self.role, self.method, self.override):
            self.assign_form.addRow(QLabel(), w)
        al.addLayout(self.assign_form)
        al.addWidget(self.conflict)
        row = QHBoxLayout()
        row.addWidget(self.assign_button)
        row.addStretch(1)
        al.addLayout(row)
        al.addWidget(self.assign_reason)

        self.recusals = RecordTableModel(RECUSAL_COLUMNS, self)
        self.recusal_view = table_view(self.recusals, stretch=2)
        self.r_mediator = KeyedComboBox()
        self.r_party = KeyedComboBox()
        self.r_reason = QLineEdit()
        self.r_request = QPushButton()
        self.r_replacement = KeyedComboBox()
        self.r_grant = QPushButton()
        self.r_reject = QPushButton()
        self.r_reason_label = self.reason_label()
        self.guard(self.r_request, Action.REQUEST_RECUSAL, reason=self.r_reason_label)
        self.r_request.clicked.connect(self._on_request_recusal)
        self.r_grant.clicked.connect(lambda: self._on_decide(True))
        self.r_reject.clicked.connect(lambda: self._on_decide(False))
        self.recusal_box = QGroupBox()
        rl = QVBoxLayout(self.recusal_box)
        rl.addWidget(self.recusal_view)
        self.recusal_form = QFormLayout()
        for w in (self.r_mediator, self.r_party, self.r_reason):
            self.recusal_form.addRow(QLabel(), w)
        rl.addLayout(self.recusal_form)
        rrow = QHBoxLayout()
        rrow.addWidget(self.r_request)
        rrow.addStretch(1)
        rrow.addWidget(self.r_replacement)
        rrow.addWidget(self.r_grant)
        rrow.addWidget(self.r_reject)
        rl.addLayout(rrow)
        rl.addWidget(self.r_reason_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.assign_box, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.recusal_box, 1)
        self._mediators: list[Any] = []
        self._conflicts: list[Any] = []
        self.retranslate()
        self._load_mediators()
        ctx.events.data_changed.connect(self._on_data_changed)

    def _load_mediators(self) -> None:
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.accounts.mediators(ctx.actor), self._set_mediators, lambda _e: None)

    def _on_data_changed(self, changes: Any) -> None:
        if ChangeKind.MEDIATOR in getattr(changes, "kinds", frozenset()):  # the roster changed in Administration
            self._load_mediators()

    def _set_mediators(self, mediators: list[Any]) -> None:
        self._mediators = mediators
        for combo, blank in ((self.mediator, _("— choose a mediator —")),
                             (self.r_replacement, _("Replacement (when granting)"))):
            combo.replace_items([(None, blank)] + [(m.id, m.name) for m in mediators])
        if self.detail is not None:
            self.show_detail(self.detail)

    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        self.assignments.set_rows(d.assignments)
        self.recusals.set_rows(d.recusals)
        self.r_party.replace_items([(None, _("(requested by the committee)"))] + [(p.link_id, p.name) for p in d.parties])
        # Only current mediators of the case can be the object of a recusal request.
        current_ids = {a.mediator_id for a in d.assignments if a.ended_at is None}
        self.r_mediator.replace_items([(m.id, m.name) for m in self._mediators if m.id in current_ids])
        pending = any(r.decision == "pending" for r in d.recusals)
        supervisor = getattr(self.ctx.actor, "is_head", False)
        for b in (self.r_grant, self.r_reject):
            b.setEnabled(pending and supervisor)
            b.setToolTip("" if pending and supervisor else (
                _("Only the committee head decides on recusal.") if pending else _("No request is waiting for a decision.")))
        if self.r_mediator.count() == 0:
            self.r_request.setEnabled(False)
            self.r_reason_label.setText(_("No mediator is assigned yet."))
            self.r_reason_label.show()

    def _check_conflicts(self) -> None:
        mediator_id = self.mediator.key()
        self._conflicts = []
        if mediator_id is None:
            self.conflict.setText("")
            self.override.hide()
            self.assign_form.labelForField(self.override).hide()
            return
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.assignment.conflicts(ctx.actor, ctx.case_id, mediator_id),
                       self._show_conflicts, lambda e: self.conflict.setText(str(getattr(e, "message", e))))

    def _show_conflicts(self, findings: list[Any]) -> None:
        self._conflicts = findings
        if findings:
            self.conflict.setProperty("role", "error")
            self.conflict.setText(_("Conflict check: possible conflict of interest") + "\n"
                                  + "\n".join("• " + f.reason for f in findings))
        else:
            self.conflict.setProperty("role", "ok")
            self.conflict.setText(_("Conflict check: no conflict of interest found."))
        self.conflict.style().unpolish(self.conflict)
        self.conflict.style().polish(self.conflict)
        self.override.setVisible(bool(findings))
        self.assign_form.labelForField(self.override).setVisible(bool(findings))

    def _on_assign(self) -> None:
        mediator_id = self.mediator.key()
        if mediator_id is None:
            self.message.show_issues([_("Choose the mediator to assign.")])
            return
        ctx = self.ctx
        role, method = AssignmentRole(self.role.currentData()), AssignmentMethod(self.method.currentData())
        override = self.override.text().strip() or None
        self.call(lambda: ctx.services.assignment.assign(ctx.actor, ctx.case_id, mediator_id, role, method,
                                                         override_reason=override),
                  lambda _c: self.override.clear())

    def _on_request_recusal(self) -> None:
        mediator_id = self.r_mediator.key()
        if mediator_id is None:
            return
        ctx, reason, party = self.ctx, self.r_reason.text(), self.r_party.key()
        self.call(lambda: ctx.services.assignment.request_recusal(ctx.actor, ctx.case_id, mediator_id, reason,
                                                                  requested_by_link=party),
                  lambda _c: self.r_reason.clear())

    def _on_decide(self, grant: bool) -> None:
        pending = [r for r in (self.detail.recusals if self.detail else ()) if r.decision == "pending"]
        if not pending:
            return
        index = self.recusal_view.currentIndex()
        chosen = self.recusals.row_at(index.row()) if index.isValid() else pending[0]
        if chosen.decision != "pending":
            chosen = pending[0]
        ctx, replacement = self.ctx, self.r_replacement.key()
        self.call(lambda: ctx.services.assignment.decide_recusal(ctx.actor, ctx.case_id, chosen.id, grant,
                                                                 replacement_id=replacement))

    def retranslate(self) -> None:
        self.assign_box.setTitle(_("Assigned mediators"))
        for row, text in enumerate((_("Mediator"), _("Role"), _("How chosen"), _("Why assign despite the conflict"))):
            self.assign_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        for combo, enum_cls in ((self.role, AssignmentRole), (self.method, AssignmentMethod)):
            for i in range(combo.count()):
                combo.setItemText(i, enum_cls(combo.itemData(i)).label())
        self.override.setPlaceholderText(_("Only the committee head may assign despite a conflict"))
        self.assign_button.setText(_("Assign"))
        self.recusal_box.setTitle(_("Recusal requests"))
        for row, text in enumerate((_("Mediator"), _("Requested by"), _("Reason given"))):
            self.recusal_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        self.r_request.setText(_("Record recusal request"))
        self.r_grant.setText(_("Grant"))
        self.r_reject.setText(_("Reject"))
        self.assignments.retranslate()
        self.recusals.retranslate()
        if self._mediators:
            self._set_mediators(self._mediators)
