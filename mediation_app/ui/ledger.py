"""The screening ledger (排查台账): disputes found in screening that are not cases yet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mediation_app.domain.enums import DisputeType, LedgerStatus, RiskLevel, enum_label
from mediation_app.i18n import N_, _
from mediation_app.ui.events import AppEvents, ChangeKind, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.read_only import reads
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label, set_primary
from mediation_app.ui.widgets.flow_layout import flow_row
from mediation_app.ui.workspace.base import table_view

LEDGER_COLUMNS = (
    Column(N_("Screened on"), lambda i: date_text(i.screened_on)),
    Column(N_("Area"), lambda i: i.area),
    Column(N_("Parties"), lambda i: i.parties_text),
    Column(N_("Dispute type"), lambda i: enum_label(i.dispute_type, DisputeType)),
    Column(N_("Facts"), lambda i: i.facts),
    Column(N_("Risk"), lambda i: enum_label(i.risk_level, RiskLevel)),
    Column(N_("Deadline"), lambda i: date_text(i.deadline), urgent=lambda i: i.overdue),
    Column(N_("Status"), lambda i: enum_label(i.status, LedgerStatus)),
    Column(N_("Case"), lambda i: i.case_number or ""),
)


class LedgerView(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    case_activated(object): open the case an item was turned into.
    """

    case_activated = Signal(object)
    watched = frozenset({ChangeKind.LEDGER, ChangeKind.SCREENING, ChangeKind.PREVENTION, ChangeKind.CASE_ROW})
    reload_on_language = False  # the columns word the codes

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.title = role_label("", "title", wrap=False)
        self.status = QComboBox()
        self.status.addItem("", None)
        for st in LedgerStatus:
            self.status.addItem(st.label(), st.value)
        self.status.setCurrentIndex(self.status.findData(LedgerStatus.OPEN.value))
        reads(self.status)
        self.status_label = QLabel()
        self.status_label.setBuddy(self.status)
        self.model = RecordTableModel(LEDGER_COLUMNS, self)
        self.view = table_view(self.model, stretch=4)
        self.convert = set_primary(QPushButton())
        self.add_item = QPushButton()
        self.add_round = QPushButton()
        self.prevention = QPushButton()
        self.open_case = reads(QPushButton())
        self.message = FieldMessage()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status_label)
        top.addWidget(self.status)
        buttons = flow_row(self.convert, self.open_case, self.add_item, self.add_round, self.prevention)  # wraps
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.convert.clicked.connect(self._on_convert)
        self.open_case.clicked.connect(self._on_open_case)
        self.add_item.clicked.connect(lambda: self._open_dialog("item"))
        self.add_round.clicked.connect(lambda: self._open_dialog("round"))
        self.prevention.clicked.connect(self._open_prevention)
        self.view.doubleClicked.connect(lambda _i: self._on_open_case())
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._sync())
        self.watch(events)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        status = self.status.currentData()
        self._runner.run(lambda: self._svc.ledger.list(self._actor, LedgerStatus(status) if status else None),
                         self._show, lambda e: self.message.show_issues([error_text(e)]))

    def _show(self, items: list[Any]) -> None:
        self.model.set_rows(items)
        self._sync()

    def selected(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _sync(self) -> None:
        item = self.selected()
        self.convert.setEnabled(item is not None and item.status == LedgerStatus.OPEN.value)
        self.convert.setToolTip("" if self.convert.isEnabled() else _("Select an open item to turn it into a case."))
        self.open_case.setEnabled(item is not None and item.case_id is not None)

    def _on_convert(self) -> None:
        item = self.selected()
        if item is None:
            return
        from mediation_app.ui.drafts import DraftStore
        from mediation_app.ui.intake import IntakeWizard

        wizard = IntakeWizard(self._svc, self._actor, self._runner, self._events,
                              DraftStore.for_user(self._svc, self._actor), parent=self, ledger_item=item)
        wizard.case_created.connect(self.case_activated.emit)
        wizard.open()

    def _open_dialog(self, which: str) -> None:
        from mediation_app.ui.ledger_dialogs import LedgerItemDialog, ScreeningRoundDialog

        kind = LedgerItemDialog if which == "item" else ScreeningRoundDialog
        self.dialog = kind(self._svc, self._actor, self._runner, self._events, parent=self)
        self.dialog.open()

    def _open_prevention(self) -> None:
        from mediation_app.ui.prevention_dialog import PreventionDialog

        self.prevention_dialog = PreventionDialog(self._svc, self._actor, self._runner, self._events, parent=self)
        self.prevention_dialog.open()

    def _on_open_case(self) -> None:
        item = self.selected()
        if item is not None and item.case_id is not None:
            self.case_activated.emit(item.case_id)

    def retranslate(self) -> None:
        self.title.setText(_("Screening ledger"))
        self.status_label.setText(_("&Status"))
        self.status.setItemText(0, _("All statuses"))
        for i in range(1, self.status.count()):
            self.status.setItemText(i, LedgerStatus(self.status.itemData(i)).label())
        self.convert.setText(_("Turn into a case…"))
        self.open_case.setText(_("Open the case"))
        self.add_item.setText(_("&Add an item…"))
        self.add_round.setText(_("Record a screening &round…"))
        self.prevention.setText(_("Disputes &prevented…"))
        self.model.retranslate()
