"""用户账号: who may sign in. The administrator adds accounts (optionally linked to a mediator),
gives each one or more roles, resets passwords and deactivates accounts; heads and audit
administrators may look. What each role may do is the matrix in domain/permissions.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import Role
from mediation_app.domain.permissions import Perm, combination_problem, denial
from mediation_app.i18n import N_, _, pgettext
from mediation_app.ui.admin_base import AdminPage, LabelledForm, PasswordDialog, password_field, status_text
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import KeyedComboBox, allow, mark_invalid, role_label, set_primary
from mediation_app.ui.workspace.base import table_view

ROLE_HINTS = {
    Role.MEDIATOR: N_("reads the committee's cases, changes the cases assigned to them"),
    Role.HEAD: N_("changes any case of the committee, voids, archives, decides recusals"),
    Role.ADMIN: N_("accounts, settings and backups; no case content without a case role"),
    Role.AUDITOR: N_("reads the audit log only; holds no other role"),
    Role.WINDOW: N_("registers disputes at the centre's window and routes them; changes no case"),
}


def roles_text(user: Any) -> str:
    return pgettext("list separator", ", ").join(Role(r).label() for r in (user.roles or (user.role,)))


class RoleChecks(QWidget):
    """One check box per role (an account may hold several)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.boxes = {r: QCheckBox() for r in Role}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in self.boxes.values():
            layout.addWidget(box)
        self.boxes[Role.MEDIATOR].setChecked(True)

    def roles(self) -> list[Role]:
        return [r for r, box in self.boxes.items() if box.isChecked()]

    def set_roles(self, roles: Any) -> None:
        for r, box in self.boxes.items():
            box.setChecked(r.value in {Role(x).value for x in roles})

    def retranslate(self) -> None:
        for r, box in self.boxes.items():
            box.setText(r.label())
            box.setToolTip(_(ROLE_HINTS[r]))


class RolesDialog(QDialog):
    """Change the roles of one account (never one's own)."""

    def __init__(self, user: Any, submit: Any, parent=None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle(_("Roles of {name}").format(name=user.username))
        self.checks = RoleChecks()
        self.checks.retranslate()
        self.checks.set_roles(user.roles or (user.role,))
        self.message = role_label("", "reason")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.checks)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _on_ok(self) -> None:
        problem = combination_problem(self.checks.roles())
        if problem:
            self.message.setText(problem)
            return
        self._submit(self.checks.roles())
        self.accept()


class UsersPage(AdminPage):
    kinds = frozenset({ChangeKind.USER, ChangeKind.MEDIATOR})

    def __init__(self, services: Any, actor: Any, runner, events, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        self._mediator_names: dict[Any, str] = {}
        self.model = RecordTableModel((
            Column(N_("Sign-in name"), lambda u: u.username),
            Column(N_("Display name"), lambda u: u.display_name),
            Column(N_("Roles"), roles_text),
            Column(N_("Linked mediator"), lambda u: self._mediator_names.get(u.mediator_id, "")),
            Column(N_("Status"), lambda u: status_text(u.active)),
        ), self)
        self.table = table_view(self.model, stretch=3)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self._reset_password)
        self.active_button = QPushButton()
        self.active_button.clicked.connect(self._toggle_active)
        self.roles_button = QPushButton()
        self.roles_button.clicked.connect(self._change_roles)
        self.committees_button = QPushButton()
        self.committees_button.clicked.connect(self._committees)
        self.row_reason = role_label("", "reason")
        self.row_reason.hide()

        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.user_role = RoleChecks()
        self.mediator = KeyedComboBox()
        self.mediator.currentIndexChanged.connect(self._on_mediator_chosen)
        self.password = password_field()
        self.password2 = password_field()
        left, right = LabelledForm(), LabelledForm()
        left.row(lambda: _("Sign-in name"), self.username)
        left.row(lambda: _("Display name"), self.display_name)
        left.row(lambda: _("Roles"), self.user_role)
        right.row(lambda: _("Linked mediator"), self.mediator)
        right.row(lambda: _("Initial password"), self.password)
        right.row(lambda: _("Password again"), self.password2)
        self.forms = (left, right)
        self.create_button = set_primary(QPushButton())
        self.create_button.clicked.connect(self.create_user)
        self.form_message = role_label("", "muted")

        self.form_box = QGroupBox()
        cols = QHBoxLayout()
        cols.addLayout(left, 1)
        cols.addSpacing(24)
        cols.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_message, 1)
        buttons.addWidget(self.create_button)
        box = QVBoxLayout(self.form_box)
        box.addLayout(cols)
        box.addLayout(buttons)

        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.row_reason, 1)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.roles_button)
        row_buttons.addWidget(self.committees_button)
        row_buttons.addWidget(self.reset_button)
        row_buttons.addWidget(self.active_button)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.form_box)
        self.fields = {"username": self.username, "display_name": self.display_name, "password": self.password,
                       "mediator_id": self.mediator, "role": self.user_role}
        self._editors = (self.username, self.display_name, self.user_role, self.mediator, self.password,
                         self.password2, self.create_button)
        self.retranslate()
        self.reload()

    # -- permissions -------------------------------------------------------------------------------
    def page_blocked(self) -> str:
        if self._actor.may(Perm.VIEW_USERS):
            return ""
        return _("User accounts are kept by the administrator; your role ({role}) may not see them. "
                 "To change your own password use Administration ▸ Change my password.").format(
                     role=self._actor.roles_label())

    def edit_blocked(self) -> str:
        if self._actor.may(Perm.MANAGE_USERS) or self.page_blocked():
            return ""
        return denial(self._actor.roles, Perm.MANAGE_USERS)

    # -- data --------------------------------------------------------------------------------------
    def reload(self) -> None:
        if self.page_blocked():
            return
        svc, actor = self._svc.accounts, self._actor
        self.read(lambda: (svc.mediators(actor, active_only=False), svc.list_users(actor)), self._show)

    def _show(self, data: tuple[list[Any], list[Any]]) -> None:
        mediators, users = data
        self._mediator_names = {m.id: m.name for m in mediators}
        self.mediator.replace_items([(None, _("— not a mediator —"))]
                                    + [(m.id, m.name) for m in mediators if m.active])
        selected = self.selected()
        self.model.set_rows(users)
        for row, u in enumerate(users):
            if selected is not None and u.id == selected.id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> Any:
        row = self.table.selectionModel().currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def _on_mediator_chosen(self, _index: int) -> None:
        key = self.mediator.key()
        if key is not None and not self.display_name.text().strip():
            self.display_name.setText(self._mediator_names.get(key, ""))

    # -- actions -----------------------------------------------------------------------------------
    def create_user(self) -> None:
        for w in self.fields.values():
            mark_invalid(w, False)
        mark_invalid(self.password2, False)
        if self.password.text() != self.password2.text():
            mark_invalid(self.password2, True)
            self.message.show_issues([_("The two passwords are not the same.")])
            self.password2.setFocus()
            return
        svc, actor = self._svc.accounts, self._actor
        values = dict(username=self.username.text().strip(), password=self.password.text(),
                      display_name=self.display_name.text().strip(), mediator_id=self.mediator.key())
        roles = self.user_role.roles()
        problem = combination_problem(roles)
        if problem:
            self.message.show_issues([problem])
            return
        values.update(role=roles[0], roles=roles)
        self.write(lambda: svc.create_user(actor, **values), self._created, fields=self.fields)

    def _created(self, _changes: Any) -> None:
        name = self.username.text().strip()
        for w in (self.username, self.display_name, self.password, self.password2):
            w.clear()
        self.mediator.setCurrentIndex(0)
        self.form_message.setText(_("Account {name} created. Tell the user the initial password in person.")
                                  .format(name=name))

    def _reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        svc, actor = self._svc.accounts, self._actor
        dialog = PasswordDialog(self._runner, self._events,
                                lambda _old, new: svc.reset_password(actor, user.id, new),
                                username=user.username, parent=self)
        dialog.open()
        self.password_dialog = dialog  # tests reach it here

    def _change_roles(self) -> None:
        user = self.selected()
        if user is None:
            return
        svc, actor = self._svc.accounts, self._actor
        dialog = RolesDialog(user, lambda roles: self.write(lambda: svc.set_roles(actor, user.id, roles)), self)
        dialog.open()
        self.roles_dialog = dialog  # tests reach it here

    def _committees(self) -> None:
        user = self.selected()
        if user is None:
            return
        from mediation_app.ui.admin_memberships import MembershipsDialog

        dialog = MembershipsDialog(self._svc, self._actor, self._runner, self._events, user, self)
        dialog.open()
        self.memberships_dialog = dialog  # tests reach it here

    def _toggle_active(self) -> None:
        user = self.selected()
        if user is not None:
            svc, actor = self._svc.accounts, self._actor
            self.write(lambda: svc.set_user_active(actor, user.id, not user.active))

    def _update_buttons(self) -> None:
        user = self.selected()
        self.active_button.setText(_("&Reactivate") if user is not None and not user.active else _("&Deactivate"))
        edit = self.edit_blocked()
        if edit:
            reset_reasons = [edit]
        else:
            reset_reasons = [_("Choose an account in the table first.")] if user is None else []
        own = user is not None and user.id == self._actor.user_id and user.active
        active_reasons = reset_reasons or ([_("You cannot deactivate your own account.")] if own else [])
        allow(self.reset_button, reset_reasons)
        own_roles = [_("No one may change the roles of their own account; ask another administrator.")] if (
            user is not None and user.id == self._actor.user_id) else []
        allow(self.roles_button, reset_reasons or own_roles)
        allow(self.committees_button, [_("Choose an account in the table first.")] if user is None else [])
        allow(self.active_button, active_reasons)
        # The role's reason is in the banner already; beside the buttons only what is about the row.
        about_row = [] if edit or user is None else active_reasons
        self.row_reason.setText("\n".join(about_row))
        self.row_reason.setVisible(bool(about_row))

    def retranslate(self) -> None:
        self.user_role.retranslate()
        self.roles_button.setText(_("R&oles…"))
        self.committees_button.setText(_("Co&mmittees…"))
        if self.mediator.count():
            self.mediator.setItemText(0, _("— not a mediator —"))
        self.username.setPlaceholderText(_("letters and digits, e.g. wangli"))
        self.password.setPlaceholderText(_("at least 10 characters, letters and digits"))
        self.form_box.setTitle(_("New account"))
        self.create_button.setText(_("&Create account"))
        self.reset_button.setText(_("Reset &password…"))
        for form in self.forms:
            form.retranslate()
        self.model.retranslate()
        self.apply_permissions(self._editors)
        self._update_buttons()
