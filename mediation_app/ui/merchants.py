"""The merchant registry (商户名录): the market's stalls and merchants, searched by stall or name,
added, changed, marked as left, imported from the market's Excel list; the selected merchant's
dispute history and linked parties beside the list. Pages of 200 by stall, "Show more" for the
next, the exact total always shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import CaseStatus, enum_label
from mediation_app.i18n import N_, _, ngettext
from mediation_app.ui.events import AppEvents, ChangeKind, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.read_only import reads
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label, set_primary
from mediation_app.ui.widgets.flow_layout import flow_row
from mediation_app.ui.widgets.merchant_note import merchant_state, merchant_summary
from mediation_app.ui.workspace.base import table_view

PAGE = 200


MERCHANT_COLUMNS = (
    Column(N_("Stall"), lambda m: m.stall_number),
    Column(N_("Merchant"), lambda m: m.name),
    Column(N_("Business type"), lambda m: m.business_type),
    Column(N_("Operator"), lambda m: m.operator_name),
    Column(N_("Credit code"), lambda m: m.credit_code),
    Column(N_("State"), merchant_state),
    Column(N_("Disputes"), lambda m: str(m.disputes) + (" ⚠" if m.repeat else ""), urgent=lambda m: m.repeat),
)
HISTORY_COLUMNS = (
    Column(N_("Registered"), lambda c: date_text(c.registered_on)),
    Column(N_("Case number"), lambda c: c.number),
    Column(N_("Dispute"), lambda c: c.title),
    Column(N_("Status"), lambda c: enum_label(c.status, CaseStatus)),
    Column(N_("Party"), lambda c: c.party),
)


class MerchantRegistryView(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    case_activated(object): open a case of the selected merchant's history.
    """

    case_activated = Signal(object)

    watched = frozenset({ChangeKind.MERCHANT, ChangeKind.CASE, ChangeKind.CASE_ROW, ChangeKind.PARTY})

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self._next: Any = None
        self._rows: list[Any] = []
        self.title = role_label("", "title", wrap=False)
        self.search = reads(QLineEdit())
        self.search.setClearButtonEnabled(True)
        self.include_left = reads(QCheckBox())
        self.model = RecordTableModel(MERCHANT_COLUMNS, self)
        self.view = table_view(self.model, stretch=1)
        self.count = QLabel()
        self.more = reads(QPushButton())
        self.more.clicked.connect(self._load_more)
        self.add = set_primary(QPushButton())
        self.edit = QPushButton()
        self.left = QPushButton()
        self.import_list = QPushButton()
        self.settings = QPushButton()
        self.stats = reads(QPushButton())
        self.fund = reads(QPushButton())
        self.message = FieldMessage()
        self.history_box = QGroupBox()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history = RecordTableModel(HISTORY_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=2)
        self.open_case = reads(QPushButton())
        hl = QVBoxLayout(self.history_box)
        hl.addWidget(self.summary)
        hl.addWidget(self.history_view, 1)
        hl.addWidget(self.open_case)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        top.addWidget(self.include_left)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.view, 1)
        more = QHBoxLayout()
        more.addWidget(self.count, 1)
        more.addWidget(self.more)
        ll.addLayout(more)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.history_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        # wraps to a second line when the width runs out (1280 px, English, large text)
        buttons = flow_row(self.add, self.edit, self.left, self.import_list, self.stats, self.fund, self.settings)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.include_left.toggled.connect(lambda _b: self.refresh())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._on_selected())
        self.view.doubleClicked.connect(lambda _i: self._edit())
        self.history_view.doubleClicked.connect(lambda _i: self._open_case())
        self.open_case.clicked.connect(self._open_case)
        self.add.clicked.connect(lambda: self._dialog(None))
        self.edit.clicked.connect(self._edit)
        self.left.clicked.connect(self._toggle_left)
        self.import_list.clicked.connect(self._import)
        self.settings.clicked.connect(self._open_settings)
        self.stats.clicked.connect(self._open_stats)
        self.fund.clicked.connect(self._open_fund)
        self.watch(events)
        self.retranslate()
        self.refresh()

    # -- loading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        text, left = self.search.text(), self.include_left.isChecked()
        self._runner.run(lambda: self._svc.merchants.list_merchants(self._actor, text, left, limit=PAGE),
                         lambda page: self._show(page, replace=True), self._failed)

    def _load_more(self) -> None:
        if self._next is None:
            return
        text, left, key = self.search.text(), self.include_left.isChecked(), self._next
        self._runner.run(lambda: self._svc.merchants.list_merchants(self._actor, text, left, key, PAGE),
                         lambda page: self._show(page, replace=False), self._failed)

    def _show(self, page: Any, replace: bool) -> None:
        selected = self.selected()
        self._rows = list(page.rows) if replace else self._rows + list(page.rows)
        self._next = page.next_key
        self.model.set_rows(self._rows)
        self.count.setText(ngettext("{shown} of {n} merchant shown", "{shown} of {n} merchants shown", page.total)
                           .format(shown=len(self._rows), n=page.total))
        self.more.setEnabled(page.next_key is not None)
        row = next((i for i, m in enumerate(self._rows) if selected is not None and m.id == selected.id), 0)
        if self._rows:
            self.view.selectRow(row)
        self._on_selected()

    def _failed(self, exc: BaseException) -> None:
        self.message.show_issues([error_text(exc)])

    def selected(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def _on_selected(self) -> None:
        m = self.selected()
        self.edit.setEnabled(m is not None)
        self.left.setEnabled(m is not None)
        self.open_case.setEnabled(False)
        if m is not None:
            self.left.setText(_("Mark as &left the market") if m.active else _("Back at the &stall"))
            self._runner.run(lambda: self._svc.merchants.record(self._actor, m.id), self._show_record, self._failed)
        else:
            self.summary.setText(_("Select a merchant to see its disputes."))
            self.history.set_rows([])

    def _show_record(self, record: Any) -> None:
        current = self.selected()
        if current is None or current.id != record.merchant.id:
            return
        parties = "、".join(record.parties) or _("none yet")
        self.summary.setText(merchant_summary(record).split("\n", 1)[0] + "\n" +
                             _("Linked parties: {names}").format(names=parties) +
                             ("\n⚠ " + record.warning if record.warning else ""))
        self.history.set_rows(record.cases)
        self.open_case.setEnabled(bool(record.cases))

    # -- actions -----------------------------------------------------------------------------------
    def _dialog(self, merchant: Any) -> None:
        from mediation_app.ui.merchant_dialog import MerchantDialog

        self.dialog = MerchantDialog(self._svc, self._actor, self._runner, self._events, merchant, parent=self)
        self.dialog.open()

    def _edit(self) -> None:
        m = self.selected()
        if m is not None:
            self._dialog(m)

    def _toggle_left(self) -> None:
        m = self.selected()
        if m is None:
            return
        self._runner.run(lambda: self._svc.merchants.mark_left(self._actor, m.id, left=m.active),
                         self._events.changed, self._failed, write=True)

    def _import(self) -> None:
        from mediation_app.domain.ledger_fields import LedgerKind
        from mediation_app.ui.ledger_import import LedgerImportDialog

        self.import_dialog = LedgerImportDialog(self._svc, self._actor, self._runner, self._events, parent=self,
                                                kind=LedgerKind.MERCHANTS)
        self.import_dialog.open()

    def _open_settings(self) -> None:
        from mediation_app.ui.market_settings import MarketSettingsDialog

        self.settings_dialog = MarketSettingsDialog(self._svc, self._actor, self._runner, self._events, parent=self)
        self.settings_dialog.open()

    def _open_stats(self) -> None:
        from mediation_app.ui.market_stats import MarketStatsDialog

        self.stats_dialog = MarketStatsDialog(self._svc, self._actor, self._runner, parent=self)
        self.stats_dialog.open()

    def _open_fund(self) -> None:
        from mediation_app.ui.fund import FundOverviewDialog

        self.fund_dialog = FundOverviewDialog(self._svc, self._actor, self._runner, self._events, parent=self)
        self.fund_dialog.open()

    def _open_case(self) -> None:
        index = self.history_view.currentIndex()
        row = index.row() if index.isValid() else 0
        if self.history.rowCount():
            self.case_activated.emit(self.history.row_at(row).case_id)

    def retranslate(self) -> None:
        self.title.setText(_("Merchant registry"))
        self.search.setPlaceholderText(_("Search by stall, merchant, operator, business type or credit code"))
        self.include_left.setText(_("Include merchants who &left"))
        self.more.setText(_("Show more"))
        self.add.setText(_("&Add a merchant…"))
        self.edit.setText(_("&Change…"))
        self.import_list.setText(_("&Import the market's list…"))
        self.settings.setText(_("Market clock and &holidays…"))
        self.stats.setText(_("Market s&tatistics…"))
        self.fund.setText(_("Advance compensation &fund…"))
        self.history_box.setTitle(_("Disputes of the selected merchant"))
        self.open_case.setText(_("&Open the case"))
        self.model.retranslate()
        self.history.retranslate()
        self._on_selected()
