"""Assigning mediators (指派, law Art. 19), the conflict check, and recusal (回避, 若干规定 Art. 25)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.enums import AssignmentMethod, AssignmentRole, RecusalDecision
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import _
from mediation_app.services.base import SUPERVISORS, ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.services.read_models import ConflictFinding
from mediation_app.storage import queries as q
from mediation_app.storage.models import AssignmentRecord, CaseRecord, MediatorRecord, RecusalRecord


def active_mediator(s: Any, case: CaseRecord, mediator_id: uuid.UUID) -> MediatorRecord:
    """The mediator, refused unless active and of the case's own committee."""
    mediator: MediatorRecord | None = s.get(MediatorRecord, mediator_id)
    if mediator is None or mediator.committee_id != case.committee_id or not mediator.active:
        raise NotFound(_("No such active mediator in this committee."))
    return mediator


def start_assignment(
    svc: ServiceBase,
    s: Any,
    actor: Actor,
    case: CaseRecord,
    mediator_id: uuid.UUID,
    role: AssignmentRole = AssignmentRole.PRESIDING,
    method: AssignmentMethod = AssignmentMethod.DESIGNATED,
    conflict_note: str | None = None,
) -> AssignmentRecord:
    """Open an assignment inside the caller's transaction; a new presiding mediator ends the old one.
    Every path that puts a mediator on a case comes here, so the mediator is checked here: an active
    mediator of the case's own committee (another committee's mediator could not even open the case)."""
    active_mediator(s, case, mediator_id)
    now = svc.clock.now()
    if role is AssignmentRole.PRESIDING:
        for a in q.assignments(s, case.id):
            if a.role == AssignmentRole.PRESIDING and a.ended_at is None:
                a.ended_at = now
                a.end_reason = a.end_reason or _("Replaced as presiding mediator")
        case.presiding_mediator_id = mediator_id
    rec = AssignmentRecord(case_id=case.id, mediator_id=mediator_id, role=role, method=method,
                           assigned_at=now, conflict_note=conflict_note)
    s.add(rec)
    s.flush()
    svc.audit(s, actor, "case.assign", "assignment", rec.id, case.id,
              {"mediator": str(mediator_id), "role": role, "method": method, "conflict_note": conflict_note})
    return rec


class AssignmentService(ServiceBase):
    def conflicts(self, actor: Actor, case_id: uuid.UUID, mediator_id: uuid.UUID) -> list[ConflictFinding]:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return self._conflicts(s, case, mediator_id)

    def _conflicts(self, s: Any, case: CaseRecord, mediator_id: uuid.UUID) -> list[ConflictFinding]:
        mediator = s.get(MediatorRecord, mediator_id)
        if mediator is None:
            raise NotFound(_("No such mediator."))
        found: list[ConflictFinding] = []
        party_ids = {link.party_id: link for link in case.links}
        for link in case.links:
            p = link.party
            same_id = mediator.id_number and p.id_number and mediator.id_number == p.id_number
            same_person = p.name == mediator.name and (not mediator.phone or mediator.phone == p.phone)
            if same_id or same_person:
                found.append(ConflictFinding(mediator_id, _("{name} is a party to this case.").format(name=p.name)))
            if link.agent_name and link.agent_name == mediator.name:
                found.append(ConflictFinding(mediator_id, _("{name} is the agent of {party}.").format(
                    name=mediator.name, party=p.name)))
        for participant in q.participants(s, case.id):
            if participant.name == mediator.name and participant.relation:
                found.append(ConflictFinding(mediator_id, _("{name} is related to the case: {relation}.").format(
                    name=mediator.name, relation=participant.relation)))
        for r in q.recusals(s, case.id):
            if r.mediator_id == mediator_id and r.decision == RecusalDecision.GRANTED:
                found.append(ConflictFinding(mediator_id, _("{name} was recused from this case.").format(
                    name=mediator.name)))
        earlier: dict[uuid.UUID, set[str]] = {}
        for _other_case, party_id, role in q.mediator_sides(s, mediator_id, party_ids, case.id):
            earlier.setdefault(party_id, set()).add(role)
        for party_id in earlier:
            found.append(ConflictFinding(mediator_id, _(
                "{name} mediated an earlier case involving {party}; check impartiality.").format(
                name=mediator.name, party=party_ids[party_id].party.name)))
        return found

    def assign(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        mediator_id: uuid.UUID,
        role: AssignmentRole = AssignmentRole.PRESIDING,
        method: AssignmentMethod = AssignmentMethod.DESIGNATED,
        override_reason: str | None = None,
    ) -> Changes:
        """Assign a mediator. Conflicts refuse the assignment unless a supervisor records why it
        may go ahead; a recused mediator can never preside over the case again (fact 5)."""
        self.require_role(actor)
        override_reason = self.cleaned_texts(override_reason=override_reason)["override_reason"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            facts = self.facts(s, case)
            self.guard(Action.ASSIGN, facts)
            if mediator_id in facts.recused_mediator_ids:
                raise GuardRefused([_("This mediator was recused from the case and cannot be assigned again.")])
            mediator = active_mediator(s, case, mediator_id)  # before the checks below
            if any(a.mediator_id == mediator_id and a.ended_at is None and a.role == role
                   for a in q.assignments(s, case.id)):
                raise ValidationFailed(message=_("{name} is already assigned in that role.").format(name=mediator.name))
            conflicts = self._conflicts(s, case, mediator_id)
            note = None
            if conflicts:
                if not (override_reason or "").strip():
                    raise GuardRefused([c.reason for c in conflicts])
                self.require_role(actor, SUPERVISORS)
                note = "\n".join([*(c.reason for c in conflicts), (override_reason or "").strip()])
            rec = start_assignment(self, s, actor, case, mediator_id, role, method, note)
            return self.changes(s, ChangeKind.ASSIGNMENT, case.id, created_id=rec.id)

    def end_assignment(self, actor: Actor, case_id: uuid.UUID, assignment_id: uuid.UUID, reason: str) -> Changes:
        self.require_role(actor)
        reason = self.cleaned_texts(reason=reason)["reason"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            rec = s.get(AssignmentRecord, assignment_id)
            if rec is None or rec.case_id != case.id or rec.ended_at is not None:
                raise NotFound(_("No such current assignment."))
            rec.ended_at, rec.end_reason = self.clock.now(), reason.strip() or None
            if rec.role == AssignmentRole.PRESIDING and case.presiding_mediator_id == rec.mediator_id:
                case.presiding_mediator_id = None
            self.audit(s, actor, "case.unassign", "assignment", rec.id, case.id, {"reason": reason})
            return self.changes(s, ChangeKind.ASSIGNMENT, case.id)

    # -- recusal ------------------------------------------------------------------------------
    def request_recusal(
        self, actor: Actor, case_id: uuid.UUID, mediator_id: uuid.UUID, reason: str,
        requested_by_link: uuid.UUID | None = None, on: dt.date | None = None,
    ) -> Changes:
        self.require_role(actor)
        reason = self.cleaned_texts(reason=reason)["reason"]
        if not reason.strip():
            raise ValidationFailed({"reason": _("Record the reason the party gave for the recusal request.")})
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.REQUEST_RECUSAL, self.facts(s, case))
            rec = RecusalRecord(case_id=case.id, mediator_id=mediator_id, requested_by=requested_by_link,
                                reason=reason.strip(), requested_on=on or self.clock.today())
            s.add(rec)
            s.flush()
            self.audit(s, actor, "recusal.request", "recusal", rec.id, case.id, {"mediator": str(mediator_id)})
            return self.changes(s, ChangeKind.RECUSAL, case.id, created_id=rec.id)

    def decide_recusal(
        self, actor: Actor, case_id: uuid.UUID, recusal_id: uuid.UUID, grant: bool,
        replacement_id: uuid.UUID | None = None, note: str = "",
    ) -> Changes:
        """A committee head decides; a granted request against the presiding mediator needs a
        replacement (若干规定 Art. 25: the committee shall replace them)."""
        self.require_role(actor, SUPERVISORS)
        note = self.cleaned_texts(note=note)["note"]
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            rec = s.get(RecusalRecord, recusal_id)
            if rec is None or rec.case_id != case.id or rec.decision != RecusalDecision.PENDING:
                raise NotFound(_("No such pending recusal request."))
            if not grant and not note.strip():
                raise ValidationFailed({"note": _("Give the reason for rejecting the recusal request.")})
            if grant and case.presiding_mediator_id == rec.mediator_id and replacement_id is None:
                raise ValidationFailed({"replacement": _("Choose the replacement presiding mediator.")})
            if grant and replacement_id == rec.mediator_id:
                raise ValidationFailed({"replacement": _("The replacement must be another mediator.")})
            if grant and replacement_id in self.facts(s, case).recused_mediator_ids:
                raise GuardRefused([_("This mediator was recused from the case and cannot be assigned again.")])
            rec.decision = RecusalDecision.GRANTED if grant else RecusalDecision.REJECTED
            rec.decided_on, rec.decided_by, rec.decision_note = self.clock.today(), actor.user_id, note.strip() or None
            rec.replacement_mediator_id = replacement_id
            self.audit(s, actor, "recusal.decide", "recusal", rec.id, case.id, {"granted": grant})
            if grant:
                for a in q.assignments(s, case.id):
                    if a.mediator_id == rec.mediator_id and a.ended_at is None:
                        a.ended_at, a.end_reason = self.clock.now(), _("Recused")
                if case.presiding_mediator_id == rec.mediator_id:
                    case.presiding_mediator_id = None
                    s.flush()
                    conflicts = self._conflicts(s, case, replacement_id)  # type: ignore[arg-type]
                    if conflicts:
                        raise GuardRefused([c.reason for c in conflicts])
                    start_assignment(self, s, actor, case, replacement_id)  # type: ignore[arg-type]
            return self.changes(s, ChangeKind.RECUSAL, case.id)
