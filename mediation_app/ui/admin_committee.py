"""本委员会: the committee's name, type, case-number pattern (with the next number previewed as
it is typed), deadline rule, address and phone. Only the administrator changes them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from mediation_app.domain.enums import CommitteeKind, DeadlineRule
from mediation_app.domain.numbering import DEFAULT_PATTERN, check_pattern
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _
from mediation_app.ui.admin_base import AdminPage, LabelledForm, show_ok
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.widgets.common import FieldMessage, mark_invalid, role_label, set_primary


class CommitteePage(AdminPage):
    kinds = frozenset({ChangeKind.COMMITTEE})

    def __init__(self, services: Any, actor: Any, runner, events, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        self._preview_seq = 0
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.short_name.setMaxLength(12)
        self.kind = QComboBox()
        for k in CommitteeKind:
            self.kind.addItem("", k.value)
        self.pattern = QLineEdit()
        self.default_pattern = QPushButton()
        self.default_pattern.clicked.connect(lambda: self.pattern.setText(DEFAULT_PATTERN))
        self.pattern_help = role_label("", "muted")
        self.preview = role_label("", "heading")
        self.pattern_message = FieldMessage()
        self.deadline_rule = QComboBox()
        for r in DeadlineRule:
            self.deadline_rule.addItem("", r.value)
        self.deadline_help = role_label("", "muted")
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.note = role_label("", "warning")
        self.save_button = set_primary(QPushButton())
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self._revert)

        pattern_row = QHBoxLayout()
        pattern_row.addWidget(self.pattern, 1)
        pattern_row.addWidget(self.default_pattern)
        self.form = LabelledForm()
        self.form.row(lambda: _("Committee name"), self.name)
        self.form.row(lambda: _("Committee type"), self.kind)
        self.form.row(lambda: _("Mediation period"), self.deadline_rule)
        self.form.row(lambda: "", self.deadline_help)
        self.contact_form = LabelledForm()
        self.contact_form.row(lambda: _("Address"), self.address)
        self.contact_form.row(lambda: _("Phone"), self.phone)
        pattern_box = QVBoxLayout()
        pattern_box.setSpacing(4)
        pattern_box.addLayout(pattern_row)
        pattern_box.addWidget(self.pattern_help)
        pattern_box.addWidget(self.pattern_message)
        self.numbers_form = LabelledForm()
        self.numbers_form.row(lambda: _("Short name for case numbers"), self.short_name)
        self.numbers_form.row(lambda: _("Number pattern"), pattern_box).setBuddy(self.pattern)
        self.numbers_form.row(lambda: _("Next case number"), self.preview)
        self.numbers_form.addRow(self.note)
        self.details_box, self.numbers_box = QGroupBox(), QGroupBox()
        details = QHBoxLayout(self.details_box)
        details.addLayout(self.form, 3)
        details.addSpacing(24)
        details.addLayout(self.contact_form, 2)
        self.numbers_box.setLayout(self.numbers_form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details_box)
        layout.addWidget(self.numbers_box)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_preview)
        self.pattern.textChanged.connect(lambda _t: self._timer.start())
        self.short_name.textChanged.connect(lambda _t: self._timer.start())
        self.fields = {"name": self.name, "short_name": self.short_name, "number_pattern": self.pattern,
                       "address": self.address, "phone": self.phone}
        self._editors = (*self.fields.values(), self.kind, self.deadline_rule, self.default_pattern,
                         self.save_button, self.revert_button)
        self.retranslate()
        self.reload()

    def edit_blocked(self) -> str:
        if self._actor.may(Perm.MANAGE_SETTINGS):
            return ""
        return _("Only an administrator may change the committee's details; "
                 "you are signed in as {role}.").format(role=self._actor.roles_label())

    # -- data --------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.read(lambda: self._svc.setup.committee(self._actor), self._show)

    def _show(self, c: Any) -> None:
        self.name.setText(c.name)
        self.short_name.setText(c.short_name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(c.kind))))
        self.pattern.setText(c.number_pattern)
        self.deadline_rule.setCurrentIndex(max(0, self.deadline_rule.findData(str(c.deadline_rule))))
        self.address.setText(c.address or "")
        self.phone.setText(c.phone or "")
        for w in self.fields.values():
            mark_invalid(w, False)
        self.update_preview()

    def _revert(self) -> None:
        self.message.show_issues()
        self.reload()

    def update_preview(self) -> None:
        """Show the number the next case would get; explain a broken pattern in words."""
        self._timer.stop()
        pattern, short = self.pattern.text(), self.short_name.text().strip()
        checked = check_pattern(pattern)
        mark_invalid(self.pattern, not checked.ok)
        if not checked.ok:
            self.preview.setText("—")
            self.pattern_message.show_issues([checked.errors[0].message])
            return
        self.pattern_message.show_issues()
        self._preview_seq += 1
        seq = self._preview_seq

        def show(number: str) -> None:
            if seq == self._preview_seq:  # an older answer arriving late is ignored
                self.preview.setText(number or "—")

        self.read(lambda: self._svc.setup.preview_next_number(self._actor, pattern, short), show)

    def save(self) -> None:
        svc, actor = self._svc.setup, self._actor
        values = dict(name=self.name.text().strip(), short_name=self.short_name.text().strip(),
                      kind=CommitteeKind(self.kind.currentData()), number_pattern=self.pattern.text().strip(),
                      deadline_rule=DeadlineRule(self.deadline_rule.currentData()),
                      address=self.address.text().strip() or None, phone=self.phone.text().strip() or None)

        def saved(_changes: Any) -> None:
            show_ok(self.message, _("Saved. Numbers issued from now on follow the new settings."))

        self.write(lambda: svc.update_committee(actor, **values), saved, fields=self.fields)

    def retranslate(self) -> None:
        for i in range(self.kind.count()):
            self.kind.setItemText(i, CommitteeKind(self.kind.itemData(i)).label())
        for i in range(self.deadline_rule.count()):
            self.deadline_rule.setItemText(i, DeadlineRule(self.deadline_rule.itemData(i)).label())
        self.details_box.setTitle(_("The committee"))
        self.numbers_box.setTitle(_("Case numbers"))
        self.default_pattern.setText(_("Use the standard &pattern"))
        self.pattern_help.setText(_("Fields: {short} the short name, {word} 人调字, {year} the year, "
                                    "{serial:03d} the serial number with three digits."))
        self.deadline_help.setText(_("Mediation should end within this period from acceptance "
                                     "(extensions need the parties' consent)."))
        self.note.setText(_("Changes apply to numbers issued from now on. Numbers already issued "
                            "stay as they are, and serial numbers are never reused."))
        self.short_name.setPlaceholderText(_("e.g. 新华街"))
        self.save_button.setText(_("&Save committee details"))
        self.revert_button.setText(_("&Undo my changes"))
        for form in (self.form, self.contact_form, self.numbers_form):
            form.retranslate()
        self.apply_permissions(self._editors)
