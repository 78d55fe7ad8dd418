"""The market's statistics beside the national report: disputes per business type of the merchants
involved, repeat merchants, and the market clock kept or missed, for a chosen period."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.statistics import Period
from mediation_app.i18n import _
from mediation_app.services.market.stats import stats_lines
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text
from mediation_app.ui.widgets.screen_fit import fit_to_screen


class MarketStatsDialog(QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.setWindowTitle(_("Market statistics"))
        self.period = QLineEdit(str(services.clock.today().year))
        self.period.setPlaceholderText(_("2026-11, 2026-Q3, 2026-H2 or 2026"))
        self.show_button = QPushButton(_("&Count"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.message = FieldMessage()
        form = QFormLayout()
        form.addRow(_("&Period"), self.period)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.show_button)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.show_button.clicked.connect(self.count)
        self.period.returnPressed.connect(self.count)
        fit_to_screen(self, 720, 520)
        self.count()

    def count(self) -> None:
        try:
            p = Period.parse(self.period.text().strip())
        except ValueError as exc:
            self.message.show_issues([str(exc)])
            return
        self.message.show_issues()
        text = self.period.text().strip()
        self._runner.run(lambda: (self._svc.market_stats.report(self._actor, p.start, p.end),
                                  self._svc.meetings.remote_counts(self._actor, text)),  # sessions on site / remote
                         lambda r: self.text.setPlainText("\n".join([*stats_lines(r[0]), "", r[1].line()])),
                         lambda exc: self.message.show_issues([error_text(exc)]))
