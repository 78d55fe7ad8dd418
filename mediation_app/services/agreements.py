"""Agreements: draft and check a written agreement, record each party's execution, the
mediator's signature and the seal (then it takes effect, fact 14); record oral agreements."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mediation_app.domain.agreement_check import (
    AgreementCheck,
    AgreementDraft,
    PartyParticulars,
    check_agreement,
)
from mediation_app.domain.enums import (
    AgentKind,
    AgreementForm,
    CaseStatus,
    DisputeType,
    ExecutionMethod,
    PartyKind,
    Sex,
    agent_kind,
)
from mediation_app.domain.ethnicity import ethnicity_label
from mediation_app.domain.fingerprint import content_hash, obligation_content, part_hashes
from mediation_app.domain.lifecycle import Action, mediation_date_blockers
from mediation_app.domain.numbering import format_case_number
from mediation_app.domain.parallel_text import numbered_terms, split_text
from mediation_app.domain.schedule import Period, schedule_end
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.services.read_models import PartyView
from mediation_app.storage import queries as q
from mediation_app.storage.models import (
    AgreementRecord,
    AgreementTermRecord,
    CaseRecord,
    CommitteeRecord,
    ExecutionRecord,
    ObligationRecord,
)
from mediation_app.storage.numbers import next_serial


@dataclass(frozen=True)
class ObligationInput:
    obligor_link_id: uuid.UUID
    amount_fen: int | None
    due_on: dt.date | None
    obligee_link_id: uuid.UUID | None = None
    description: str = ""
    place: str | None = None
    method: str | None = None
    period: str = ""  # domain.schedule.Period; amount_fen is then per period, due_on the first date
    until: dt.date | None = None  # last due date of a recurring obligation (None: open-ended)


@dataclass(frozen=True)
class AgreementInput:
    facts: str
    issues: str
    terms: tuple[str, ...]
    performance_method: str = ""
    performance_place: str = ""
    performance_deadline: dt.date | None = None
    obligations: tuple[ObligationInput, ...] = ()
    responsibilities: str = ""
    originals_override: int | None = None
    personal_status: bool | None = None  # None: as the case's sub-type suggests
    recorder_name: str | None = None
    interpreter_name: str | None = None
    tibetan_text: str | None = None
    party_asked_written: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def particulars_of(parties: Iterable[PartyView]) -> tuple[PartyParticulars, ...]:
    """The agreement checker's view of the parties of a case detail (the editor's live checklist)."""
    return tuple(
        PartyParticulars(
            key=str(p.link_id), kind=PartyKind(p.kind), name=p.name, sex=Sex(p.sex) if p.sex else None,
            ethnicity=ethnicity_label(p.ethnicity) if p.ethnicity else None, age=p.age,
            occupation=p.occupation, contact=p.phone, address=p.address,
            legal_rep_name=p.legal_rep_name, legal_rep_title=p.legal_rep_title,
            statutory_agent=bool(p.agent_name) and p.agent_kind == AgentKind.STATUTORY,
        )
        for p in parties
    )


def personal_status_suggested(s: Any, case: CaseRecord) -> bool:
    """The case's sub-type usually concerns marriage, adoption or another personal-status relation."""
    sub = q.subtype(s, case.subtype_code) if case.subtype_code else None
    return bool(sub is not None and sub.personal_status)


def draft_of(case: CaseRecord, a: AgreementRecord, suggested: bool = False) -> AgreementDraft:
    """The agreement checker's view of a stored agreement."""
    parties = []
    for link in case.links:
        p = link.party
        parties.append(
            PartyParticulars(
                key=str(link.id), kind=PartyKind(p.kind), name=p.name,
                sex=Sex(p.sex) if p.sex else None, ethnicity=ethnicity_label(p.ethnicity) if p.ethnicity else None,
                age=p.age, occupation=p.occupation, contact=p.phone, address=p.address,
                legal_rep_name=p.legal_rep_name, legal_rep_title=p.legal_rep_title,
                statutory_agent=bool(link.agent_name) and agent_kind(link.agent_authority) == AgentKind.STATUTORY,
            )
        )
    return AgreementDraft(
        parties=tuple(parties), facts=a.facts, issues=a.issues, terms=tuple(t.text for t in a.terms),
        performance_method=a.performance_method, performance_place=a.performance_place,
        performance_deadline=a.performance_deadline,
        obligation_due_dates=tuple(o.due_on for o in a.obligations),
        obligation_periods=tuple(o.period or "" for o in a.obligations),
        obligation_until=tuple(o.period_until for o in a.obligations),
        translated_terms=numbered_terms(split_text(a.tibetan_text)[1]) if a.tibetan_text else None,
        originals_override=a.originals_override,
        executed_party_keys=frozenset(str(e.case_party_id) for e in a.executions),
        mediator_signed=a.mediator_signed_on is not None, seal_affixed=a.seal_affixed_on is not None,
        recorder_name=a.recorder_name or "", dispute_type=DisputeType(case.dispute_type),
        personal_status=a.personal_status, personal_status_suggested=suggested,
    )


def fingerprint_content(case: CaseRecord, a: AgreementRecord) -> dict[str, Any]:
    """What a printed agreement's verification code covers: everything that binds the parties.
    The documents layer prints ``verification_code`` of exactly this mapping."""
    names = {link.id: link.party.name for link in case.links}
    return {
        "case": case.number,
        "agreement": a.number or "",
        "parties": [
            {"name": link.party.name, "role": link.role, "id": link.party.id_number or link.party.credit_code or ""}
            for link in case.links
        ],
        "facts": a.facts,
        "issues": a.issues,
        "responsibilities": a.responsibilities,
        "terms": [t.text for t in a.terms],
        "obligations": [
            obligation_content(obligor=names.get(o.obligor_id, ""),
                               obligee=names.get(o.obligee_id, "") if o.obligee_id else "", amount_fen=o.amount_fen,
                               due_on=o.due_on, place=o.place or "", method=o.method or "", description=o.description,
                               period=o.period, until=o.period_until)
            for o in a.obligations
        ],
        "performance": [a.performance_method, a.performance_place, a.performance_deadline],
        "originals": a.originals_override or len(case.links) + 1,
    }


class AgreementService(ServiceBase):
    def _written(self, s: Any, case: CaseRecord) -> AgreementRecord | None:
        return next((a for a in reversed(q.agreements(s, case.id)) if a.form == AgreementForm.WRITTEN), None)

    def _fill(self, s: Any, case: CaseRecord, a: AgreementRecord, data: AgreementInput) -> None:
        links = {link.id for link in case.links}
        errors: dict[str, str] = {}
        for i, o in enumerate(data.obligations):
            if o.obligor_link_id not in links:
                errors[f"obligations.{i}.obligor"] = _("Instalment {n}: choose who pays or performs.").format(n=i + 1)
            if o.obligee_link_id is not None and o.obligee_link_id not in links:
                errors[f"obligations.{i}.obligee"] = _("Instalment {n}: the recipient is not a party.").format(n=i + 1)
            if o.amount_fen is not None and o.amount_fen <= 0:
                errors[f"obligations.{i}.amount"] = _("Instalment {n}: the amount must be more than zero.").format(n=i + 1)
            if o.period not in Period._value2member_map_:
                errors[f"obligations.{i}.period"] = _("Instalment {n}: choose how often it falls due.").format(n=i + 1)
            if o.obligee_link_id == o.obligor_link_id and o.obligee_link_id is not None:
                errors[f"obligations.{i}.obligee"] = _("Instalment {n}: payer and recipient are the same party.").format(
                    n=i + 1)
        if data.originals_override is not None and not 1 <= data.originals_override <= 20:
            errors["originals_override"] = _("The number of originals must be between 1 and 20.")
        elif data.originals_override is not None and data.originals_override < len(links) + 1:
            errors["originals_override"] = _(  # law Art. 29: each party holds one, the committee keeps one
                "{count} originals are too few: each of the {parties} parties holds one and the committee keeps "
                "one ({needed} at least).").format(count=data.originals_override, parties=len(links),
                                                   needed=len(links) + 1)
        if errors:
            raise ValidationFailed(errors)
        a.facts, a.issues, a.responsibilities = data.facts.strip(), data.issues.strip(), data.responsibilities.strip()
        a.performance_method, a.performance_place = data.performance_method.strip(), data.performance_place.strip()
        a.performance_deadline = data.performance_deadline or schedule_end(
            (o.due_on, o.period, o.until) for o in data.obligations)[0]
        a.originals_override = data.originals_override
        a.personal_status = (personal_status_suggested(s, case) if data.personal_status is None
                             else data.personal_status)
        a.recorder_name = (data.recorder_name or "").strip() or None
        a.interpreter_name = (data.interpreter_name or "").strip() or None
        a.tibetan_text = (data.tibetan_text or "").strip() or None
        a.party_asked_written = data.party_asked_written
        a.terms.clear()
        a.obligations.clear()
        s.flush()
        for seq, text in enumerate([t.strip() for t in data.terms if t.strip()], 1):
            a.terms.append(AgreementTermRecord(seq=seq, text=text))
        for seq, o in enumerate(data.obligations, 1):
            a.obligations.append(ObligationRecord(
                seq=seq, obligor_id=o.obligor_link_id, obligee_id=o.obligee_link_id, description=o.description.strip(),
                amount_fen=o.amount_fen, due_on=o.due_on, place=(o.place or "").strip() or None,
                method=(o.method or "").strip() or None, period=o.period or None,
                period_until=o.until if o.period else None))

    def save_draft(self, actor: Actor, case_id: uuid.UUID, data: AgreementInput) -> Changes:
        """Create or update the written agreement draft. Executions already recorded are cleared,
        because the parties signed a different text."""
        self.require_role(actor)
        data = self.cleaned(data)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.DRAFT_AGREEMENT, self.facts(s, case))
            a = self._written(s, case)
            if a is not None and a.effective_on:
                raise GuardRefused([_("The agreement is already in effect and cannot be changed.")])
            if a is None:
                committee = s.get(CommitteeRecord, case.committee_id)
                assert committee is not None
                year = self.clock.today().year
                serial = next_serial(s, committee.id, year, "agreement")
                number = format_case_number(committee.number_pattern, committee.short_name, committee.agreement_word,
                                            year, serial)
                a = AgreementRecord(case_id=case.id, form=AgreementForm.WRITTEN, number=number,
                                    drafted_on=self.clock.today())
                s.add(a)
                s.flush()
            elif a.executions:
                a.executions.clear()
                a.mediator_signed_on = a.seal_affixed_on = None
            self._fill(s, case, a, data)
            if case.status != CaseStatus.AGREEMENT_DRAFTED:
                self.move(s, actor, case, CaseStatus.AGREEMENT_DRAFTED)
            self.audit(s, actor, "agreement.draft", "agreement", a.id, case.id, {"number": a.number})
            return self.changes(s, ChangeKind.AGREEMENT, case.id, created_id=a.id, number=a.number)

    def check(self, actor: Actor, case_id: uuid.UUID) -> AgreementCheck:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            a = self._written(s, case)
            if a is None:
                raise NotFound(_("No written agreement has been drafted."))
            return check_agreement(draft_of(case, a, personal_status_suggested(s, case)))

    def record_execution(
        self, actor: Actor, case_id: uuid.UUID, link_id: uuid.UUID, method: ExecutionMethod,
        signer_name: str | None = None, on: dt.date | None = None,
    ) -> Changes:
        """A party signed, sealed or put a fingerprint on the printed agreement (fact 12)."""
        self.require_role(actor)
        signer_name = self.cleaned_texts(signer_name=signer_name)["signer_name"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.EXECUTE_AGREEMENT, self.facts(s, case))
            a = self._written(s, case)
            if a is None:
                raise NotFound(_("No written agreement has been drafted."))
            check = check_agreement(draft_of(case, a))
            if check.missing:
                raise GuardRefused([_("The agreement is incomplete and cannot be signed:")]
                                   + [i.message for i in check.missing])
            link = next((lk for lk in case.links if lk.id == link_id), None)
            if link is None:
                raise NotFound(_("No such party in this case."))
            if link.party.kind == PartyKind.LEGAL and method != ExecutionMethod.SIGNATURE_AND_SEAL:
                raise ValidationFailed({"method": _(
                    "{name} is an organisation: its representative signs and the company seal is affixed.").format(
                    name=link.party.name)})
            if any(e.case_party_id == link_id for e in a.executions):
                raise ValidationFailed(message=_("{name} has already executed the agreement.").format(name=link.party.name))
            a.executions.append(ExecutionRecord(
                case_party_id=link_id, method=method, signer_name=(signer_name or link.party.name).strip(),
                executed_on=on or self.clock.today()))
            s.flush()
            self.audit(s, actor, "agreement.execute", "agreement", a.id, case.id,
                       {"party": str(link_id), "method": method})
            self._maybe_effective(s, actor, case, a)
            return self.changes(s, ChangeKind.AGREEMENT, case.id)

    def record_mediator_signature_and_seal(
        self, actor: Actor, case_id: uuid.UUID, signed_on: dt.date | None = None, sealed_on: dt.date | None = None,
    ) -> Changes:
        self.require_role(actor)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.EXECUTE_AGREEMENT, self.facts(s, case))
            a = self._written(s, case)
            if a is None:
                raise NotFound(_("No written agreement has been drafted."))
            check = check_agreement(draft_of(case, a))
            if check.missing:
                raise GuardRefused([i.message for i in check.missing])
            a.mediator_signed_on = signed_on or self.clock.today()
            a.seal_affixed_on = sealed_on or a.mediator_signed_on
            self.audit(s, actor, "agreement.sign_seal", "agreement", a.id, case.id)
            self._maybe_effective(s, actor, case, a)
            return self.changes(s, ChangeKind.AGREEMENT, case.id)

    def _maybe_effective(self, s: Any, actor: Actor, case: CaseRecord, a: AgreementRecord) -> None:
        """Law Art. 29: effective when every party executed AND the mediator signed AND the seal
        is on; the effective date is the latest of those dates, not the print date."""
        check = check_agreement(draft_of(case, a))
        if not check.can_take_effect:
            return
        dates = [e.executed_on for e in a.executions] + [a.mediator_signed_on, a.seal_affixed_on]
        a.effective_on = max(d for d in dates if d is not None)
        content = fingerprint_content(case, a)
        a.content_hash = content_hash(content)
        self.move(s, actor, case, CaseStatus.AGREEMENT_EFFECTIVE)
        self.audit(s, actor, "agreement.effective", "agreement", a.id, case.id,
                   {"effective_on": a.effective_on, "hash": a.content_hash, "parts": part_hashes(content)})

    def record_oral(
        self, actor: Actor, case_id: uuid.UUID, terms: tuple[str, ...], facts: str, reached_on: dt.date | None = None,
        has_civil_obligations: bool = False, party_asked_written: bool = False, performance_method: str = "",
        confirm_oral: bool = False,
    ) -> Changes:
        """口头协议 (law Arts. 28, 30): the content is recorded; effective the day it is reached.
        Fact 16: civil rights and obligations, or a party asking, call for a written agreement."""
        self.require_role(actor)
        texts = self.cleaned_texts(terms=terms, facts=facts, performance_method=performance_method)
        terms, facts, performance_method = texts["terms"], texts["facts"], texts["performance_method"]
        terms = tuple(t.strip() for t in terms if t.strip())
        if not terms:
            raise ValidationFailed({"terms": _("Write down what was agreed (law Art. 28 requires the content).")})
        if party_asked_written:
            raise GuardRefused([_("A party asked for a written agreement; draft one instead of an oral agreement.")])
        if has_civil_obligations and not confirm_oral:
            raise ValidationFailed(warnings={"form": _(
                "The outcome creates civil rights and obligations; a written agreement is normally required "
                "(若干规定 Art. 34). Record it orally only if it was performed on the spot.")})
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            guard_facts = self.facts(s, case)
            self.guard(Action.ORAL_AGREEMENT, guard_facts)
            on = reached_on or self.clock.today()
            dated = mediation_date_blockers(guard_facts, on, self.clock.today(), _("The oral agreement"))
            if dated:
                raise GuardRefused(dated)
            a = AgreementRecord(case_id=case.id, form=AgreementForm.ORAL, facts=facts.strip(), reached_on=on,
                                effective_on=on, performance_method=performance_method.strip())
            for seq, text in enumerate(terms, 1):
                a.terms.append(AgreementTermRecord(seq=seq, text=text))
            s.add(a)
            s.flush()
            self.move(s, actor, case, CaseStatus.ORAL_AGREEMENT)
            self.audit(s, actor, "agreement.oral", "agreement", a.id, case.id)
            return self.changes(s, ChangeKind.AGREEMENT, case.id, created_id=a.id)
