"""Intake: register a dispute (full or quick on-the-spot entry), accept, refuse, void."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from mediation_app.domain.deadlines import default_deadline
from mediation_app.domain.enums import (
    AgreementForm,
    CaseSource,
    CaseStatus,
    ConsentKind,
    DeadlineRule,
    DisputeType,
    ExternalRefKind,
    NoticeForm,
    PartyRole,
    RiskLevel,
)
from mediation_app.domain.lifecycle import Action, acceptance_date_blockers, registration_date_blockers
from mediation_app.domain.money import parse_amount
from mediation_app.domain.numbering import DEFAULT_PATTERN, WINDOW_WORD, format_case_number
from mediation_app.domain.permissions import Perm
from mediation_app.domain.vocabulary import Kind, Vocabulary, dispute_title
from mediation_app.i18n import _
from mediation_app.services.base import SUPERVISORS, ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.services.ladder.levels import move_level_in
from mediation_app.services.market.clock import market_due
from mediation_app.services.market.merchants import link_by_stall
from mediation_app.services.parties import PartyInput, PartyService, refresh_parties_text
from mediation_app.storage import queries as q
from mediation_app.storage import queries_centre as qc
from mediation_app.storage import queries_ladder as ql
from mediation_app.storage.models import (
    AgreementRecord,
    AgreementTermRecord,
    CaseLevelRecord,
    CaseRecord,
    CommitteeRecord,
    ConsentRecord,
    ExternalRefRecord,
    RiskAssessmentRecord,
    StatusChangeRecord,
)
from mediation_app.storage.numbers import next_serial


@dataclass(frozen=True)
class CaseInput:
    parties: tuple[PartyInput, ...]
    dispute_type: DisputeType | None = None
    subtype_code: str | None = None
    source: CaseSource = CaseSource.APPLICATION
    application_form: NoticeForm | None = NoticeForm.ORAL
    referrer_name: str | None = None
    referrer_contact: str | None = None
    referrer_deadline: dt.date | None = None
    referral_letter_no: str | None = None  # court 委派调解函号 / hotline ticket / grid report
    title: str = ""
    facts: str = ""
    requests: str = ""
    place: str | None = None
    amount: str = ""  # as typed: "¥1,000.00", "１０００" …
    persons_involved: int | None = None
    risk_level: RiskLevel = RiskLevel.BLUE
    registered_on: dt.date | None = None
    is_public: bool = False
    ladder_level_id: uuid.UUID | None = None  # the level of the ladder it starts at (None: not on the ladder)


@dataclass(frozen=True)
class QuickEntryInput:
    """随手调: on-the-spot mediation recorded in under a minute (domain.md §4.2)."""

    parties: tuple[PartyInput, ...]  # name and phone suffice
    dispute_type: DisputeType
    place: str
    summary: str  # three lines: what happened, what was agreed or why not
    outcome: str  # "oral_agreement" | "referred" | "not_settled"
    agreement_terms: tuple[str, ...] = ()
    referred_to: str | None = None
    subtype_code: str | None = None
    on: dt.date | None = None
    amount: str = ""
    routes: tuple[str, ...] = ()  # referred / not settled: the routes the parties were told of (asked)
    performed_on_the_spot: bool | None = None  # oral agreement: all done there and then? (asked)
    party_asked_written: bool = False
    confirm_oral: bool = False  # the user confirmed an oral agreement for something performed later


@dataclass(frozen=True)
class Refusal:
    """不予受理 at intake: a reason code from the list, the routes told, an optional note."""

    reason_code: str
    routes: tuple[str, ...]
    note: str = ""


def generated_title(s: Any, case: CaseRecord) -> str:
    """The dispute named as the forms name it when no title was typed: "马福海与李建国运输损坏合同纠纷"."""
    sub = q.subtype(s, case.subtype_code) if case.subtype_code else None
    vocab = Vocabulary({Kind.SUBTYPE: {sub.code: sub.label}} if sub else {})
    name = (vocab.words(Kind.DISPUTE_NAME, case.subtype_code) if case.subtype_code
            else vocab.words(Kind.DISPUTE_TYPE, case.dispute_type))
    applicants = [link.party.name for link in case.links if link.role == PartyRole.APPLICANT]
    others = [link.party.name for link in case.links if link.role != PartyRole.APPLICANT]
    return dispute_title(applicants, others, name)[:300]


def _referral_ref_kind(source: CaseSource) -> ExternalRefKind:
    return {
        CaseSource.COURT: ExternalRefKind.COURT_REFERRAL_LETTER,
        CaseSource.HOTLINE: ExternalRefKind.HOTLINE_TICKET,
        CaseSource.GRID: ExternalRefKind.GRID_REPORT,
        CaseSource.POLICE: ExternalRefKind.POLICE_CASE,
    }.get(source, ExternalRefKind.COURT_REFERRAL_LETTER)


def _level_problem(s: Any, level_id: uuid.UUID) -> str:
    """Why a case cannot start at ``level_id`` ('' when it can): only the levels the ladder offers now."""
    if any(lv.id == level_id for lv in ql.levels(s)):
        return ""
    removed = next((lv for lv in ql.levels(s, active_only=False) if lv.id == level_id), None)
    if removed is not None:
        return _("The level “{name}” was removed from the ladder; choose one of the levels it offers now.").format(
            name=removed.name)
    return _("That level is not on the centre's ladder; choose one of the levels it offers now.")


class IntakeService(ServiceBase):
    def __init__(self, db, clock, parties: PartyService) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, clock)
        self.parties = parties

    # -- registration -------------------------------------------------------------------------
    def _validate_case(self, s, data: CaseInput) -> tuple[DisputeType, int | None, dict[str, str]]:  # type: ignore[no-untyped-def]
        errors: dict[str, str] = {}
        if len(data.parties) < 1:
            errors["parties"] = _("Add at least one party.")
        dispute_type = data.dispute_type
        if data.subtype_code:
            sub = q.subtype(s, data.subtype_code)
            if sub is None:
                errors["subtype_code"] = _("Unknown dispute sub-type.")
            elif dispute_type is None:
                dispute_type = DisputeType(sub.core_type)
        if dispute_type is None:
            errors["dispute_type"] = _("Choose the type of dispute.")
        if data.source.is_referral and not (data.referrer_name or "").strip():
            errors["referrer_name"] = _("A referred case needs the referring body (court, police station, department …).")
        amount = parse_amount(data.amount, allow_empty=True)
        if not amount.ok:
            errors["amount"] = amount.errors[0].message
        if data.registered_on is not None:
            for reason in registration_date_blockers(data.registered_on, self.clock.today()):
                errors["registered_on"] = reason
        if data.ladder_level_id is not None:
            problem = _level_problem(s, data.ladder_level_id)
            if problem:
                errors["ladder_level"] = problem
        return dispute_type or DisputeType.OTHER, amount.value, errors

    def _new_case(self, s, actor: Actor, data: CaseInput, dispute_type: DisputeType, amount_fen: int | None,  # type: ignore[no-untyped-def]
                  quick: bool = False, window: bool = False, kept: tuple[str, int, int] | None = None) -> CaseRecord:
        committee = s.get(CommitteeRecord, actor.committee_id)
        if committee is None:
            raise NotFound(_("The committee of this account no longer exists."))
        if not committee.active:
            raise ValidationFailed(message=_("{name} is retired and takes no new cases.").format(name=committee.name))
        today = data.registered_on or self.clock.today()
        if kept is not None:  # a past case imported with its own number (number, year, serial)
            number, year, serial = kept
        elif window:
            # a window registration: the window's own series; the serial is kept negative so it never
            # meets the committee's case serials (the committee it is routed to numbers it afresh)
            year, serial = today.year, next_serial(s, committee.id, today.year, "window")
            number = format_case_number(DEFAULT_PATTERN, committee.short_name, WINDOW_WORD, year, serial)
            serial = -serial
        else:
            year, serial = today.year, next_serial(s, committee.id, today.year, "case")
            number = format_case_number(committee.number_pattern, committee.short_name, committee.case_word, year, serial)
        case = CaseRecord(
            committee_id=committee.id, number=number, search_id=q.next_search_id(s), year=year,
            serial=serial, status=CaseStatus.REGISTERED, title=data.title.strip(), source=data.source,
            referrer_name=(data.referrer_name or "").strip() or None,
            referrer_contact=(data.referrer_contact or "").strip() or None,
            referrer_deadline=data.referrer_deadline, application_form=data.application_form,
            dispute_type=dispute_type, subtype_code=data.subtype_code, facts=data.facts.strip(),
            requests=data.requests.strip(), place=(data.place or "").strip() or None, amount_fen=amount_fen,
            persons_involved=data.persons_involved, is_public=data.is_public, quick_entry=quick,
            registered_on=today, risk_level=data.risk_level, registered_by=actor.user_id,
            links=[],  # a new case has no parties yet: attaching the first reads nothing to count them
        )
        s.add(case)
        s.flush()
        s.add(StatusChangeRecord(case_id=case.id, from_status=None, to_status=CaseStatus.REGISTERED,
                                 at=self.clock.now(), by_user_id=actor.user_id))
        if data.referral_letter_no:
            s.add(ExternalRefRecord(case_id=case.id, kind=_referral_ref_kind(data.source),
                                    value=data.referral_letter_no.strip(), issued_on=None))
        if data.risk_level is not RiskLevel.BLUE:
            s.add(RiskAssessmentRecord(case_id=case.id, level=data.risk_level, reason=_("Graded at intake"),
                                       at=self.clock.now(), by_user_id=actor.user_id))
        return case

    def create_in(self, s: Any, actor: Actor, data: CaseInput, *, quick: bool = False,
                  details: dict[str, Any] | None = None, window: bool = False,
                  kept: tuple[str, int, int] | None = None) -> CaseRecord:
        """Validate and register a case with its parties inside the caller's transaction (shared by
        registration, quick entry, the screening ledger and the ledger import, which may keep a past
        case's own number: ``kept`` = (number, year, serial), checked unique by the caller). Every
        field error of every party is collected and raised together; the caller's transaction then
        rolls back whole."""
        data = self.cleaned(data)
        dispute_type, amount_fen, errors = self._validate_case(s, data)
        if window and data.ladder_level_id is not None:
            errors["ladder_level"] = _("A dispute registered at the window is put on the ladder of levels by the "
                                       "committee that takes it.")
        if errors:
            raise ValidationFailed(errors)
        case = self._new_case(s, actor, data, dispute_type, amount_fen, quick=quick, window=window, kept=kept)
        field_errors: dict[str, str] = {}
        warnings: dict[str, str] = {}
        for i, p in enumerate(data.parties):
            try:
                self.parties.attach(s, actor, case, p, prefix=f"parties.{i}.")
            except ValidationFailed as exc:
                field_errors.update(exc.field_errors)
                warnings.update(exc.warnings)
        if field_errors or warnings:
            raise ValidationFailed(field_errors, warnings=warnings)
        refresh_parties_text(case)
        for party_id, merchant_id in link_by_stall(s, case, self.clock.now()):
            self.audit(s, actor, "merchant.link", "party", party_id, case.id, {"merchant": str(merchant_id), "by": "stall"})
        if not case.title:
            case.title = generated_title(s, case)
        self.reindex(s, case)
        self.audit(s, actor, "case.register", "case", case.id, case.id, {"number": case.number, **(details or {})})
        if data.ladder_level_id is not None:  # the starting level: set by the rule every move on the ladder follows
            move_level_in(self, s, actor, case, data.ladder_level_id, "")
        return case

    def register(
        self, actor: Actor, data: CaseInput, accept: bool = False, consents: NoticeForm | None = None,
        refusal: Refusal | None = None,
    ) -> Changes:
        """Register a dispute (受理登记) with its parties; optionally, in the same transaction, accept
        it, record every party's notice and consent (``consents``: in which form), or refuse it."""
        self.require_role(actor, Perm.REGISTER_CASE)
        with self.db.write() as s:
            case = self.create_in(s, actor, data)
            self.intake_steps_in(s, actor, case, accept, consents, refusal)
            return self.changes(s, ChangeKind.CASE, case.id, created_id=case.id, number=case.number)

    def intake_steps_in(
        self, s: Any, actor: Actor, case: CaseRecord, accept: bool, consents: NoticeForm | None,
        refusal: Refusal | None,
    ) -> None:
        """What the intake form may do besides registering, inside the caller's transaction."""
        if refusal is not None and s.get(CaseLevelRecord, case.id) is not None:
            raise ValidationFailed({"ladder_level": _(
                "A case that is not accepted is not put on the ladder of levels; leave its level empty.")})
        if accept:
            self._accept(s, actor, case, case.registered_on)
        if consents is not None:
            self.parties.consent_all_in(s, actor, case, case.registered_on, consents)
        if refusal is not None:
            self._refuse(s, actor, case, refusal.reason_code, refusal.routes, refusal.note)

    # -- acceptance and refusal ---------------------------------------------------------------
    def _deadline(self, s, case: CaseRecord, accepted_on: dt.date) -> dt.date:  # type: ignore[no-untyped-def]
        if case.referrer_deadline:
            return case.referrer_deadline
        committee = s.get(CommitteeRecord, case.committee_id)
        return default_deadline(case.source, accepted_on, DeadlineRule(committee.deadline_rule))

    def _accept(self, s, actor: Actor, case: CaseRecord, on: dt.date) -> None:  # type: ignore[no-untyped-def]
        routing = qc.routing_of(s, case.id)
        if routing is not None and routing.status != "committee":
            raise GuardRefused([_("This dispute was registered at the centre's window; it is accepted by the "
                                  "committee it is routed to.")])
        facts = self.facts(s, case)
        self.guard(Action.ACCEPT, facts)
        dated = acceptance_date_blockers(facts, on, self.clock.today())
        if dated:
            raise GuardRefused(dated)
        if not case.links:
            raise ValidationFailed({"parties": _("A case cannot be accepted without parties.")})
        case.accepted_on = on
        case.deadline_on = self._deadline(s, case, on)
        case.market_due_on = market_due(s, case)
        self.move(s, actor, case, CaseStatus.ACCEPTED)
        self.audit(s, actor, "case.accept", "case", case.id, case.id, {"deadline": case.deadline_on})

    def accept(self, actor: Actor, case_id: uuid.UUID, on: dt.date | None = None) -> Changes:
        self.require_role(actor)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self._accept(s, actor, case, on or self.clock.today())
            return self.changes(s, ChangeKind.CASE, case.id)

    def refuse(
        self, actor: Actor, case_id: uuid.UUID, reason_code: str, routes: tuple[str, ...], note: str = ""
    ) -> Changes:
        """不予受理 (fact 7): a reason from the configured list and the routes the party was told of."""
        self.require_role(actor)
        note = self.cleaned_texts(note=note)["note"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self._refuse(s, actor, case, reason_code, routes, note)
            return self.changes(s, ChangeKind.CASE, case.id)

    def _refuse(self, s: Any, actor: Actor, case: CaseRecord, reason_code: str, routes: tuple[str, ...],
                note: str) -> None:
        errors: dict[str, str] = {}
        codes = {item.code for item in q.lookups(s, "refusal_reason")}
        if reason_code not in codes:
            errors["reason"] = _("Choose the reason for not accepting the case.")
        elif reason_code == "other" and not note.strip():
            errors["note"] = _("Describe the reason for not accepting the case.")
        route_codes = {item.code for item in q.lookups(s, "route")}
        if not routes:
            errors["routes"] = _("Record where the party was told to go (court, arbitration, department …).")
        elif not set(routes) <= route_codes:
            errors["routes"] = _("Unknown route.")
        if errors:
            raise ValidationFailed(errors)
        self.guard(Action.REFUSE, self.facts(s, case))
        case.refusal_reason_code = reason_code
        case.refusal_reason_text = note.strip() or None
        case.refusal_routes = "\n".join(routes)
        self.move(s, actor, case, CaseStatus.REFUSED, note.strip() or reason_code)

    def set_title(self, actor: Actor, case_id: uuid.UUID, title: str) -> Changes:
        """The case's title (卷名, the dispute's name in every document). Left blank, it is named as the
        forms name a dispute, from the current parties and type: "马福海与李建国运输损坏合同纠纷"."""
        self.require_role(actor)
        title = " ".join(self.cleaned_texts(title=title)["title"].split())
        if len(title) > 300:
            raise ValidationFailed({"title": _("A title has at most 300 characters.")})
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            case.title = title or generated_title(s, case)
            self.reindex(s, case)
            self.audit(s, actor, "case.title", "case", case.id, case.id, {"title": case.title})
            return self.changes(s, ChangeKind.CASE, case.id)

    def void(self, actor: Actor, case_id: uuid.UUID, reason: str) -> Changes:
        """Void a case entered by mistake. Its number is never reused."""
        self.require_role(actor, SUPERVISORS)
        reason = self.cleaned_texts(reason=reason)["reason"]
        if not reason.strip():
            raise ValidationFailed({"reason": _("Say why the case is voided.")})
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.VOID, self.facts(s, case))
            self.move(s, actor, case, CaseStatus.VOIDED, reason.strip())
            return self.changes(s, ChangeKind.CASE, case.id)

    # -- quick entry --------------------------------------------------------------------------
    def quick_entry(self, actor: Actor, data: QuickEntryInput) -> Changes:
        """随手调: registers, accepts and records the outcome in one transaction. An oral agreement
        produces an oral-agreement register entry and counts in the statistics."""
        self.require_role(actor, Perm.REGISTER_CASE)
        data = self.cleaned(data)
        errors: dict[str, str] = {}
        if len(data.parties) < 2:
            errors["parties"] = _("Quick entry needs both sides of the dispute (name and phone suffice).")
        if not data.summary.strip():
            errors["summary"] = _("Write a few lines on what happened.")
        if not data.place.strip():
            errors["place"] = _("Where did the mediation happen?")
        if data.outcome not in ("oral_agreement", "referred", "not_settled"):
            errors["outcome"] = _("Choose the outcome.")
        if data.outcome == "oral_agreement" and not [t for t in data.agreement_terms if t.strip()]:
            errors["agreement_terms"] = _("Write down what was agreed (law Art. 28 requires the content).")
        if data.outcome == "referred" and not (data.referred_to or "").strip():
            errors["referred_to"] = _("Say where the dispute was referred.")
        if data.outcome == "oral_agreement" and data.performed_on_the_spot is None:
            errors["performed_on_the_spot"] = _(
                "Say whether what was agreed was carried out on the spot (a payment due later calls for a "
                "written agreement).")
        if data.outcome in ("referred", "not_settled") and not data.routes:
            errors["routes"] = _("Tick the routes the parties were told of (court, arbitration, department …).")
        if errors:
            raise ValidationFailed(errors)
        if data.outcome == "oral_agreement" and data.party_asked_written:
            raise GuardRefused([_("A party asked for a written agreement; draft one instead of an oral agreement.")])
        if data.outcome == "oral_agreement" and data.performed_on_the_spot is False and not data.confirm_oral:
            raise ValidationFailed(warnings={"performed_on_the_spot": _(
                "Something agreed is still to be performed later; a written agreement is normally required "
                "(若干规定 Art. 34). Record it orally only if the parties do not want one.")})
        if actor.mediator_id is None:
            raise ValidationFailed(message=_("Quick entry is for mediators; this account is not linked to a mediator."))
        on = data.on or self.clock.today()
        base = CaseInput(
            parties=data.parties, dispute_type=data.dispute_type, subtype_code=data.subtype_code,
            source=CaseSource.INITIATIVE, application_form=NoticeForm.ORAL, facts=data.summary,
            place=data.place, amount=data.amount, registered_on=on,
        )
        from mediation_app.services.outcomes import record_termination  # shared with OutcomeService

        with self.db.write() as s:
            if data.outcome != "oral_agreement":
                known = {item.code for item in q.lookups(s, "route")}
                if not set(data.routes) <= known:
                    raise ValidationFailed({"routes": _("Unknown route.")})
            case = self.create_in(s, actor, base, quick=True)
            for link in case.links:  # on the spot the notice is given and consent taken orally
                for kind in (ConsentKind.NOTICE_GIVEN, ConsentKind.CONSENT):
                    s.add(ConsentRecord(case_party_id=link.id, kind=kind, form=NoticeForm.ORAL, on=on,
                                        recorded_by=actor.user_id))
            s.flush()
            from mediation_app.services.assignment import start_assignment

            start_assignment(self, s, actor, case, actor.mediator_id)
            self._accept(s, actor, case, on)
            self.move(s, actor, case, CaseStatus.MEDIATING)
            if data.outcome == "oral_agreement":
                agreement = AgreementRecord(case_id=case.id, form=AgreementForm.ORAL, facts=data.summary.strip(),
                                            reached_on=on, effective_on=on)
                for seq, text in enumerate([t.strip() for t in data.agreement_terms if t.strip()], 1):
                    agreement.terms.append(AgreementTermRecord(seq=seq, text=text))
                s.add(agreement)
                self.move(s, actor, case, CaseStatus.ORAL_AGREEMENT)
            else:
                reason = data.summary.strip() if data.outcome == "not_settled" else _("Referred to {to}").format(
                    to=(data.referred_to or "").strip())
                record_termination(self, s, actor, case, "failed", reason, tuple(data.routes), on, None, None)
            self.reindex(s, case)
            self.audit(s, actor, "case.quick_entry", "case", case.id, case.id,
                       {"outcome": data.outcome, "oral_confirmed": data.confirm_oral})
            return self.changes(s, ChangeKind.CASE, case.id, created_id=case.id, number=case.number)
