"""各调委会: the committees of the one-stop centre (the centre's own, stationed rooms, industry and
professional committees). An administrator adds, edits and retires them; a retired committee keeps
its cases and numbers and takes no new ones. Committees are never deleted."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from mediation_app.domain.enums import CommitteeKind, DeadlineRule, enum_label
from mediation_app.domain.numbering import DEFAULT_PATTERN
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import N_, _
from mediation_app.services.centre import CommitteeInput
from mediation_app.ui.admin_base import AdminPage, LabelledForm
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import mark_invalid, role_label, set_primary
from mediation_app.ui.workspace.base import table_view


def committee_state(c: Any) -> str:
    return _("Active") if c.active else _("Retired")


COMMITTEE_COLUMNS = (
    Column(N_("Short name"), lambda c: c.short_name),
    Column(N_("Committee"), lambda c: c.name),
    Column(N_("Committee type"), lambda c: enum_label(c.kind, CommitteeKind)),
    Column(N_("Mediation period"), lambda c: enum_label(c.deadline_rule, DeadlineRule)),
    Column(N_("Next case number"), lambda c: c.next_number),
    Column(N_("Cases"), lambda c: str(c.case_count)),
    Column(N_("Status"), committee_state),
)


class CommitteesPage(AdminPage):
    kinds = frozenset({ChangeKind.COMMITTEE})

    def __init__(self, services: Any, actor: Any, runner, events, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        self._editing: Any = None
        self._select_id: Any = None
        self.intro = role_label("", "muted")
        self.intro.setWordWrap(True)
        self.model = RecordTableModel(COMMITTEE_COLUMNS, self)
        self.table = table_view(self.model, stretch=1)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._on_row(cur.row()))
        self.show_retired = QCheckBox()
        self.show_retired.setChecked(True)
        self.show_retired.toggled.connect(lambda _on: self.reload())

        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.short_name.setMaxLength(12)
        self.kind = QComboBox()
        for k in CommitteeKind:
            self.kind.addItem("", k.value)
        self.pattern = QLineEdit()
        self.deadline_rule = QComboBox()
        for r in DeadlineRule:
            self.deadline_rule.addItem("", r.value)
        self.address = QLineEdit()
        self.phone = QLineEdit()
        left, right = LabelledForm(), LabelledForm()
        left.row(lambda: _("Committee name"), self.name)
        left.row(lambda: _("Short name for case numbers"), self.short_name)
        left.row(lambda: _("Number pattern"), self.pattern)
        right.row(lambda: _("Committee type"), self.kind)
        right.row(lambda: _("Mediation period"), self.deadline_rule)
        right.row(lambda: _("Address"), self.address)
        right.row(lambda: _("Phone"), self.phone)
        self.forms = (left, right)

        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.start_new)
        self.save_button = set_primary(QPushButton())
        self.save_button.clicked.connect(self.save)
        self.active_button = QPushButton()
        self.active_button.clicked.connect(self._toggle_active)
        self.form_box = QGroupBox()
        cols = QHBoxLayout()
        cols.addLayout(left, 1)
        cols.addSpacing(24)
        cols.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self.form_box)
        box.addLayout(cols)
        box.addLayout(buttons)

        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.show_retired)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form_box)
        self.fields = {"name": self.name, "short_name": self.short_name, "number_pattern": self.pattern,
                       "address": self.address, "phone": self.phone, "kind": self.kind}
        self._editors = (*self.fields.values(), self.deadline_rule, self.new_button, self.save_button,
                         self.active_button)
        self.retranslate()
        self.start_new(focus=False)
        self.reload()

    def edit_blocked(self) -> str:
        if self._actor.may(Perm.MANAGE_COMMITTEES):
            return ""
        return _("Only an administrator may add, change or retire committees; "
                 "you are signed in as {role}.").format(role=self._actor.roles_label())

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        include = self.show_retired.isChecked()
        self.read(lambda: self._svc.committees.list(self._actor, include_retired=include), self._show)

    def _show(self, rows: list[Any]) -> None:
        wanted = self._select_id or (self._editing.id if self._editing is not None else None)
        self._select_id = None
        self.model.set_rows(rows)
        for row, c in enumerate(rows):
            if c.id == wanted:
                self.table.selectRow(row)
                self.edit(c)
                return
        if self._editing is not None:
            self.start_new(focus=False)
        self._update_buttons()

    def _on_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.edit(self.model.row_at(row))

    def edit(self, c: Any) -> None:
        self._editing = c
        self.name.setText(c.name)
        self.short_name.setText(c.short_name)
        self.pattern.setText(c.number_pattern)
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(c.kind))))
        self.deadline_rule.setCurrentIndex(max(0, self.deadline_rule.findData(str(c.deadline_rule))))
        self.address.setText(c.address or "")
        self.phone.setText(c.phone or "")
        self._clear_marks()
        self._update_buttons()

    def start_new(self, focus: bool = True) -> None:
        self._editing = None
        self.table.clearSelection()
        for w in (self.name, self.short_name, self.address, self.phone):
            w.clear()
        self.pattern.setText(DEFAULT_PATTERN)
        self.kind.setCurrentIndex(max(0, self.kind.findData(CommitteeKind.STATIONED.value)))
        self.deadline_rule.setCurrentIndex(0)
        self._clear_marks()
        self._update_buttons()
        if focus:
            self.name.setFocus()

    def _clear_marks(self) -> None:
        self.message.show_issues()
        for w in self.fields.values():
            mark_invalid(w, False)

    def _input(self) -> CommitteeInput:
        return CommitteeInput(
            name=self.name.text().strip(), short_name=self.short_name.text().strip(),
            kind=CommitteeKind(self.kind.currentData()), number_pattern=self.pattern.text().strip(),
            deadline_rule=DeadlineRule(self.deadline_rule.currentData()), address=self.address.text().strip() or None,
            phone=self.phone.text().strip() or None,
            supervising_unit=self._editing.supervising_unit if self._editing is not None else None)

    def save(self) -> None:
        data, svc, actor, editing = self._input(), self._svc.committees, self._actor, self._editing
        if editing is None:
            def after_add(changes: Any) -> None:
                self._select_id = getattr(changes, "created_id", None)

            self.write(lambda: svc.add(actor, data), after_add, fields=self.fields)
        else:
            self.write(lambda: svc.edit(actor, editing.id, data), fields=self.fields)

    def _toggle_active(self) -> None:
        c = self._editing
        if c is None:
            return
        svc, actor = self._svc.committees, self._actor
        self.write(lambda: svc.set_active(actor, c.id, not c.active))

    def _update_buttons(self) -> None:
        c = self._editing
        existing = c is not None
        self.active_button.setText(_("&Bring back") if existing and not c.active else _("&Retire"))
        if not self.edit_blocked():
            self.active_button.setEnabled(existing)
            self.active_button.setToolTip("" if existing else _("Choose a committee in the table first."))
        if existing:
            self.form_box.setTitle(_("Edit committee: {name}").format(name=c.name))
            self.save_button.setText(_("&Save changes"))
        else:
            self.form_box.setTitle(_("New committee"))
            self.save_button.setText(_("&Add committee"))

    def retranslate(self) -> None:
        self.intro.setText(_("The committees of the centre, each with its own short name, number pattern and "
                             "serial numbers. A retired committee keeps its cases and takes no new ones."))
        self.show_retired.setText(_("Also show retired committees"))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, CommitteeKind(self.kind.itemData(i)).label())
        for i in range(self.deadline_rule.count()):
            self.deadline_rule.setItemText(i, DeadlineRule(self.deadline_rule.itemData(i)).label())
        self.short_name.setPlaceholderText(_("e.g. 新华街"))
        self.new_button.setText(_("&New committee"))
        for form in self.forms:
            form.retranslate()
        self.model.retranslate()
        self.apply_permissions(self._editors)
        self._update_buttons()
