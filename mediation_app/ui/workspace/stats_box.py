"""The statistics fields of a case on its overview: difficulty (疑难复杂), persons involved and
migrant workers' wages, which the report counts and nothing else asks for."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QSpinBox

from mediation_app.i18n import N_, _
from mediation_app.services.stats.recording import CaseFactsInput

COMPLEXITY = (("", N_("Not graded")), ("simple", N_("Simple")), ("ordinary", N_("Ordinary")),
              ("difficult", N_("Difficult or complex")))


class CaseStatsBox(QGroupBox):
    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        self.tab = tab
        self.complexity = QComboBox()
        self.persons = QSpinBox()
        self.persons.setRange(0, 1_000_000)
        self.wages = QCheckBox()
        self.parties = 0  # counted by the report while no number of persons is recorded
        self.save = QPushButton()
        self.save.clicked.connect(self._on_save)
        self.form = QFormLayout(self)
        self.complexity_label, self.persons_label = QLabel(), QLabel()
        self.form.addRow(self.complexity_label, self.complexity)
        self.form.addRow(self.persons_label, self.persons)
        self.form.addRow(self.wages)
        self.form.addRow(self.save)
        self.retranslate()

    def load(self) -> None:
        ctx = self.tab.ctx
        try:
            facts = ctx.services.stats_recording.case_facts(ctx.actor, ctx.case_id)
        except Exception:  # noqa: BLE001 - a role that may not read the case sees the box empty
            self.setEnabled(False)
            return
        self.complexity.setCurrentIndex(max(0, [c for c, _l in COMPLEXITY].index(facts.complexity or "")))
        self.persons.setValue(facts.persons_involved or 0)
        self.wages.setChecked(facts.migrant_wages)
        self.wages.setEnabled(not facts.wages_by_subtype)  # its sub-type is wages: always counted so
        self.parties = facts.parties
        self._loaded_texts()

    def _on_save(self) -> None:
        ctx = self.tab.ctx
        code = COMPLEXITY[self.complexity.currentIndex()][0]
        data = CaseFactsInput(complexity=code or None, persons_involved=self.persons.value() or None,
                              migrant_wages=self.wages.isChecked())
        self.tab.call(lambda: ctx.services.stats_recording.set_case_facts(ctx.actor, ctx.case_id, data))

    def retranslate(self) -> None:
        self.setTitle(_("For the statistics"))
        current = self.complexity.currentIndex()
        self.complexity.clear()
        self.complexity.addItems([_(label) for _c, label in COMPLEXITY])
        self.complexity.setCurrentIndex(max(0, current))
        self.complexity_label.setText(_("Difficulty"))
        self.persons_label.setText(_("Persons involved"))
        self.wages.setText(_("Involves migrant workers' wages"))
        self.save.setText(_("Save"))
        self._loaded_texts()

    def _loaded_texts(self) -> None:
        """The texts that depend on the case: what an unrecorded number counts, why the mark stays."""
        # 0: not recorded; the report then counts the case's parties
        self.persons.setSpecialValueText(_("not recorded: its {n} parties are counted").format(n=self.parties))
        self.wages.setToolTip("" if self.wages.isEnabled() else _(
            "The case's sub-type is unpaid migrant workers' wages, so it always counts as such."))
