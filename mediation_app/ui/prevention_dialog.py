"""预防纠纷 from the screening ledger: record one dispute prevented from turning into a suicide, a
criminal case, a mass petition or a mass fight (with the persons involved, optionally the case it
belongs to) and see every one the committee recorded this year. An account that sees several
committees (the centre's head) chooses the committee; a room's mediator records for the room only.
The same service as the command line's `stats prevention`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from mediation_app.domain.statistics import PREVENTION_LABELS, PreventionKind
from mediation_app.i18n import N_, _, ngettext
from mediation_app.ui.admin_base import LabelledForm
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import (
    FieldMessage,
    KeyedComboBox,
    date_edit,
    error_text,
    mark_invalid,
    set_primary,
)
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.base import table_view


def kind_label(value: str) -> str:
    return _(PREVENTION_LABELS[PreventionKind(value)])


class PreventionDialog(QDialog):
    def __init__(self, services: Any, actor: Any, runner: Any, events: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.year = services.clock.today().year
        self.setWindowTitle(_("Disputes prevented"))
        self.model = RecordTableModel((
            Column(N_("Date"), lambda e: e.on.isoformat()),
            Column(N_("Kind"), lambda e: kind_label(e.kind)),
            Column(N_("Persons"), lambda e: str(e.persons)),
            Column(N_("Case"), lambda e: e.case_number or ""),
            Column(N_("Note"), lambda e: e.note),
        ), self)
        self.table = table_view(self.model, stretch=4)
        self.total = FieldMessage()
        self.committee = KeyedComboBox()  # shown when the account sees more than one committee
        self.committee.add(actor.committee_id, "")
        self.committee.setVisible(False)
        self.committee.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind = KeyedComboBox()
        self.kind.replace_items([(k.value, kind_label(k.value)) for k in PreventionKind])
        self.on = date_edit(services.clock.today())
        self.on.setMaximumDate(QDate(services.clock.today()))
        self.persons = QSpinBox()
        self.persons.setRange(0, 1_000_000)
        self.case_number = QLineEdit()
        self.case_number.setPlaceholderText(_("optional"))
        self.note = QLineEdit()
        left, right = LabelledForm(), LabelledForm()
        self.committee_label = left.row(lambda: _("Committee"), self.committee)
        left.row(lambda: _("Kind"), self.kind)
        left.row(lambda: _("Date"), self.on)
        left.row(lambda: _("Persons involved"), self.persons)
        right.row(lambda: _("Case number"), self.case_number)
        right.row(lambda: _("Note"), self.note)
        left.retranslate()
        right.retranslate()
        self.committee_label.setVisible(False)
        self.fields = {"committee": self.committee, "kind": self.kind, "on": self.on, "persons": self.persons, "case": self.case_number,
                       "note": self.note}
        self.message = FieldMessage()
        self.record_button = set_primary(QPushButton(_("&Record")))
        self.record_button.clicked.connect(self.record)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        cols = QHBoxLayout()
        cols.addLayout(left, 1)
        cols.addSpacing(24)
        cols.addLayout(right, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addStretch(1)
        row.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(cols)
        layout.addLayout(row)
        layout.addWidget(close)
        fit_to_screen(self, 900, 560)
        self._runner.run(lambda: services.screening.committees(actor), self._show_committees,
                         lambda exc: self.message.show_issues([error_text(exc)]))
        self.reload()

    def _show_committees(self, committees: list[Any]) -> None:
        """The committees the account may record for (its own first); the choice only when several."""
        own = [c for c in committees if c.id == self._actor.committee_id]
        ordered = own + [c for c in committees if c.id != self._actor.committee_id]
        if ordered:
            self.committee.replace_items([(c.id, c.name) for c in ordered])
        several = len(ordered) > 1
        self.committee.setVisible(several)
        self.committee_label.setVisible(several)

    def reload(self) -> None:
        svc, actor, year, committee = self._svc.stats_recording, self._actor, self.year, self.committee.key()
        self._runner.run(lambda: svc.prevention_events(actor, year, committee), self._show,
                         lambda exc: self.message.show_issues([error_text(exc)]))

    def _show(self, events: list[Any]) -> None:
        self.model.set_rows(events)
        persons = sum(e.persons for e in events)
        self.total.show_issues(warnings=[
            ngettext("{year}: {n} dispute prevented", "{year}: {n} disputes prevented", len(events))
            .format(year=self.year, n=len(events))
            + ngettext(", {p} person involved", ", {p} persons involved", persons).format(p=persons)])

    def record(self) -> None:
        for w in self.fields.values():
            mark_invalid(w, False)
        self.message.show_issues()
        svc, actor = self._svc, self._actor
        kind = PreventionKind(self.kind.key())
        on = self.on.date().toPython()
        persons, note, number = self.persons.value(), self.note.text().strip(), self.case_number.text().strip()
        committee = self.committee.key()

        def call() -> Any:
            case_id = svc.cases.find_by_number(actor, number) if number else None
            return svc.stats_recording.record_prevention(actor, kind, persons, on, note, case_id, committee)

        def failed(exc: BaseException) -> None:
            named = getattr(exc, "field_errors", {}) or {}
            for key in named:
                if key in self.fields:
                    mark_invalid(self.fields[key], True)
            if not named and number and getattr(exc, "code", "") == "not_found":
                mark_invalid(self.case_number, True)
            self.message.show_issues(list(named.values()) or [error_text(exc)])

        self._runner.run(call, self._recorded, failed, write=True)

    def _recorded(self, changes: Any) -> None:
        self._events.changed(changes)
        for w in (self.note, self.case_number):
            w.clear()
        self.persons.setValue(0)
        self.reload()
