"""Performance of an agreement and follow-up visits (回访, law Art. 31; domain §4.9, facts 24 and 40)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from mediation_app.domain.enums import CaseStatus, FollowUpMode, PerformanceStatus
from mediation_app.domain.lifecycle import Action, status_after
from mediation_app.domain.money import format_fen
from mediation_app.domain.schedule import is_recurring, next_open_due, performed_in_full, total_due_fen
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, ValidationFailed
from mediation_app.services.read_models import FollowUpView, PerformanceView
from mediation_app.storage import queries as q
from mediation_app.storage import queries_followup as qf
from mediation_app.storage.models import (
    CaseRecord,
    FollowUpRecord,
    ObligationRecord,
    PerformanceEventRecord,
)

PAYMENT_KINDS = (PerformanceStatus.PERFORMED, PerformanceStatus.PARTLY)


@dataclass(frozen=True)
class InstalmentView:
    """One obligation of the agreement with what has been paid and whether it is late."""

    id: uuid.UUID
    seq: int
    description: str
    obligor_name: str
    obligee_name: str | None
    amount_fen: int | None
    due_on: dt.date | None
    performed_fen: int
    performed_on: dt.date | None
    outstanding_fen: int | None  # None for an obligation that is not a sum of money
    paid: bool  # performed in full
    overdue: bool  # past its due date and not performed in full


def obligation_done(ob: ObligationRecord) -> bool:
    """Performed in full: the whole sum paid (every period of a recurring obligation), or (not
    money) marked performed on a date."""
    return performed_in_full(ob.amount_fen, ob.performed_fen or 0, ob.performed_on, ob.due_on, ob.period,
                             ob.period_until)


def obligation_due_on(ob: ObligationRecord) -> dt.date | None:
    """When the obligation is next due: its day, or a recurring one's first period not paid in full
    (its first day once all are paid, for the record)."""
    if not is_recurring(ob.period):
        return ob.due_on
    return next_open_due(ob.amount_fen, ob.performed_fen or 0, ob.performed_on, ob.due_on, ob.period,
                         ob.period_until) or ob.due_on


def obligation_outstanding(ob: ObligationRecord) -> int | None:
    """What is still owed of a money obligation (None: not money, or recurring without a last day)."""
    total = total_due_fen(ob.amount_fen, ob.due_on, ob.period, ob.period_until)
    return None if total is None else max(total - (ob.performed_fen or 0), 0)


def obligation_started(ob: ObligationRecord) -> bool:
    return (ob.performed_fen or 0) > 0 or ob.performed_on is not None


def derive_performance_status(session: Any, case_id: uuid.UUID, today: dt.date) -> PerformanceStatus:
    """Fact 40 inside the caller's session (the case detail uses it too).

    Litigated or enforced once such an event exists; performed when every obligation is paid (or
    the latest follow-up found it performed); urged when the latest event is an urging (the step
    after non-performance, domain §4.9); partly when some obligation was paid; not performed when
    an obligation (or, without instalment rows, the agreement's overall deadline) is past due and
    unperformed; otherwise the latest recorded finding, or not yet due.
    """
    kinds = qf.performance_kinds(session, case_id)
    if PerformanceStatus.ENFORCED in kinds:
        return PerformanceStatus.ENFORCED
    if PerformanceStatus.SUED in kinds:
        return PerformanceStatus.SUED
    obligations = qf.case_obligations(session, case_id)
    if obligations and all(obligation_done(o) for o in obligations):
        return PerformanceStatus.PERFORMED
    visit = qf.latest_follow_up(session, case_id)
    if visit is not None and visit.performance_status == PerformanceStatus.PERFORMED:
        return PerformanceStatus.PERFORMED
    events = q.performance_events(session, case_id)
    latest = events[-1] if events else None
    if latest is not None and latest.kind == PerformanceStatus.URGED:
        return PerformanceStatus.URGED
    if any(obligation_started(o) for o in obligations):
        return PerformanceStatus.PARTLY
    if any((due := obligation_due_on(o)) is not None and due < today and not obligation_done(o) for o in obligations):
        return PerformanceStatus.NOT_PERFORMED
    if not obligations:  # one overall deadline and no instalment rows
        if PerformanceStatus.PERFORMED in kinds:
            return PerformanceStatus.PERFORMED
        if latest is not None and latest.kind == PerformanceStatus.PARTLY:
            return PerformanceStatus.PARTLY
        agreement = qf.current_agreement(session, case_id, "written")
        if agreement is not None and agreement.performance_deadline is not None and (
                agreement.performance_deadline < today):
            return PerformanceStatus.NOT_PERFORMED
    if latest is not None and latest.kind in (
        PerformanceStatus.PERFORMED,
        PerformanceStatus.PARTLY,
        PerformanceStatus.NOT_PERFORMED,
    ):
        return PerformanceStatus(latest.kind)
    return PerformanceStatus.NOT_DUE


class FollowUpService(ServiceBase):
    # -- performance --------------------------------------------------------------------------
    def record_performance(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        obligation_id: uuid.UUID | None,
        kind: PerformanceStatus,
        on: dt.date,
        amount_fen: int | None = None,
        note: str = "",
    ) -> Changes:
        """Record a payment, a failure to perform, an urging, a lawsuit or enforcement. A payment
        on an obligation adds to what has been performed; it cannot exceed what is still due."""
        self.require_role(actor)
        note = self.cleaned_texts(note=note)["note"]
        errors: dict[str, str] = {}
        if kind is PerformanceStatus.NOT_DUE:
            errors["kind"] = _(
                "“Not yet due” is worked out from the due dates; record what actually happened."
            )
        if on > self.clock.today():
            errors["on"] = _("Performance cannot be recorded for a future date ({date}).").format(
                date=on.isoformat()
            )
        if amount_fen is not None and kind not in PAYMENT_KINDS:
            errors["amount_fen"] = _("Only a payment (performed in full or in part) carries an amount.")
        elif amount_fen is not None and amount_fen <= 0:
            errors["amount_fen"] = _("The amount paid must be more than zero.")
        if kind is PerformanceStatus.PARTLY and obligation_id is not None and amount_fen is None:
            errors["amount_fen"] = _("A part payment needs the amount paid.")
        if (
            kind
            in (
                PerformanceStatus.NOT_PERFORMED,
                PerformanceStatus.URGED,
                PerformanceStatus.SUED,
                PerformanceStatus.ENFORCED,
            )
            and not note.strip()
        ):
            errors["note"] = _("Say what happened (who was urged, which court, the case number …).")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            self.guard(Action.RECORD_PERFORMANCE, self.facts(s, case))
            ob = self._obligation(s, case, obligation_id) if obligation_id is not None else None
            if ob is not None and kind in PAYMENT_KINDS:
                amount_fen = self._apply_payment(ob, kind, on, amount_fen)
            event = PerformanceEventRecord(
                case_id=case.id,
                obligation_id=ob.id if ob else None,
                kind=kind,
                amount_fen=amount_fen,
                on=on,
                note=note.strip() or None,
                by_user_id=actor.user_id,
            )
            s.add(event)
            s.flush()
            self._advance(s, actor, case, Action.RECORD_PERFORMANCE)
            self.audit(
                s,
                actor,
                "performance.record",
                "performance_event",
                event.id,
                case.id,
                {"kind": kind, "obligation": str(ob.id) if ob else None, "amount_fen": amount_fen},
            )
            return self.changes(s, ChangeKind.PERFORMANCE, case.id, created_id=event.id)

    @staticmethod
    def _obligation(s: Any, case: CaseRecord, obligation_id: uuid.UUID) -> ObligationRecord:
        ob: ObligationRecord | None = s.get(ObligationRecord, obligation_id)
        if ob is None or qf.obligation_case_id(s, obligation_id) != case.id:
            raise NotFound(_("No such obligation in this case's agreement."))
        return ob

    @staticmethod
    def _apply_payment(
        ob: ObligationRecord, kind: PerformanceStatus, on: dt.date, amount_fen: int | None
    ) -> int | None:
        if not ob.amount_fen:  # not a sum of money: performed in full on that day
            if kind is PerformanceStatus.PERFORMED:
                ob.performed_on = on
            return amount_fen
        whole = obligation_outstanding(ob)
        outstanding = whole if whole is not None else amount_fen or ob.amount_fen  # open-ended: no whole sum
        if outstanding <= 0:
            raise ValidationFailed(
                {
                    "obligation_id": _("Obligation {seq} has already been paid in full ({amount}).").format(
                        seq=ob.seq, amount=format_fen(ob.amount_fen)
                    )
                }
            )
        if amount_fen is None:  # "performed" without a figure: the rest is paid
            amount_fen = outstanding
        if amount_fen > outstanding:
            raise ValidationFailed(
                {
                    "amount_fen": _(
                        "The payment of {paid} is more than the {due} still due on obligation {seq}."
                    ).format(paid=format_fen(amount_fen), due=format_fen(outstanding), seq=ob.seq)
                }
            )
        ob.performed_fen = (ob.performed_fen or 0) + amount_fen
        ob.performed_on = on
        return amount_fen

    def _advance(self, s: Any, actor: Actor, case: CaseRecord, action: Action) -> None:
        target = status_after(action, CaseStatus(case.status))
        if target is not None:
            self.move(s, actor, case, target, _("Performance of the agreement began"))

    # -- follow-up visits ---------------------------------------------------------------------
    def record_follow_up(
        self,
        actor: Actor,
        case_id: uuid.UUID,
        person_visited: str,
        at: dt.datetime,
        mode: FollowUpMode,
        performance_status: PerformanceStatus,
        findings: str,
        satisfaction: str | None = None,
        lawsuit: str | None = None,
        new_risk: str | None = None,
        measures: str | None = None,
        visitor_name: str | None = None,
    ) -> Changes:
        """回访记录 (fact 24): person visited, time and findings are required. The performance the
        visit found is recorded as a performance event too (fact 40)."""
        self.require_role(actor)
        texts = self.cleaned_texts(person_visited=person_visited, findings=findings, satisfaction=satisfaction, lawsuit=lawsuit, new_risk=new_risk, measures=measures, visitor_name=visitor_name)
        person_visited, findings, satisfaction, lawsuit, new_risk, measures, visitor_name = texts["person_visited"], texts["findings"], texts["satisfaction"], texts["lawsuit"], texts["new_risk"], texts["measures"], texts["visitor_name"]
        errors: dict[str, str] = {}
        if not (person_visited or "").strip():
            errors["person_visited"] = _("Record who was visited or called.")
        if at is None:
            errors["at"] = _("Record when the follow-up visit took place.")
        else:
            at = at if at.tzinfo else at.astimezone()
            if at > self.clock.now() + dt.timedelta(minutes=5):
                errors["at"] = _("A follow-up visit cannot be recorded before it happens.")
        if not (findings or "").strip():
            errors["findings"] = _(
                "Write down what the visit found: performance, attitude, any new dispute or risk."
            )
        if performance_status is PerformanceStatus.SUED and not (lawsuit or "").strip():
            errors["lawsuit"] = _("Say which court the lawsuit was brought in, and when.")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            if _clean(satisfaction) and _clean(satisfaction) not in {i.code for i in q.lookups(s, "satisfaction")}:
                raise ValidationFailed({"satisfaction": _("Choose the satisfaction level from the list.")})
            case = self.load_case(s, actor, case_id)
            self.guard(Action.RECORD_FOLLOW_UP, self.facts(s, case))
            agreement = qf.current_agreement(s, case.id)
            visit = FollowUpRecord(
                case_id=case.id,
                agreement_id=agreement.id if agreement else None,
                person_visited=person_visited.strip(),
                at=at,
                mode=mode,
                performance_status=performance_status,
                satisfaction=_clean(satisfaction),
                lawsuit=_clean(lawsuit),
                new_risk=_clean(new_risk),
                measures=_clean(measures),
                findings=findings.strip(),
                visitor_name=_clean(visitor_name) or actor.display_name,
            )
            s.add(visit)
            s.add(
                PerformanceEventRecord(
                    case_id=case.id,
                    obligation_id=None,
                    kind=performance_status,
                    amount_fen=None,
                    on=at.astimezone().date(),
                    note=findings.strip(),
                    by_user_id=actor.user_id,
                )
            )
            s.flush()
            self._advance(s, actor, case, Action.RECORD_FOLLOW_UP)
            self.audit(
                s,
                actor,
                "follow_up.record",
                "follow_up",
                visit.id,
                case.id,
                {"mode": mode, "performance_status": performance_status, "new_risk": bool(visit.new_risk)},
            )
            return self.changes(s, ChangeKind.FOLLOW_UP, case.id, created_id=visit.id)

    # -- reading ------------------------------------------------------------------------------
    def performance_status(self, case_id: uuid.UUID, actor: Actor | None = None) -> PerformanceStatus:
        with self.db.read() as s:
            if actor is not None:
                self.load_case(s, actor, case_id)
            elif s.get(CaseRecord, case_id) is None:
                raise NotFound(_("No such case."))
            return derive_performance_status(s, case_id, self.clock.today())

    def instalments(self, actor: Actor, case_id: uuid.UUID) -> list[InstalmentView]:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            names = {link.id: link.party.name for link in case.links}
            today = self.clock.today()
            out = []
            for ob in qf.case_obligations(s, case.id):
                done, due = obligation_done(ob), obligation_due_on(ob)
                out.append(
                    InstalmentView(
                        id=ob.id,
                        seq=ob.seq,
                        description=ob.description,
                        obligor_name=names.get(ob.obligor_id, ""),
                        obligee_name=names.get(ob.obligee_id) if ob.obligee_id else None,
                        amount_fen=ob.amount_fen,
                        due_on=due,
                        performed_fen=ob.performed_fen or 0,
                        performed_on=ob.performed_on,
                        outstanding_fen=obligation_outstanding(ob),
                        paid=done,
                        overdue=bool(due and due < today and not done),
                    )
                )
            return out

    def follow_ups(self, actor: Actor, case_id: uuid.UUID) -> list[FollowUpView]:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return [
                FollowUpView(
                    id=f.id,
                    person_visited=f.person_visited,
                    at=f.at,
                    mode=f.mode,
                    performance_status=f.performance_status,
                    satisfaction=f.satisfaction,
                    lawsuit=f.lawsuit,
                    new_risk=f.new_risk,
                    measures=f.measures,
                    findings=f.findings,
                    visitor_name=f.visitor_name,
                )
                for f in q.follow_ups(s, case.id)
            ]

    def performance(self, actor: Actor, case_id: uuid.UUID) -> list[PerformanceView]:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return [
                PerformanceView(
                    id=e.id,
                    obligation_id=e.obligation_id,
                    kind=e.kind,
                    amount_fen=e.amount_fen,
                    on=e.on,
                    note=e.note,
                )
                for e in q.performance_events(s, case.id)
            ]


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
