"""The centre's board: the cases concluded at each level of the ladder in a period (how many at the
grid worker, the village committee, the township centre …), with those ending in an agreement."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from mediation_app.domain.statistics import Period
from mediation_app.i18n import N_, _
from mediation_app.ui.calendar import today
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text
from mediation_app.ui.workspace.base import table_view

COLUMNS = (
    Column(N_("Level"), lambda r: r.level),
    Column(N_("Concluded there"), lambda r: str(r.concluded)),
    Column(N_("of them by agreement"), lambda r: str(r.agreed)),
)


class LevelResults(Retranslating, QGroupBox):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.period = QLineEdit(str(today().year))
        self.period.setMaximumWidth(self.fontMetrics().horizontalAdvance("2026-Q4") * 2)
        self.period.returnPressed.connect(self.refresh)
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self.refresh)
        self.model = RecordTableModel(COLUMNS, self)
        self.view = table_view(self.model, stretch=0)
        self.view.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        self.message = FieldMessage()
        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addWidget(self.show_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        try:
            period = Period.parse(self.period.text())
        except ValueError as exc:
            self.message.show_issues([str(exc)])
            return
        self.message.show_issues()
        self._runner.run(lambda: self._svc.ladder.results_by_level(self._actor, period), self.model.set_rows,
                         lambda exc: self.message.show_issues([error_text(exc)]))

    def retranslate(self) -> None:
        self.setTitle(_("Concluded at each level"))
        self.period.setToolTip(_("Give the period as 2026-11 (month), 2026-Q3 (quarter), 2026-H2 (half-year) or 2026."))
        self.show_button.setText(_("Show"))
        self.model.retranslate()
