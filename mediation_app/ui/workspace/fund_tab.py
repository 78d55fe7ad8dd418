"""The case's part of the market's advance compensation fund (先行赔付): what the fund paid on this
case, to whom, what has been recovered from the merchant, and the forms to pay out (a committee head
or administrator), record a recovery against the selected payment, reverse an entry with its reason,
and print the receipt (先行赔付凭证 / 追偿收据)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.money import format_fen
from mediation_app.i18n import _
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.fund_widgets import ENTRY_COLUMNS, show_receipt
from mediation_app.ui.models.records import RecordTableModel
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view


def _date_edit(today: Any) -> QDateEdit:
    edit = QDateEdit(QDate(today))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class FundTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.fund: Any = None
        self.totals = role_label("", "heading")
        self.model = RecordTableModel(ENTRY_COLUMNS, self)
        self.view = table_view(self.model, stretch=6)
        self.view.setObjectName("fund_entries")
        self.view.setMinimumHeight(140)
        # pay out (head or administrator)
        self.pay_box = QGroupBox()
        self.party = QComboBox()
        self.merchant = QComboBox()
        self.pay_amount = QLineEdit()
        self.pay_amount.setObjectName("pay_amount")
        self.pay_date = _date_edit(ctx.services.clock.today())
        self.pay_note = QLineEdit()
        self.pay_button = QPushButton()
        self.pay_message = FieldMessage()
        pf = QFormLayout(self.pay_box)
        self._pay_labels = [QLabel() for _i in range(5)]
        for label, w in zip(self._pay_labels, (self.party, self.merchant, self.pay_amount, self.pay_date,
                                               self.pay_note), strict=True):
            label.setBuddy(w)
            pf.addRow(label, w)
        pf.addRow(self.pay_button)
        pf.addRow(self.pay_message)
        # recover against the selected payment
        self.rec_box = QGroupBox()
        self.rec_amount = QLineEdit()
        self.rec_amount.setObjectName("recover_amount")
        self.rec_date = _date_edit(ctx.services.clock.today())
        self.rec_receipt = QLineEdit()
        self.rec_note = QLineEdit()
        self.rec_button = QPushButton()
        self.rec_message = FieldMessage()
        rf = QFormLayout(self.rec_box)
        self._rec_labels = [QLabel() for _i in range(4)]
        for label, w in zip(self._rec_labels, (self.rec_amount, self.rec_date, self.rec_receipt, self.rec_note),
                            strict=True):
            label.setBuddy(w)
            rf.addRow(label, w)
        rf.addRow(self.rec_button)
        rf.addRow(self.rec_message)
        forms = QVBoxLayout()  # one above the other: the part stays narrow at large text
        forms.addWidget(self.pay_box)
        forms.addWidget(self.rec_box)
        # the selected entry
        self.reason = QLineEdit()
        self.reverse_button = QPushButton()
        self.receipt_button = QPushButton()
        self.receipt_button.setObjectName("fund_receipt")
        row = QHBoxLayout()
        row.addWidget(self.receipt_button)
        row.addStretch(1)
        reverse = QHBoxLayout()
        reverse.addWidget(self.reason, 1)
        reverse.addWidget(self.reverse_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addLayout(reverse)
        layout.addWidget(self.message)
        layout.addLayout(forms)
        self.pay_button.clicked.connect(self.pay)
        self.rec_button.clicked.connect(self.recover)
        self.reverse_button.clicked.connect(self.reverse)
        self.receipt_button.clicked.connect(self.print_receipt)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._selected_changed())
        ctx.events.data_changed.connect(self._on_changed)
        self.retranslate()
        self.reload()

    # -- data -----------------------------------------------------------------------------------------
    def reload(self) -> None:
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.fund.case_fund(ctx.actor, ctx.case_id), self._show,
                       lambda exc: self.message.show_issues([error_text(exc)]))

    def _on_changed(self, changes: Any) -> None:
        if ChangeKind.FUND in getattr(changes, "kinds", ()) or not getattr(changes, "kinds", None):
            self.reload()

    def _show(self, fund: Any) -> None:
        self.fund = fund
        self.model.set_rows(fund.entries)
        self.totals.setText(_("Paid out {paid} · recovered {recovered} · outstanding {outstanding}").format(
            paid=format_fen(fund.paid_fen), recovered=format_fen(fund.recovered_fen),
            outstanding=format_fen(fund.outstanding_fen)))
        for combo, choices in ((self.party, fund.parties), (self.merchant, fund.merchants)):
            current = combo.currentData()
            combo.clear()
            for c in choices:
                combo.addItem(c.label, c.id)
            if current is not None and combo.findData(current) >= 0:
                combo.setCurrentIndex(combo.findData(current))
        if not fund.merchants:
            self.merchant.addItem(_("(no party of this case is linked to a merchant)"), None)
        self.pay_box.setEnabled(fund.may_approve)
        self.pay_box.setToolTip("" if fund.may_approve else _(
            "A committee head or an administrator approves payments out of the fund."))
        self._selected_changed()

    def selected(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def _selected_changed(self) -> None:
        e = self.selected()
        fund = self.fund
        live_payment = e is not None and e.kind == "payment" and not e.reversed_by and e.outstanding_fen > 0
        self.rec_box.setEnabled(bool(fund and fund.may_record and live_payment))
        self.rec_box.setTitle(_("Recovery from the merchant against {number}").format(number=e.number)
                              if live_payment else _("Recovery from the merchant (select a payment above)"))
        self.receipt_button.setEnabled(e is not None and e.kind in ("payment", "recovery"))
        self.reverse_button.setEnabled(bool(fund and fund.may_approve and e is not None and e.live))

    # -- actions --------------------------------------------------------------------------------------
    def pay(self) -> None:
        ctx, party, merchant = self.ctx, self.party.currentData(), self.merchant.currentData()
        amount, on, note = self.pay_amount.text(), self.pay_date.date().toPython(), self.pay_note.text()
        if party is None:
            self.pay_message.show_issues([_("Choose a party of this case to pay.")])
            return
        self.call(lambda: ctx.services.fund.pay(ctx.actor, ctx.case_id, party_id=party, amount=amount, paid_on=on,
                                                merchant_id=merchant, note=note),
                  lambda _c: (self.pay_amount.clear(), self.pay_note.clear()), message=self.pay_message)

    def recover(self) -> None:
        e, ctx = self.selected(), self.ctx
        if e is None:
            return
        amount, on = self.rec_amount.text(), self.rec_date.date().toPython()
        receipt, note = self.rec_receipt.text(), self.rec_note.text()
        self.call(lambda: ctx.services.fund.recover(ctx.actor, e.id, amount=amount, recovered_on=on, receipt=receipt,
                                                    note=note),
                  lambda _c: (self.rec_amount.clear(), self.rec_receipt.clear(), self.rec_note.clear()),
                  message=self.rec_message)

    def reverse(self) -> None:
        e, ctx, reason = self.selected(), self.ctx, self.reason.text()
        if e is None:
            return
        self.call(lambda: ctx.services.fund.reverse(ctx.actor, e.id, reason=reason), lambda _c: self.reason.clear())

    def print_receipt(self) -> None:
        e = self.selected()
        if e is not None:
            show_receipt(self, self.ctx.runner, self.ctx.services, self.ctx.actor, e.id,
                         lambda exc: self.message.show_issues([error_text(exc)]))

    def retranslate(self) -> None:
        self.pay_box.setTitle(_("Pay out of the fund (approved by a committee head or administrator)"))
        for label, text in zip(self._pay_labels, (_("Paid &to"), _("Recover &from"), _("&Amount (yuan)"),
                                                  _("Pai&d on"), _("&Note")), strict=True):
            label.setText(text)
        self.pay_button.setText(_("Record the &payment"))
        for label, text in zip(self._rec_labels, (_("A&mount (yuan)"), _("R&eceived on"),
                                                  _("Merchant's &receipt or transfer no."), _("N&ote")), strict=True):
            label.setText(text)
        self.rec_button.setText(_("Record the re&covery"))
        self.reason.setPlaceholderText(_("Reason for reversing the selected entry"))
        self.reverse_button.setText(_("Re&verse the entry"))
        self.receipt_button.setText(_("Print the rece&ipt…"))
        self.model.retranslate()
        self._selected_changed()
