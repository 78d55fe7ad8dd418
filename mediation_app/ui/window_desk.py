"""窗口: the centre's window. The clerk registers a dispute once and routes it from the list of
disputes waiting to be routed: to a committee (it becomes that committee's case) or to a
department with a referral slip the centre supervises."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import DisputeType, ReferralStatus, RiskLevel, enum_label
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import N_, _
from mediation_app.ui.admin_base import LabelledForm
from mediation_app.ui.calendar import today_q
from mediation_app.ui.events import AppEvents, ChangeKind, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import ButtonBox, FieldMessage, error_text, mark_invalid, role_label, set_primary
from mediation_app.ui.workspace.base import table_view

WAITING_COLUMNS = (
    Column(N_("Window number"), lambda r: r.window_number),
    Column(N_("Registered"), lambda r: date_text(r.registered_on)),
    Column(N_("Parties"), lambda r: r.parties),
    Column(N_("Dispute type"), lambda r: enum_label(r.dispute_type, DisputeType)),
    Column(N_("Risk"), lambda r: enum_label(r.risk_level, RiskLevel)),
    Column(N_("Dispute"), lambda r: r.title),
)


def routing_text(r: Any) -> str:
    """One line on a case registered at the centre's window: where it went, when, by whom, why."""
    if r is None:
        return ""
    if r.status == "waiting":
        return _("Registered at the centre's window as {number} by {who}; waiting to be routed.").format(
            number=r.window_number, who=r.registered_by)
    when = date_text(r.routed_at.astimezone().date()) if r.routed_at else ""
    if r.status == "committee":
        text = _("Registered at the centre's window as {number}; routed to {to} on {date} by {who}.").format(
            number=r.window_number, to=r.to_committee or "", date=when, who=r.routed_by or "")
    else:
        text = _("Registered at the centre's window as {number}; routed to {to} on {date} by {who}, "
                 "referral slip {slip} ({state}).").format(
            number=r.window_number, to=r.to_department or "", date=when, who=r.routed_by or "",
            slip=r.referral_number or "", state=enum_label(r.referral_status, ReferralStatus)
            if r.referral_status else "")
        if r.referral_deadline:
            text += " " + _("Reply due {date}.").format(date=date_text(r.referral_deadline))
    return text + (" " + _("Why: {reason}").format(reason=r.reason) if r.reason else "")


class WindowDeskView(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    case_activated(object): open a dispute's case.
    """

    case_activated = Signal(object)
    watched = frozenset({ChangeKind.CASE, ChangeKind.CASE_ROW})
    reload_on_language = False  # the columns word the codes

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, drafts: Any = None,
                 parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events, self._drafts = services, actor, runner, events, drafts
        self._page: Any = None
        self.title = role_label("", "title", wrap=False)
        self.intro = role_label("", "muted")
        self.model = RecordTableModel(WAITING_COLUMNS, self)
        self.view = table_view(self.model, stretch=5)
        self.register = QPushButton()
        self.route = set_primary(QPushButton())
        self.open_case = QPushButton()
        self.more = QPushButton()
        self.message = FieldMessage()
        buttons = QHBoxLayout()
        buttons.addWidget(self.register)
        buttons.addWidget(self.route)
        buttons.addWidget(self.open_case)
        buttons.addStretch(1)
        buttons.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.register.clicked.connect(self.register_dispute)
        self.route.clicked.connect(self.route_selected)
        self.open_case.clicked.connect(lambda: self._selected() and self.case_activated.emit(self._selected().case_id))
        self.view.doubleClicked.connect(lambda _i: self.route_selected())
        self.more.clicked.connect(self._more)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._sync())
        self.watch(events)
        self.retranslate()
        self.refresh()

    def blocked(self) -> str:
        return "" if self._actor.may(Perm.ROUTE_CASE) else _(
            "Only the window clerk or a committee head registers and routes disputes at the window; "
            "you are signed in as {role}.").format(role=self._actor.roles_label())

    def refresh(self) -> None:
        if self.blocked():
            self.model.set_rows([])
            self._sync()
            return
        self._runner.run(lambda: self._svc.routing.waiting(self._actor), self._show,
                         lambda exc: self.message.show_issues([error_text(exc)]))

    def _more(self) -> None:
        page = self._page
        if page is None or page.next_key is None:
            return
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]

        def show(more: Any) -> None:
            self._page = more
            self.model.set_rows(rows + list(more.rows))
            self._sync()

        self._runner.run(lambda: self._svc.routing.waiting(self._actor, after=page.next_key), show,
                         lambda exc: self.message.show_issues([error_text(exc)]))

    def _show(self, page: Any) -> None:
        self._page = page
        self.model.set_rows(page.rows)
        if page.rows:
            self.view.selectRow(0)
        self._sync()

    def _selected(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _sync(self) -> None:
        reason = self.blocked()
        total = self._page.total if self._page is not None and not reason else 0
        shown = self.model.rowCount()
        self.title.setText(_("Waiting to be routed: {n}").format(n=total))
        self.more.setVisible(shown < total)
        self.more.setText(_("Show more ({shown} of {total})").format(shown=shown, total=total))
        has = self._selected() is not None
        for b in (self.register, self.route):
            b.setEnabled(not reason)
            b.setToolTip(reason)
        self.route.setEnabled(not reason and has)
        self.open_case.setEnabled(has)
        if reason:
            self.message.show_issues(warnings=[reason])

    def register_dispute(self) -> None:
        from mediation_app.ui.intake import IntakeWizard

        wizard = IntakeWizard(self._svc, self._actor, self._runner, self._events, self._drafts, parent=self,
                              offer_draft=False, window=True)
        wizard.open()

    def route_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        RouteDialog(self._svc, self._actor, self._runner, self._events, row, parent=self).open()

    def retranslate(self) -> None:
        self.intro.setText(_("Disputes registered once at the centre's window. Route each to the committee that "
                             "will mediate it (it becomes that committee's case and gets its number), or to a "
                             "department with a referral slip whose deadline and feedback the centre follows."))
        self.register.setText(_("&Register a dispute…"))
        self.route.setText(_("Rou&te…"))
        self.open_case.setText(_("&Open"))
        self.model.retranslate()
        self._sync()


class RouteDialog(Retranslating, QDialog):
    """Route one waiting dispute: to a committee of the centre, or to a department with a slip."""

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, row: Any,
                 parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events, self._row = services, actor, runner, events, row
        self.setMinimumWidth(640)
        self.summary = role_label("", "heading")
        self.to_committee = QRadioButton()
        self.to_department = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.to_committee)
        group.addButton(self.to_department)
        self.to_committee.setChecked(True)
        self.committee = QComboBox()
        self.department = QLineEdit()
        self.has_deadline = QCheckBox()
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setDate(today_q(15))
        self.instructions = QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setMaximumHeight(90)
        self.committee_form, self.department_form, self.reason_form = LabelledForm(), LabelledForm(), LabelledForm()
        self.committee_form.row(lambda: _("Committee"), self.committee)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.has_deadline)
        deadline_row.addWidget(self.deadline)
        deadline_row.addStretch(1)
        self.department_form.row(lambda: _("Department"), self.department)
        self.department_form.row(lambda: _("Reply deadline"), deadline_row)
        self.department_form.row(lambda: _("Instructions"), self.instructions)
        self.reason_form.row(lambda: _("Why"), self.reason)
        self.message = FieldMessage()
        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.to_committee)
        layout.addLayout(self.committee_form)
        layout.addWidget(self.to_department)
        layout.addLayout(self.department_form)
        layout.addLayout(self.reason_form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.to_committee.toggled.connect(lambda _on: self._sync())
        self.has_deadline.toggled.connect(lambda _on: self._sync())
        self.fields = {"committee": self.committee, "to_department": self.department, "reason": self.reason,
                       "deadline": self.deadline}
        self.retranslate()
        self._sync()
        runner.run(lambda: services.committees.list(actor, include_retired=False), self._committees,
                   lambda exc: self.message.show_issues([error_text(exc)]))

    def _committees(self, rows: list[Any]) -> None:
        self.committee.clear()
        for c in rows:
            self.committee.addItem(f"{c.name}（{c.short_name}）", str(c.id))

    def _sync(self) -> None:
        committee = self.to_committee.isChecked()
        self.committee.setEnabled(committee)
        for w in (self.department, self.has_deadline, self.instructions):
            w.setEnabled(not committee)
        self.deadline.setEnabled(not committee and self.has_deadline.isChecked())

    def submit(self) -> None:
        svc, actor, case_id = self._svc.routing, self._actor, self._row.case_id
        reason = self.reason.toPlainText().strip()
        self.message.show_issues()
        for w in self.fields.values():
            mark_invalid(w, False)
        if self.to_committee.isChecked():
            chosen = self.committee.currentData()
            committee_id = uuid.UUID(chosen) if chosen else None
            if committee_id is None:
                mark_invalid(self.committee, True)
                self.message.show_issues([_("Choose the committee.")])
                return

            def work() -> Any:
                return svc.to_committee(actor, case_id, committee_id, reason)
        else:
            department, instructions = self.department.text().strip(), self.instructions.text().strip() or None
            qd = self.deadline.date()
            deadline = dt.date(qd.year(), qd.month(), qd.day()) if self.has_deadline.isChecked() else None

            def work() -> Any:
                return svc.to_department(actor, case_id, department, reason, deadline, instructions)
        self.buttons.setEnabled(False)
        self._runner.run(work, self._done, self._failed, write=True)

    def _done(self, changes: Any) -> None:
        self._events.changed(changes)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.show_issues([error_text(exc)])
        named = getattr(exc, "field_errors", {}) or {}
        for key, widget in self.fields.items():
            mark_invalid(widget, key in named)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Route a dispute"))
        self.summary.setText(f"{self._row.window_number}  {self._row.parties}")
        self.to_committee.setText(_("To a &committee of the centre (it becomes that committee's case)"))
        self.to_department.setText(_("To a &department, with a referral slip the centre supervises"))
        self.has_deadline.setText(_("Reply by"))
        self.department.setPlaceholderText(_("e.g. 城北区人力资源和社会保障局"))
        for form in (self.committee_form, self.department_form, self.reason_form):
            form.retranslate()
        self.buttons.name(QDialogButtonBox.StandardButton.Ok, _("&Route"))
        self.buttons.name(QDialogButtonBox.StandardButton.Cancel, _("Cancel"))
