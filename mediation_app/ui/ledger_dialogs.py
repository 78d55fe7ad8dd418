"""Entering the screening ledger in the client: a dispute found in screening (with what the
screening report counts: the people involved, the 重大 mark and its category), and a round of
screening (a concentrated drive or not)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import DisputeType, RiskLevel
from mediation_app.domain.screening import CATEGORY_OF_TYPE, ScreeningCategory
from mediation_app.i18n import _
from mediation_app.ui.admin_base import LabelledForm
from mediation_app.ui.events import AppEvents
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text, mark_invalid
from mediation_app.ui.widgets.screen_fit import columns_or_rows, fit_on_first_show


def _date_edit(today: QDate) -> QDateEdit:
    edit = QDateEdit(today)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMaximumDate(today)
    return edit


def _text(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()  # type: ignore[attr-defined]


class _LedgerDialog(Retranslating, QDialog):
    """Fields in a labelled form, OK runs the service call off the GUI thread; the fields the
    service names are marked and everything typed stays."""

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.form = LabelledForm()
        self.side = LabelledForm()  # a second column, so that the dialog fits a 800-pixel-high screen
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        columns.addLayout(self.side, 1)
        layout.addWidget(columns_or_rows(columns), 1)  # one below the other at large text, scrolling
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}
        fit_on_first_show(self)

    def _write(self, call: Callable[[], Any]) -> None:
        for w in self.fields.values():
            mark_invalid(w, False)
        self.message.show_issues()

        def done(changes: Any) -> None:
            self._events.changed(changes)
            self.accept()

        def failed(exc: BaseException) -> None:
            named = getattr(exc, "field_errors", {}) or {}
            for key in named:
                if key in self.fields:
                    mark_invalid(self.fields[key], True)
            self.message.show_issues(list(named.values()) or [error_text(exc)])

        self._runner.run(call, done, failed, write=True)

    def save(self) -> None:
        raise NotImplementedError


class LedgerItemDialog(_LedgerDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        today = QDate(services.clock.today())
        f = self.fields
        f["screened_on"] = _date_edit(today)
        f["area"], f["screeners"] = QLineEdit(), QLineEdit()
        f["facts"] = QPlainTextEdit()
        f["facts"].setFixedHeight(self.fontMetrics().height() * 4)
        f["parties_text"], f["phones"] = QLineEdit(), QLineEdit()
        self.dispute_type = QComboBox()
        for t in DisputeType:
            self.dispute_type.addItem(t.label(), t.value)
        f["dispute_type"] = self.dispute_type
        self.category = QComboBox()
        self.category.addItem("", None)
        for c in ScreeningCategory:
            self.category.addItem(c.label(), c.value)
        f["screening_category"] = self.category
        self.persons = QSpinBox()
        self.persons.setRange(0, 1_000_000)
        self.persons.setSpecialValueText(_("not recorded"))
        f["persons_involved"] = self.persons
        self.major = QCheckBox()
        f["major"] = self.major
        self.risk = QComboBox()
        for r in RiskLevel:
            self.risk.addItem(r.label(), r.value)
        f["risk_level"] = self.risk
        f["responsible"], f["measures"] = QLineEdit(), QLineEdit()
        self.deadline_on = QCheckBox()
        self.deadline = QDateEdit(today.addDays(15))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setEnabled(False)
        self.deadline_on.toggled.connect(self.deadline.setEnabled)
        f["deadline"] = self.deadline
        rows: list[tuple[Callable[[], str], QWidget]] = [
            (lambda: _("Screened on"), f["screened_on"]), (lambda: _("Area or unit"), f["area"]),
            (lambda: _("Screeners (lead first)"), f["screeners"]), (lambda: _("Facts"), f["facts"]),
            (lambda: _("Parties"), f["parties_text"]), (lambda: _("Phones"), f["phones"]),
            (lambda: _("Dispute type"), self.dispute_type),
            (lambda: _("Row on the screening report"), self.category),
            (lambda: _("People involved"), self.persons), (lambda: _("Major dispute (重大矛盾纠纷)"), self.major),
            (lambda: _("Risk level"), self.risk), (lambda: _("Responsible unit or person"), f["responsible"]),
            (lambda: _("Containment measures"), f["measures"]), (lambda: _("Deadline"), self.deadline_on),
            (lambda: "", self.deadline),
        ]
        for i, (text, widget) in enumerate(rows):
            (self.form if i < 7 else self.side).row(text, widget)
        self.dispute_type.currentIndexChanged.connect(lambda _i: self._sync_category())
        self.retranslate()

    def _sync_category(self) -> None:
        default = CATEGORY_OF_TYPE[DisputeType(self.dispute_type.currentData())]
        self.category.setItemText(0, _("As the dispute type: {category}").format(category=default.label()))

    def save(self) -> None:
        f = self.fields
        category = self.category.currentData()
        kwargs: dict[str, Any] = dict(
            screened_on=f["screened_on"].date().toPython(),  # type: ignore[attr-defined]
            area=_text(f["area"]), screeners=_text(f["screeners"]), facts=_text(f["facts"]),
            parties_text=_text(f["parties_text"]), phones=_text(f["phones"]) or None,
            dispute_type=DisputeType(self.dispute_type.currentData()),
            persons_involved=self.persons.value() or None, risk_level=RiskLevel(self.risk.currentData()),
            responsible=_text(f["responsible"]) or None, measures=_text(f["measures"]) or None,
            deadline=self.deadline.date().toPython() if self.deadline_on.isChecked() else None,
            major=self.major.isChecked(), screening_category=ScreeningCategory(category) if category else None,
        )
        self._write(lambda: self._svc.ledger.add_item(self._actor, **kwargs))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Add a dispute found in screening"))
        self.major.setText(_("Counts as a major dispute on the screening report"))
        self.deadline_on.setText(_("Set a deadline"))
        self.form.retranslate()
        self.side.retranslate()
        self._sync_category()


class ScreeningRoundDialog(_LedgerDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        f = self.fields
        f["held_on"] = _date_edit(QDate(services.clock.today()))
        f["area"], f["screeners"], f["note"] = QLineEdit(), QLineEdit(), QLineEdit()
        self.found = QSpinBox()
        self.found.setRange(0, 100_000)
        f["found"] = self.found
        self.concentrated = QCheckBox()
        f["concentrated"] = self.concentrated
        for text, widget in ((lambda: _("Held on"), f["held_on"]), (lambda: _("Area or unit"), f["area"]),
                             (lambda: _("Screeners (lead first)"), f["screeners"]),
                             (lambda: _("Disputes found"), self.found), (lambda: _("Concentrated drive"), self.concentrated),
                             (lambda: _("Note"), f["note"])):
            self.form.row(text, widget)
        self.retranslate()

    def save(self) -> None:
        f = self.fields
        held_on = f["held_on"].date().toPython()  # type: ignore[attr-defined]
        area, screeners, note = _text(f["area"]), _text(f["screeners"]), _text(f["note"])
        found, concentrated = self.found.value(), self.concentrated.isChecked()
        self._write(lambda: self._svc.stats_recording.record_screening(
            self._actor, held_on, area, screeners, found, note, concentrated=concentrated))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Record a round of screening"))
        self.concentrated.setText(_("A concentrated screening drive (开展集中排查)"))
        self.form.retranslate()
