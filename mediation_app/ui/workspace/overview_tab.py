"""Overview: the case's particulars, its status history, and accept / close."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from mediation_app.domain.enums import CaseSource, CaseStatus, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import N_, _
from mediation_app.ui.formatting import date_text, datetime_text, money_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import role_label, set_primary
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view
from mediation_app.ui.workspace.stats_box import CaseStatsBox

HISTORY_COLUMNS = (
    Column(N_("When"), lambda h: datetime_text(h.at)),
    Column(N_("From"), lambda h: enum_label(h.from_status, CaseStatus)),
    Column(N_("To"), lambda h: enum_label(h.to_status, CaseStatus)),
    Column(N_("By"), lambda h: h.by),
    Column(N_("Reason"), lambda h: h.reason or ""),
)

FIELDS = ("source", "referrer", "registered", "accepted", "place", "amount", "facts", "requests", "registered_by")


class OverviewTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.values = {k: role_label("") for k in FIELDS}
        self.info = QGroupBox()
        self.form = QFormLayout(self.info)
        for key in FIELDS:
            self.form.addRow(QLabel(), self.values[key])
        self.history_box = QGroupBox()
        self.history = RecordTableModel(HISTORY_COLUMNS, self)
        hl = QVBoxLayout(self.history_box)
        hl.addWidget(table_view(self.history, stretch=4))
        self.accept_button = set_primary(QPushButton())
        self.close_button = QPushButton()
        self.accept_reason = self.reason_label()
        self.close_reason = self.reason_label()
        self.guard(self.accept_button, Action.ACCEPT, reason=self.accept_reason)
        self.guard(self.close_button, Action.CLOSE, reason=self.close_reason)
        self.accept_button.clicked.connect(self._on_accept)
        self.close_button.clicked.connect(self._on_close)
        actions = QHBoxLayout()
        actions.addWidget(self.accept_button)
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        self.stats_box = CaseStatsBox(self)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.info, 3)
        top.addWidget(self.stats_box, 1)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.accept_reason)
        layout.addWidget(self.close_reason)
        layout.addWidget(self.message)
        layout.addWidget(self.history_box, 1)
        self.retranslate()

    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        v = self.values
        v["source"].setText(enum_label(d.source, CaseSource))
        referrer = " · ".join(x for x in (d.referrer_name, d.referrer_contact) if x)
        if d.referrer_deadline:
            referrer += "  " + _("deadline {date}").format(date=date_text(d.referrer_deadline))
        v["referrer"].setText(referrer or "—")
        v["registered"].setText(date_text(d.registered_on))
        v["accepted"].setText(date_text(d.accepted_on) or _("not yet"))
        v["place"].setText(d.place or "—")
        v["amount"].setText(money_text(d.amount_fen) or "—")
        v["facts"].setText(d.facts or "—")
        v["requests"].setText(d.requests or "—")
        v["registered_by"].setText(d.registered_by)
        self.history.set_rows(d.history)
        self.stats_box.load()

    def _on_accept(self) -> None:
        ctx = self.ctx
        self.call(lambda: ctx.services.intake.accept(ctx.actor, ctx.case_id))

    def _on_close(self) -> None:
        ctx = self.ctx
        self.call(lambda: ctx.services.outcomes.close(ctx.actor, ctx.case_id))

    def retranslate(self) -> None:
        self.info.setTitle(_("Particulars"))
        self.history_box.setTitle(_("Status history"))
        labels = (_("Source"), _("Referred by"), _("Registered on"), _("Accepted on"), _("Place"),
                  _("Amount involved"), _("Facts"), _("Requests"), _("Registered by"))
        for row, text in enumerate(labels):
            self.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        self.accept_button.setText(_("Accept the case"))
        self.close_button.setText(_("Close the case"))
        self.history.retranslate()
        self.stats_box.retranslate()
        if self.detail is not None:
            self.show_detail(self.detail)
