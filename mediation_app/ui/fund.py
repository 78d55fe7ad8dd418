"""The market's advance compensation fund at a glance (先行赔付): what the fund holds, what went in,
out and came back, the payments still to be recovered (by merchant, the oldest first, a page at a
time with the exact total), a top-up into the fund by a committee head or administrator, and the
receipt of the selected payment. Opened from the merchant registry."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
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

from mediation_app.domain.money import format_fen
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _, ngettext
from mediation_app.ui.events import AppEvents, ChangeKind
from mediation_app.ui.fund_widgets import OUTSTANDING_COLUMNS, show_receipt
from mediation_app.ui.models.records import RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label
from mediation_app.ui.widgets.screen_fit import fit_to_screen, scroll_contents
from mediation_app.ui.workspace.base import table_view

PAGE = 100


class FundOverviewDialog(QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self._rows: list[Any] = []
        self._total = 0
        self.setWindowTitle(_("Advance compensation fund (先行赔付)"))
        self.balance = role_label("", "title", wrap=False)
        self.balance.setObjectName("fund_balance")
        self.figures = role_label("", "muted")
        self.model = RecordTableModel(OUTSTANDING_COLUMNS, self)
        self.view = table_view(self.model, stretch=0)
        self.count = QLabel()
        self.more = QPushButton(_("Show more"))
        self.more.clicked.connect(self._load_more)
        self.receipt = QPushButton(_("Print the rece&ipt of the selected payment…"))
        self.receipt.clicked.connect(self._receipt)
        self.message = FieldMessage()
        # top-up
        self.top_box = QGroupBox(_("Top up the fund (committee head or administrator)"))
        self.top_amount = QLineEdit()
        self.top_amount.setObjectName("topup_amount")
        self.top_source = QLineEdit()
        self.top_source.setPlaceholderText(_("e.g. from the merchants' guarantee deposits"))
        self.top_date = QDateEdit(QDate(services.clock.today()))
        self.top_date.setCalendarPopup(True)
        self.top_date.setDisplayFormat("yyyy-MM-dd")
        self.top_button = QPushButton(_("Record the &top-up"))
        self.top_button.clicked.connect(self.topup)
        self.top_message = FieldMessage()
        tf = QFormLayout(self.top_box)
        tf.addRow(_("&Amount (yuan)"), self.top_amount)
        tf.addRow(_("&From"), self.top_source)
        tf.addRow(_("&Paid in on"), self.top_date)
        tf.addRow(self.top_button)
        tf.addRow(self.top_message)
        self.top_box.setEnabled(services.fund.may(actor, Perm.FUND_APPROVE))

        outstanding = QGroupBox(_("Outstanding recoveries, by merchant, the oldest first"))
        ol = QVBoxLayout(outstanding)
        ol.addWidget(self.view, 1)
        more = QHBoxLayout()
        more.addWidget(self.count, 1)
        more.addWidget(self.more)
        more.addWidget(self.receipt)
        ol.addLayout(more)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.balance)
        layout.addWidget(self.figures)
        layout.addWidget(outstanding, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.top_box)
        scroll_contents(body)  # at large text on a 768-px screen the page scrolls; Close stays in sight
        outer = QVBoxLayout(self)
        outer.addWidget(body, 1)
        outer.addWidget(close)
        events.data_changed.connect(self._on_changed)
        fit_to_screen(self, 960, 640)
        self.refresh()

    # -- data -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        svc, actor = self._svc, self._actor
        self._runner.run(lambda: (svc.fund.balance(actor), svc.fund.outstanding(actor, limit=PAGE)),
                         lambda got: (self._show_balance(got[0]), self._show_page(got[1], replace=True)), self._failed)

    def _load_more(self) -> None:
        svc, actor, offset = self._svc, self._actor, len(self._rows)
        self._runner.run(lambda: svc.fund.outstanding(actor, offset=offset, limit=PAGE),
                         lambda page: self._show_page(page, replace=False), self._failed)

    def _on_changed(self, changes: Any) -> None:
        if ChangeKind.FUND in getattr(changes, "kinds", ()) or not getattr(changes, "kinds", None):
            self.refresh()

    def _show_balance(self, b: Any) -> None:
        self.balance.setText(_("The fund holds {amount}").format(amount=format_fen(b.balance_fen)))
        self.figures.setText(_("Topped up {topups} · paid out {paid} · recovered {recovered} · "
                               "still to be recovered {outstanding}").format(
            topups=format_fen(b.topups_fen), paid=format_fen(b.paid_fen), recovered=format_fen(b.recovered_fen),
            outstanding=format_fen(b.outstanding_fen)))

    def _show_page(self, page: Any, replace: bool) -> None:
        self._rows = list(page.rows) if replace else self._rows + list(page.rows)
        self._total = page.total
        self.model.set_rows(self._rows)
        self.count.setText(ngettext("{shown} of {n} payment shown", "{shown} of {n} payments shown", page.total)
                           .format(shown=len(self._rows), n=page.total))
        self.more.setEnabled(len(self._rows) < page.total)
        self.receipt.setEnabled(bool(self._rows))
        if self._rows and not self.view.currentIndex().isValid():
            self.view.selectRow(0)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_issues([error_text(exc)])

    # -- actions --------------------------------------------------------------------------------------
    def topup(self) -> None:
        svc, actor = self._svc, self._actor
        amount, source, on = self.top_amount.text(), self.top_source.text(), self.top_date.date().toPython()
        self.top_message.show_issues()

        def done(changes: Any) -> None:
            self.top_amount.clear()
            self.top_source.clear()
            self._events.changed(changes)

        self._runner.run(lambda: svc.fund.topup(actor, amount=amount, paid_in_on=on, source=source), done,
                         lambda exc: self.top_message.show_issues([error_text(exc)]), write=True)

    def _receipt(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            show_receipt(self, self._runner, self._svc, self._actor, self.model.row_at(index.row()).payment_id,
                         self._failed)
