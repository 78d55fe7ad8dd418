"""管理: one dialog for the committee's administration, with a page each for the mediator roster,
user accounts, the committee's own details and the configurable lists; and the dialog every user
has to change their own password.

Each page decides from the actor's role what it allows and says why where it does not.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from mediation_app.i18n import N_, _
from mediation_app.ui.admin_backups import BackupsPage
from mediation_app.ui.admin_base import AdminPage, PasswordDialog
from mediation_app.ui.admin_committee import CommitteePage
from mediation_app.ui.admin_committees import CommitteesPage
from mediation_app.ui.admin_ladder import LadderPage
from mediation_app.ui.admin_lists import ListsPage
from mediation_app.ui.admin_mediators import MediatorsPage
from mediation_app.ui.admin_users import UsersPage
from mediation_app.ui.events import AppEvents
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import ButtonBox
from mediation_app.ui.widgets.screen_fit import fit_to_screen

PAGES: tuple[tuple[str, type[AdminPage], str], ...] = (
    ("mediators", MediatorsPage, N_("Mediators")),
    ("users", UsersPage, N_("User accounts")),
    ("committee", CommitteePage, N_("This committee")),
    ("committees", CommitteesPage, N_("Committees of the centre")),
    ("lists", ListsPage, N_("Lists")),
    ("ladder", LadderPage, N_("Ladder of levels")),
    ("backups", BackupsPage, N_("Backups")),
)


class AdministrationDialog(Retranslating, QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, page: str = "mediators",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_screen(self, 1040, 700)
        self.tabs = QTabWidget()
        self.pages: dict[str, AdminPage] = {}
        for key, cls, _title in PAGES:
            widget = cls(services, actor, runner, events)
            widget.setObjectName(f"admin_{key}")
            self.pages[key] = widget
            self.tabs.addTab(widget, "")
        self.buttons = ButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.show_page(page)

    def show_page(self, key: str) -> AdminPage:
        page = self.pages[key]
        self.tabs.setCurrentWidget(page)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(_("Administration"))
        for i, (key, _cls, title) in enumerate(PAGES):
            self.tabs.setTabText(i, _(title))
            page = self.pages[key]
            self.tabs.setTabToolTip(i, page.page_blocked() or page.edit_blocked())
        self.buttons.name(QDialogButtonBox.StandardButton.Close, _("Close"))


class ChangePasswordDialog(PasswordDialog):
    """Every user, whatever the role, may change their own password."""

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents,
                 parent: QWidget | None = None) -> None:
        accounts = services.accounts
        super().__init__(runner, events, lambda old, new: accounts.change_password(actor, old, new), parent=parent)
