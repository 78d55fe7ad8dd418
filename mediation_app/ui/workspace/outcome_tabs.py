"""Ending a mediation (termination with reason and routes, fact 21) and oral agreements (fact 15)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.enums import TerminationKind, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import _
from mediation_app.ui.formatting import date_text
from mediation_app.ui.models.check_list import CheckListModel
from mediation_app.ui.widgets.common import FieldMessage, date_edit, role_label, set_primary
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab


class TerminationTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.done = role_label("", "heading")
        self.kind = QComboBox()
        for k in TerminationKind:
            self.kind.addItem(k.label(), k.value)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(110)
        self.routes = CheckListModel(self)
        self.route_view = QListView()
        self.route_view.setModel(self.routes)
        self.route_view.setMinimumHeight(150)
        self.told_on = date_edit()
        self.reported = QCheckBox()
        self.reported_to = QLineEdit()
        self.reported_on = date_edit()
        self.button = set_primary(QPushButton())
        self.reason_label_ = self.reason_label()
        self.guard(self.button, Action.TERMINATE, reason=self.reason_label_)
        self.button.clicked.connect(self._on_terminate)
        self.reported.toggled.connect(self._sync)
        self.kind.currentIndexChanged.connect(self._sync_guard)
        self.msgs = {k: FieldMessage() for k in ("reason", "routes", "reported_to")}
        self.box = QGroupBox()
        f = QFormLayout(self.box)
        self.form = f
        self._rows = [("kind", self.kind, None), ("reason", self.reason, "reason"), ("routes", self.route_view, "routes"),
                      ("told", self.told_on, None), ("reported", self.reported, None),
                      ("reported_to", self.reported_to, "reported_to"), ("reported_on", self.reported_on, None)]
        for _k, w, m in self._rows:
            f.addRow(QLabel(), w)
            if m:
                f.addRow(QLabel(), self.msgs[m])
        layout = QVBoxLayout(self)
        layout.addWidget(self.done)
        layout.addWidget(self.box)
        layout.addWidget(self.button)
        layout.addWidget(self.reason_label_)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()
        self._sync()
        ctx.runner.run(lambda: ctx.services.reference.lookups("route"),
                       lambda items: self.routes.set_items([(i.code, i.label) for i in items]), lambda _e: None)

    def _sync(self, *_a: object) -> None:
        on = self.reported.isChecked()
        for w in (self.reported_to, self.reported_on):
            w.setVisible(on)
            self.form.labelForField(w).setVisible(on)

    def _sync_guard(self, *_a: object) -> None:
        self.apply_guards()

    def apply_guards(self) -> None:
        withdrawn = self.kind.currentData() == TerminationKind.WITHDRAWN.value
        self._guarded = [(self.button, (Action.WITHDRAW if withdrawn else Action.TERMINATE,), self.reason_label_)]
        super().apply_guards()

    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        t = d.termination
        if t is not None:
            self.done.setText(_("Mediation ended on {date}: {kind}. {reason}").format(
                date=date_text(t.on), kind=enum_label(t.kind, TerminationKind), reason=t.reason))
            self.done.show()
        else:
            self.done.hide()

    def _on_terminate(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, _("End the mediation?"),
                          _("The case will be marked as ended and cannot return to mediation. Continue?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        if getattr(self, "confirm", True) and box.exec() != QMessageBox.StandardButton.Yes:
            return
        ctx = self.ctx
        kind, reason, routes = TerminationKind(self.kind.currentData()), self.reason.toPlainText(), self.routes.checked_keys()
        on = self.told_on.date().toPython()
        reported_to = self.reported_to.text().strip() or None if self.reported.isChecked() else None
        reported_on = self.reported_on.date().toPython() if self.reported.isChecked() else None
        self.call(lambda: ctx.services.outcomes.terminate(ctx.actor, ctx.case_id, reason, routes, kind=kind, on=on,
                                                          reported_to=reported_to, reported_on=reported_on))

    def on_error(self, exc: BaseException) -> None:
        fields = getattr(exc, "field_errors", {}) or {}
        for key, msg in self.msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])

    def retranslate(self) -> None:
        self.box.setTitle(_("End the mediation"))
        labels = {"kind": _("How it ended"), "reason": _("Reason"), "routes": _("Routes explained to the parties"),
                  "told": _("Told on"), "reported": "", "reported_to": _("Reported to"), "reported_on": _("Reported on")}
        for key, w, _m in self._rows:
            self.form.labelForField(w).setText(labels[key])
        for i in range(self.kind.count()):
            self.kind.setItemText(i, TerminationKind(self.kind.itemData(i)).label())
        self.reported.setText(_("Reported to the police or another department (risk of escalation)"))
        self.reason.setPlaceholderText(_("Why no agreement could be reached"))
        self.button.setText(_("End the mediation"))


class OralAgreementTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.done = role_label("", "heading")
        self.facts = QPlainTextEdit()
        self.terms = QPlainTextEdit()
        for e in (self.facts, self.terms):
            e.setTabChangesFocus(True)
        self.reached_on = date_edit()
        self.civil = QCheckBox()
        self.asked_written = QCheckBox()
        self.method = QLineEdit()
        self.button = set_primary(QPushButton())
        self.why = self.reason_label()
        self.guard(self.button, Action.ORAL_AGREEMENT, reason=self.why)
        self.button.clicked.connect(lambda: self._on_record(False))
        self.box = QGroupBox()
        f = QFormLayout(self.box)
        self.form = f
        self._rows = [("facts", self.facts), ("terms", self.terms), ("reached", self.reached_on),
                      ("method", self.method), ("civil", self.civil), ("asked", self.asked_written)]
        for _k, w in self._rows:
            f.addRow(QLabel(), w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.done)
        layout.addWidget(self.box)
        layout.addWidget(self.button)
        layout.addWidget(self.why)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        oral = [a for a in d.agreements if a.form == "oral"]
        if oral:
            self.done.setText(_("Oral agreement reached on {date}: {terms}").format(
                date=date_text(oral[-1].reached_on), terms="；".join(oral[-1].terms)))
            self.done.show()
        else:
            self.done.hide()
        if not self.facts.toPlainText():
            self.facts.setPlainText(d.facts)

    def _on_record(self, confirm: bool) -> None:
        ctx = self.ctx
        terms = tuple(t for t in self.terms.toPlainText().splitlines() if t.strip())
        facts, on = self.facts.toPlainText(), self.reached_on.date().toPython()
        civil, asked, method = self.civil.isChecked(), self.asked_written.isChecked(), self.method.text()
        self.call(lambda: ctx.services.agreements.record_oral(
            ctx.actor, ctx.case_id, terms, facts, reached_on=on, has_civil_obligations=civil,
            party_asked_written=asked, performance_method=method, confirm_oral=confirm))

    def on_error(self, exc: BaseException) -> None:
        warnings = getattr(exc, "warnings", {}) or {}
        if warnings and not getattr(exc, "field_errors", None):
            box = QMessageBox(QMessageBox.Icon.Warning, _("Please check"), "\n".join(warnings.values())
                              + "\n\n" + _("Record it as an oral agreement anyway?"),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            if box.exec() == QMessageBox.StandardButton.Yes:
                self._on_record(True)

    def retranslate(self) -> None:
        self.box.setTitle(_("Record an oral agreement"))
        labels = {"facts": _("Facts"), "terms": _("What was agreed (one item per line)"), "reached": _("Reached on"),
                  "method": _("How it is performed"), "civil": "", "asked": ""}
        for key, w in self._rows:
            self.form.labelForField(w).setText(labels[key])
        self.civil.setText(_("It creates civil rights and obligations (money, property, work)"))
        self.asked_written.setText(_("A party asked for a written agreement"))
        self.button.setText(_("Record oral agreement"))
