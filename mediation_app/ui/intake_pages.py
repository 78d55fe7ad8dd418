"""The pages of the intake wizard: parties, dispute, facts, and the finish (register, accept or refuse)."""


from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from mediation_app.domain.enums import CaseSource, DisputeType, NoticeForm, RiskLevel
from mediation_app.i18n import _
from mediation_app.ui.calendar import today_q
from mediation_app.ui.formatting import money_issues
from mediation_app.ui.intake_level import StartLevelChoice
from mediation_app.ui.theme import RISK_COLOURS
from mediation_app.ui.widgets.common import FieldMessage, mark_invalid, reveal, role_label, summary_lines
from mediation_app.ui.widgets.party_editor import PartyEditor

DRAFT_KEY = "intake"
DRAFT_DELAY_MS = 800

CHECK_DELAY_MS = 600  # a field is checked once typing pauses this long

if TYPE_CHECKING:
    from mediation_app.ui.intake import IntakeWizard


class PartiesPage(QWizardPage):
    def __init__(self, wizard: IntakeWizard) -> None:
        super().__init__()
        self._wiz = wizard
        self.editors: list[PartyEditor] = []
        self.container = QWidget()
        self.list_layout = QVBoxLayout(self.container)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.container)
        self.scroll = scroll
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_party(focus=True))
        self.message = FieldMessage()  # the summary when Next finds entries to correct
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def add_party(self, focus: bool = False) -> PartyEditor:
        from mediation_app.domain.enums import PartyRole

        editor = PartyEditor(self._wiz.services, self._wiz.actor, self._wiz.runner, len(self.editors))
        if self.editors:
            editor.role.setCurrentIndex(editor.role.findData(PartyRole.RESPONDENT.value))
        editor.changed.connect(self._wiz.schedule_draft)
        editor.remove_requested.connect(lambda e=editor: self.remove_party(e))
        self.editors.append(editor)
        self.list_layout.insertWidget(self.list_layout.count() - 1, editor)
        self._renumber()
        if focus:
            editor.name.setFocus()
        return editor

    def remove_party(self, editor: PartyEditor) -> None:
        if len(self.editors) <= 1:
            return
        self.editors.remove(editor)
        editor.setParent(None)
        editor.deleteLater()
        self._renumber()
        self._wiz.schedule_draft()

    def _renumber(self) -> None:
        for i, e in enumerate(self.editors):
            e.index = i
            e.retranslate()
            e.remove.setEnabled(len(self.editors) > 1)

    def validatePage(self) -> bool:  # noqa: N802
        problems: list[tuple[QWidget, str]] = []
        for e in self.editors:
            e.validate_now()
            problems += [(w, _("Party {n}, {problem}").format(n=e.index + 1, problem=p)) for w, p in e.problems()]
        if not any(e.name.text().strip() for e in self.editors):
            self.message.show_issues([_("Add at least one party with a name.")])
            reveal(self.editors[0].name)
            return False
        if problems:
            self.message.show_issues(summary_lines([p for _w, p in problems]))
            reveal(problems[0][0])
            return False
        self.message.show_issues()
        return True

    def retranslate(self) -> None:
        self.setTitle(_("Parties"))
        self.setSubTitle(_("Who is involved? Name and phone are enough to start; ID numbers are checked as you type."))
        self.add_button.setText(_("&Add another party"))
        for e in self.editors:
            e.retranslate()


class DisputePage(QWizardPage):
    def __init__(self, wizard: IntakeWizard) -> None:
        super().__init__()
        self._wiz = wizard
        self.dispute_type = QComboBox()
        self.dispute_type.addItem("", None)
        for t in DisputeType:
            self.dispute_type.addItem(t.label(), t.value)
        self.subtype = QComboBox()
        self.source = QComboBox()
        for s in CaseSource:
            self.source.addItem(s.label(), s.value)
        self.application_form = QComboBox()
        for f in NoticeForm:
            self.application_form.addItem(f.label(), f.value)
        self.referrer_name = QLineEdit()
        self.referrer_contact = QLineEdit()
        self.referrer_deadline = QDateEdit(today_q(30))
        self.referrer_deadline.setCalendarPopup(True)
        self.referrer_deadline.setDisplayFormat("yyyy-MM-dd")
        self.letter_no = QLineEdit()
        self.title_edit = QLineEdit()
        self.place = QLineEdit()
        self.amount = QLineEdit()
        self.persons = QSpinBox()
        self.persons.setRange(0, 100000)
        self.persons.setSpecialValueText(" ")
        self.risk_group = QButtonGroup(self)
        self.risk_buttons: dict[str, QRadioButton] = {}
        risk_row = QHBoxLayout()
        for level in RiskLevel:
            b = QRadioButton()
            b.setStyleSheet(f"QRadioButton::indicator {{ border: 3px solid {RISK_COLOURS[level.value]}; border-radius: 8px; }}"
                            f"QRadioButton::indicator:checked {{ background: {RISK_COLOURS[level.value]}; }}")
            self.risk_group.addButton(b)
            self.risk_buttons[level.value] = b
            risk_row.addWidget(b)
        risk_row.addStretch(1)
        self.risk_buttons["blue"].setChecked(True)
        self.risk_row = QWidget()
        self.risk_row.setLayout(risk_row)
        self.messages = {k: FieldMessage() for k in ("dispute_type", "referrer_name", "amount", "subtype_code")}
        self.summary = FieldMessage()  # what Next says when it cannot go on

        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows = [
            ("type", self.dispute_type, "dispute_type"), ("subtype", self.subtype, "subtype_code"),
            ("title", self.title_edit, None), ("source", self.source, None), ("form", self.application_form, None),
            ("referrer", self.referrer_name, "referrer_name"), ("contact", self.referrer_contact, None),
            ("deadline", self.referrer_deadline, None), ("letter", self.letter_no, None),
            ("place", self.place, None), ("amount", self.amount, "amount"), ("persons", self.persons, None),
            ("risk", self.risk_row, None),
        ]
        for _key, widget, msg in self._rows:
            self.form.addRow(QLabel(), widget)
            if msg:
                self.form.addRow(QLabel(), self.messages[msg])
        self.form.addRow(self.summary)
        self.dispute_type.currentIndexChanged.connect(self._on_type_changed)
        self.source.currentIndexChanged.connect(self._on_source_changed)
        self.amount.editingFinished.connect(self._check_amount)
        self._amount_timer = QTimer(self)  # the amount is checked as it is typed, once typing pauses
        self._amount_timer.setSingleShot(True)
        self._amount_timer.setInterval(CHECK_DELAY_MS)
        self._amount_timer.timeout.connect(self._check_amount)
        self.amount.textChanged.connect(lambda _t: self._amount_timer.start())
        self.referrer_name.textChanged.connect(lambda _t: self._check_referrer())
        for w in (self.title_edit, self.place, self.amount, self.referrer_name, self.referrer_contact, self.letter_no):
            w.textChanged.connect(lambda _t: self._wiz.schedule_draft())
        for c in (self.dispute_type, self.subtype, self.source, self.application_form):
            c.currentIndexChanged.connect(lambda _i: self._wiz.schedule_draft())
        self.risk_group.buttonToggled.connect(lambda *_a: self._wiz.schedule_draft())
        self._subtypes: list[Any] = []
        self._on_source_changed()

    def set_subtypes(self, subtypes: list[Any]) -> None:
        self._subtypes = subtypes
        self._on_type_changed()

    def _on_type_changed(self, *_a: object) -> None:
        current = self.subtype.currentData()
        core = self.dispute_type.currentData()
        self.subtype.blockSignals(True)
        self.subtype.clear()
        self.subtype.addItem(_("(none)"), None)
        for st in self._subtypes:
            if core is None or st.core_type == core:
                self.subtype.addItem(st.label, st.code)
        idx = self.subtype.findData(current)
        self.subtype.setCurrentIndex(max(idx, 0))
        self.subtype.blockSignals(False)
        self.messages["dispute_type"].show_issues()

    def _on_source_changed(self, *_a: object) -> None:
        referral = CaseSource(self.source.currentData()).is_referral
        for key, widget, _msg in self._rows:
            if key in ("referrer", "contact", "deadline", "letter"):
                widget.setVisible(referral)
                self.form.labelForField(widget).setVisible(referral)
        self.application_form.setVisible(not referral)
        self.form.labelForField(self.application_form).setVisible(not referral)
        if not referral:
            self.messages["referrer_name"].show_issues()
            mark_invalid(self.referrer_name, False)

    def _check_amount(self) -> bool:
        self._amount_timer.stop()
        issues = money_issues(self.amount.text())
        self.messages["amount"].show_issues(issues)
        mark_invalid(self.amount, bool(issues))
        return not issues

    def risk_level(self) -> RiskLevel:
        for value, b in self.risk_buttons.items():
            if b.isChecked():
                return RiskLevel(value)
        return RiskLevel.BLUE

    def _check_referrer(self) -> bool:
        missing = CaseSource(self.source.currentData()).is_referral and not self.referrer_name.text().strip()
        self.messages["referrer_name"].show_issues(
            [_("A referred case needs the referring body (court, police station, department …).")] if missing else [])
        mark_invalid(self.referrer_name, missing)
        return not missing

    def validatePage(self) -> bool:  # noqa: N802
        problems: list[tuple[QWidget, str]] = []
        if self.dispute_type.currentData() is None and self.subtype.currentData() is None:
            self.messages["dispute_type"].show_issues([_("Choose the type of dispute.")])
            problems.append((self.dispute_type, self.messages["dispute_type"].text()))
        if not self._check_referrer():
            problems.append((self.referrer_name, self.messages["referrer_name"].text()))
        if not self._check_amount():
            problems.append((self.amount, self.messages["amount"].text()))
        if problems:
            self.summary.show_issues(summary_lines([
                _("{field}: {problem}").format(field=self.form.labelForField(w).text().replace("&", ""), problem=p)
                for w, p in problems]))
            reveal(problems[0][0])
            return False
        self.summary.show_issues()
        return True

    def retranslate(self) -> None:
        self.setTitle(_("The dispute"))
        self.setSubTitle(_("What kind of dispute is it, and how did it reach the committee?"))
        labels = {
            "type": _("Dispute &type"), "subtype": _("Sub-type"), "title": _("Short title"), "source": _("&Source"),
            "form": _("Application made"), "referrer": _("Referred by"), "contact": _("Referrer's contact"),
            "deadline": _("Referrer's deadline"), "letter": _("Referral letter / ticket no."), "place": _("Place"),
            "amount": _("Amount involved (yuan)"), "persons": _("Persons involved"), "risk": _("Risk level"),
        }
        for key, widget, _msg in self._rows:
            label = self.form.labelForField(widget)
            label.setText(labels[key])
            label.setBuddy(widget)
        self.dispute_type.setItemText(0, _("— choose —"))
        for i in range(1, self.dispute_type.count()):
            self.dispute_type.setItemText(i, DisputeType(self.dispute_type.itemData(i)).label())
        for i in range(self.source.count()):
            self.source.setItemText(i, CaseSource(self.source.itemData(i)).label())
        for i in range(self.application_form.count()):
            self.application_form.setItemText(i, NoticeForm(self.application_form.itemData(i)).label())
        for value, b in self.risk_buttons.items():
            b.setText(RiskLevel(value).label())
        self.title_edit.setPlaceholderText(_("e.g. Drainage dispute between neighbours (optional)"))
        self.amount.setPlaceholderText(_("e.g. 12000 or 12,000.50; leave empty if none"))
        self.referrer_name.setPlaceholderText(_("e.g. the district people's court"))


class FactsPage(QWizardPage):
    def __init__(self, wizard: IntakeWizard) -> None:
        super().__init__()
        self.facts = QPlainTextEdit()
        self.requests = QPlainTextEdit()
        self.facts_label = role_label("", "heading", wrap=False)
        self.requests_label = role_label("", "heading", wrap=False)
        self.facts_label.setBuddy(self.facts)
        self.requests_label.setBuddy(self.requests)
        for edit in (self.facts, self.requests):
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(wizard.schedule_draft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.facts, 3)
        layout.addWidget(self.requests_label)
        layout.addWidget(self.requests, 2)
        self.message = FieldMessage()
        layout.addWidget(self.message)
        self.facts.textChanged.connect(self._on_facts_typed)

    def _on_facts_typed(self) -> None:
        if not self.message.isHidden() and self.facts.toPlainText().strip():
            self.message.show_issues()  # the missing facts are written now
            mark_invalid(self.facts, False)

    def validatePage(self) -> bool:  # noqa: N802
        if not self.facts.toPlainText().strip():
            self.message.show_issues(summary_lines([_("Write down the main facts of the dispute.")]))
            mark_invalid(self.facts, True)
            reveal(self.facts)
            return False
        self.message.show_issues()
        return True

    def retranslate(self) -> None:
        self.setTitle(_("Facts and requests"))
        self.setSubTitle(_("In the parties' own words: what happened, and what each side asks for."))
        self.facts_label.setText(_("Main &facts and disputed issues"))
        self.requests_label.setText(_("&Requests of the parties"))


class FinishPage(QWizardPage):
    def __init__(self, wizard: IntakeWizard) -> None:
        super().__init__()
        self._wiz = wizard
        self.accept_now = QRadioButton()
        self.register_only = QRadioButton()
        self.refuse = QRadioButton()
        self.accept_now.setChecked(True)
        self.notice_given = QCheckBox()
        self.notice_given.setChecked(True)
        self.print_slip = QCheckBox()  # the four-part slip (四联单), printed once the case is registered
        self.reason = QComboBox()
        self.routes = QListWidget()
        self.routes.setMaximumHeight(180)
        self.note = QLineEdit()
        self.summary = role_label("", "muted")
        self.message = FieldMessage()
        self.level = StartLevelChoice()  # the level on the centre's ladder the case starts at
        self.level.combo.currentIndexChanged.connect(lambda _i: wizard.schedule_draft())
        self.refusal_box = QWidget()
        rf = QFormLayout(self.refusal_box)
        self.refusal_form = rf
        rf.addRow(QLabel(), self.reason)
        rf.addRow(QLabel(), self.routes)
        rf.addRow(QLabel(), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.level)
        layout.addWidget(self.accept_now)
        layout.addWidget(self.notice_given)
        layout.addWidget(self.register_only)
        layout.addWidget(self.refuse)
        layout.addWidget(self.refusal_box)
        layout.addWidget(self.print_slip)
        layout.addStretch(1)
        layout.addWidget(self.message)
        for b in (self.accept_now, self.register_only, self.refuse):
            b.toggled.connect(self._sync)
        self._sync()

    def set_lookups(self, reasons: list[Any], routes: list[Any]) -> None:
        self.reason.clear()
        self.reason.addItem(_("— choose —"), None)
        for r in reasons:
            self.reason.addItem(r.label, r.code)
        self.routes.clear()
        for r in routes:
            item = QListWidgetItem(r.label)
            item.setData(Qt.ItemDataRole.UserRole, r.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.routes.addItem(item)

    def _sync(self) -> None:
        self.refusal_box.setVisible(self.refuse.isChecked())
        self.notice_given.setEnabled(self.accept_now.isChecked())
        self.print_slip.setEnabled(not self.refuse.isChecked())
        self.level.setEnabled(not self.refuse.isChecked())  # a case not accepted is not put on the ladder

    def checked_routes(self) -> tuple[str, ...]:
        return tuple(
            self.routes.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.routes.count())
            if self.routes.item(i).checkState() == Qt.CheckState.Checked
        )

    def initializePage(self) -> None:  # noqa: N802
        names = [e.name.text().strip() for e in self._wiz.parties_page.editors if e.name.text().strip()]
        dtype = self._wiz.dispute_page.dispute_type.currentText()
        self.summary.setText(_("Parties: {names}\nType: {type}").format(names="、".join(names), type=dtype))

    def retranslate(self) -> None:
        self.setTitle(_("Register the case"))
        self.setSubTitle(_("Accepting issues the case number and starts the one-month mediation period."))
        self.accept_now.setText(_("&Accept the case now (issue the case number)"))
        self.notice_given.setText(_("The parties were told their rights and duties and agree to mediation"))
        self.register_only.setText(_("Register &only; decide on acceptance later"))
        self.refuse.setText(_("&Do not accept the case (record why and where the party was directed)"))
        self.print_slip.setText(_("Print the four-part slip (四联单) once registered"))
        self.level.retranslate()
        for row, text in enumerate((_("Reason"), _("Routes explained"), _("Note"))):
            self.refusal_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)


