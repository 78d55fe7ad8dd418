"""Judicial confirmation (司法确认, law Art. 33; domain §1.8, facts 17–20 and 38): which court,
the joint application within 30 days, the court's outcome with its number, and the package."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from mediation_app.domain.deadlines import CONFIRMATION_REAPPLY_AFTER, confirmation_deadline, default_deadline
from mediation_app.domain.enums import (
    AgentKind,
    AgreementForm,
    CaseSource,
    CaseStatus,
    ConfirmationOutcome,
    DeadlineRule,
    EvidenceKind,
    ExternalRefKind,
    agent_kind,
)
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.services.read_models import ConfirmationView
from mediation_app.storage import queries as q
from mediation_app.storage import queries_followup as qf
from mediation_app.storage.models import (
    AgreementRecord,
    CaseRecord,
    CommitteeRecord,
    ConfirmationRecord,
    ExternalRefRecord,
)

# Bases of jurisdiction (fact 19; CPL 2021 Art. 201).
REFERRING_COURT = "referring_court"
DOMICILE = "domicile"
SUBJECT_MATTER = "subject_matter"
COMMITTEE = "committee"
BASES = (REFERRING_COURT, DOMICILE, SUBJECT_MATTER, COMMITTEE)

CERTIFICATE_DOCUMENT_KINDS = frozenset({"mediation_certificate", "certificate"})


@dataclass(frozen=True)
class ChecklistItem:
    """One item of the package the court needs (fact 18)."""

    key: str
    label: str
    present: bool
    detail: str = ""  # what is missing, or what was found


def _effective_written(s: Any, case_id: uuid.UUID) -> AgreementRecord | None:
    agreement = qf.current_agreement(s, case_id, AgreementForm.WRITTEN)
    return agreement if agreement is not None and agreement.effective_on is not None else None


class ConfirmationService(ServiceBase):
    # -- which court --------------------------------------------------------------------------
    def court_choices(self, actor: Actor, case_id: uuid.UUID) -> list[tuple[str, str]]:
        """(basis, label) pairs: the court that referred or invited the mediation; otherwise the
        basic courts where a party is domiciled, where the subject matter is, where the committee is."""
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return self._choices(s, case)

    @staticmethod
    def _choices(s: Any, case: CaseRecord) -> list[tuple[str, str]]:
        if case.source == CaseSource.COURT and case.referrer_name:
            return [
                (
                    REFERRING_COURT,
                    _("{court} (referred or invited the mediation)").format(court=case.referrer_name),
                )
            ]
        out: list[tuple[str, str]] = []
        for link in case.links:
            if link.party.address:
                out.append(
                    (
                        DOMICILE,
                        _("Basic court where {party} is domiciled: {address}").format(
                            party=link.party.name, address=link.party.address
                        ),
                    )
                )
        if case.place:
            out.append(
                (
                    SUBJECT_MATTER,
                    _("Basic court where the subject matter is: {place}").format(place=case.place),
                )
            )
        committee = s.get(CommitteeRecord, case.committee_id)
        where = committee.address or committee.name
        out.append((COMMITTEE, _("Basic court where the committee is: {where}").format(where=where)))
        return out

    # -- application --------------------------------------------------------------------------
    def apply(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        court: str,
        basis: str,
        applied_on: dt.date,
        joint: bool = True,
    ) -> Changes:
        """Record the parties' joint application. Refused when not joint (law Art. 33), for a
        personal-status agreement (fact 20) and after effective date + 30 days (fact 17)."""
        self.require_role(actor)
        court = self.cleaned_texts(court=court)["court"]
        errors: dict[str, str] = {}
        if not joint:
            errors["joint"] = _(
                "Both parties must apply for judicial confirmation jointly (law Art. 33); "
                "one party alone cannot apply."
            )
        if not (court or "").strip():
            errors["court"] = _("Name the court the application goes to.")
        if basis not in BASES:
            errors["basis"] = _("Choose why this court has jurisdiction.")
        if applied_on > self.clock.today():
            errors["applied_on"] = _("The application date cannot be in the future.")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.APPLY_CONFIRMATION, self.facts(s, case))
            agreement = _effective_written(s, case.id)
            if agreement is None:
                raise GuardRefused([_("Judicial confirmation needs a written agreement that is in effect.")])
            if agreement.personal_status:
                raise GuardRefused(
                    [
                        _(
                            "This agreement concerns marriage, adoption or another personal-status "
                            "relation; courts do not confirm such agreements."
                        )
                    ]
                )
            offered = {b for b, _label in self._choices(s, case)}
            if basis not in offered:
                raise ValidationFailed(
                    {
                        "basis": _(
                            "This case was referred by {court}; the application goes to that court."
                        ).format(court=case.referrer_name)
                        if REFERRING_COURT in offered
                        else _("That basis of jurisdiction is not available for this case.")
                    }
                )
            assert agreement.effective_on is not None
            deadline = confirmation_deadline(agreement.effective_on)
            if applied_on > deadline:
                raise ValidationFailed(
                    {
                        "applied_on": _(
                            "The 30-day period for judicial confirmation ended on {deadline} (the agreement took "
                            "effect on {effective})."
                        ).format(deadline=deadline.isoformat(), effective=agreement.effective_on.isoformat())
                    }
                )
            if applied_on < agreement.effective_on:
                raise ValidationFailed(
                    {
                        "applied_on": _(
                            "The application cannot be earlier than the day the agreement took effect ({effective})."
                        ).format(effective=agreement.effective_on.isoformat())
                    }
                )
            for earlier in q.confirmations(s, case.id):
                if earlier.agreement_id == agreement.id and earlier.outcome not in CONFIRMATION_REAPPLY_AFTER:
                    raise ValidationFailed(
                        message=_(
                            "An application to {court} made on {date} is already recorded ({outcome})."
                        ).format(
                            court=earlier.court,
                            date=earlier.applied_on.isoformat(),
                            outcome=ConfirmationOutcome(earlier.outcome).label(),
                        )
                    )
            rec = ConfirmationRecord(
                case_id=case.id,
                agreement_id=agreement.id,
                court=court.strip(),
                court_basis=basis,
                applied_on=applied_on,
                joint=True,
                outcome=ConfirmationOutcome.PENDING,
            )
            s.add(rec)
            s.flush()
            self.audit(
                s,
                actor,
                "confirmation.apply",
                "confirmation",
                rec.id,
                case.id,
                {"court": rec.court, "basis": basis, "applied_on": applied_on},
            )
            return self.changes(s, ChangeKind.CONFIRMATION, case.id, created_id=rec.id)

    def mediate_again(self, actor: Actor, case_id: uuid.UUID, reason: str = "") -> Changes:
        """After a court confirmed the agreement invalid, the parties chose to mediate again, to change
        it or to reach a new one (law Art. 33). The agreement stays in the file, superseded, with the
        ruling; the case is mediating again with a new deadline counted from today by the committee's
        rule, and nothing of the old agreement falls due any more."""
        self.require_role(actor)
        reason = (self.cleaned_texts(reason=reason)["reason"] or "").strip()
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.MEDIATE_AGAIN, self.facts(s, case))
            superseded = []
            for agreement in q.agreements(s, case.id):
                agreement.superseded = True
                superseded.append(str(agreement.id))
            today = self.clock.today()
            committee = s.get(CommitteeRecord, case.committee_id)
            assert committee is not None  # a case's committee is never deleted (foreign key)
            case.deadline_on = default_deadline(case.source, today, DeadlineRule(committee.deadline_rule))
            case.extended_until = None
            self.move(s, actor, case, CaseStatus.MEDIATING, reason=reason or None)
            self.audit(s, actor, "case.mediate_again", "case", case.id, case.id,
                       {"superseded": superseded, "deadline": case.deadline_on.isoformat(), "reason": reason or None})
            return self.changes(s, ChangeKind.CONFIRMATION, case.id)

    def record_outcome(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        confirmation_id: uuid.UUID,
        outcome: ConfirmationOutcome,
        on: dt.date,
        court_case_number: str | None = None,
    ) -> Changes:
        """The court's decision. A confirmation needs the court's case number (调确字号, fact 38)."""
        self.require_role(actor)
        court_case_number = self.cleaned_texts(court_case_number=court_case_number)["court_case_number"]
        number = (court_case_number or "").strip()
        errors: dict[str, str] = {}
        if outcome is ConfirmationOutcome.PENDING:
            errors["outcome"] = _("Choose what the court decided.")
        if outcome is ConfirmationOutcome.CONFIRMED and not number:
            errors["court_case_number"] = _(
                "A confirmation needs the court's case number (调确字号) from the ruling."
            )
        if on > self.clock.today():
            errors["on"] = _("The court's decision date cannot be in the future.")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            rec = s.get(ConfirmationRecord, confirmation_id)
            if rec is None or rec.case_id != case.id:
                raise NotFound(_("No such judicial confirmation application in this case."))
            if rec.outcome != ConfirmationOutcome.PENDING:
                raise ValidationFailed(
                    message=_(
                        "The court's decision on this application is already recorded: {outcome}."
                    ).format(outcome=ConfirmationOutcome(rec.outcome).label())
                )
            if on < rec.applied_on:
                raise ValidationFailed(
                    {
                        "on": _("The court cannot decide before the application of {date}.").format(
                            date=rec.applied_on.isoformat()
                        )
                    }
                )
            rec.outcome, rec.outcome_on, rec.court_case_number = outcome, on, number or None
            if number:
                s.add(
                    ExternalRefRecord(
                        case_id=case.id, kind=ExternalRefKind.CONFIRMATION_CASE, value=number, issued_on=on
                    )
                )
            self.audit(
                s,
                actor,
                "confirmation.outcome",
                "confirmation",
                rec.id,
                case.id,
                {"outcome": outcome, "number": number or None},
            )
            return self.changes(s, ChangeKind.CONFIRMATION, case.id)

    # -- reading ------------------------------------------------------------------------------
    def applications(self, actor: Actor, case_id: uuid.UUID) -> tuple[ConfirmationView, ...]:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            agreement = _effective_written(s, case.id)
            deadline = (
                confirmation_deadline(agreement.effective_on)
                if agreement and agreement.effective_on
                else None
            )
            return tuple(
                ConfirmationView(
                    id=c.id,
                    court=c.court,
                    court_basis=c.court_basis,
                    applied_on=c.applied_on,
                    joint=c.joint,
                    outcome=c.outcome,
                    outcome_on=c.outcome_on,
                    court_case_number=c.court_case_number,
                    deadline=deadline,
                )
                for c in q.confirmations(s, case.id)
            )

    def checklist(self, case_id: uuid.UUID, actor: Actor | None = None) -> tuple[ChecklistItem, ...]:
        """The package the court needs (fact 18), each item present or missing."""
        with self.db.read() as s:
            if actor is not None:
                case = self.load_case(s, actor, case_id)
            else:
                found = s.get(CaseRecord, case_id)
                if found is None:
                    raise NotFound(_("No such case."))
                case = found
            return tuple(self._checklist(s, case))

    @staticmethod
    def _checklist(s: Any, case: CaseRecord) -> list[ChecklistItem]:
        counts = qf.evidence_kind_counts(s, case.id)
        generated = qf.generated_kinds(s, case.id)
        items: list[ChecklistItem] = []
        applied = bool(q.confirmations(s, case.id)) or "confirmation" in generated
        items.append(
            ChecklistItem(
                "application",
                _("Application for judicial confirmation"),
                applied,
                "" if applied else _("Print the joint application for both parties to sign."),
            )
        )
        agreement = _effective_written(s, case.id)
        items.append(
            ChecklistItem(
                "agreement",
                _("Mediation agreement"),
                agreement is not None,
                "" if agreement else _("No written agreement has taken effect yet."),
            )
        )
        # identity and capacity documents: files whose title names the party first, the rest in order
        id_files = [f"{t} {src or ''}" for t, src in qf.evidence_titles(s, case.id, EvidenceKind.IDENTITY)]
        unmatched = list(id_files)
        owners: dict[uuid.UUID, bool] = {}
        for link in case.links:
            hit = next((f for f in unmatched if link.party.name in f), None)
            if hit is not None:
                unmatched.remove(hit)
                owners[link.id] = True
        for link in case.links:
            if link.id not in owners and unmatched:
                unmatched.pop(0)
                owners[link.id] = True
        for link in case.links:
            legal = link.party.kind == "legal"
            label = (
                _("Business licence and legal representative's ID of {name}")
                if legal
                else _("Identity document of {name}")
            ).format(name=link.party.name)
            present = owners.get(link.id, False)
            items.append(
                ChecklistItem(
                    f"identity:{link.id}",
                    label,
                    present,
                    "" if present else _("Attach a copy as an identity document."),
                )
            )
        has_property = counts.get(EvidenceKind.EVIDENCE, 0) > 0
        items.append(
            ChecklistItem(
                "property_evidence",
                _("Evidence of the property rights concerned by the agreement"),
                has_property,
                "" if has_property else _("No evidence material is attached to the case."),
            )
        )
        no_contact = [link.party.name for link in case.links if not (link.party.address and link.party.phone)]
        items.append(
            ChecklistItem(
                "service_addresses",
                _("Service addresses and phone numbers of both parties"),
                not no_contact,
                _("Missing for: {names}").format(names="、".join(no_contact)) if no_contact else "",
            )
        )
        # a power of attorney for each authorised agent; a legal representative (a minor's parent) acts by law
        agents = [link for link in case.links
                  if link.agent_name and agent_kind(link.agent_authority) is AgentKind.AUTHORISED]
        if agents:
            have = counts.get(EvidenceKind.POWER_OF_ATTORNEY, 0)
            items.append(
                ChecklistItem(
                    "power_of_attorney",
                    _("Power of attorney signed or sealed by each represented party"),
                    have >= len(agents),
                    ""
                    if have >= len(agents)
                    else _("{have} of {need} attached (agents: {names})").format(
                        have=have, need=len(agents), names="、".join(a.agent_name or "" for a in agents)
                    ),
                )
            )
        certified = bool(generated & CERTIFICATE_DOCUMENT_KINDS)
        items.append(
            ChecklistItem(
                "mediation_certificate",
                _("Certificate that the committee conducted the mediation"),
                certified,
                "" if certified else _("The committee issues it under its seal."),
            )
        )
        return items
