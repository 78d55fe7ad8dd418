"""The guided intake: parties, dispute, facts and requests, then register (and accept) or refuse.

Every page checks its inputs as the user types; the service checks them again and its messages
are shown beside the fields they concern. Work in progress is saved as a draft after each edit, so
a crash or an accidental close loses nothing.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QWizard,
)

from mediation_app.domain.enums import CaseSource, DisputeType, NoticeForm
from mediation_app.i18n import _
from mediation_app.services.intake import CaseInput, Refusal
from mediation_app.ui.drafts import DraftStore
from mediation_app.ui.events import AppEvents
from mediation_app.ui.intake_pages import DisputePage, FactsPage, FinishPage, PartiesPage
from mediation_app.ui.language import Retranslating
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import error_text
from mediation_app.ui.widgets.screen_fit import fit_to_screen, scroll_contents

DRAFT_KEY = "intake"
DRAFT_DELAY_MS = 800




class IntakeWizard(Retranslating, QWizard):
    """Signals:
    case_created(object): the new case's id, once registered.
    """

    case_created = Signal(object)

    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, drafts: DraftStore,
                 parent=None, *, offer_draft: bool = True, ledger_item: Any = None, window: bool = False) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner, self.events, self.drafts = services, actor, runner, events, drafts
        self.window_desk = window  # registering at the centre's window: the dispute then waits to be routed
        self.ledger_item = ledger_item  # turning a screening-ledger item into a case
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        fit_to_screen(self, 1000, 760)
        self.parties_page = PartiesPage(self)
        self.dispute_page = DisputePage(self)
        self.facts_page = FactsPage(self)
        self.finish_page = FinishPage(self)
        for p in (self.parties_page, self.dispute_page, self.facts_page, self.finish_page):
            self.addPage(p)
        for p in (self.dispute_page, self.facts_page, self.finish_page):  # the parties page scrolls already
            scroll_contents(p)  # a long page scrolls: the wizard never grows past the screen
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
        if window:  # the committee it is routed to accepts (or refuses) it
            page = self.finish_page
            page.register_only.setChecked(True)
            for w in (page.accept_now, page.notice_given, page.register_only, page.refuse, page.refusal_box):
                w.hide()
        self.retranslate()
        self._load_reference()
        if ledger_item is not None:
            self._from_ledger(ledger_item)
        elif offer_draft:
            self._offer_draft()

    # -- reference lists ------------------------------------------------------------------------------
    def _load_reference(self) -> None:
        ref = self.services.reference

        ladder, actor, window = self.services.ladder, self.actor, self.window_desk

        def load() -> tuple[list[Any], list[Any], list[Any], tuple[Any, ...]]:
            # the window routes a dispute; the committee that takes it puts it on the ladder
            levels = () if window else ladder.ladder(actor)
            return ref.subtypes(), ref.lookups("refusal_reason"), ref.lookups("route"), levels

        def show(result: tuple[list[Any], list[Any], list[Any], tuple[Any, ...]]) -> None:
            subtypes, reasons, routes, levels = result
            self.dispute_page.set_subtypes(subtypes)
            self.finish_page.set_lookups(reasons, routes)
            self.finish_page.level.set_levels(levels)

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
            "ladder_level": str(level) if (level := self.finish_page.level.level_id()) else None,
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
            if data.get("ladder_level"):
                with contextlib.suppress(ValueError):
                    self.finish_page.level.select(uuid.UUID(str(data["ladder_level"])))
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
            ladder_level_id=None if self.window_desk or self.finish_page.refuse.isChecked()
            else self.finish_page.level.level_id(),
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

        ledger_item, window = self.ledger_item, self.window_desk

        consents = NoticeForm.WRITTEN if notice else None

        refusal = Refusal(*refuse) if refuse is not None else None

        def work() -> Any:  # one user action, one transaction: all of it is saved or none
            if window:
                return svc.routing.register(actor, data)
            if ledger_item is not None:
                return svc.ledger.convert_to_case(actor, ledger_item.id, data, accept=accept_now, consents=consents,
                                                  refusal=refusal)
            return svc.intake.register(actor, data, accept=accept_now, consents=consents, refusal=refusal)

        self.runner.run(work, self._on_done, self._on_error, write=True)

    def _on_done(self, changes: Any) -> None:
        self.created_case_id = changes.created_id
        self.created_number = changes.number
        self.drafts.discard(DRAFT_KEY)
        self.events.changed(changes)
        self.case_created.emit(changes.created_id)
        if self.finish_page.print_slip.isChecked() and self.finish_page.print_slip.isEnabled():
            from mediation_app.ui.slips import print_slip

            svc, actor, case_id = self.services, self.actor, changes.created_id
            print_slip(self.parentWidget() or self, self.runner, self.events,
                       lambda: svc.slips.print_for_case(actor, case_id))
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
        if "ladder_level" in fields:
            self.finish_page.level.message.show_issues([fields["ladder_level"]])
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
        self.setWindowTitle(_("Register a dispute at the window") if self.window_desk else _("New case"))
        for p in (self.parties_page, self.dispute_page, self.facts_page, self.finish_page):
            p.retranslate()
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Register"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Close (keep draft)"))
