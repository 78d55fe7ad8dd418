"""Performance and follow-up (履行与回访): the instalments with what is paid and what is late,
payments and other performance events, the derived performance status, and follow-up visits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.enums import FollowUpMode, PerformanceStatus, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.domain.money import parse_amount
from mediation_app.domain.vocabulary import Kind, UnknownCode, words
from mediation_app.i18n import N_, _
from mediation_app.ui.formatting import date_text, datetime_text, money_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import (
    FieldMessage,
    KeyedComboBox,
    date_edit,
    mark_invalid,
    role_label,
    set_primary,
)
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

PAYMENT = "payment"  # the form's own choice; becomes "performed" or "partly" from the amount
EVENT_KINDS = (PerformanceStatus.NOT_PERFORMED, PerformanceStatus.URGED, PerformanceStatus.SUED,
               PerformanceStatus.ENFORCED)
STATUS_COLOURS = {"performed": "#2e7d32", "partly": "#b26a00", "not_performed": "#b42318", "urged": "#b42318",
                  "sued": "#b42318", "enforced": "#b42318"}


def _state(i: Any) -> str:
    if i.paid:
        return _("Paid")
    if i.overdue:
        return _("Overdue")
    if i.performed_fen:
        return _("Partly paid")
    return _("Not yet due")


INSTALMENT_COLUMNS = (
    Column(N_("No."), lambda i: str(i.seq)),
    Column(N_("What"), lambda i: i.description),
    Column(N_("Who pays"), lambda i: i.obligor_name),
    Column(N_("Amount"), lambda i: money_text(i.amount_fen)),
    Column(N_("Due on"), lambda i: date_text(i.due_on), urgent=lambda i: i.overdue),
    Column(N_("Paid"), lambda i: money_text(i.performed_fen) if i.amount_fen else date_text(i.performed_on)),
    Column(N_("Still due"), lambda i: money_text(i.outstanding_fen), urgent=lambda i: i.overdue),
    Column(N_("State"), _state, urgent=lambda i: i.overdue),
)
EVENT_COLUMNS = (
    Column(N_("Date"), lambda e: date_text(e.on)),
    Column(N_("What happened"), lambda e: enum_label(e.kind, PerformanceStatus)),
    Column(N_("Amount"), lambda e: money_text(e.amount_fen)),
    Column(N_("Note"), lambda e: e.note or ""),
)
def _satisfaction(code: str | None) -> str:
    """The level's word; an entry a committee added shows as stored."""
    try:
        return words(Kind.SATISFACTION, code, lang=None) if code else ""
    except UnknownCode:
        return code or ""


VISIT_COLUMNS = (
    Column(N_("When"), lambda f: datetime_text(f.at)),
    Column(N_("Person visited"), lambda f: f.person_visited),
    Column(N_("How"), lambda f: enum_label(f.mode, FollowUpMode)),
    Column(N_("Performance found"), lambda f: enum_label(f.performance_status, PerformanceStatus)),
    Column(N_("Satisfaction"), lambda f: _satisfaction(f.satisfaction)),
    Column(N_("Findings"), lambda f: f.findings),
    Column(N_("Visitor"), lambda f: f.visitor_name),
)


class FollowUpTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        line = self.fontMetrics().lineSpacing()
        self.status = role_label("", "title")
        self.status_note = role_label("", "muted")
        # -- instalments and performance events ---------------------------------------------------------
        self.instalments = RecordTableModel(INSTALMENT_COLUMNS, self)
        self.instalment_view = table_view(self.instalments, stretch=1)
        self.instalment_view.setMinimumHeight(line * 6)
        self.instalment_view.selectionModel().currentRowChanged.connect(self._on_instalment_selected)
        self.events = RecordTableModel(EVENT_COLUMNS, self)
        self.event_view = table_view(self.events, stretch=3)
        self.event_view.setMinimumHeight(line * 5)
        self.kind = QComboBox()
        self.kind.addItem("", PAYMENT)
        for k in EVENT_KINDS:
            self.kind.addItem(k.label(), k.value)
        self.obligation = KeyedComboBox()
        self.amount = QLineEdit()
        self.paid_on = date_edit()
        self.note = QLineEdit()
        self.pay_button = set_primary(QPushButton())
        self.pay_reason = self.reason_label()
        self.guard(self.pay_button, Action.RECORD_PERFORMANCE, reason=self.pay_reason)
        self.pay_button.clicked.connect(self._on_record_performance)
        self.pay_message = FieldMessage()
        self.pay_msgs = {k: FieldMessage() for k in ("kind", "obligation_id", "amount_fen", "on", "note")}
        self.amount.textChanged.connect(self._check_amount)
        self.kind.currentIndexChanged.connect(self._sync_kind)
        # -- follow-up visits ---------------------------------------------------------------------------
        self.visits = RecordTableModel(VISIT_COLUMNS, self)
        self.visit_view = table_view(self.visits, stretch=5)
        self.visit_view.setMinimumHeight(line * 5)
        self.person = QComboBox()
        self.person.setEditable(True)
        self.at = QDateTimeEdit(QDateTime.currentDateTime())
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.mode = QComboBox()
        for m in FollowUpMode:
            self.mode.addItem(m.label(), m.value)
        self.found = QComboBox()
        for s in PerformanceStatus:
            self.found.addItem(s.label(), s.value)
        self.findings = QPlainTextEdit()
        self.findings.setTabChangesFocus(True)
        self.findings.setMinimumHeight(line * 4)
        self.satisfaction = QComboBox()
        self.lawsuit = QLineEdit()
        self.new_risk = QLineEdit()
        self.measures = QLineEdit()
        self.visitor = QLineEdit()
        self.visit_button = set_primary(QPushButton())
        self.visit_reason = self.reason_label()
        self.guard(self.visit_button, Action.RECORD_FOLLOW_UP, reason=self.visit_reason)
        self.visit_button.clicked.connect(self._on_record_visit)
        self.visit_message = FieldMessage()
        self.visit_msgs = {k: FieldMessage() for k in ("person_visited", "at", "findings", "lawsuit")}
        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        self.inst_box = QGroupBox()
        il = QVBoxLayout(self.inst_box)
        il.addWidget(self.instalment_view)
        self.pay_box = QGroupBox()
        pf = QFormLayout()
        pf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.pay_form = pf
        self._pay_rows = [("kind", self.kind, "kind"), ("obligation", self.obligation, "obligation_id"),
                          ("amount", self.amount, "amount_fen"), ("on", self.paid_on, "on"), ("note", self.note, "note")]
        for _k, w, msg in self._pay_rows:
            pf.addRow(QLabel(), w)
            pf.addRow("", self.pay_msgs[msg])
        pl = QVBoxLayout(self.pay_box)
        pl.addLayout(pf)
        pl.addWidget(self.pay_button, 0, Qt.AlignmentFlag.AlignLeft)
        pl.addWidget(self.pay_reason)
        pl.addWidget(self.pay_message)
        self.events_box = QGroupBox()
        el = QVBoxLayout(self.events_box)
        el.addWidget(self.event_view)
        row = QHBoxLayout()
        row.addWidget(self.pay_box, 1)
        row.addWidget(self.events_box, 1)
        il.addLayout(row)

        self.visit_box = QGroupBox()
        vl = QVBoxLayout(self.visit_box)
        vl.addWidget(self.visit_view)
        self.visit_form_box = QGroupBox()
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.visit_forms = (left, right)
        self._visit_rows = [
            (left, "person", self.person, "person_visited"), (left, "at", self.at, "at"),
            (left, "mode", self.mode, None), (left, "found", self.found, None),
            (left, "satisfaction", self.satisfaction, None), (left, "visitor", self.visitor, None),
            (right, "findings", self.findings, "findings"), (right, "lawsuit", self.lawsuit, "lawsuit"),
            (right, "new_risk", self.new_risk, None), (right, "measures", self.measures, None),
        ]
        for form, _k, w, msg in self._visit_rows:
            form.addRow(QLabel(), w)
            if msg:
                form.addRow("", self.visit_msgs[msg])
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        fl = QVBoxLayout(self.visit_form_box)
        fl.addLayout(columns)
        fl.addWidget(self.visit_button, 0, Qt.AlignmentFlag.AlignLeft)
        fl.addWidget(self.visit_reason)
        fl.addWidget(self.visit_message)
        vl.addWidget(self.visit_form_box)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.status_note)
        layout.addWidget(self.inst_box)
        layout.addWidget(self.visit_box)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # -- data -----------------------------------------------------------------------------------------------
    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        self._show_status()
        self.events.set_rows(d.performance)
        self.visits.set_rows(d.follow_ups)
        names = [p.name for p in d.parties]
        typed = self.person.currentText()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItems(names)
        self.person.setEditText(typed or (names[0] if names else ""))
        self.person.blockSignals(False)
        self.found.setCurrentIndex(max(0, self.found.findData(d.performance_status)))
        self.visitor.setPlaceholderText(getattr(self.ctx.actor, "display_name", "") or "")
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.followups.instalments(ctx.actor, ctx.case_id), self._set_instalments,
                       lambda exc: self.pay_message.show_issues([str(getattr(exc, "message", exc))]))

    def _show_status(self) -> None:
        d = self.detail
        if d is None:
            return
        code = d.performance_status
        colour = STATUS_COLOURS.get(code, "#555555")
        self.status.setText(_("Performance: {status}").format(status=enum_label(code, PerformanceStatus)))
        self.status.setStyleSheet(f"color: {colour};")
        agreement = d.current_agreement
        if agreement is None:
            self.status_note.setText(_("No agreement yet: performance is recorded once an agreement is reached."))
        elif agreement.total_fen:
            paid = sum(o.performed_fen for o in agreement.obligations)
            self.status_note.setText(_("Paid {paid} of {total}.").format(paid=money_text(paid),
                                                                        total=money_text(agreement.total_fen)))
        else:
            self.status_note.setText("")

    def _set_instalments(self, rows: list[Any]) -> None:
        self.instalments.set_rows(rows)
        items: list[tuple[Any, str]] = [(None, _("The agreement as a whole"))]
        for i in rows:
            text = f"{i.seq}. {i.description}"
            if i.amount_fen:
                text += " — " + _("still due {amount}").format(amount=money_text(i.outstanding_fen))
            items.append((i.id, text))
        self.obligation.replace_items(items)
        if self.obligation.key() is None:  # suggest the first instalment not yet paid
            first = next((i for i in rows if not i.paid), None)
            if first is not None:
                self.obligation.set_key(first.id)

    def _load_satisfaction(self) -> None:
        """The configurable list (labels in the current language; the label is what is recorded and printed)."""
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.reference.lookups("satisfaction"), self._set_satisfaction,
                       lambda _e: None)

    def _set_satisfaction(self, items: list[Any]) -> None:
        code = self.satisfaction.currentData()
        self.satisfaction.clear()
        self.satisfaction.addItem(_("— not asked —"), None)
        for item in items:
            self.satisfaction.addItem(item.label, item.code)
        self.satisfaction.setCurrentIndex(max(0, self.satisfaction.findData(code)) if code else 0)

    def _on_instalment_selected(self, current: Any, _previous: Any = None) -> None:
        if current.isValid():
            self.obligation.set_key(self.instalments.row_at(current.row()).id)

    # -- performance ----------------------------------------------------------------------------------------
    def _sync_kind(self, *_a: object) -> None:
        payment = self.kind.currentData() == PAYMENT
        for w in (self.amount,):
            w.setVisible(payment)
            self.pay_form.labelForField(w).setVisible(payment)
        if not payment:
            self.pay_msgs["amount_fen"].show_issues()
        self.note.setPlaceholderText(_("e.g. bank transfer, receipt number") if payment
                                     else _("Who was urged, which court, the case number …"))

    def _check_amount(self) -> list[str]:
        issues = [i.message for i in parse_amount(self.amount.text(), allow_empty=True).errors]
        self.pay_msgs["amount_fen"].show_issues(issues)
        mark_invalid(self.amount, bool(issues))
        return issues

    def _on_record_performance(self) -> None:
        ctx = self.ctx
        choice = self.kind.currentData()
        obligation_id = self.obligation.key()
        on, note = self.paid_on.date().toPython(), self.note.text()
        amount: int | None = None
        if choice == PAYMENT:
            if self._check_amount():
                return
            amount = parse_amount(self.amount.text(), allow_empty=True).value
            outstanding = next((i.outstanding_fen for i in self.instalments_rows() if i.id == obligation_id), None)
            full = amount is None or (outstanding is not None and amount >= outstanding)
            kind = PerformanceStatus.PERFORMED if full else PerformanceStatus.PARTLY
        else:
            kind = PerformanceStatus(choice)
        for m in self.pay_msgs.values():
            m.show_issues()
        self.call(lambda: ctx.services.followups.record_performance(ctx.actor, ctx.case_id, obligation_id, kind, on,
                                                                    amount_fen=amount, note=note),
                  self._performance_saved, message=self.pay_message)

    def instalments_rows(self) -> list[Any]:
        return [self.instalments.row_at(r) for r in range(self.instalments.rowCount())]

    def _performance_saved(self, _changes: Any) -> None:
        self.amount.clear()
        self.note.clear()
        self.obligation.setCurrentIndex(0)  # the next suggestion comes with the refreshed instalments
        for w in (self.amount, self.note):
            mark_invalid(w, False)

    # -- follow-up visits -----------------------------------------------------------------------------------
    def _on_record_visit(self) -> None:
        ctx = self.ctx
        person, at = self.person.currentText(), self.at.dateTime().toPython().astimezone()
        mode = FollowUpMode(self.mode.currentData())
        found = PerformanceStatus(self.found.currentData())
        findings = self.findings.toPlainText()
        satisfaction = self.satisfaction.currentData() or None  # the code: documents word it
        lawsuit, new_risk, measures = self.lawsuit.text(), self.new_risk.text(), self.measures.text()
        visitor = self.visitor.text() or None
        for m in self.visit_msgs.values():
            m.show_issues()
        self.call(lambda: ctx.services.followups.record_follow_up(
            ctx.actor, ctx.case_id, person, at, mode, found, findings, satisfaction=satisfaction, lawsuit=lawsuit,
            new_risk=new_risk, measures=measures, visitor_name=visitor), self._visit_saved, message=self.visit_message)

    def _visit_saved(self, _changes: Any) -> None:
        for w in (self.findings, self.lawsuit, self.new_risk, self.measures):
            w.clear()
        for w in (self.person, self.findings, self.lawsuit):
            mark_invalid(w, False)
        self.satisfaction.setCurrentIndex(0)

    def on_error(self, exc: BaseException) -> None:
        fields = getattr(exc, "field_errors", {}) or {}
        for msgs, general, widgets in (
            (self.pay_msgs, self.pay_message, {"amount_fen": self.amount, "note": self.note}),
            (self.visit_msgs, self.visit_message, {"person_visited": self.person, "findings": self.findings,
                                                   "lawsuit": self.lawsuit}),
        ):
            if not set(fields) & set(msgs):
                continue
            for key, msg in msgs.items():
                msg.show_issues([fields[key]] if key in fields else [])
            for key, w in widgets.items():
                mark_invalid(w, key in fields)
            if set(fields) <= set(msgs):
                general.show_issues()

    # -- language -------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.inst_box.setTitle(_("Instalments and performance"))
        self.pay_box.setTitle(_("Record a payment or another step"))
        self.events_box.setTitle(_("What has happened so far"))
        labels = {"kind": _("What happened"), "obligation": _("Instalment"), "amount": _("Amount paid (yuan)"),
                  "on": _("Date"), "note": _("Note")}
        for key, w, _m in self._pay_rows:
            self.pay_form.labelForField(w).setText(labels[key])
        self.kind.setItemText(0, _("Payment"))
        for i in range(1, self.kind.count()):
            self.kind.setItemText(i, PerformanceStatus(self.kind.itemData(i)).label())
        self.amount.setPlaceholderText(_("Empty: everything still due on the instalment"))
        self.pay_button.setText(_("Record"))
        self.visit_box.setTitle(_("Follow-up visits"))
        self.visit_form_box.setTitle(_("Record a follow-up visit"))
        vlabels = {"person": _("Person visited"), "at": _("Date and time"), "mode": _("How"),
                   "found": _("Performance found"), "satisfaction": _("Satisfaction"), "visitor": _("Visitor"),
                   "findings": _("Findings"), "lawsuit": _("Lawsuit brought"), "new_risk": _("New dispute or risk"),
                   "measures": _("Measures taken")}
        for form, key, w, _m in self._visit_rows:
            form.labelForField(w).setText(vlabels[key])
        for i in range(self.mode.count()):
            self.mode.setItemText(i, FollowUpMode(self.mode.itemData(i)).label())
        for i in range(self.found.count()):
            self.found.setItemText(i, PerformanceStatus(self.found.itemData(i)).label())
        self._load_satisfaction()
        self.findings.setPlaceholderText(_("Performance, the parties' attitude, any new dispute or risk."))
        self.lawsuit.setPlaceholderText(_("Which court, when (if a party sued)"))
        self.visit_button.setText(_("Save follow-up record"))
        self._sync_kind()
        self._show_status()
        for model in (self.instalments, self.events, self.visits):
            model.retranslate()
