"""One open case: a header with the essentials and a tab per stage of the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from mediation_app.domain.enums import CaseStatus, DisputeType, RiskLevel, enum_label
from mediation_app.i18n import _, ngettext
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.events import AppEvents, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.theme import RISK_COLOURS
from mediation_app.ui.widgets.common import error_text, role_label
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab


class CaseWorkspace(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    title_changed(str): the tab title (case number and parties) after loading.
    """

    title_changed = Signal(str)

    def __init__(self, services: Any, actor: Any, case_id: Any, runner: TaskRunner, events: AppEvents,
                 drafts: DraftStore, parent=None) -> None:
        super().__init__(parent)
        from mediation_app.ui.workspace.agreement_tab import AgreementTab
        from mediation_app.ui.workspace.assignment_tab import AssignmentTab
        from mediation_app.ui.workspace.case_actions import CaseActionsButton
        from mediation_app.ui.workspace.confirmation_tab import ConfirmationTab
        from mediation_app.ui.workspace.documents_tab import DocumentsTab
        from mediation_app.ui.workspace.evidence_tab import EvidenceTab
        from mediation_app.ui.workspace.followup_tab import FollowUpTab
        from mediation_app.ui.workspace.meetings_tab import MeetingsTab
        from mediation_app.ui.workspace.outcome_tabs import OralAgreementTab, TerminationTab
        from mediation_app.ui.workspace.overview_tab import OverviewTab
        from mediation_app.ui.workspace.parties_tab import PartiesTab
        from mediation_app.ui.workspace.referral_tab import ReferralTab
        from mediation_app.ui.workspace.risk_tab import RiskTab

        self.ctx = CaseContext(services, actor, case_id, runner, events)
        self.case_id = case_id
        self.detail: Any = None
        self.number = role_label("", "title", wrap=False)
        self.status = QLabel()
        self.status.setProperty("role", "heading")
        self.parties = role_label("", "heading")
        self.facts_line = role_label("", "muted")
        self.routing_line = role_label("", "muted")  # registered at the centre's window: how it was routed
        self.routing_line.setObjectName("routing_line")
        self.routing_line.hide()
        self.deadline = QLabel()
        self.risk = QLabel()
        self.load_error = role_label("", "error")
        self.load_error.hide()
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addSpacing(16)
        head.addWidget(self.status)
        head.addStretch(1)
        head.addWidget(self.deadline)
        head.addSpacing(16)
        head.addWidget(self.risk)
        self.actions_button = CaseActionsButton(self.ctx)
        head.addSpacing(16)
        head.addWidget(self.actions_button)
        self.tabs = QTabWidget()
        self.tab_list: list[tuple[str, WorkspaceTab]] = [
            ("overview", OverviewTab(self.ctx)),
            ("parties", PartiesTab(self.ctx)),
            ("assignment", AssignmentTab(self.ctx)),
            ("meetings", MeetingsTab(self.ctx)),
            ("evidence", EvidenceTab(self.ctx)),
            ("agreement", AgreementTab(self.ctx, drafts)),
            ("oral", OralAgreementTab(self.ctx)),
            ("termination", TerminationTab(self.ctx)),
            ("followup", FollowUpTab(self.ctx)),
            ("confirmation", ConfirmationTab(self.ctx)),
            ("referrals", ReferralTab(self.ctx)),
            ("risk", RiskTab(self.ctx)),
            ("documents", DocumentsTab(self.ctx)),
        ]
        self._pages: dict[str, QWidget] = {}
        for key, tab in self.tab_list:
            page: QWidget = tab
            if key != "agreement":  # the agreement editor scrolls its own text column
                page = QScrollArea()
                page.setWidgetResizable(True)
                page.setFrameShape(QScrollArea.Shape.NoFrame)
                page.setWidget(tab)
            self._pages[key] = page
            self.tabs.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.parties)
        layout.addWidget(self.facts_line)
        layout.addWidget(self.routing_line)
        layout.addWidget(self.load_error)
        layout.addWidget(self.tabs, 1)
        # Alt+1 … Alt+9 and Alt+0 jump to the first ten tabs (in the order a case moves through them);
        # Ctrl+PgDown / Ctrl+PgUp step through all of them.
        for i in range(min(10, len(self.tab_list))):
            sc = QShortcut(QKeySequence(f"Alt+{(i + 1) % 10}"), self)
            sc.activated.connect(lambda i=i: self.tabs.setCurrentIndex(i))
        for key, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            sc = QShortcut(QKeySequence(key), self)
            sc.activated.connect(lambda step=step: self.tabs.setCurrentIndex(
                (self.tabs.currentIndex() + step) % self.tabs.count()))
        events.data_changed.connect(self._on_data_changed)
        self.watch(events)  # the detail is read again after a language switch (its reasons are worded)
        self.retranslate()
        self.refresh()

    def tab(self, key: str) -> WorkspaceTab:
        return dict(self.tab_list)[key]

    def show_tab(self, key: str) -> WorkspaceTab:
        self.tabs.setCurrentWidget(self._pages[key])
        return self.tab(key)

    def tab_title(self) -> str:
        d = self.detail
        if d is None:
            return _("Case")
        return f"{d.number} {d.parties[0].name if d.parties else ''}".strip()

    # -- data -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self.ctx
        ctx.runner.run(lambda: ctx.services.cases.detail(ctx.actor, self.case_id), self._show, self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        self.load_error.setText(error_text(exc))
        self.load_error.show()

    def _on_data_changed(self, changes: Any) -> None:
        ids = getattr(changes, "case_ids", frozenset())
        if not ids or self.case_id in ids:
            self.refresh()

    def _show(self, detail: Any) -> None:
        self.detail = detail
        self.load_error.hide()
        for _key, tab in self.tab_list:
            tab.show_detail(detail)
        self.actions_button.show_detail(detail)
        self._fill_header()

    def _fill_header(self) -> None:
        d = self.detail
        if d is None:
            return
        self.number.setText(d.number)
        self.status.setText(enum_label(d.status, CaseStatus))
        names = [p.name for p in d.parties]
        self.parties.setText("、".join(names) if names else _("(no parties)"))
        bits = [enum_label(d.dispute_type, DisputeType)]
        if d.subtype_label:
            bits.append(_(d.subtype_label))  # stored as an English msgid
        if d.title:
            bits.append(d.title)
        if d.presiding_mediator:
            bits.append(_("Presiding: {name}").format(name=d.presiding_mediator))
        self.facts_line.setText(" · ".join(bits))
        from mediation_app.ui.window_desk import routing_text

        routed = routing_text(getattr(d, "routing", None))
        self.routing_line.setText(routed)
        self.routing_line.setVisible(bool(routed))
        deadline = d.extended_until or d.deadline_on
        if deadline and d.status in ("accepted", "mediating", "agreement_drafted"):
            days = (deadline - dt.date.today()).days
            if days < 0:
                text = ngettext("Deadline {date}: {n} day overdue", "Deadline {date}: {n} days overdue", -days)
                self.deadline.setStyleSheet("color: #b42318; font-weight: bold;")
            else:
                text = ngettext("Deadline {date}: {n} day left", "Deadline {date}: {n} days left", days)
                self.deadline.setStyleSheet("")
            self.deadline.setText(text.format(date=date_text(deadline), n=abs(days)))
        else:
            self.deadline.setText("")
        colour = RISK_COLOURS.get(d.risk_level, "#888888")
        self.risk.setText(f"<span style='color:{colour}; font-size:large'>■</span> <b>"
                          + _("Risk: {level}").format(level=enum_label(d.risk_level, RiskLevel)) + "</b>")
        self.title_changed.emit(self.tab_title())

    # -- tab protocol (main window) ------------------------------------------------------------------
    def save(self) -> None:
        current = self.tabs.currentWidget()
        for key, page in self._pages.items():
            if page is current:
                self.tab(key).save()

    def confirm_close(self) -> bool:
        dirty = [tab for _k, tab in self.tab_list if tab.has_unsaved_changes()]
        if not dirty:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("This case has changes that are not saved yet. Save them before closing?"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            for tab in dirty:
                tab.save()
        return True

    def retranslate(self) -> None:
        titles = {
            "overview": _("&Overview"), "parties": _("&Parties and consent"), "assignment": _("&Mediators"),
            "meetings": _("&Sessions"), "agreement": _("&Agreement"), "oral": _("Oral agreement"),
            "termination": _("&Ending mediation"),
            "referrals": _("Referral slips"), "risk": _("Risk"), "documents": _("Documents"),
            "evidence": _("Investigations and evidence"), "followup": _("Performance and follow-up"),
            "confirmation": _("Judicial confirmation"),
        }
        for key, _tab in self.tab_list:
            self.tabs.setTabText(self.tabs.indexOf(self._pages[key]), titles[key])
        self._fill_header()
