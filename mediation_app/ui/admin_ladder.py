"""Administration › Ladder of levels: the centre's levels (lowest first, each with its days in
calendar or working days) and the hours a department has to sign in (报到) on a referral slip."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.ladder import MAX_LEVELS, MAX_SIGN_IN_HOURS
from mediation_app.domain.market import MAX_CLOCK_DAYS, ClockUnit
from mediation_app.i18n import _
from mediation_app.services.ladder.read_models import LevelInput
from mediation_app.ui.admin_base import AdminPage
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.widgets.common import KeyedComboBox, role_label, set_primary

# the example of Gaotai county ("四级七天"); the names are the centre's own words, typed in Chinese
EXAMPLE = (("网格员", 7), ("村(社区)调委会", 7), ("乡镇(街道)综治中心", 7), ("乡镇领导", 7))


class LevelRow(QWidget):
    def __init__(self, page: LadderPage, name: str = "", days: int = 7, unit: str = "calendar",
                 level_id: Any = None) -> None:
        super().__init__()
        self.level_id = level_id
        self.name = QLineEdit(name)
        self.name.setMaxLength(100)
        self.days = QSpinBox()
        self.days.setRange(1, MAX_CLOCK_DAYS)
        self.days.setValue(days)
        self.unit = KeyedComboBox()
        for u in ClockUnit:
            self.unit.add(str(u), u.label())
        self.unit.setCurrentIndex(self.unit.index_of(unit))
        self.up, self.down, self.remove = QToolButton(), QToolButton(), QToolButton()
        self.up.setText("↑")
        self.down.setText("↓")
        self.remove.setText("✕")
        self.up.clicked.connect(lambda: page.shift(self, -1))
        self.down.clicked.connect(lambda: page.shift(self, 1))
        self.remove.clicked.connect(lambda: page.drop(self))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name, 3)
        row.addWidget(self.days)
        row.addWidget(self.unit)
        for b in (self.up, self.down, self.remove):
            row.addWidget(b)

    def value(self) -> LevelInput:
        return LevelInput(id=self.level_id, name=self.name.text(), days=self.days.value(), unit=self.unit.key())


class LadderPage(AdminPage):
    kinds = frozenset({ChangeKind.SETTINGS, ChangeKind.LEVEL})

    def __init__(self, services: Any, actor: Any, runner: Any, events: Any, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        self.rows: list[LevelRow] = []
        self.intro = role_label("", "muted")
        self.rows_box = QGroupBox()
        self.rows_layout = QVBoxLayout(self.rows_box)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_row())
        self.example_button = QPushButton()
        self.example_button.clicked.connect(self.use_example)
        self.save_button = set_primary(QPushButton())
        self.save_button.clicked.connect(self.save)
        self.hours = QSpinBox()
        self.hours.setRange(1, MAX_SIGN_IN_HOURS)
        self.hours_button = QPushButton()
        self.hours_button.clicked.connect(self.save_hours)
        self.hours_box = QGroupBox()
        hf = QFormLayout(self.hours_box)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.hours)
        hours_row.addWidget(self.hours_button)
        hours_row.addStretch(1)
        hf.addRow(self.intro_hours_label(), hours_row)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.example_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self.content)
        layout.addWidget(self.intro)
        layout.addWidget(self.rows_box)
        layout.addLayout(buttons)
        layout.addWidget(self.hours_box)
        layout.addStretch(1)
        self.retranslate()
        self.reload()

    def intro_hours_label(self) -> Any:
        self.hours_label = role_label("", "muted", wrap=True)
        return self.hours_label

    def edit_blocked(self) -> str:
        from mediation_app.services.ladder import LadderService

        return LadderService.define_blocked(self._actor)

    def _editors(self) -> list[QWidget]:
        editors: list[QWidget] = [self.add_button, self.example_button, self.save_button, self.hours,
                                  self.hours_button]
        return editors + list(self.rows)

    # -- rows ---------------------------------------------------------------------------------------
    def add_row(self, name: str = "", days: int = 7, unit: str = "calendar", level_id: Any = None) -> LevelRow:
        row = LevelRow(self, name, days, unit, level_id)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self.add_button.setEnabled(len(self.rows) < MAX_LEVELS and not self.edit_blocked())
        return row

    def clear_rows(self) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []

    def shift(self, row: LevelRow, by: int) -> None:
        i = self.rows.index(row)
        j = i + by
        if 0 <= j < len(self.rows):
            self.rows[i], self.rows[j] = self.rows[j], self.rows[i]
            self.rows_layout.removeWidget(row)
            self.rows_layout.insertWidget(j, row)

    def drop(self, row: LevelRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.add_button.setEnabled(not self.edit_blocked())

    def use_example(self) -> None:
        self.clear_rows()
        for name, days in EXAMPLE:
            self.add_row(name, days)

    # -- data ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        svc, actor = self._svc, self._actor
        self.read(lambda: (svc.ladder.ladder(actor), svc.supervision.sign_in_hours(actor)), self._show)

    def _show(self, result: Any) -> None:
        levels, hours = result
        self.clear_rows()
        for lv in levels:
            self.add_row(lv.name, lv.days, lv.unit, lv.id)
        self.hours.setValue(hours)
        self.apply_permissions(self._editors())

    def save(self) -> None:
        svc, actor, levels = self._svc, self._actor, [r.value() for r in self.rows]
        self.write(lambda: svc.ladder.set_ladder(actor, levels))

    def save_hours(self) -> None:
        svc, actor, hours = self._svc, self._actor, self.hours.value()
        self.write(lambda: svc.supervision.set_sign_in_hours(actor, hours))

    def retranslate(self) -> None:
        self.intro.setText(_("The levels a dispute climbs when it is not resolved in time, lowest first "
                             "(e.g. grid worker → village committee → township centre → township leadership, "
                             "seven days each). A case past its days at a level without a result is flagged "
                             "for escalation in Today and on the centre's board."))
        self.rows_box.setTitle(_("Levels: name, days at the level, calendar or working days"))
        self.add_button.setText(_("Add a level"))
        self.example_button.setText(_("Fill in the four-level example"))
        self.save_button.setText(_("Save the ladder"))
        self.hours_box.setTitle(_("Departments' sign-in (报到)"))
        self.hours_label.setText(_("Hours a department has to sign in on a referral slip"))
        self.hours_button.setText(_("Save"))
