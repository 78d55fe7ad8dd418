"""One party's particulars with inline validation and duplicate-party suggestions.

Each input is checked by the domain validator as the user types (once typing pauses) and again
when the user leaves it, and the message under it says in words what is wrong. When the name, ID number or phone looks
like someone already on file, a suggestion offers to use that person instead of a new record.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import AgentKind, IdType, PartyKind, PartyRole, Sex
from mediation_app.domain.ethnicity import common_first, find_ethnicity
from mediation_app.domain.identity import check_credit_code, check_id_document
from mediation_app.domain.phone import check_phone
from mediation_app.i18n import _
from mediation_app.services.parties import PartyInput
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, mark_invalid, role_label
from mediation_app.ui.widgets.merchant_note import MerchantNote

CHECK_DELAY_MS = 600


def _combo(enum_cls) -> QComboBox:  # type: ignore[no-untyped-def]
    combo = QComboBox()
    for member in enum_cls:
        combo.addItem(member.label(), member.value)
    return combo


class PartyEditor(Retranslating, QFrame):
    """Signals:
    changed(): any input changed (drafts are saved from it).
    remove_requested(): the user asked to remove this party.
    """

    changed = Signal()
    remove_requested = Signal()

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, index: int, parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner = services, actor, runner
        self.index = index
        self.existing_party_id: Any = None
        self.confirm_warnings = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = role_label("", "heading", wrap=False)
        self.remove = QPushButton()
        self.remove.clicked.connect(self.remove_requested.emit)
        self.role = _combo(PartyRole)
        self.kind = _combo(PartyKind)
        self.name = QLineEdit()
        self.id_type = _combo(IdType)
        self.id_number = QLineEdit()
        self.sex = _combo(Sex)
        self.sex.setCurrentIndex(self.sex.findData(Sex.UNKNOWN.value))
        self.age = QSpinBox()
        self.age.setRange(0, 130)
        self.age.setSpecialValueText(" ")
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItem("", None)
        for e in common_first():
            self.ethnicity.addItem(e.label(), e.code)
        self.ethnicity.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.occupation = QLineEdit()
        self.credit_code = QLineEdit()
        self.legal_rep_name = QLineEdit()
        self.legal_rep_title = QLineEdit()
        self.language = QLineEdit()
        self.interpreter = QCheckBox()
        self.stall = QLineEdit()
        self.agent_kind = _combo(AgentKind)  # who the agent is: authorised, or a minor's legal representative
        self.agent_name = QLineEdit()
        self.agent_phone = QLineEdit()
        self.messages = {k: FieldMessage() for k in ("name", "id_number", "phone", "credit_code", "ethnicity", "age", "sex")}
        self.suggestion = QFrame()
        self.suggestion.setFrameShape(QFrame.Shape.StyledPanel)
        self.suggestion_text = role_label("", "warning")
        self.use_existing = QPushButton()
        self.use_existing.clicked.connect(self._on_use_existing)
        sug = QHBoxLayout(self.suggestion)
        sug.addWidget(self.suggestion_text, 1)
        sug.addWidget(self.use_existing)
        self.suggestion.hide()
        self._candidate: Any = None

        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._grid = grid
        self._rows: dict[str, tuple[QLabel, QWidget, FieldMessage | None]] = {}
        layout_spec = [
            ("role", self.role, "kind", self.kind),
            ("name", self.name, "phone", self.phone),
            ("id_type", self.id_type, "id_number", self.id_number),
            ("sex", self.sex, "age", self.age),
            ("ethnicity", self.ethnicity, "occupation", self.occupation),
            ("credit_code", self.credit_code, "legal_rep_name", self.legal_rep_name),
            ("legal_rep_title", self.legal_rep_title, "stall", self.stall),
            ("address", self.address, None, None),
            ("language", self.language, "interpreter", self.interpreter),
            ("agent_kind", self.agent_kind, None, None),
            ("agent_name", self.agent_name, "agent_phone", self.agent_phone),
        ]
        row = 0
        for left_key, left, right_key, right in layout_spec:
            for col, key, widget in ((0, left_key, left), (2, right_key, right)):
                if key is None:
                    continue
                label = QLabel()
                label.setBuddy(widget)
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.labels[key] = label
                grid.addWidget(label, row, col)
                span = 3 if key in ("address", "agent_kind") else 1
                grid.addWidget(widget, row, col + 1, 1, span)
                msg = self.messages.get(key)
                if msg is not None:
                    grid.addWidget(msg, row + 1, col + 1, 1, 1)
                self._rows[key] = (label, widget, msg)
            row += 2
        for combo in (w for spec in layout_spec for w in spec if isinstance(w, QComboBox)):
            # as narrow as ten characters, so the two columns fit at large text
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.remove)
        outer = QVBoxLayout(self)
        outer.addLayout(head)
        outer.addLayout(grid)
        outer.addWidget(self.suggestion)
        # naming a stall (or, for an organisation, its name) shows what the merchant registry knows
        self.merchant_note = MerchantNote(services, actor, runner)
        outer.addWidget(self.merchant_note.label)
        self.stall.editingFinished.connect(self._check_merchant)
        self.name.editingFinished.connect(self._check_merchant)

        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(CHECK_DELAY_MS)
        self._dup_timer.timeout.connect(self._check_duplicates)
        # checked as you type: each field's check runs once typing pauses (and at once on leaving it)
        self._pending: dict[str, Any] = {}
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_pending_checks)
        for key, edit, check in (("id_number", self.id_number, self._check_id), ("phone", self.phone, self._check_phone),
                                 ("credit_code", self.credit_code, self._check_credit),
                                 ("name", self.name, self._check_name)):
            edit.editingFinished.connect(check)
            edit.textChanged.connect(self._on_text_changed)
            edit.textChanged.connect(lambda _t, key=key, check=check: self._check_soon(key, check))
        for edit in (self.address, self.occupation, self.legal_rep_name, self.legal_rep_title, self.language,
                     self.stall, self.agent_name, self.agent_phone):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        self.ethnicity.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.ethnicity.lineEdit().editingFinished.connect(self._check_ethnicity)
        self.ethnicity.currentTextChanged.connect(lambda _t: self._check_soon("ethnicity", self._check_ethnicity))
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.id_type.currentIndexChanged.connect(lambda _i: (self._check_id(), self.changed.emit()))
        for w in (self.role, self.sex, self.agent_kind):
            w.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.age.valueChanged.connect(lambda _v: self.changed.emit())
        self.interpreter.toggled.connect(lambda _b: self.changed.emit())
        self.retranslate()
        self._on_kind_changed()

    def _check_merchant(self) -> None:
        self.merchant_note.check(self.stall.text(), self.name.text())

    # -- state --------------------------------------------------------------------------------------
    @property
    def is_legal(self) -> bool:
        return self.kind.currentData() == PartyKind.LEGAL.value

    def _on_kind_changed(self, *_args: object) -> None:
        legal = self.is_legal
        natural_only = ("id_type", "id_number", "sex", "age", "ethnicity", "occupation", "language", "interpreter",
                        "agent_kind")
        legal_only = ("credit_code", "legal_rep_name", "legal_rep_title")
        for key in natural_only:
            self._set_row_visible(key, not legal)
        for key in legal_only:
            self._set_row_visible(key, legal)
        self.retranslate()
        self.changed.emit()

    def _set_row_visible(self, key: str, visible: bool) -> None:
        label, widget, msg = self._rows[key]
        label.setVisible(visible)
        widget.setVisible(visible)
        if msg is not None and not visible:
            msg.show_issues()

    def _on_text_changed(self, *_args: object) -> None:
        if self.existing_party_id is not None:
            self.existing_party_id = None  # edited after choosing an existing person: a fresh record
        self.confirm_warnings = False
        self._dup_timer.start()
        self.changed.emit()

    # -- inline validation -----------------------------------------------------------------------
    def _check_soon(self, key: str, check: Any) -> None:
        self._pending[key] = check
        self._check_timer.start()

    def run_pending_checks(self) -> None:
        """The checks of the fields typed in since the last pause."""
        self._check_timer.stop()
        pending, self._pending = self._pending, {}
        for check in pending.values():
            check()

    def _show(self, key: str, widget: QWidget, checked: Any) -> None:
        errors = [i.message for i in checked.errors] if checked else []
        warnings = [i.message for i in checked.warnings] if checked else []
        self.messages[key].show_issues(errors, warnings)
        mark_invalid(widget, bool(errors))

    def _check_name(self) -> None:
        empty = not self.name.text().strip()
        self.messages["name"].show_issues([_("The party's name is required.")] if empty else [])
        mark_invalid(self.name, empty)

    def _check_id(self) -> None:
        text = self.id_number.text()
        if self.is_legal or not text.strip():
            self._show("id_number", self.id_number, None)
            return
        checked = check_id_document(IdType(self.id_type.currentData()), text)
        self._show("id_number", self.id_number, checked)

    def _check_phone(self) -> None:
        text = self.phone.text()
        self._show("phone", self.phone, check_phone(text) if text.strip() else None)

    def _check_credit(self) -> None:
        text = self.credit_code.text()
        self._show("credit_code", self.credit_code, check_credit_code(text) if text.strip() and self.is_legal else None)

    def _check_ethnicity(self) -> None:
        text = self.ethnicity.currentText().strip()
        ok = not text or find_ethnicity(text) is not None
        self.messages["ethnicity"].show_issues(
            [] if ok else [_("“{text}” is not one of the 56 ethnic groups.").format(text=text)]
        )

    def validate_now(self) -> bool:
        """Run every inline check; True when nothing blocks saving."""
        self._check_timer.stop()
        self._pending.clear()
        self._check_name()
        self._check_id()
        self._check_phone()
        self._check_credit()
        self._check_ethnicity()
        return not self.problems()

    def problems(self) -> list[tuple[QWidget, str]]:
        """The fields whose message is an error, in the form's order: (input, "field: message")."""
        out = []
        for label, widget, msg in self._rows.values():
            if msg is not None and msg.property("role") == "error" and msg.text() and not msg.isHidden():
                out.append((widget, _("{field}: {problem}").format(field=label.text().replace("&", ""),
                                                                   problem=msg.text())))
        return out

    def show_service_issues(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        """Show field errors the service returned (keys without the ``parties.N.`` prefix)."""
        for key, msg in self.messages.items():
            err = errors.get(key)
            warn = warnings.get(key)
            if err or warn:
                msg.show_issues([err] if err else [], [warn] if warn else [])

    # -- duplicates -----------------------------------------------------------------------------
    def _check_duplicates(self) -> None:
        if not self.name.text().strip() and not self.id_number.text().strip() and not self.phone.text().strip():
            return
        data = self.to_input()
        self._runner.run(lambda: self._svc.parties.find_duplicates(self._actor, data), self._show_duplicates,
                         lambda _e: None)

    def _show_duplicates(self, candidates: list[Any]) -> None:
        if self.existing_party_id is not None:
            return
        self._candidate = candidates[0] if candidates else None
        if self._candidate is None:
            self.suggestion.hide()
            return
        c = self._candidate
        details = "，".join(x for x in (c.id_masked, c.phone_masked) if x)
        if c.reusable:
            text = _("Possibly already on file: {name} ({details}), {reason}. Cases so far: {count}.")
        else:  # another committee's record: a hint only, never linked (services/parties.attach)
            text = _("Possibly a party of another committee's case: {name} ({details}), {reason}. Cases there: "
                     "{count}. Enter the person here; that committee's record stays its own.")
        self.suggestion_text.setText(text.format(name=c.name, details=details or "—", reason=c.reason,
                                                 count=c.case_count))
        self.use_existing.setVisible(c.reusable)
        self.suggestion.show()

    def _on_use_existing(self) -> None:
        if self._candidate is None:
            return
        c = self._candidate
        self.name.blockSignals(True)
        self.name.setText(c.name)
        self.name.blockSignals(False)
        self.existing_party_id = c.party_id
        self.suggestion_text.setText(_("The existing record of {name} will be used.").format(name=c.name))
        self.suggestion_text.setProperty("role", "ok")
        self.suggestion_text.style().polish(self.suggestion_text)
        self.use_existing.hide()
        self.changed.emit()

    # -- conversion -------------------------------------------------------------------------------
    def to_input(self) -> PartyInput:
        eth = find_ethnicity(self.ethnicity.currentText()) if self.ethnicity.currentText().strip() else None
        return PartyInput(
            name=self.name.text().strip(),
            role=PartyRole(self.role.currentData()),
            kind=PartyKind(self.kind.currentData()),
            sex=Sex(self.sex.currentData()),
            ethnicity=eth.code if eth else (self.ethnicity.currentText().strip() or None),
            age=self.age.value() or None,
            id_type=IdType(self.id_type.currentData()),
            id_number=self.id_number.text().strip(),
            occupation=self.occupation.text().strip() or None,
            address=self.address.text().strip() or None,
            phone=self.phone.text().strip(),
            preferred_language=self.language.text().strip() or None,
            interpreter_needed=self.interpreter.isChecked(),
            credit_code=self.credit_code.text().strip(),
            legal_rep_name=self.legal_rep_name.text().strip() or None,
            legal_rep_title=self.legal_rep_title.text().strip() or None,
            stall_number=self.stall.text().strip() or None,
            agent_name=self.agent_name.text().strip() or None,
            agent_phone=self.agent_phone.text().strip() or None,
            agent_kind=AgentKind.AUTHORISED if self.is_legal else AgentKind(self.agent_kind.currentData()),
            existing_party_id=self.existing_party_id,
            confirm_warnings=self.confirm_warnings,
        )

    def to_draft(self) -> dict[str, Any]:
        return {
            "role": self.role.currentData(), "kind": self.kind.currentData(), "name": self.name.text(),
            "id_type": self.id_type.currentData(), "id_number": self.id_number.text(), "sex": self.sex.currentData(),
            "age": self.age.value(), "ethnicity": self.ethnicity.currentText(), "phone": self.phone.text(),
            "address": self.address.text(), "occupation": self.occupation.text(),
            "credit_code": self.credit_code.text(), "legal_rep_name": self.legal_rep_name.text(),
            "legal_rep_title": self.legal_rep_title.text(), "language": self.language.text(),
            "interpreter": self.interpreter.isChecked(), "stall": self.stall.text(),
            "agent_name": self.agent_name.text(), "agent_phone": self.agent_phone.text(),
            "agent_kind": self.agent_kind.currentData(),
        }

    def load_draft(self, d: dict[str, Any]) -> None:
        for combo, key in ((self.role, "role"), (self.kind, "kind"), (self.id_type, "id_type"), (self.sex, "sex"),
                           (self.agent_kind, "agent_kind")):
            i = combo.findData(d.get(key))
            if i >= 0:
                combo.setCurrentIndex(i)
        for edit, key in ((self.name, "name"), (self.id_number, "id_number"), (self.phone, "phone"),
                          (self.address, "address"), (self.occupation, "occupation"),
                          (self.credit_code, "credit_code"), (self.legal_rep_name, "legal_rep_name"),
                          (self.legal_rep_title, "legal_rep_title"), (self.language, "language"),
                          (self.stall, "stall"), (self.agent_name, "agent_name"), (self.agent_phone, "agent_phone")):
            edit.setText(str(d.get(key) or ""))
        self.age.setValue(int(d.get("age") or 0))
        self.ethnicity.setCurrentText(str(d.get("ethnicity") or ""))
        self.interpreter.setChecked(bool(d.get("interpreter")))

    def retranslate(self) -> None:
        self.heading.setText(_("Party {n}").format(n=self.index + 1))
        self.remove.setText(_("Remove"))
        self.use_existing.setText(_("Use this person"))
        legal = self.is_legal
        texts = {
            "role": _("Role"), "kind": _("Kind"), "name": _("Organisation name") if legal else _("Name"),
            "id_type": _("ID document"), "id_number": _("Document number"), "sex": _("Sex"), "age": _("Age"),
            "ethnicity": _("Ethnic group"), "occupation": _("Occupation"), "phone": _("Phone"),
            "address": _("Address or work unit"), "credit_code": _("Credit code"),
            "legal_rep_name": _("Legal representative"), "legal_rep_title": _("Position"),
            "stall": _("Stall number"), "language": _("Preferred language"), "interpreter": _("Needs an interpreter"),
            "agent_kind": _("Agent is"), "agent_name": _("Agent"), "agent_phone": _("Agent's phone"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.interpreter.setText(_("Yes"))
        self.name.setPlaceholderText(_("Required"))
        self.phone.setPlaceholderText(_("Mobile or landline, e.g. 13800138000 or 0971-6123456"))
        self.id_number.setPlaceholderText(_("18 characters; checked as you type"))
        self.language.setPlaceholderText(_("e.g. Tibetan, Mandarin"))
        for combo, enum_cls in ((self.role, PartyRole), (self.kind, PartyKind), (self.id_type, IdType), (self.sex, Sex),
                                (self.agent_kind, AgentKind)):
            for i in range(combo.count()):
                combo.setItemText(i, enum_cls(combo.itemData(i)).label())
