"""The guided intake: parties, dispute, facts and requests, then register (and accept) or refuse.

Every page checks its inputs as the user types; the service checks them again and its messages
are shown beside the fields they concern. Work in progress is saved as a draft after each edit, so
a crash or an accidental close loses nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
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
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mediation_app.domain.enums import CaseSource, DisputeType, NoticeForm, RiskLevel
from mediation_app.i18n import _
from mediation_app.services.intake import CaseInput
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.events import AppEvents
from mediation_app.ui.formatting import money_issues
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.theme import RISK_COLOURS
from mediation_app.ui.widgets.common import FieldMessage, error_text, mark_invalid, role_label
from mediation_app.ui.widgets.party_editor import PartyEditor

DRAFT_KEY = "intake"
DRAFT_DELAY_MS = 800


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
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_party(focus=True))
        self.message = FieldMessage()
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
        ok = all(e.validate_now() for e in self.editors)
        if not any(e.name.text().strip() for e in self.editors):
            self.message.show_issues([_("Add at least one party with a name.")])
            return False
        self.message.show_issues()
        return ok

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
        self.referrer_deadline = QDateEdit(QDate.currentDate().addDays(30))
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
        self.dispute_type.currentIndexChanged.connect(self._on_type_changed)
        self.source.currentIndexChanged.connect(self._on_source_changed)
        self.amount.editingFinished.connect(self._check_amount)
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

    def _check_amount(self) -> bool:
        issues = money_issues(self.amount.text())
        self.messages["amount"].show_issues(issues)
        mark_invalid(self.amount, bool(issues))
        return not issues

    def risk_level(self) -> RiskLevel:
        for value, b in self.risk_buttons.items():
            if b.isChecked():
                return RiskLevel(value)
        return RiskLevel.BLUE

    def validatePage(self) -> bool:  # noqa: N802
        ok = self._check_amount()
        if self.dispute_type.currentData() is None and self.subtype.currentData() is None:
            self.messages["dispute_type"].show_issues([_("Choose the type of dispute.")])
            ok = False
        referral = CaseSource(self.source.currentData()).is_referral
        if referral and not self.referrer_name.text().strip():
            self.messages["referrer_name"].show_issues(
                [_("A referred case needs the referring body (court, police station, department …).")])
            ok = False
        else:
            self.messages["referrer_name"].show_issues()
        return ok

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

    def validatePage(self) -> bool:  # noqa: N802
        if not self.facts.toPlainText().strip():
            self.message.show_issues([_("Write down the main facts of the dispute.")])
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
        self.reason = QComboBox()
        self.routes = QListWidget()
        self.routes.setMaximumHeight(180)
        self.note = QLineEdit()
        self.summary = role_label("", "muted")
        self.message = FieldMessage()
        self.refusal_box = QWidget()
        rf = QFormLayout(self.refusal_box)
        self.refusal_form = rf
        rf.addRow(QLabel(), self.reason)
        rf.addRow(QLabel(), self.routes)
        rf.addRow(QLabel(), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.accept_now)
        layout.addWidget(self.notice_given)
        layout.addWidget(self.register_only)
        layout.addWidget(self.refuse)
        layout.addWidget(self.refusal_box)
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
        self.register_only.setText(_("&Register only; decide on acceptance later"))
        self.refuse.setText(_("&Do not accept the case (record why and where the party was directed)"))
        for row, text in enumerate((_("Reason"), _("Routes explained"), _("Note"))):
            self.refusal_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)


class IntakeWizard(Retranslating, QWizard):
    """Signals:
    case_created(object): the new case's id, once registered.
    """

    case_created = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, drafts: DraftStore,
                 parent=None, *, offer_draft: bool = True, ledger_item: Any = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner, self.events, self.drafts = services, actor, runner, events, drafts
        self.ledger_item = ledger_item  # turning a screening-ledger item into a case
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.resize(1000, 760)
        self.parties_page = PartiesPage(self)
        self.dispute_page = DisputePage(self)
        self.facts_page = FactsPage(self)
        self.finish_page = FinishPage(self)
        for p in (self.parties_page, self.dispute_page, self.facts_page, self.finish_page):
            self.addPage(p)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._loading = True
        self.parties_page.add_party()
        self.parties_page.add_party()
        self._loading = False
        self.created_case_id: Any = None
        self.created_number: str | None = None
        self.retranslate()
        self._load_reference()
        if ledger_item is not None:
            self._from_ledger(ledger_item)
        elif offer_draft:
            self._offer_draft()

    # -- reference lists ------------------------------------------------------------------------------
    def _load_reference(self) -> None:
        ref = self.services.reference

        def load() -> tuple[list[Any], list[Any], list[Any]]:
            return ref.subtypes(), ref.lookups("refusal_reason"), ref.lookups("route")

        def show(result: tuple[list[Any], list[Any], list[Any]]) -> None:
            subtypes, reasons, routes = result
            self.dispute_page.set_subtypes(subtypes)
            self.finish_page.set_lookups(reasons, routes)

        self.runner.run(load, show, lambda _e: None)

    # -- drafts ----------------------------------------------------------------------------------------
    def schedule_draft(self) -> None:
        if not self._loading:
            self._draft_timer.start()

    def draft(self) -> dict[str, Any]:
        d = self.dispute_page
        return {
            "parties": [e.to_draft() for e in self.parties_page.editors],
            "dispute_type": d.dispute_type.currentData(), "subtype": d.subtype.currentData(),
            "source": d.source.currentData(), "application_form": d.application_form.currentData(),
            "referrer_name": d.referrer_name.text(), "referrer_contact": d.referrer_contact.text(),
            "letter_no": d.letter_no.text(), "title": d.title_edit.text(), "place": d.place.text(),
            "amount": d.amount.text(), "persons": d.persons.value(), "risk": d.risk_level().value,
            "facts": self.facts_page.facts.toPlainText(), "requests": self.facts_page.requests.toPlainText(),
        }

    def save_draft(self) -> None:
        self._draft_timer.stop()
        if self.created_case_id is None and self.ledger_item is None:
            self.drafts.save(DRAFT_KEY, self.draft())

    def load_draft(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            parties = data.get("parties") or []
            while len(self.parties_page.editors) < len(parties):
                self.parties_page.add_party()
            for editor, pd in zip(self.parties_page.editors, parties, strict=False):
                editor.load_draft(pd)
            d = self.dispute_page
            for combo, key in ((d.dispute_type, "dispute_type"), (d.source, "source"),
                               (d.application_form, "application_form")):
                i = combo.findData(data.get(key))
                if i >= 0:
                    combo.setCurrentIndex(i)
            i = d.subtype.findData(data.get("subtype"))
            if i >= 0:
                d.subtype.setCurrentIndex(i)
            for edit, key in ((d.referrer_name, "referrer_name"), (d.referrer_contact, "referrer_contact"),
                              (d.letter_no, "letter_no"), (d.title_edit, "title"), (d.place, "place"),
                              (d.amount, "amount")):
                edit.setText(str(data.get(key) or ""))
            d.persons.setValue(int(data.get("persons") or 0))
            if data.get("risk") in d.risk_buttons:
                d.risk_buttons[data["risk"]].setChecked(True)
            self.facts_page.facts.setPlainText(str(data.get("facts") or ""))
            self.facts_page.requests.setPlainText(str(data.get("requests") or ""))
        finally:
            self._loading = False

    def _offer_draft(self) -> None:
        data = self.drafts.load(DRAFT_KEY)
        if not data:
            return
        names = "、".join(p.get("name", "") for p in data.get("parties", []) if p.get("name")) or _("(no names yet)")
        box = QMessageBox(QMessageBox.Icon.Question, _("Unfinished intake"),
                          _("An intake form you had not finished was kept ({names}). Continue with it?").format(names=names),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("Continue it"))
        box.button(QMessageBox.StandardButton.No).setText(_("Start afresh"))
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.load_draft(data)
        else:
            self.drafts.discard(DRAFT_KEY)

    def _from_ledger(self, item: Any) -> None:
        names = [n for n in item.parties_text.replace("、", " ").replace("与", " ").split() if n]
        self._loading = True
        for editor, name in zip(self.parties_page.editors, names, strict=False):
            editor.name.setText(name)
        d = self.dispute_page
        d.dispute_type.setCurrentIndex(max(d.dispute_type.findData(item.dispute_type), 0))
        d.place.setText(item.area)
        if item.risk_level in d.risk_buttons:
            d.risk_buttons[item.risk_level].setChecked(True)
        self.facts_page.facts.setPlainText(item.facts)
        self._loading = False

    # -- submit ------------------------------------------------------------------------------------------
    def case_input(self) -> CaseInput:
        d, f = self.dispute_page, self.facts_page
        source = CaseSource(d.source.currentData())
        dtype = d.dispute_type.currentData()
        return CaseInput(
            parties=tuple(e.to_input() for e in self.parties_page.editors if e.name.text().strip()),
            dispute_type=DisputeType(dtype) if dtype else None,
            subtype_code=d.subtype.currentData(),
            source=source,
            application_form=None if source.is_referral else NoticeForm(d.application_form.currentData()),
            referrer_name=d.referrer_name.text().strip() or None if source.is_referral else None,
            referrer_contact=d.referrer_contact.text().strip() or None if source.is_referral else None,
            referrer_deadline=d.referrer_deadline.date().toPython() if source.is_referral else None,
            referral_letter_no=d.letter_no.text().strip() or None if source.is_referral else None,
            title=d.title_edit.text().strip(),
            facts=f.facts.toPlainText().strip(),
            requests=f.requests.toPlainText().strip(),
            place=d.place.text().strip() or None,
            amount=d.amount.text().strip(),
            persons_involved=d.persons.value() or None,
            risk_level=d.risk_level(),
        )

    def accept(self) -> None:  # Finish pressed (after FinishPage.validatePage)
        page = self.finish_page
        if page.refuse.isChecked() and page.reason.currentData() is None:
            page.message.show_issues([_("Choose the reason for not accepting the case.")])
            return
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        data = self.case_input()
        accept_now = page.accept_now.isChecked()
        notice = accept_now and page.notice_given.isChecked()
        refuse = (page.reason.currentData(), page.checked_routes(), page.note.text().strip()) if page.refuse.isChecked() else None
        svc, actor = self.services, self.actor

        ledger_item = self.ledger_item

        def work() -> Any:
            if ledger_item is not None:
                changes = svc.ledger.convert_to_case(actor, ledger_item.id, data)
                if accept_now:
                    svc.intake.accept(actor, changes.created_id)
            else:
                changes = svc.intake.register(actor, data, accept=accept_now)
            if notice:
                svc.parties.record_all_consents(actor, changes.created_id)
            if refuse is not None:
                svc.intake.refuse(actor, changes.created_id, refuse[0], refuse[1], refuse[2])
            return changes

        self.runner.run(work, self._on_done, self._on_error, write=True)

    def _on_done(self, changes: Any) -> None:
        self.created_case_id = changes.created_id
        self.created_number = changes.number
        self.drafts.discard(DRAFT_KEY)
        self.events.changed(changes)
        self.case_created.emit(changes.created_id)
        super().accept()

    def _on_error(self, exc: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        fields: dict[str, str] = dict(getattr(exc, "field_errors", {}) or {})
        warnings: dict[str, str] = dict(getattr(exc, "warnings", {}) or {})
        first_page = None
        for i, editor in enumerate(self.parties_page.editors):
            prefix = f"parties.{i}."
            errs = {k[len(prefix):]: v for k, v in fields.items() if k.startswith(prefix)}
            warns = {k[len(prefix):]: v for k, v in warnings.items() if k.startswith(prefix)}
            if errs or warns:
                editor.show_service_issues(errs, warns)
                first_page = first_page or self.parties_page
        for key in ("dispute_type", "referrer_name", "amount", "subtype_code"):
            if key in fields:
                self.dispute_page.messages[key].show_issues([fields[key]])
                first_page = first_page or self.dispute_page
        if warnings and not fields:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Please check"),
                              _("Some entries look unusual:") + "\n\n" + "\n".join(warnings.values())
                              + "\n\n" + _("Save anyway?"),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.button(QMessageBox.StandardButton.Yes).setText(_("Save anyway"))
            box.button(QMessageBox.StandardButton.No).setText(_("Go back and correct"))
            if box.exec() == QMessageBox.StandardButton.Yes:
                for editor in self.parties_page.editors:
                    editor.confirm_warnings = True
                self.accept()
                return
            first_page = self.parties_page
        self.finish_page.message.show_issues([error_text(exc)])
        if first_page is not None:
            while self.currentPage() is not first_page and self.currentId() > 0:
                self.back()

    def reject(self) -> None:
        self.save_draft()  # closing by accident keeps the work
        super().reject()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New case"))
        for p in (self.parties_page, self.dispute_page, self.facts_page, self.finish_page):
            p.retranslate()
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Register"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Close (keep draft)"))
