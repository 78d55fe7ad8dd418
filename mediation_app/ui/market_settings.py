"""The market's clock and its calendar: the committee's additional clock per dispute sub-type
(calendar or working days from acceptance), the repeat-disputant threshold, and the holiday
calendar of a year (shipped days and the administrator's corrections)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from mediation_app.domain.enums import Role
from mediation_app.domain.market import MAX_CLOCK_DAYS, ClockUnit, DayKind
from mediation_app.i18n import N_, _
from mediation_app.ui.events import AppEvents
from mediation_app.ui.formatting import date_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, KeyedComboBox, date_edit, error_text, role_label
from mediation_app.ui.widgets.screen_fit import columns_or_rows, fit_to_screen
from mediation_app.ui.workspace.base import table_view

CLOCK_COLUMNS = (
    Column(N_("Dispute sub-type"), lambda r: r.subtype_label),
    Column(N_("Clock"), lambda r: r.description),
    Column(N_("Called"), lambda r: r.label),
)
DAY_COLUMNS = (
    Column(N_("Day"), lambda d: date_text(d.day)),
    Column(N_("Kind"), lambda d: DayKind(d.kind).label()),
    Column(N_("Holiday name"), lambda d: d.name),
    Column(N_("Set by"), lambda d: _("corrected") if d.source == "edited" else _("State Council notice")),
)
RESET = "reset"


class MarketSettingsDialog(QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.setWindowTitle(_("Market clock and holidays"))
        heads = bool(actor.roles & {Role.HEAD, Role.ADMIN})
        admin = Role.ADMIN in actor.roles
        # -- clocks
        self.clocks = RecordTableModel(CLOCK_COLUMNS, self)
        self.clock_view = table_view(self.clocks, stretch=0)
        self.subtype = KeyedComboBox()
        for item in services.reference.subtypes():
            self.subtype.add(item.code, item.label)
        self.days = QSpinBox()
        self.days.setRange(1, MAX_CLOCK_DAYS)
        self.days.setValue(10)
        self.unit = KeyedComboBox()
        for u in ClockUnit:
            self.unit.add(u.value, u.label())
        self.unit.set_key(ClockUnit.WORKING.value)
        self.clock_label = QLineEdit()
        self.clock_label.setPlaceholderText(_("e.g. consumer complaint time limit"))
        self.set_clock = QPushButton(_("Set the cl&ock"))
        self.remove_clock = QPushButton(_("&Remove the clock of this sub-type"))
        self.threshold = QSpinBox()
        self.threshold.setRange(0, 50)
        self.threshold.setSpecialValueText(_("no warning"))
        self.threshold.setValue(services.merchants.threshold(actor))
        self.save_threshold = QPushButton(_("Save the &threshold"))
        clock_box = QGroupBox(_("Additional clocks, per dispute sub-type, from acceptance until a result"))
        cl = QVBoxLayout(clock_box)
        cl.addWidget(self.clock_view, 1)
        form = QFormLayout()
        form.addRow(_("Dispute &sub-type"), self.subtype)
        row = QHBoxLayout()
        row.addWidget(self.days)
        row.addWidget(self.unit, 1)
        within = QLabel(_("&Within"))
        within.setBuddy(self.days)  # a row of two fields: the label's key goes to the first
        form.addRow(within, row)
        form.addRow(_("&Called"), self.clock_label)
        cl.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_clock)
        buttons.addWidget(self.remove_clock)
        buttons.addStretch(1)
        cl.addLayout(buttons)
        trow = QHBoxLayout()
        trow.addWidget(role_label(_("Warn of a repeat disputant at intake from this many disputes:"), "muted"), 1)
        trow.addWidget(self.threshold)
        trow.addWidget(self.save_threshold)
        cl.addLayout(trow)
        for w in (self.set_clock, self.remove_clock, self.save_threshold):
            w.setEnabled(heads)
            w.setToolTip("" if heads else _("A committee head or the administrator sets the market's clocks."))
        # -- calendar
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(services.clock.today().year)
        self.provisional = role_label("", "warning")
        self.days_model = RecordTableModel(DAY_COLUMNS, self)
        self.days_view = table_view(self.days_model, stretch=2)
        self.day = date_edit()
        self.day_kind = KeyedComboBox()
        self.day_kind.add(DayKind.OFF.value, DayKind.OFF.label())
        self.day_kind.add(DayKind.WORK.value, DayKind.WORK.label())
        self.day_kind.add(RESET, _("as in the State Council notice"))
        self.day_name = QLineEdit()
        self.save_day = QPushButton(_("Sa&ve the day"))
        self.save_day.setEnabled(admin)
        self.save_day.setToolTip("" if admin else _("Only the administrator corrects the holiday calendar."))
        cal_box = QGroupBox(_("Holiday calendar (working days)"))
        hl = QVBoxLayout(cal_box)
        yr = QFormLayout()
        yr.addRow(_("&Year"), self.year)
        hl.addLayout(yr)
        hl.addWidget(self.provisional)
        hl.addWidget(self.days_view, 1)
        dform = QFormLayout()
        drow = QHBoxLayout()
        drow.addWidget(self.day)
        drow.addWidget(self.day_kind, 1)
        day_label = QLabel(_("&Day"))
        day_label.setBuddy(self.day)
        dform.addRow(day_label, drow)
        dform.addRow(_("&Name"), self.day_name)
        hl.addLayout(dform)
        hl.addWidget(self.save_day)
        self.message = FieldMessage()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        boxes = QHBoxLayout()
        boxes.addWidget(clock_box, 1)
        boxes.addWidget(cal_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(columns_or_rows(boxes), 1)  # one below the other at large text, scrolling
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.set_clock.clicked.connect(self._set_clock)
        self.remove_clock.clicked.connect(self._remove_clock)
        self.save_threshold.clicked.connect(self._save_threshold)
        self.save_day.clicked.connect(self._save_day)
        self.year.valueChanged.connect(lambda _v: self._load_days())
        self.clock_view.selectionModel().currentRowChanged.connect(lambda *_a: self._pick_clock())
        fit_to_screen(self, 1180, 680)
        self._load_clocks()
        self._load_days()

    def _fail(self, exc: BaseException) -> None:
        self.message.show_issues([error_text(exc)])

    def _done(self, changes: Any) -> None:
        self.message.show_issues()
        self._events.changed(changes)
        self._load_clocks()
        self._load_days()

    def _load_clocks(self) -> None:
        self._runner.run(lambda: self._svc.market_clock.rules(self._actor), self.clocks.set_rows, self._fail)

    def _load_days(self) -> None:
        year = self.year.value()
        self.provisional.setText(_("{year}: only the statutory holidays are shipped; enter the State Council's "
                                   "arrangement (days off and make-up working days) when it is published.")
                                 .format(year=year) if self._svc.market_clock.provisional(year) else "")
        self.provisional.setVisible(self._svc.market_clock.provisional(year))
        self._runner.run(lambda: self._svc.market_clock.calendar(self._actor, year), self.days_model.set_rows,
                         self._fail)

    def _pick_clock(self) -> None:
        index = self.clock_view.currentIndex()
        if index.isValid():
            r = self.clocks.row_at(index.row())
            self.subtype.set_key(r.subtype_code)
            self.days.setValue(r.days)
            self.unit.set_key(r.unit)
            self.clock_label.setText(r.label)

    def _set_clock(self) -> None:
        code, days, unit, label = self.subtype.key(), self.days.value(), self.unit.key(), self.clock_label.text()
        self._runner.run(lambda: self._svc.market_clock.set_rule(self._actor, code, days, unit, label), self._done,
                         self._fail, write=True)

    def _remove_clock(self) -> None:
        code = self.subtype.key()
        self._runner.run(lambda: self._svc.market_clock.remove_rule(self._actor, code), self._done, self._fail,
                         write=True)

    def _save_threshold(self) -> None:
        n = self.threshold.value()
        self._runner.run(lambda: self._svc.merchants.set_threshold(self._actor, n), self._done, self._fail, write=True)

    def _save_day(self) -> None:
        day: dt.date = self.day.date().toPython()  # type: ignore[assignment]
        kind = self.day_kind.key()
        name = self.day_name.text()
        self._runner.run(lambda: self._svc.market_clock.set_day(self._actor, day, None if kind == RESET else kind,
                                                                  name), self._done, self._fail, write=True)
