"""The main window: today view, case list, open case workspaces as tabs, menus with shortcuts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QToolBar, QWidget

from mediation_app.i18n import LANGUAGES, _, pgettext
from mediation_app.ui.case_list import CaseListView
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.events import AppEvents
from mediation_app.ui.first_run import LANGUAGE_NAMES
from mediation_app.ui.language import Retranslating
from mediation_app.ui.read_only import ReadOnlyLock
from mediation_app.ui.settings import FONT_SCALES, AppSettings
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.screen_fit import fit_to_screen, shrink_to_screen
from mediation_app.ui.widgets.view_tabs import ViewTabs


class MainWindow(Retranslating, QMainWindow):
    """Signals:
    language_requested(str), look_requested(float, bool): handled by the application object.
    """

    language_requested = Signal(str)
    look_requested = Signal(float, bool)
    write_waiting = Signal(object)  # holder of the write turn ("" unknown), None when our save goes ahead

    EDITING_ACTIONS = ("new_case", "quick_entry", "save", "print_day", "admin_mediators", "admin_users",
                       "admin_committee", "admin_committees", "admin_lists", "change_password")

    def __init__(
        self,
        services: Any,
        actor: Any,
        runner: TaskRunner,
        events: AppEvents,
        settings: AppSettings,
        drafts: DraftStore,
        committee_name: str = "",
        parent: QWidget | None = None,
        read_only_reason: str = "",
        early_today: Any = None,
    ) -> None:
        super().__init__(parent)
        self.read_only_reason = read_only_reason
        # Every view opened below has its editing controls kept off while the database is read-only.
        self.read_only_lock = ReadOnlyLock(read_only_reason, self) if read_only_reason else None
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self._settings, self._drafts = settings, drafts
        self._committee_name = committee_name
        fit_to_screen(self, 1366, 860)  # at most the screen's available area
        self.tabs = ViewTabs()  # Today and the case list in a bar of their own; opened views beside them
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.setCentralWidget(self.tabs)

        from mediation_app.ui.today import TodayView

        self.today = TodayView(services, actor, runner, events, early=early_today)
        self.today.case_activated.connect(self.open_case)
        self.today.show_overdue.connect(self._show_overdue)
        self.case_list = CaseListView(services, actor, runner, events)
        self.case_list.case_activated.connect(self.open_case)
        self.tabs.add_fixed(self.today, scrolls=True)  # the two fixed views cannot be closed
        self.tabs.add_fixed(self.case_list)
        self._workspaces: dict[Any, QWidget] = {}
        self._extra_tabs: dict[str, QWidget] = {}
        events.case_opened.connect(self.open_case)

        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.saving_label = QLabel()
        self.saving_label.setObjectName("saving_state")
        self.saving_label.hide()
        self.statusBar().addWidget(self.saving_label)
        self.write_waiting.connect(self._show_write_wait)
        if hasattr(services, "set_write_listener"):
            services.set_write_listener(self.write_waiting.emit)
        self._build_actions()
        self.banner: QLabel | None = None
        if read_only_reason:
            self._show_read_only(read_only_reason)
        self.retranslate()
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
            shrink_to_screen(self)  # saved on a larger screen, or at a larger text size
        self.tabs.setCurrentWidget(self.today)

    # -- actions -----------------------------------------------------------------------------------
    def _action(self, key: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None) -> QAction:
        act = QAction(self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _checked=False: slot())
        self.actions_by_key[key] = act
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.actions_by_key: dict[str, QAction] = {}
        K = QKeySequence.StandardKey
        a = self._action
        a("new_case", self.new_case, K.New)
        a("quick_entry", self.quick_entry, "Ctrl+Shift+N")
        a("find", self.find, K.Find)
        a("refresh", self.refresh, K.Refresh)
        a("close_tab", lambda: self.close_tab(self.tabs.currentIndex()), K.Close)
        a("quit", self.close, "Ctrl+Q")
        a("today", lambda: self.tabs.setCurrentWidget(self.today), "Ctrl+1")
        a("cases", lambda: self.tabs.setCurrentWidget(self.case_list), "Ctrl+2")
        a("ledger", self.open_ledger, "Ctrl+3")
        a("window_desk", self.open_window_desk, "Ctrl+4")
        a("board", self.open_board, "Ctrl+5")
        a("statistics", self.open_statistics, "Ctrl+6")
        a("merchants", self.open_merchants, "Ctrl+7")
        a("next_tab", lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count()), K.NextChild)
        a("prev_tab", lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count()), K.PreviousChild)
        a("bigger", lambda: self._step_font(+1), K.ZoomIn)
        a("smaller", lambda: self._step_font(-1), K.ZoomOut)
        contrast = a("contrast", self._toggle_contrast, "Ctrl+Shift+H")
        contrast.setCheckable(True)
        contrast.setChecked(self._settings.high_contrast)
        a("shortcuts", self.show_shortcuts, K.HelpContents)
        a("save", self.save_current, K.Save)
        a("print_day", self.print_day_agreements, "Ctrl+Shift+P")
        a("verify_agreement", self.verify_agreement)
        a("import_ledger", self.import_ledger)
        for page in ("mediators", "users", "committee", "committees", "lists", "backups"):
            a(f"admin_{page}", lambda p=page: self.open_administration(p))
        a("change_password", self.change_password)
        a("audit_log", self.open_audit_log)
        a("handover", self.open_handover)
        a("warning_words", self.open_warning_words)

        menu = self.menuBar()
        self.case_menu = menu.addMenu("")
        for key in ("new_case", "quick_entry", None, "find", "refresh", None, "save", "close_tab", None,
                    "print_day", "verify_agreement", None, "import_ledger", None, "quit"):
            self.case_menu.addSeparator() if key is None else self.case_menu.addAction(self.actions_by_key[key])
        self.view_menu = menu.addMenu("")
        for key in ("today", "cases", "ledger", "window_desk", "board", "statistics", "merchants", None, "next_tab", "prev_tab", None, "bigger", "smaller", "contrast"):
            self.view_menu.addSeparator() if key is None else self.view_menu.addAction(self.actions_by_key[key])
        self.language_menu = menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code in LANGUAGES:
            act = QAction(LANGUAGE_NAMES[code], self, checkable=True)
            act.setChecked(code == self._settings.language)
            act.triggered.connect(lambda _c=False, c=code: self.language_requested.emit(c))
            group.addAction(act)
            self.language_menu.addAction(act)
            self.language_actions[code] = act
        self.admin_menu = menu.addMenu("")
        for key in ("admin_mediators", "admin_users", "admin_committee", "admin_committees", "admin_lists",
                    "warning_words", "admin_backups", None, "handover", None,
                    "audit_log", None, "change_password"):
            self.admin_menu.addSeparator() if key is None else self.admin_menu.addAction(self.actions_by_key[key])
        self.help_menu = menu.addMenu("")
        self.help_menu.addAction(self.actions_by_key["shortcuts"])

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for key in ("new_case", "quick_entry", "find", "today", "cases", "ledger", "board", "statistics"):
            self.toolbar.addAction(self.actions_by_key[key])
        self.addToolBar(self.toolbar)

    # -- commands ------------------------------------------------------------------------------------
    def new_case(self) -> None:
        from mediation_app.ui.intake import IntakeWizard

        wizard = IntakeWizard(self._svc, self._actor, self._runner, self._events, self._drafts, parent=self)
        wizard.case_created.connect(self.open_case)
        wizard.open()

    def quick_entry(self) -> None:
        from mediation_app.ui.quick_entry import QuickEntryDialog

        dialog = QuickEntryDialog(self._svc, self._actor, self._runner, self._events, self._drafts, parent=self)
        dialog.case_created.connect(self.open_case)
        dialog.open()

    def find(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.focus_search()

    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()

    def save_current(self) -> None:
        current = self.tabs.currentWidget()
        if hasattr(current, "save"):
            current.save()

    def _show_overdue(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.show_overdue()

    def open_case(self, case_id: Any) -> None:
        if case_id is None:
            return
        existing = self._workspaces.get(case_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            return
        from mediation_app.ui.workspace.case_workspace import CaseWorkspace

        ws = CaseWorkspace(self._svc, self._actor, case_id, self._runner, self._events, self._drafts)
        self._runner.run(lambda: self._svc.audit_log.record_view(self._actor, case_id), None, lambda _exc: None,
                         write=True)  # every case opened is in the audit log
        ws.title_changed.connect(lambda title, w=ws: self._set_tab_title(w, title))
        self._workspaces[case_id] = ws
        self._lock(ws)
        index = self.tabs.addTab(ws, ws.tab_title())
        self.tabs.setCurrentIndex(index)

    def print_day_agreements(self) -> None:
        from mediation_app.ui.day_agreements import DayAgreementsDialog

        DayAgreementsDialog(self._svc, self._actor, self._runner, self._events, parent=self).open()

    def verify_agreement(self) -> None:
        from mediation_app.ui.day_agreements import VerifyAgreementDialog

        VerifyAgreementDialog(self._svc, self._actor, self._runner, parent=self).open()

    def open_administration(self, page: str = "mediators") -> None:
        from mediation_app.ui.administration import AdministrationDialog

        self._lock(AdministrationDialog(self._svc, self._actor, self._runner, self._events, page=page,
                                        parent=self)).open()

    def open_warning_words(self) -> None:
        from mediation_app.ui.warnings import WordListDialog

        self._lock(WordListDialog(self._svc, self._actor, self)).open()

    def open_audit_log(self) -> None:
        from mediation_app.ui.audit_log import AuditLogWindow

        AuditLogWindow(self._svc, self._actor, self._runner, parent=self).open()

    def open_handover(self) -> None:
        from mediation_app.ui.handover import HandoverDialog

        HandoverDialog(self._svc, self._actor, self._runner, self._events, parent=self).open()

    def change_password(self) -> None:
        from mediation_app.ui.administration import ChangePasswordDialog

        ChangePasswordDialog(self._svc, self._actor, self._runner, self._events, parent=self).open()

    def import_ledger(self) -> None:
        from mediation_app.ui.ledger_import import LedgerImportDialog

        LedgerImportDialog(self._svc, self._actor, self._runner, self._events, parent=self).open()

    def open_ledger(self) -> None:
        widget = self._extra_tabs.get("ledger")
        if widget is None:
            from mediation_app.ui.ledger import LedgerView

            widget = LedgerView(self._svc, self._actor, self._runner, self._events)
            widget.case_activated.connect(self.open_case)
            self._extra_tabs["ledger"] = self._lock(widget)
            self.tabs.addTab(widget, _("Screening ledger"))
        self.tabs.setCurrentWidget(widget)

    def open_window_desk(self) -> None:
        """The centre's window: disputes registered once and waiting to be routed."""
        widget = self._extra_tabs.get("window")
        if widget is None:
            from mediation_app.ui.window_desk import WindowDeskView

            widget = WindowDeskView(self._svc, self._actor, self._runner, self._events, self._drafts)
            widget.case_activated.connect(self.open_case)
            self._extra_tabs["window"] = self._lock(widget)
            self.tabs.addTab(widget, _("Centre window"))
        self.tabs.setCurrentWidget(widget)

    def _extra_tab(self, key: str, make: Callable[[], QWidget], title: str) -> QWidget:
        widget = self._extra_tabs.get(key)
        if widget is None:
            widget = make()
            self._extra_tabs[key] = widget
            self.tabs.addTab(widget, title)
        self.tabs.setCurrentWidget(widget)
        return widget

    def open_board(self) -> None:
        def make() -> QWidget:
            from mediation_app.ui.board import BoardView

            view = BoardView(self._svc, self._actor, self._runner, self._events)
            view.show_cases.connect(self.show_cases)
            view.case_activated.connect(self.open_case)
            return view

        self._extra_tab("board", make, _("Centre board"))

    def open_statistics(self) -> None:
        def make() -> QWidget:
            from mediation_app.ui.statistics import StatisticsView

            view = StatisticsView(self._svc, self._actor, self._runner, self._events)
            view.show_cases.connect(self.show_cases)
            return view

        self._extra_tab("statistics", make, _("Statistics"))

    def open_merchants(self) -> None:
        def make() -> QWidget:
            from mediation_app.ui.merchants import MerchantRegistryView

            view = MerchantRegistryView(self._svc, self._actor, self._runner, self._events)
            view.case_activated.connect(self.open_case)
            return self._lock(view)

        self._extra_tab("merchants", make, _("Merchant registry"))

    def show_cases(self, case_filter: Any, caption: str) -> None:
        """The case list, filtered to exactly the cases behind a board number or a report cell."""
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.show_filter(case_filter, caption)

    def _lock(self, widget: Any) -> Any:
        """``widget`` with its editing controls off when the database is read-only (ui/read_only.py)."""
        if self.read_only_lock is not None:
            self.read_only_lock.watch(widget)
        return widget

    def _set_tab_title(self, widget: QWidget, title: str) -> None:
        index = self.tabs.indexOf(widget)
        if index >= 0:
            self.tabs.setTabText(index, title)
            self.tabs.setTabToolTip(index, title)

    def close_tab(self, index: int) -> bool:
        widget = self.tabs.widget(index)
        if widget is None or widget in (self.today, self.case_list):
            return False
        if hasattr(widget, "confirm_close") and not widget.confirm_close():
            return False
        self.tabs.removeTab(index)
        for store in (self._workspaces, self._extra_tabs):
            for key, w in list(store.items()):
                if w is widget:
                    del store[key]
        widget.deleteLater()
        return True

    def _step_font(self, step: int) -> None:
        scales = list(FONT_SCALES)
        i = scales.index(self._settings.font_scale) + step
        if 0 <= i < len(scales):
            self.look_requested.emit(scales[i], self._settings.high_contrast)

    def _toggle_contrast(self) -> None:
        self.look_requested.emit(self._settings.font_scale, self.actions_by_key["contrast"].isChecked())

    def show_shortcuts(self) -> None:
        rows = []
        for key in ("new_case", "quick_entry", "find", "save", "refresh", "close_tab", "today", "cases", "ledger",
                    "board", "statistics", "next_tab", "bigger", "smaller", "contrast", "quit"):
            act = self.actions_by_key[key]
            rows.append(f"<tr><td style='padding-right:24px'><b>{act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}"
                        f"</b></td><td>{act.text().replace('&', '')}</td></tr>")
        underlined = _("Underlined letter of a button or field")
        rows.append(f"<tr><td style='padding-right:24px'><b>Alt+…</b></td><td>{underlined}</td></tr>")
        box = QMessageBox(self)
        box.setWindowTitle(_("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText("<table>" + "".join(rows) + "</table>")
        box.open()

    # -- read-only and saving state ---------------------------------------------------------------------
    def _show_read_only(self, reason: str) -> None:
        """A banner that stays, and every editing command disabled (the services refuse writes too)."""
        bar = QToolBar()
        bar.setObjectName("read_only_banner")
        bar.setMovable(False)
        self.banner = QLabel(reason)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fff3cd; color: #5c4400; padding: 6px; font-weight: bold; }")
        bar.addWidget(self.banner)
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        for key in self.EDITING_ACTIONS:
            self.actions_by_key[key].setEnabled(False)

    def _show_write_wait(self, holder: object) -> None:
        if holder is None:
            self.saving_label.hide()
            self.saving_label.clear()
            return
        self.saving_label.setText(_("Saving… waiting for {holder} to finish").format(holder=holder) if holder
                                  else _("Saving… waiting for the database"))
        self.saving_label.show()
        self.saving_label.repaint()

    # -- events ----------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for i in range(self.tabs.count() - 1, 1, -1):
            widget = self.tabs.widget(i)
            if hasattr(widget, "confirm_close") and not widget.confirm_close():
                event.ignore()
                return
        self._settings.geometry = self.saveGeometry()
        self._settings.sync()
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Mediation Desk") + (f" — {self._committee_name}" if self._committee_name else ""))
        self.tabs.setTabText(0, _("Today"))
        self.tabs.setTabText(1, _("Case list"))
        texts = {
            "new_case": _("&New case…"), "quick_entry": _("&Quick entry (on the spot)…"), "find": _("&Find case"),
            "refresh": _("&Refresh"), "close_tab": _("&Close tab"), "quit": _("E&xit"), "today": _("&Today"),
            "cases": _("Case &list"), "ledger": _("Screening &ledger"), "window_desk": _("Centre &window"),
            "next_tab": _("Next tab"),
            "board": _("Centre &board"), "statistics": _("S&tatistics"), "merchants": _("&Merchant registry"),
            "prev_tab": _("Previous tab"), "bigger": _("Larger text"), "smaller": _("Smaller text"),
            "contrast": _("&High contrast"), "shortcuts": _("&Keyboard shortcuts"), "save": _("&Save"),
            "print_day": _("&Print today's agreements…"), "verify_agreement": _("&Verify a printed agreement…"),
            "admin_mediators": _("&Mediators…"), "admin_users": _("&User accounts…"),
            "admin_committee": _("This &committee…"), "admin_committees": _("Committees of the ce&ntre…"),
            "admin_lists": _("&Lists…"),
            "change_password": _("Change my &password…"), "admin_backups": _("&Backups and restore…"),
            "audit_log": _("A&udit log…"), "import_ledger": _("&Import a ledger (Excel or CSV)…"),
            "handover": _("&Hand-over with the centre…"), "warning_words": _("Early-&warning words and rules…"),
        }
        for key, text in texts.items():
            act = self.actions_by_key[key]
            act.setText(text)
            sc = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{text.replace('&', '')} ({sc})" if sc else text.replace("&", ""))
        # The tool bar's words are shorter than the menu's (no "(&N)", no "…", "Quick entry"), so that
        # every button fits at large text; what does not fit goes to the bar's "»" menu.
        for act in self.toolbar.actions():
            act.setIconText(re.sub(r"\(&\w\)|&|…$", "", act.text()).strip())
        self.actions_by_key["quick_entry"].setIconText(pgettext("toolbar", "Quick entry"))
        self.case_menu.setTitle(_("&Case"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.admin_menu.setTitle(_("&Administration"))
        self.help_menu.setTitle(_("&Help"))
        self.user_label.setText(
            _("Signed in: {name} ({role})").format(name=self._actor.display_name, role=self._actor.roles_label())
        )
        if self.read_only_reason:
            self.user_label.setText(self.user_label.text() + " — " + _("read-only"))
        if "ledger" in self._extra_tabs:
            self._set_tab_title(self._extra_tabs["ledger"], _("Screening ledger"))
        if "window" in self._extra_tabs:
            self._set_tab_title(self._extra_tabs["window"], _("Centre window"))
        for key, title in (("ledger", _("Screening ledger")), ("board", _("Centre board")),
                           ("statistics", _("Statistics")), ("merchants", _("Merchant registry"))):
            if key in self._extra_tabs:
                self._set_tab_title(self._extra_tabs[key], title)
