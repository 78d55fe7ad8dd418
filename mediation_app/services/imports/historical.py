"""The historical import path: a past case from a ledger row registered, accepted, mediated and
ended in its final state through the same steps, guards and audit entries as a case worked in the
application, every step saying where it came from (the file and its row)."""

from __future__ import annotations

from typing import Any

from mediation_app.domain.enums import (
    AgreementForm,
    CaseSource,
    CaseStatus,
    ConsentKind,
    NoticeForm,
    TerminationKind,
)
from mediation_app.domain.ledger_values import HistoricalOutcome
from mediation_app.domain.lifecycle import Action, mediation_date_blockers
from mediation_app.domain.money import format_fen, parse_amount
from mediation_app.domain.numbering import parse_case_number
from mediation_app.i18n import _
from mediation_app.services.assignment import start_assignment
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.services.errors import GuardRefused, ValidationFailed
from mediation_app.services.imports.rows import HistoricalCase
from mediation_app.services.intake import CaseInput, IntakeService
from mediation_app.services.outcomes import record_termination
from mediation_app.storage import imports as qi
from mediation_app.storage.models import (
    AgreementRecord,
    AgreementTermRecord,
    CaseRecord,
    CommitteeRecord,
    ConsentRecord,
)
from mediation_app.storage.numbers import next_serial

IMPORT_SERIES = "import"  # serials of kept numbers in another committee's format (below zero)


def kept_number(s: Any, committee: CommitteeRecord, data: HistoricalCase, notes: list[str]) -> tuple[str, int, int] | None:
    """(number, year, serial) to keep the ledger's own case number, or None (a new number is issued,
    and a note says why when a number was given)."""
    number = " ".join(data.number.split())
    if not number:
        return None
    if len(number) > 80:
        notes.append(_("The case number {number} is too long to keep; the case gets a new number.").format(
            number=number[:40] + "…"))
        return None
    parsed = parse_case_number(committee.number_pattern, number)
    year, serial = parsed if parsed else (data.registered_on.year, None)
    if qi.case_number_taken(s, committee.id, number, year, serial):
        notes.append(_("The case number {number} is already in use; the case gets a new number.").format(
            number=number))
        return None
    if serial is not None:
        qi.raise_serial(s, committee.id, year, "case", serial)  # never issued again
        return number, year, serial
    return number, year, -next_serial(s, committee.id, year, IMPORT_SERIES)


class HistoricalCases:
    """Creates past cases inside the import's transaction; ``svc`` lends guards, moves and audit."""

    def __init__(self, svc: ServiceBase, intake: IntakeService) -> None:
        self.svc = svc
        self.intake = intake

    def create(self, s: Any, actor: Actor, data: HistoricalCase, provenance: str, details: dict[str, Any],
               notes: list[str]) -> CaseRecord:
        committee = s.get(CommitteeRecord, actor.committee_id)
        kept = kept_number(s, committee, data, notes)
        amount = parse_amount(data.amount, allow_empty=True).value
        base = CaseInput(parties=data.parties, dispute_type=data.dispute_type, subtype_code=data.subtype_code,
                         source=CaseSource.APPLICATION,
                         application_form=None, facts=data.facts or data.outcome_text, place=data.place or None,
                         amount=data.amount, registered_on=data.registered_on)
        case = self.intake.create_in(s, actor, base, details=details, kept=kept)
        if data.outcome is HistoricalOutcome.REFUSED:
            self.intake._refuse(s, actor, case, "other", data.routes, data.outcome_text)
            self._close(s, actor, case, data, provenance)
            return case
        for link in case.links:  # the ledger records the case as mediated: notice and consent were taken
            for consent in (ConsentKind.NOTICE_GIVEN, ConsentKind.CONSENT):
                s.add(ConsentRecord(case_party_id=link.id, kind=consent, form=NoticeForm.ORAL, on=data.registered_on,
                                    note=provenance, recorded_by=actor.user_id))
        s.flush()
        if data.mediator:
            found = qi.mediators_by_name(s, committee.id).get(data.mediator, [])
            if len(found) != 1:
                raise ValidationFailed({"mediator": (
                    _("There is no mediator named {name} on the roster; add them first (Administration → "
                      "Mediators).") if not found else
                    _("Several mediators are named {name}; the import cannot tell which one.")).format(
                        name=data.mediator)})
            start_assignment(self.svc, s, actor, case, found[0])
        self.intake._accept(s, actor, case, data.registered_on)
        self.svc.move(s, actor, case, CaseStatus.MEDIATING, provenance)
        outcome = data.outcome
        if outcome in (HistoricalOutcome.WRITTEN_AGREEMENT, HistoricalOutcome.ORAL_AGREEMENT):
            written = outcome is HistoricalOutcome.WRITTEN_AGREEMENT
            facts = self.svc.facts(s, case)
            self.svc.guard(Action.DRAFT_AGREEMENT if written else Action.ORAL_AGREEMENT, facts)
            dated = mediation_date_blockers(facts, data.closed_on, self.svc.clock.today(), _("The agreement"))
            if dated:
                raise GuardRefused(dated)
            # Agreement terms are document text, printed in Simplified Chinese whatever the interface.
            terms = [t.strip() for t in data.agreement.split("\n") if t.strip()]
            if not terms and amount:
                terms = [f"协议金额：{format_fen(amount, lang='zh_CN')}。"]
            if not terms:
                terms = [f"调解结果：{data.outcome_text}（据原台账登记）。"]
            agreement = AgreementRecord(
                case_id=case.id, form=AgreementForm.WRITTEN if written else AgreementForm.ORAL,
                facts=data.facts.strip(), drafted_on=data.closed_on if written else None, reached_on=data.closed_on,
                effective_on=data.closed_on)
            for seq, text in enumerate(terms, 1):
                agreement.terms.append(AgreementTermRecord(seq=seq, text=text))
            s.add(agreement)
            s.flush()
            self.svc.audit(s, actor, "agreement.import", "agreement", agreement.id, case.id,
                           {"form": agreement.form, **details})
            if written:
                self.svc.move(s, actor, case, CaseStatus.AGREEMENT_DRAFTED, provenance)
                self.svc.move(s, actor, case, CaseStatus.AGREEMENT_EFFECTIVE, provenance)
            else:
                self.svc.move(s, actor, case, CaseStatus.ORAL_AGREEMENT, provenance)
        else:
            kind = TerminationKind.WITHDRAWN if outcome is HistoricalOutcome.WITHDRAWN else TerminationKind.FAILED
            self.svc.guard(Action.WITHDRAW if kind is TerminationKind.WITHDRAWN else Action.TERMINATE,
                           self.svc.facts(s, case))
            record_termination(self.svc, s, actor, case, kind, data.outcome_text, data.routes, data.closed_on,
                               None, None)
        self._close(s, actor, case, data, provenance)
        return case

    def _close(self, s: Any, actor: Actor, case: CaseRecord, data: HistoricalCase, provenance: str) -> None:
        self.svc.guard(Action.CLOSE, self.svc.facts(s, case))
        case.closed_on = data.closed_on
        self.svc.move(s, actor, case, CaseStatus.CLOSED, provenance)
        self.svc.reindex(s, case)
