"""Risk (风险): the current four-colour grade, its append-only history, and a new grading with
flags, containment, escalation and police report (facts 22 and 36)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import RiskFlag, RiskLevel, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import N_, _
from mediation_app.ui.calendar import today_q
from mediation_app.ui.formatting import date_text, datetime_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.theme import RISK_COLOURS
from mediation_app.ui.widgets.common import FieldMessage, KeyedComboBox, mark_invalid, role_label, set_primary
from mediation_app.ui.widgets.flow_layout import FlowLayout
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

FIELDS = ("reason", "containment", "escalated_to", "reported_to", "reported_on")


def _flags_text(flags: tuple[str, ...]) -> str:
    return "、".join(enum_label(f, RiskFlag) for f in flags)


def _reported(r: Any) -> str:
    return " ".join(x for x in (r.reported_to or "", date_text(r.reported_on)) if x)


HISTORY_COLUMNS = (
    Column(N_("When"), lambda r: datetime_text(r.at)),
    Column(N_("Level"), lambda r: enum_label(r.level, RiskLevel),
           urgent=lambda r: RiskLevel(r.level).needs_escalation),
    Column(N_("Flags"), lambda r: _flags_text(r.flags)),
    Column(N_("Reason"), lambda r: r.reason),
    Column(N_("Containment"), lambda r: r.containment or ""),
    Column(N_("Escalated to"), lambda r: r.escalated_to or ""),
    Column(N_("Reported to"), _reported),
    Column(N_("By"), lambda r: r.by),
)


def swatch(colour: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class RiskTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.current = role_label("", "heading")
        self.history = RecordTableModel(HISTORY_COLUMNS, self)
        self.history_view = table_view(self.history, stretch=3)
        self.history_view.setMinimumHeight(150)
        self.level = KeyedComboBox()
        for lv in RiskLevel:
            self.level.add(lv, lv.label())
            self.level.setItemIcon(self.level.count() - 1, swatch(RISK_COLOURS[lv.value]))
        self.level.setMinimumWidth(200)
        self.flags = {f: QCheckBox() for f in RiskFlag}
        flag_grid = FlowLayout(spacing=16)  # as many a line as the width holds, at any text size
        for box in self.flags.values():
            flag_grid.addWidget(box)
            box.toggled.connect(self._sync_required)
        self.flag_widget = QWidget()
        self.flag_widget.setLayout(flag_grid)
        self.reason = QPlainTextEdit()
        self.containment = QPlainTextEdit()
        line = self.fontMetrics().lineSpacing()
        for e in (self.reason, self.containment):
            e.setTabChangesFocus(True)
            e.setFixedHeight(line * 3 + 16)
        self.escalated_to = QLineEdit()
        self.reported_to = QLineEdit()
        self.reported_on = QDateEdit(today_q())
        self.reported_on.setCalendarPopup(True)
        self.reported_on.setDisplayFormat("yyyy-MM-dd")
        self.reported = QCheckBox()
        self.reported.toggled.connect(self._sync_required)
        self.level.currentIndexChanged.connect(self._sync_required)
        self.button = set_primary(QPushButton())
        self.why = self.reason_label()
        self.guard(self.button, Action.SET_RISK, reason=self.why)
        self.button.clicked.connect(self.set_level)
        self.required_note = role_label("", "warning")
        self.msgs = {k: FieldMessage() for k in FIELDS}
        self.editors = {"reason": self.reason, "containment": self.containment, "escalated_to": self.escalated_to,
                        "reported_to": self.reported_to, "reported_on": self.reported_on}
        self.box = QGroupBox()
        f = QFormLayout(self.box)
        f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = f
        level_row = QHBoxLayout()
        level_row.addWidget(self.level)
        level_row.addStretch(1)
        self._rows = [("level", level_row), ("flags", self.flag_widget), ("reason", self.reason),
                      ("containment", self.containment), ("escalated_to", self.escalated_to),
                      ("reported", self.reported), ("reported_to", self.reported_to),
                      ("reported_on", self.reported_on)]
        for key, w in self._rows:
            f.addRow(QLabel(), w)
            if key in self.msgs:
                f.addRow(self.msgs[key])
        f.addRow(self.required_note)
        f.addRow(self.button)
        f.addRow(self.why)
        self.history_box = QGroupBox()
        hl = QVBoxLayout(self.history_box)
        hl.addWidget(self.history_view)
        from mediation_app.ui.warnings import CaseWarnings

        self.warnings_box = CaseWarnings(ctx, self)  # the early warnings and their review
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.warnings_box)
        layout.addWidget(self.history_box)
        layout.addWidget(self.box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------------
    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        self._show_current()
        self.history.set_rows(tuple(reversed(d.risk_history)))
        self.warnings_box.reload(d.risk_level)

    def _show_current(self) -> None:
        if self.detail is None:
            return
        level = self.detail.risk_level
        colour = RISK_COLOURS.get(level, "#888888")
        self.current.setText(f"<span style='color:{colour}; font-size:x-large'>■</span> "
                             + _("Current risk level: {level}").format(level=enum_label(level, RiskLevel)))

    def required(self) -> set[str]:
        """Fields the current choices make mandatory (the service enforces the same rules)."""
        level = self.level.key() or RiskLevel.BLUE
        need = {"reason"}
        if level.needs_escalation:
            need |= {"containment", "escalated_to"}
        police = [f for f, box in self.flags.items() if box.isChecked() and f.needs_police_report]
        if police:
            need |= {"reported_to", "reported_on"}
        return need

    def _sync_required(self, *_a: object) -> None:
        need = self.required()
        police = any(box.isChecked() and f.needs_police_report for f, box in self.flags.items())
        if police and not self.reported.isChecked():
            self.reported.setChecked(True)  # re-enters through toggled
            return
        show_report = self.reported.isChecked() or police
        for w in (self.reported_to, self.reported_on):
            w.setVisible(show_report)
            self.form.labelForField(w).setVisible(show_report)
        labels = self._labels()
        for key, w in self._rows:
            text = labels[key]
            label = self.form.labelForField(w)
            label.setText(text + (" *" if key in need and text else ""))
            label.setProperty("role", "required" if key in need else "")
            label.style().unpolish(label)
            label.style().polish(label)
        notes = []
        level = self.level.key() or RiskLevel.BLUE
        if level.needs_escalation:
            notes.append(_("A risk graded {level} needs containment measures and the unit it was escalated to.")
                         .format(level=level.label()))
        if police:
            notes.append(_("A risk of a public-security or criminal incident must be reported to the police: "
                           "record who was told and when."))
        self.required_note.setText("\n".join(notes))
        self.required_note.setVisible(bool(notes))

    # -- actions ---------------------------------------------------------------------------------------
    def set_level(self) -> None:
        ctx = self.ctx
        level = self.level.key()
        flags = tuple(f for f, box in self.flags.items() if box.isChecked())
        reason, containment = self.reason.toPlainText(), self.containment.toPlainText()
        escalated_to = self.escalated_to.text()
        reporting = self.reported.isChecked()
        reported_to = self.reported_to.text() if reporting else None
        reported_on = self.reported_on.date().toPython() if reporting else None
        for key, msg in self.msgs.items():
            msg.show_issues()
            mark_invalid(self.editors[key], False)

        def done(_changes: Any) -> None:
            for e in (self.reason, self.containment):
                e.clear()

        self.call(lambda: ctx.services.risk.set_level(
            ctx.actor, ctx.case_id, level, flags, reason, containment=containment, escalated_to=escalated_to,
            reported_to=reported_to, reported_on=reported_on), done)

    def on_error(self, exc: BaseException) -> None:
        fields = getattr(exc, "field_errors", {}) or {}
        for key, msg in self.msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])
            mark_invalid(self.editors[key], key in fields)

    def _labels(self) -> dict[str, str]:
        return {"level": _("Risk level"), "flags": _("Risk signs"), "reason": _("Reason"),
                "containment": _("Containment measures (稳控措施)"), "escalated_to": _("Escalated to"),
                "reported": "", "reported_to": _("Reported to"), "reported_on": _("Reported on")}

    def retranslate(self) -> None:
        self.box.setTitle(_("Grade the risk"))
        self.history_box.setTitle(_("Risk history"))
        for i in range(self.level.count()):
            self.level.setItemText(i, self.level.key_at(i).label())
        for flag, box in self.flags.items():
            box.setText(flag.label())
        self.reported.setText(_("Reported to the police or another department"))
        self.reason.setPlaceholderText(_("What makes the dispute risky, or why the risk has changed"))
        self.containment.setPlaceholderText(_("Who watches the parties, and how"))
        self.escalated_to.setPlaceholderText(_("Unit or leader it was reported up to"))
        self.reported_to.setPlaceholderText(_("Police station or department told"))
        self.button.setText(_("&Record risk grading"))
        self.history.retranslate()
        if hasattr(self, "warnings_box"):
            self.warnings_box.retranslate()
        self._show_current()
        self._sync_required()
