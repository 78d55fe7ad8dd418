"""列表: the committee's own lists. Dispute sub-types, each rolled up into one of the official
types for the statistics; refusal reasons and routes, added or taken out of use (never deleted,
so old cases keep their meaning)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from mediation_app.domain.enums import DisputeType, enum_label
from mediation_app.domain.permissions import Perm
from mediation_app.domain.pinyin import name_search_keys
from mediation_app.i18n import N_, _
from mediation_app.ui.admin_base import AdminPage, LabelledForm
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.read_only import reads
from mediation_app.ui.widgets.common import FieldMessage, allow, set_primary
from mediation_app.ui.workspace.base import table_view

SUBTYPE_COLUMNS = (
    Column(N_("Sub-type"), lambda t: t.label),
    Column(N_("Official type"), lambda t: enum_label(t.core_type, DisputeType)),
    Column(N_("Code"), lambda t: t.code),
)
LOOKUP_COLUMNS = (
    Column(N_("Entry"), lambda i: i.label),
    Column(N_("Code"), lambda i: i.code),
)
LISTS = (("refusal_reason", N_("Reasons for refusing a case")), ("route", N_("Other routes for the parties")))


def suggest_code(label: str) -> str:
    """A code from the name's pinyin (摊位押金 -> tanweiyajin); the user may type another."""
    key = (name_search_keys(label).split() or [""])[0]
    return re.sub(r"[^a-z0-9_]", "", key.lower())[:40]


class CodeField(QLineEdit):
    """Follows the name's suggestion until the user types a code of their own."""

    def __init__(self, name: QLineEdit) -> None:
        super().__init__()
        self._own = False
        self.textEdited.connect(lambda text: setattr(self, "_own", bool(text)))
        name.textChanged.connect(lambda text: None if self._own else self.setText(suggest_code(text)))

    def reset(self) -> None:
        self._own = False
        self.clear()


class ListsPage(AdminPage):
    kinds = frozenset({ChangeKind.REFERENCE})

    def __init__(self, services: Any, actor: Any, runner, events, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        # sub-types
        self.subtypes = RecordTableModel(SUBTYPE_COLUMNS, self)
        self.subtype_table = table_view(self.subtypes, stretch=0)
        self.st_label = QLineEdit()
        self.st_core = QComboBox()
        for t in DisputeType:
            self.st_core.addItem("", t.value)
        self.st_code = CodeField(self.st_label)
        self.st_description = QLineEdit()
        self.st_form = LabelledForm()
        self.st_form.row(lambda: _("Sub-type name"), self.st_label)
        self.st_form.row(lambda: _("Official type"), self.st_core)
        self.st_form.row(lambda: _("Code"), self.st_code)
        self.st_form.row(lambda: _("Description"), self.st_description)
        self.st_add = set_primary(QPushButton())
        self.st_add.clicked.connect(self.add_subtype)
        self.st_off = QPushButton()
        self.st_off.clicked.connect(self.deactivate_subtype)
        self.subtype_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.st_message = FieldMessage()
        self.subtype_box = QGroupBox()
        sl = QVBoxLayout(self.subtype_box)
        sl.addWidget(self.subtype_table, 1)
        sl.addLayout(self.st_form)
        sl.addWidget(self.st_message)
        sb = QHBoxLayout()
        sb.addWidget(self.st_off)
        sb.addStretch(1)
        sb.addWidget(self.st_add)
        sl.addLayout(sb)

        # refusal reasons and routes
        self.list_kind = reads(QComboBox())
        for kind, _msgid in LISTS:
            self.list_kind.addItem("", kind)
        self.list_kind.currentIndexChanged.connect(lambda _i: self._load_lookups())
        self.lookups = RecordTableModel(LOOKUP_COLUMNS, self)
        self.lookup_table = table_view(self.lookups, stretch=0)
        self.lookup_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.lk_label = QLineEdit()
        self.lk_code = CodeField(self.lk_label)
        self.lk_form = LabelledForm()
        self.lk_form.row(lambda: _("Entry"), self.lk_label)
        self.lk_form.row(lambda: _("Code"), self.lk_code)
        self.lk_add = set_primary(QPushButton())
        self.lk_add.clicked.connect(self.add_lookup)
        self.lk_off = QPushButton()
        self.lk_off.clicked.connect(self.deactivate_lookup)
        self.lk_message = FieldMessage()
        self.lookup_box = QGroupBox()
        ll = QVBoxLayout(self.lookup_box)
        self.kind_form = LabelledForm()
        self.kind_form.row(lambda: _("List"), self.list_kind)
        ll.addLayout(self.kind_form)
        ll.addWidget(self.lookup_table, 1)
        ll.addLayout(self.lk_form)
        ll.addWidget(self.lk_message)
        lb = QHBoxLayout()
        lb.addWidget(self.lk_off)
        lb.addStretch(1)
        lb.addWidget(self.lk_add)
        ll.addLayout(lb)

        layout = QHBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.subtype_box, 1)
        layout.addWidget(self.lookup_box, 1)
        self._editors = (self.st_label, self.st_core, self.st_code, self.st_description, self.st_add, self.st_off,
                         self.lk_label, self.lk_code, self.lk_add, self.lk_off)
        self.retranslate()
        self.reload()

    def edit_blocked(self) -> str:
        if self._actor.may(Perm.MANAGE_LISTS):
            return ""
        return _("Only the committee head or an administrator may change the lists; "
                 "you are signed in as {role}.").format(role=self._actor.roles_label())

    # -- data --------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.read(self._svc.reference.subtypes, self.subtypes.set_rows)
        self._load_lookups()

    def _load_lookups(self) -> None:
        kind = self.list_kind.currentData()

        def show(items: list[Any]) -> None:
            self.lookups.set_rows(items)
            self._update_buttons()

        self.read(lambda: self._svc.reference.lookups(kind), show)

    def selected_lookup(self) -> Any:
        row = self.lookup_table.selectionModel().currentIndex().row()
        return self.lookups.row_at(row) if 0 <= row < self.lookups.rowCount() else None

    # -- actions -----------------------------------------------------------------------------------
    def add_subtype(self) -> None:
        svc, actor = self._svc.reference_admin, self._actor
        code, label = self.st_code.text().strip(), self.st_label.text().strip()
        core, description = DisputeType(self.st_core.currentData()), self.st_description.text().strip()

        def added(_changes: Any) -> None:
            self.st_label.clear()
            self.st_code.reset()
            self.st_description.clear()

        self.write(lambda: svc.add_subtype(actor, code, label, core, description), added, message=self.st_message,
                   fields={"code": self.st_code, "label": self.st_label})

    def add_lookup(self) -> None:
        svc, actor = self._svc.reference_admin, self._actor
        kind, code, label = self.list_kind.currentData(), self.lk_code.text().strip(), self.lk_label.text().strip()

        def added(_changes: Any) -> None:
            self.lk_label.clear()
            self.lk_code.reset()

        self.write(lambda: svc.add_lookup(actor, kind, code, label), added, message=self.lk_message,
                   fields={"code": self.lk_code, "label": self.lk_label})

    def deactivate_lookup(self) -> None:
        item = self.selected_lookup()
        if item is not None:
            svc, actor, kind = self._svc.reference_admin, self._actor, self.list_kind.currentData()
            self.write(lambda: svc.deactivate_lookup(actor, kind, item.code), message=self.lk_message)

    def deactivate_subtype(self) -> None:
        row = self.subtype_table.selectionModel().currentIndex().row()
        item = self.subtypes.row_at(row) if 0 <= row < self.subtypes.rowCount() else None
        if item is not None:
            svc, actor = self._svc.reference_admin, self._actor
            self.write(lambda: svc.deactivate_subtype(actor, item.code), message=self.st_message)

    def _update_buttons(self) -> None:
        edit = self.edit_blocked()
        choose = [_("Choose an entry in the table first.")]
        if edit:
            allow(self.lk_off, [edit])
            allow(self.st_off, [edit])
        else:
            allow(self.lk_off, [] if self.selected_lookup() else choose)
            has_subtype = self.subtype_table.selectionModel().currentIndex().row() >= 0
            allow(self.st_off, [] if has_subtype else choose)

    def retranslate(self) -> None:
        for i in range(self.st_core.count()):
            self.st_core.setItemText(i, DisputeType(self.st_core.itemData(i)).label())
        for i, (_kind, msgid) in enumerate(LISTS):
            self.list_kind.setItemText(i, _(msgid))
        self.subtype_box.setTitle(_("Dispute sub-types"))
        self.lookup_box.setTitle(_("Refusal reasons and routes"))
        self.st_label.setPlaceholderText(_("e.g. stall deposit"))
        self.st_code.setPlaceholderText(_("filled in from the name; letters, digits and _"))
        self.lk_code.setPlaceholderText(_("filled in from the name; letters, digits and _"))
        self.st_add.setText(_("Add &sub-type"))
        self.lk_add.setText(_("Add &entry"))
        self.lk_off.setText(_("&Take out of use"))
        self.st_off.setText(_("Take sub-type out of &use"))
        for form in (self.st_form, self.lk_form, self.kind_form):
            form.retranslate()
        self.subtypes.retranslate()
        self.lookups.retranslate()
        self.apply_permissions(self._editors)
        self._update_buttons()
