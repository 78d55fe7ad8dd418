"""The committees of one account (Administration ▸ Users ▸ Committees…): each committee it belongs
to with its roles there; the administrator adds, changes or removes a membership through the same
service as the command line's `member`. An account always keeps its home committee."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QVBoxLayout

from mediation_app.domain.enums import Role
from mediation_app.domain.permissions import Perm, combination_problem, denial
from mediation_app.i18n import N_, _, pgettext
from mediation_app.ui.admin_base import LabelledForm
from mediation_app.ui.admin_users import RoleChecks
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import KeyedComboBox, allow, error_text, role_label, set_primary
from mediation_app.ui.widgets.screen_fit import fit_to_screen
from mediation_app.ui.workspace.base import table_view


def _roles_text(values: Any) -> str:
    return pgettext("list separator", ", ").join(Role(v).label() for v in values)


class MembershipsDialog(QDialog):
    """List and change the committees of one account (never one's own)."""

    def __init__(self, services: Any, actor: Any, runner: Any, events: Any, user: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events, self._user = services, actor, runner, events, user
        self._rows: list[Any] = []
        self.setWindowTitle(_("Committees of {name}").format(name=user.username))
        self.model = RecordTableModel((
            Column(N_("Committee"), lambda m: m[1] + ("" if not m[3] else _(" (home)"))),
            Column(N_("Roles"), lambda m: _roles_text(m[2])),
        ), self)
        self.table = table_view(self.model, stretch=1)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._on_row())
        self.committee = KeyedComboBox()
        self.committee.currentIndexChanged.connect(lambda _i: self._on_committee())
        self.checks = RoleChecks()
        self.checks.retranslate()
        form = LabelledForm()
        form.row(lambda: _("Committee"), self.committee)
        form.row(lambda: _("Roles"), self.checks)
        form.retranslate()
        self.save_button = set_primary(QPushButton(_("&Save membership")))
        self.save_button.clicked.connect(self.save)
        self.remove_button = QPushButton(_("&Remove from committee"))
        self.remove_button.clicked.connect(self.remove)
        self.message = role_label("", "reason")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)
        fit_to_screen(self, 560, 520)
        blocked = self._blocked()
        for w in (self.committee, self.checks):
            w.setEnabled(not blocked)
        for b in (self.save_button, self.remove_button):
            allow(b, [blocked] if blocked else [])
        if blocked:
            self.message.setText(blocked)
        self.reload()

    def _blocked(self) -> str:
        if not self._actor.may(Perm.MANAGE_COMMITTEES):
            return denial(self._actor.roles, Perm.MANAGE_COMMITTEES)
        if self._user.id == self._actor.user_id:
            return _("No one may change the roles of their own account; ask another administrator.")
        return ""

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        svc, actor, uid = self._svc, self._actor, self._user.id
        load_committees = self._actor.may(Perm.MANAGE_COMMITTEES)
        self._runner.run(lambda: (svc.accounts.memberships_of(actor, uid),
                                  svc.committees.list(actor, include_retired=False) if load_committees else []),
                         self._show, self._failed)

    def _show(self, data: tuple[list[Any], list[Any]]) -> None:
        rows, committees = data
        key = self.committee.key()
        self._rows = list(rows)
        self.model.set_rows(rows)
        if committees:
            self.committee.replace_items([(c.id, c.short_name) for c in committees])
            if key is not None:
                self.committee.set_key(key)
        self._on_committee()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))

    def _current(self) -> Any:
        key = self.committee.key()
        return next((m for m in self._rows if m[0] == key), None) if key is not None else None

    def _on_row(self) -> None:
        row = self.table.selectionModel().currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.committee.set_key(self.model.row_at(row)[0])

    def _on_committee(self) -> None:
        current = self._current()
        self.checks.set_roles(current[2] if current is not None else (Role.MEDIATOR.value,))
        if not self._blocked():
            reasons = ([_("The account is not in this committee.")] if current is None
                       else [_("An account keeps its home committee; change its roles there.")] if current[3] else [])
            allow(self.remove_button, reasons)

    # -- actions ---------------------------------------------------------------------------------
    def save(self) -> None:
        roles = self.checks.roles()
        problem = combination_problem(roles) if roles else _("Choose at least one role.")
        if problem:
            self.message.setText(problem)
            return
        self._submit(roles)

    def remove(self) -> None:
        self._submit([])

    def _submit(self, roles: list[Role]) -> None:
        key = self.committee.key()
        if key is None:
            return
        svc, actor, uid = self._svc.accounts, self._actor, self._user.id
        self._runner.run(lambda: svc.set_membership(actor, uid, key, roles), self._done, self._failed, write=True)

    def _done(self, changes: Any) -> None:
        self.message.setText(_("Saved."))
        self._events.changed(changes)
        self.reload()
