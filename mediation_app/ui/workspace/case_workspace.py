"""One open case: a header with the essentials, a page per part of the case and a list of the parts
down the side, grouped by stage (ui/workspace/case_nav.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import CaseStatus, DisputeType, RiskLevel, enum_label
from mediation_app.i18n import _, ngettext
from mediation_app.ui.calendar import today
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.events import AppEvents, RefreshWhenShown
from mediation_app.ui.formatting import date_text
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.theme import RISK_COLOURS
from mediation_app.ui.widgets.common import ElidedLabel, error_text, role_label
from mediation_app.ui.widgets.screen_fit import compact_forms
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab
from mediation_app.ui.workspace.case_nav import CaseNavigation, part_order


class CaseWorkspace(RefreshWhenShown, Retranslating, QWidget):
    """Signals:
    title_changed(str): the tab title (case number and parties) after loading.
    """

    title_changed = Signal(str)

    def __init__(self, services: Any, actor: Any, case_id: Any, runner: TaskRunner, events: AppEvents,
                 drafts: DraftStore, parent=None) -> None:
        super().__init__(parent)
        from mediation_app.ui.workspace.case_actions import CaseActionsButton

        self.ctx = CaseContext(services, actor, case_id, runner, events)
        self.case_id = case_id
        self.detail: Any = None
        self.number = ElidedLabel(role="title")
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
        # The case number may lose its middle at large text rather than push 案件操作 off the screen.
        self.number.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.number.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)
        head = QHBoxLayout()
        head.addWidget(self.number, 1)
        head.addSpacing(12)
        head.addWidget(self.status)
        self.actions_button = CaseActionsButton(self.ctx)
        head.addSpacing(12)
        head.addWidget(self.actions_button)
        state = QHBoxLayout()  # deadline and risk on a line of their own: the header never outgrows the page
        state.addWidget(self.risk)
        state.addSpacing(16)
        state.addWidget(self.deadline)
        state.addStretch(1)
        self._drafts = drafts
        self.pages = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        self._tabs: dict[str, WorkspaceTab] = {}  # a part's page is built the first time it is shown
        # Every part in a list down the side, grouped by stage; Alt+1 … Alt+0 and each part's Alt letter
        # jump to it, Ctrl+PgDown / Ctrl+PgUp step through all of them.
        self.nav = CaseNavigation(self)
        self.nav.part_chosen.connect(self._show_part)
        for key, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            sc = QShortcut(QKeySequence(key), self)
            sc.activated.connect(lambda step=step: self.nav.step(step))
        right = QVBoxLayout()
        right.addLayout(head)
        right.addWidget(self.parties)
        right.addWidget(self.facts_line)
        right.addWidget(self.routing_line)
        right.addLayout(state)
        right.addWidget(self.load_error)
        right.addWidget(self.pages, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addLayout(right, 1)
        events.data_changed.connect(self._on_data_changed)
        self.watch(events)  # the detail is read again after a language switch (its reasons are worded)
        self.retranslate()
        self.nav.show_part("fund", False)  # until the case is read: only a committee that keeps a fund has one
        self.nav.choose("overview")
        self.refresh()

    @property
    def tab_list(self) -> list[tuple[str, WorkspaceTab]]:
        """The parts built so far (a part is built when first shown), in the navigation's order."""
        return [(key, self._tabs[key]) for key in part_order() if key in self._tabs]

    def tab(self, key: str) -> WorkspaceTab:
        """The part ``key``, built now if it was never shown: few widgets per open case, so opening a
        case and changing the text size stay quick with several cases open."""
        tab = self._tabs.get(key)
        if tab is None:
            tab = self._tabs[key] = _build_part(key, self.ctx, self._drafts)
            compact_forms(tab)
            page: QWidget = tab
            if key != "agreement":  # the agreement editor scrolls its own text column
                page = QScrollArea()
                page.setWidgetResizable(True)
                page.setFrameShape(QScrollArea.Shape.NoFrame)
                page.setWidget(tab)
            self._pages[key] = page
            self.pages.addWidget(page)
            if self.detail is not None:
                tab.show_detail(self.detail)
        return tab

    def show_tab(self, key: str) -> WorkspaceTab:
        self.nav.choose(key)
        return self.tab(key)

    def _show_part(self, key: str) -> None:
        self.tab(key)
        self.pages.setCurrentWidget(self._pages[key])

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
        self.nav.show_part("fund", detail.keeps_fund)
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
            days = (deadline - today()).days
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
        current = self.pages.currentWidget()
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
        self.nav.set_titles(self._titles())
        self._fill_header()

    @staticmethod
    def _titles() -> dict[str, str]:
        return {
            "overview": _("&Overview"), "parties": _("&Parties and consent"), "assignment": _("&Mediators"),
            "meetings": _("&Sessions"), "agreement": _("&Agreement"), "oral": _("Oral agreement"),
            "termination": _("&Ending mediation"),
            "referrals": _("Referral slips"), "risk": _("Risk"), "documents": _("Documents"),
            "evidence": _("Investigations and evidence"), "followup": _("Performance and follow-up"),
            "confirmation": _("Judicial confirmation"), "fund": _("Fund (先行赔付)"),
            "level": _("Level (层级)"),
        }

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # larger or smaller text: the list keeps every entry whole
            self.nav.set_titles(self._titles())


def _build_part(key: str, ctx: CaseContext, drafts: DraftStore) -> WorkspaceTab:
    """The page of one part of a case (imported when first needed)."""
    if key == "overview":
        from mediation_app.ui.workspace.overview_tab import OverviewTab
        return OverviewTab(ctx)
    if key == "parties":
        from mediation_app.ui.workspace.parties_tab import PartiesTab
        return PartiesTab(ctx)
    if key == "assignment":
        from mediation_app.ui.workspace.assignment_tab import AssignmentTab
        return AssignmentTab(ctx)
    if key == "meetings":
        from mediation_app.ui.workspace.meetings_tab import MeetingsTab
        return MeetingsTab(ctx)
    if key == "evidence":
        from mediation_app.ui.workspace.evidence_tab import EvidenceTab
        return EvidenceTab(ctx)
    if key == "agreement":
        from mediation_app.ui.workspace.agreement_tab import AgreementTab
        return AgreementTab(ctx, drafts)
    if key in ("oral", "termination"):
        from mediation_app.ui.workspace.outcome_tabs import OralAgreementTab, TerminationTab
        return OralAgreementTab(ctx) if key == "oral" else TerminationTab(ctx)
    if key == "followup":
        from mediation_app.ui.workspace.followup_tab import FollowUpTab
        return FollowUpTab(ctx)
    if key == "confirmation":
        from mediation_app.ui.workspace.confirmation_tab import ConfirmationTab
        return ConfirmationTab(ctx)
    if key == "referrals":
        from mediation_app.ui.workspace.referral_tab import ReferralTab
        return ReferralTab(ctx)
    if key == "level":
        from mediation_app.ui.workspace.level_tab import LevelTab
        return LevelTab(ctx)
    if key == "risk":
        from mediation_app.ui.workspace.risk_tab import RiskTab
        return RiskTab(ctx)
    if key == "fund":
        from mediation_app.ui.workspace.fund_tab import FundTab
        return FundTab(ctx)
    if key == "documents":
        from mediation_app.ui.workspace.documents_tab import DocumentsTab
        return DocumentsTab(ctx)
    raise KeyError(key)
