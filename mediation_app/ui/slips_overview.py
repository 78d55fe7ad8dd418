"""Four-part slips whose returned part (回执) has not come back by the deadline: a window that lists
them a page at a time (the title gives the exact total), records a returned part and opens the case;
and the line of the Today view that counts them and opens it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from mediation_app.i18n import N_, _, ngettext
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.slips import ReturnDialog
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.base import table_view

PAGE = 100
COLUMNS = (
    Column(N_("Slip"), lambda v: v.number),
    Column(N_("Case or referral"), lambda v: v.referral_number or v.case_number or "—"),
    Column(N_("Sent to"), lambda v: v.sent_to),
    Column(N_("Parties"), lambda v: v.parties or "—"),
    Column(N_("Issued"), lambda v: date_text(v.issued_on)),
    Column(N_("Due back"), lambda v: date_text(v.deadline), urgent=lambda v: v.overdue),
)


class OverdueSlipsWindow(Retranslating, QDialog):
    """Signals: case_activated(object) — open this case."""

    case_activated = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: Any, events: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.total = 0
        self.next_key: Any = None
        self.heading = role_label("", "heading")
        self.model = RecordTableModel(COLUMNS, self)
        self.view = table_view(self.model, stretch=3)
        self.view.doubleClicked.connect(self._open)
        self.more = QPushButton()
        self.more.clicked.connect(self.load_more)
        self.record = QPushButton()
        self.record.clicked.connect(self.record_return)
        self.open_case = QPushButton()
        self.open_case.clicked.connect(lambda: self._open(self.view.currentIndex()))
        self.message = FieldMessage()
        buttons = QHBoxLayout()
        for b in (self.record, self.open_case, self.more):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.retranslate()
        fit_to_screen(self, 1280, 800)
        self.refresh()

    def refresh(self) -> None:
        svc, actor = self._svc.slips, self._actor
        self._runner.run(lambda: svc.overdue(actor, limit=PAGE), self._first, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_issues([error_text(exc)])
        self.more.setEnabled(True)

    def _first(self, page: Any) -> None:
        self.model.set_rows(page.items)
        self._after(page)

    def load_more(self) -> None:
        if self.next_key is None:
            return
        self.more.setEnabled(False)
        svc, actor, after, total = self._svc.slips, self._actor, self.next_key, self.total
        self._runner.run(lambda: svc.overdue(actor, after=after, limit=PAGE, total=total), self._append, self._failed)

    def _append(self, page: Any) -> None:
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        self.model.set_rows(rows + list(page.items))
        self._after(page)

    def _after(self, page: Any) -> None:
        self.total, self.next_key = page.total, page.next_key
        self.more.setEnabled(True)
        self.retranslate()

    def _current(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _open(self, index: Any) -> None:
        v = self.model.row_at(index.row()) if index is not None and index.isValid() else None
        if v is not None and v.case_id is not None:
            self.case_activated.emit(v.case_id)

    def record_return(self) -> None:
        v = self._current()
        if v is None:
            self.message.show_issues([_("Select a slip first.")])
            return
        dialog = ReturnDialog(self._svc, self._actor, self._runner, v, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.changes is not None:
            self._events.changed(dialog.changes)
            self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Four-part slips not returned in time"))
        shown = self.model.rowCount()
        self.heading.setText(ngettext("{n} four-part slip whose returned part (回执) is overdue",
                                      "{n} four-part slips whose returned part (回执) is overdue",
                                      self.total).format(n=self.total))
        self.more.setText(_("Show more (showing {shown} of {total})").format(shown=shown, total=self.total))
        self.more.setVisible(self.next_key is not None)
        self.record.setText(_("Record returned part (回执)…"))
        self.open_case.setText(_("Open the case"))
        self.model.retranslate()


class SlipTodayLine(Retranslating, QWidget):
    """Today's line: how many slips' returned parts are overdue (the Today overview counts them; Today
    reloads on every change of a slip), and a button to list them."""

    case_activated = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: Any, events: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.count = 0
        self.label = role_label("", "warning")
        self.button = QPushButton()
        self.button.clicked.connect(self.open_overview)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()
        self.retranslate()

    def show_count(self, n: int) -> None:
        self.count = n
        self.retranslate()
        self.setVisible(n > 0)

    def refresh(self) -> None:
        svc, actor = self._svc.slips, self._actor
        self._runner.run(lambda: svc.overdue_count(actor), self.show_count, lambda _exc: self.hide())

    def open_overview(self) -> OverdueSlipsWindow:
        window = OverdueSlipsWindow(self._svc, self._actor, self._runner, self._events, self.window())
        window.case_activated.connect(self.case_activated.emit)
        window.show()
        return window

    def retranslate(self) -> None:
        self.label.setText(ngettext("{n} four-part slip's returned part (回执) is overdue",
                                    "{n} four-part slips' returned parts (回执) are overdue", self.count)
                           .format(n=self.count))
        self.button.setText(_("List the slips…"))
