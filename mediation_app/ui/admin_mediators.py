"""调解员: the committee's mediator roster. Mediators are added and edited, deactivated and
reactivated, never deleted (their names stay on old cases)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.enums import Sex, enum_label
from mediation_app.domain.ethnicity import common_first, ethnicity_label, find_ethnicity
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import N_, _
from mediation_app.ui.admin_base import AdminPage, LabelledForm, status_text
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.read_only import reads
from mediation_app.ui.widgets.common import mark_invalid, set_primary
from mediation_app.ui.workspace.base import table_view

MEDIATOR_COLUMNS = (
    Column(N_("Name"), lambda m: m.name),
    Column(N_("Sex"), lambda m: enum_label(m.sex, Sex) if m.sex != Sex.UNKNOWN else ""),
    Column(N_("Ethnic group"), lambda m: ethnicity_label(m.ethnicity) if m.ethnicity else ""),
    Column(N_("Languages"), lambda m: m.languages or ""),
    Column(N_("Full or part time"), lambda m: _("Full-time") if m.full_time else _("Part-time")),
    Column(N_("Specialties"), lambda m: m.specialties or ""),
    Column(N_("Phone"), lambda m: m.phone or ""),
    Column(N_("Status"), lambda m: status_text(m.active)),
)


class MediatorsPage(AdminPage):
    kinds = frozenset({ChangeKind.MEDIATOR})

    def __init__(self, services: Any, actor: Any, runner, events, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        self._editing: Any = None  # the MediatorView in the form, None for a new mediator
        self._select_id: Any = None  # select this mediator after the next reload (just added)
        self.model = RecordTableModel(MEDIATOR_COLUMNS, self)
        self.table = table_view(self.model, stretch=5)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._on_row(cur.row()))
        self.show_inactive = reads(QCheckBox())
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(lambda _on: self.reload())

        self.name = QLineEdit()
        self.sex = QComboBox()
        for s in Sex:
            self.sex.addItem("", s.value)
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.languages = QLineEdit()
        self.full_time = QCheckBox()
        self.specialties = QLineEdit()
        self.phone = QLineEdit()
        left, right = LabelledForm(), LabelledForm()
        left.row(lambda: _("Name"), self.name)
        left.row(lambda: _("Sex"), self.sex)
        left.row(lambda: _("Ethnic group"), self.ethnicity)
        left.row(lambda: _("Phone"), self.phone)
        right.row(lambda: _("Languages"), self.languages)
        right.row(lambda: _("Specialties"), self.specialties)
        right.row(lambda: "", self.full_time)
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
        layout.addWidget(self.show_inactive)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form_box)
        self.fields = {"name": self.name, "sex": self.sex, "ethnicity": self.ethnicity, "languages": self.languages,
                       "specialties": self.specialties, "phone": self.phone}
        self._editors = (*self.fields.values(), self.full_time, self.new_button, self.save_button, self.active_button)
        self.retranslate()
        self.apply_permissions(self._editors)
        self._update_buttons()
        self.reload()

    def edit_blocked(self) -> str:
        if self._actor.may(Perm.MANAGE_MEDIATORS):
            return ""
        return _("Only the committee head or an administrator may change the mediator roster; "
                 "you are signed in as {role}.").format(role=self._actor.roles_label())

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        active_only = not self.show_inactive.isChecked()
        self.read(lambda: self._svc.accounts.mediators(self._actor, active_only=active_only), self._show)

    def _show(self, mediators: list[Any]) -> None:
        wanted = self._select_id or (self._editing.id if self._editing is not None else None)
        self._select_id = None
        self.model.set_rows(mediators)
        for row, m in enumerate(mediators):
            if m.id == wanted:
                self.table.selectRow(row)
                self.edit(m)
                return
        if self._editing is not None:  # it left the table (deactivated while hidden): clear the form
            self.start_new()
        self._update_buttons()

    def _on_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.edit(self.model.row_at(row))

    def edit(self, m: Any) -> None:
        self._editing = m
        self.name.setText(m.name)
        self.sex.setCurrentIndex(max(0, self.sex.findData(str(m.sex))))
        self.ethnicity.setCurrentText(ethnicity_label(m.ethnicity) if m.ethnicity else "")
        self.languages.setText(m.languages or "")
        self.full_time.setChecked(bool(m.full_time))
        self.specialties.setText(m.specialties or "")
        self.phone.setText(m.phone or "")
        self._clear_marks()
        self._update_buttons()

    def start_new(self) -> None:
        self._editing = None
        self.table.clearSelection()
        for w in (self.name, self.languages, self.specialties, self.phone):
            w.clear()
        self.sex.setCurrentIndex(max(0, self.sex.findData(Sex.UNKNOWN.value)))
        self.ethnicity.setCurrentText("")
        self.full_time.setChecked(False)
        self._clear_marks()
        self._update_buttons()
        self.name.setFocus()

    def _clear_marks(self) -> None:
        self.message.show_issues()
        for w in self.fields.values():
            mark_invalid(w, False)

    def _values(self) -> dict[str, Any] | None:
        text = self.ethnicity.currentText().strip()
        eth = find_ethnicity(text) if text else None
        if text and eth is None:
            mark_invalid(self.ethnicity, True)
            self.message.show_issues([_("“{text}” is not an ethnic group on the national list.").format(text=text)])
            self.ethnicity.setFocus()
            return None
        return dict(name=self.name.text().strip(), sex=Sex(self.sex.currentData()),
                    ethnicity=eth.code if eth else None, languages=self.languages.text().strip(),
                    full_time=self.full_time.isChecked(), specialties=self.specialties.text().strip(),
                    phone=self.phone.text().strip() or None)

    def save(self) -> None:
        values = self._values()
        if values is None:
            return
        svc, actor, editing = self._svc.accounts, self._actor, self._editing
        if editing is None:
            def after_add(changes: Any) -> None:
                self._select_id = getattr(changes, "created_id", None)

            self.write(lambda: svc.add_mediator(actor, **values), after_add, fields=self.fields)
        else:
            self.write(lambda: svc.update_mediator(actor, editing.id, **values), fields=self.fields)

    def _toggle_active(self) -> None:
        m = self._editing
        if m is None:
            return
        svc, actor = self._svc.accounts, self._actor
        self.write(lambda: svc.set_mediator_active(actor, m.id, not m.active))

    def _update_buttons(self) -> None:
        m = self._editing
        existing = m is not None
        self.active_button.setText(_("&Reactivate") if existing and not m.active else _("&Deactivate"))
        if not self.edit_blocked():
            self.active_button.setEnabled(existing)
            self.active_button.setToolTip("" if existing else _("Choose a mediator in the table first."))
        if existing:
            self.form_box.setTitle(_("Edit mediator: {name}").format(name=m.name))
            self.save_button.setText(_("&Save changes"))
        else:
            self.form_box.setTitle(_("New mediator"))
            self.save_button.setText(_("&Add mediator"))

    def retranslate(self) -> None:
        self.show_inactive.setText(_("Also show deactivated mediators"))
        for i in range(self.sex.count()):
            self.sex.setItemText(i, Sex(self.sex.itemData(i)).label())
        current = self.ethnicity.currentText()
        self.ethnicity.clear()
        self.ethnicity.addItem("", None)
        for e in common_first():
            self.ethnicity.addItem(e.label(), e.code)
        self.ethnicity.setCurrentText(current)
        self.languages.setPlaceholderText(_("e.g. Mandarin, Tibetan"))
        self.specialties.setPlaceholderText(_("e.g. marriage and family, labour disputes"))
        self.full_time.setText(_("Full-time mediator"))
        self.new_button.setText(_("&New mediator"))
        for form in self.forms:
            form.retranslate()
        self.model.retranslate()
        self.apply_permissions(self._editors)
        self._update_buttons()
