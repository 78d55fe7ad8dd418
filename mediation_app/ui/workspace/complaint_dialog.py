"""Hand a consumer complaint over to market supervision, 12315 or the consumer association (the
fields their complaint registers use; the merchant from the registry by stall), and record what the
body reported back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.complaints import ComplaintBody
from mediation_app.domain.lifecycle import Action
from mediation_app.domain.money import parse_amount
from mediation_app.fileio import atomic_write_bytes
from mediation_app.i18n import _
from mediation_app.services.market.complaints import ComplaintInput
from mediation_app.ui.widgets.common import FieldMessage, KeyedComboBox, date_edit, role_label
from mediation_app.ui.widgets.flow_layout import FlowLayout
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.base import CaseContext
from mediation_app.ui.workspace.case_actions import ActionDialog

FIELDS = ("complainant_name", "complainant_phone", "complainant_id_number", "merchant_name", "credit_code",
          "goods", "purchased_on", "amount", "request", "facts", "deadline")


def _text_box(lines: int, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(parent.fontMetrics().lineSpacing() * lines + 14)
    return box


class ComplaintDialog(ActionDialog):
    action = Action.ISSUE_REFERRAL

    def __init__(self, ctx: CaseContext, detail: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, detail, parent)
        self.body = KeyedComboBox()
        self.body.replace_items([(b, b.label()) for b in ComplaintBody])
        self.department = QLineEdit()
        self.complainant_name, self.complainant_phone, self.complainant_id_number = QLineEdit(), QLineEdit(), QLineEdit()
        self.stall, self.merchant_name, self.credit_code = QLineEdit(), QLineEdit(), QLineEdit()
        self.registry = role_label("", "muted")
        self.goods, self.amount, self.register_number = QLineEdit(), QLineEdit(), QLineEdit()
        self.has_purchase = QCheckBox()
        self.purchased_on = date_edit()
        self.has_deadline = QCheckBox()
        self.has_deadline.setChecked(True)
        self.deadline = date_edit(days=10)
        self.request, self.facts, self.evidence = (_text_box(2, self), _text_box(3, self), _text_box(2, self))
        self.has_purchase.toggled.connect(self.purchased_on.setEnabled)
        self.purchased_on.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.stall.editingFinished.connect(self.look_up)
        self._merchant_id: Any = None
        self.msgs = {k: FieldMessage() for k in FIELDS}
        # two columns side by side: who and what / the complaint's text
        left, right = QFormLayout(), QFormLayout()
        self.left, self.right = left, right
        purchase = QHBoxLayout()
        purchase.addWidget(self.has_purchase)
        purchase.addWidget(self.purchased_on, 1)
        deadline = QHBoxLayout()
        deadline.addWidget(self.has_deadline)
        deadline.addWidget(self.deadline, 1)
        self._rows = [
            (left, "body", self.body), (left, "department", self.department),
            (left, "complainant_name", self.complainant_name), (left, "complainant_phone", self.complainant_phone),
            (left, "complainant_id_number", self.complainant_id_number), (left, "stall", self.stall),
            (left, "merchant_name", self.merchant_name), (left, "credit_code", self.credit_code),
            (right, "goods", self.goods), (right, "purchased_on", purchase), (right, "amount", self.amount),
            (right, "request", self.request), (right, "facts", self.facts), (right, "evidence", self.evidence),
            (right, "register_number", self.register_number), (right, "deadline", deadline),
        ]
        for form, key, w in self._rows:
            form.addRow(QLabel(), w)
            if key in self.msgs:
                form.addRow(self.msgs[key])
            if key == "stall":
                form.addRow(self.registry)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.form.addRow(grid)
        self.finish_layout()
        fit_to_screen(self, 1000, 640)

    def look_up(self) -> None:
        """The registry's merchant at the stall typed: its name and credit code fill the empty fields."""
        stall, ctx = self.stall.text().strip(), self.ctx
        self._merchant_id = None
        if not stall:
            self.registry.setText("")
            return
        found = [r.merchant for r in ctx.services.merchants.find_by_stall(ctx.actor, stall) if r.merchant.active]
        if not found:
            self.registry.setText(_("Stall {stall} is not in the merchant registry.").format(stall=stall))
            return
        m = found[0]
        self._merchant_id = m.id
        if not self.merchant_name.text().strip():
            self.merchant_name.setText(m.name)
        if not self.credit_code.text().strip():
            self.credit_code.setText(m.credit_code)
        self.registry.setText(_("From the registry: {name}, stall {stall}.").format(name=m.name, stall=m.stall_number))

    def data(self) -> ComplaintInput | None:
        amount = None
        self.msgs["amount"].show_issues()
        if self.amount.text().strip():
            checked = parse_amount(self.amount.text())
            if checked.errors:
                self.msgs["amount"].show_issues([checked.errors[0].message])
                return None
            amount = checked.value
        body = self.body.key()
        return ComplaintInput(
            body=ComplaintBody(body), department=self.department.text(),
            complainant_name=self.complainant_name.text(), complainant_phone=self.complainant_phone.text(),
            complainant_id_number=self.complainant_id_number.text(), merchant_id=self._merchant_id,
            merchant_name=self.merchant_name.text(), stall_number=self.stall.text(),
            credit_code=self.credit_code.text(), goods=self.goods.text(),
            purchased_on=self.purchased_on.date().toPython() if self.has_purchase.isChecked() else None,
            amount_fen=amount, request=self.request.toPlainText(), facts=self.facts.toPlainText(),
            evidence=tuple(line for line in self.evidence.toPlainText().splitlines() if line.strip()),
            register_number=self.register_number.text(),
            deadline=self.deadline.date().toPython() if self.has_deadline.isChecked() else None)

    def submit(self) -> None:
        data, ctx = self.data(), self.ctx
        if data is None:
            return
        for m in self.msgs.values():
            m.show_issues()
        self.ctx.runner.run(lambda: ctx.services.complaints.issue(ctx.actor, ctx.case_id, data),
                            self._done, self._failed, write=True)

    def _done(self, changes: Any) -> None:
        self.ctx.events.changed(changes)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from mediation_app.ui.widgets.common import error_text

        fields = getattr(exc, "field_errors", {}) or {}
        for key, msg in self.msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])
        if not any(k in self.msgs for k in fields):
            self.message.show_issues([error_text(exc)])

    def retranslate(self) -> None:
        self.setWindowTitle(_("Hand a consumer complaint over"))
        labels = {"body": _("Hand over to"), "department": _("Office"), "complainant_name": _("Complainant"),
                  "complainant_phone": _("Phone"), "complainant_id_number": _("ID number"), "stall": _("Stall"),
                  "merchant_name": _("Merchant"), "credit_code": _("Credit code"), "goods": _("Goods or service"),
                  "purchased_on": _("Purchased on"), "amount": _("Amount (yuan)"), "request": _("What is asked for"),
                  "facts": _("Facts of the complaint"), "evidence": _("Evidence (one a line)"),
                  "register_number": _("12315 registration no."), "deadline": _("Reply deadline")}
        for form, key, w in self._rows:
            label = form.labelForField(w)
            if label is not None:
                label.setText(labels[key])
        self.department.setPlaceholderText(_("e.g. 城北区市场监督管理局 (empty: the body's name)"))
        self.has_purchase.setText(_("known"))
        self.has_deadline.setText(_("Set a deadline"))
        self.ok.setText(_("&Hand over"))


class ComplaintFeedbackDialog(ActionDialog):
    action = Action.ISSUE_REFERRAL

    def __init__(self, ctx: CaseContext, detail: Any, referral_id: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, detail, parent)
        self.referral_id = referral_id
        self.on = date_edit()
        self.handling_number = QLineEdit()
        self.register_number = QLineEdit()
        self.result = _text_box(3, self)
        for w in (self.on, self.handling_number, self.result, self.register_number):
            self.form.addRow(QLabel(), w)
        self.finish_layout()
        fit_to_screen(self, 560, 360)

    def submit(self) -> None:
        ctx, rid = self.ctx, self.referral_id
        on: dt.date = self.on.date().toPython()
        result, handling, register = self.result.toPlainText(), self.handling_number.text(), self.register_number.text()

        def both() -> Any:
            changes = None
            if register.strip():
                changes = ctx.services.complaints.record_register_number(ctx.actor, rid, register)
            if result.strip() or changes is None:
                changes = ctx.services.complaints.record_feedback(ctx.actor, rid, on, result, handling)
            return changes

        self.run(both)

    def retranslate(self) -> None:
        self.setWindowTitle(_("The body's feedback"))
        for w, text in ((self.on, _("Feedback date")), (self.handling_number, _("Their handling number")),
                        (self.result, _("Result")), (self.register_number, _("12315 registration no."))):
            self.form.labelForField(w).setText(text)
        self.ok.setText(_("&Record"))


class ComplaintActions(QWidget):
    """Beside the referral slips: hand a complaint over; for a complaint's slip, record the body's
    feedback and print the hand-over slip (消费投诉移送函)."""

    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        from PySide6.QtWidgets import QPushButton

        self.tab, self.ctx = tab, tab.ctx
        self._complaints: set[Any] = set()
        self.issue_button, self.feedback_button, self.print_button = QPushButton(), QPushButton(), QPushButton()
        self.message = FieldMessage()
        self.issue_button.clicked.connect(self.hand_over)
        self.feedback_button.clicked.connect(self.feedback)
        self.print_button.clicked.connect(self.print_slip)
        row = QWidget()
        flow = FlowLayout(row)  # the buttons wrap at large text instead of running off the edge
        flow.setContentsMargins(0, 0, 0, 0)
        for b in (self.issue_button, self.feedback_button, self.print_button):
            flow.addWidget(b)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(row)
        outer.addWidget(self.message)
        self.retranslate()
        self.sync()

    def refresh(self) -> None:
        ctx = self.ctx

        def done(views: Any) -> None:
            self._complaints = {v.referral_id for v in views}
            self.sync()

        ctx.runner.run(lambda: ctx.services.complaints.of_case(ctx.actor, ctx.case_id), done, lambda _e: None)

    def sync(self) -> None:
        slip = self.tab.current_slip()
        ours = slip is not None and slip.id in self._complaints
        self.feedback_button.setEnabled(ours)
        self.print_button.setEnabled(ours)
        self.issue_button.setEnabled(self.tab.detail is not None and self.tab.issue_button.isEnabled())

    def hand_over(self) -> None:
        ComplaintDialog(self.ctx, self.tab.detail, self.window()).open()

    def feedback(self) -> None:
        slip = self.tab.current_slip()
        if slip is not None:
            ComplaintFeedbackDialog(self.ctx, self.tab.detail, slip.id, self.window()).open()

    def print_slip(self) -> None:
        from mediation_app.ui.printing import DocumentOutput

        slip, ctx = self.tab.current_slip(), self.ctx
        if slip is None:
            return
        self.message.show_issues()

        def show(doc: Any) -> None:
            DocumentOutput(self, ctx.runner).preview(doc, save=lambda path: atomic_write_bytes(path, doc.pdf),
                                                     suggested=f"消费投诉移送函-{slip.number}.pdf")

        from mediation_app.ui.widgets.common import error_text

        ctx.runner.run(lambda: ctx.services.complaints.slip(ctx.actor, slip.id), show,
                       lambda exc: self.message.show_issues([error_text(exc)]))

    def retranslate(self) -> None:
        self.issue_button.setText(_("Hand a consumer complaint over…"))
        self.issue_button.setToolTip(_("To the market supervision bureau, the 12315 platform or the consumer association"))
        self.feedback_button.setText(_("Their feedback…"))
        self.print_button.setText(_("Print the hand-over slip…"))
