"""The centre's window (只进一个门, domain §4.3 "中心吹哨、部门报到"): a window clerk registers a
dispute once, with its parties (recognised across the whole centre), and routes it:

* to a committee: it becomes that committee's case and is numbered by it (the window number stays
  on the routing record), accepted and mediated there;
* to a department, with a referral slip (交办单) whose deadline and feedback the centre supervises.

Every routing is recorded (who, when, to whom, why) and shown on the case."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.lifecycle import Action
from mediation_app.domain.numbering import format_case_number
from mediation_app.domain.permissions import Perm, allowed
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.centre_views import RoutingView, WaitingPage, WaitingRow
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.services.intake import CaseInput, IntakeService
from mediation_app.services.referrals import ReferralService
from mediation_app.storage import queries as q
from mediation_app.storage import queries_centre as qc
from mediation_app.storage.models import CaseRecord, CommitteeRecord, ReferralRecord, RoutingRecord
from mediation_app.storage.numbers import next_serial

WAITING, TO_COMMITTEE, TO_DEPARTMENT = "waiting", "committee", "department"
PAGE_MAX = 500


def routing_view(s: Any, case_id: uuid.UUID) -> RoutingView | None:
    """The routing record of a case as words (None: not registered at a window)."""
    r = qc.routing_of(s, case_id)
    if r is None:
        return None
    names = q.user_names(s, {u for u in (r.registered_by, r.routed_by) if u})
    window = s.get(CommitteeRecord, r.window_committee_id)
    target = s.get(CommitteeRecord, r.to_committee_id) if r.to_committee_id else None
    slip = s.get(ReferralRecord, r.referral_id) if r.referral_id else None
    return RoutingView(
        window_number=r.window_number, window_committee=window.name if window else "", status=r.status,
        registered_by=names.get(r.registered_by, ""), registered_on=r.created_at.date(),
        to_committee=target.name if target else None, to_department=r.to_department,
        referral_number=slip.number if slip else None, referral_status=slip.status if slip else None,
        referral_deadline=slip.deadline if slip else None, reason=r.reason,
        routed_by=names.get(r.routed_by) if r.routed_by else None, routed_at=r.routed_at,
    )


class RoutingService(ServiceBase):
    def __init__(self, db, clock, intake: IntakeService, referrals: ReferralService) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, clock)
        self.intake = intake
        self.referrals = referrals

    # -- registration at the window -----------------------------------------------------------
    def register(self, actor: Actor, data: CaseInput) -> Changes:
        """Register a dispute at the window of the actor's committee. It waits to be routed."""
        self.require_role(actor, Perm.ROUTE_CASE)
        with self.db.write() as s:
            case = self.intake.create_in(s, actor, data, window=True, details={"window": True})
            s.add(RoutingRecord(case_id=case.id, window_committee_id=case.committee_id, window_number=case.number,
                                registered_by=actor.user_id, status=WAITING))
            return self.changes(s, ChangeKind.CASE, case.id, created_id=case.id, number=case.number)

    def _waiting_case(self, s: Any, actor: Actor, case_id: uuid.UUID) -> tuple[CaseRecord, RoutingRecord]:
        case: CaseRecord | None = s.get(CaseRecord, case_id)
        if case is None:
            raise NotFound(_("No such case."))
        self.authorize(s, actor, Perm.ROUTE_CASE, case)
        routing = qc.routing_of(s, case.id)
        if routing is None:
            raise GuardRefused([_("This case was not registered at the centre's window.")])
        if routing.status != WAITING:
            raise GuardRefused([_("This dispute has already been routed.")])
        if case.status == "voided":
            raise GuardRefused([_("This case was voided.")])
        return case, routing

    def _routed(self, s: Any, actor: Actor, routing: RoutingRecord, status: str, reason: str) -> None:
        routing.status, routing.reason = status, reason.strip() or None
        routing.routed_by, routing.routed_at = actor.user_id, self.clock.now()

    # -- routing ------------------------------------------------------------------------------
    def to_committee(self, actor: Actor, case_id: uuid.UUID, committee_id: uuid.UUID, reason: str = "") -> Changes:
        """Route to a committee: the case becomes that committee's, with its next case number."""
        self.require_role(actor, Perm.ROUTE_CASE)
        reason = self.cleaned_texts(reason=reason)["reason"]
        with self.db.write() as s:
            case, routing = self._waiting_case(s, actor, case_id)
            target = s.get(CommitteeRecord, committee_id)
            if target is None:
                raise NotFound(_("No such committee."))
            if not target.active:
                raise ValidationFailed({"committee": _("{name} is retired and takes no new cases.").format(
                    name=target.name)})
            year = self.clock.today().year
            serial = next_serial(s, target.id, year, "case")
            before = case.number
            case.committee_id, case.year, case.serial = target.id, year, serial
            case.number = format_case_number(target.number_pattern, target.short_name, target.case_word, year, serial)
            routing.to_committee_id = target.id
            self._routed(s, actor, routing, TO_COMMITTEE, reason)
            self.reindex(s, case)
            self.audit(s, actor, "case.route", "case", case.id, case.id,
                       {"to_committee": target.short_name, "window_number": before, "number": case.number})
            return self.changes(s, ChangeKind.CASE, case.id, number=case.number)

    def to_committee_named(self, actor: Actor, case_id: uuid.UUID, short_name: str, reason: str = "") -> Changes:
        with self.db.read() as s:
            target = qc.committee_by_short_name(s, short_name.strip())
            if target is None:
                raise NotFound(_("No committee has the short name {short}.").format(short=short_name.strip()))
            target_id = target.id
        return self.to_committee(actor, case_id, target_id, reason)

    def to_department(
        self, actor: Actor, case_id: uuid.UUID, department: str, reason: str, deadline: dt.date | None = None,
        instructions: str | None = None,
    ) -> Changes:
        """Route to a department with a referral slip (交办单): the centre keeps the case and supervises
        the slip's deadline and feedback."""
        self.require_role(actor, Perm.ROUTE_CASE)
        texts = self.cleaned_texts(department=department, reason=reason, instructions=instructions)
        department, reason, instructions = texts["department"], texts["reason"], texts["instructions"]
        errors: dict[str, str] = {}
        if not (department or "").strip():
            errors["to_department"] = _("Name the department the slip is sent to.")
        if not (reason or "").strip():
            errors["reason"] = _("Say why the dispute is referred to this department.")
        if deadline is not None and deadline < self.clock.today():
            errors["deadline"] = _("The deadline {date} has already passed.").format(date=deadline.isoformat())
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            case, routing = self._waiting_case(s, actor, case_id)
            self.guard(Action.ISSUE_REFERRAL, self.facts(s, case))
            slip = self.referrals.issue_in(s, actor, case, department, reason, deadline, instructions, None)
            routing.to_department, routing.referral_id = department.strip(), slip.id
            self._routed(s, actor, routing, TO_DEPARTMENT, reason)
            self.audit(s, actor, "case.route", "case", case.id, case.id,
                       {"to_department": routing.to_department, "referral": slip.number})
            return self.changes(s, ChangeKind.CASE, case.id, number=slip.number)

    # -- reading ------------------------------------------------------------------------------
    @staticmethod
    def _windows(actor: Actor) -> list[uuid.UUID]:
        """The windows whose registrations the actor may route: its committees where it holds a
        routing role."""
        return [m.committee_id for m in actor.memberships if allowed(actor.roles_in(m.committee_id), Perm.ROUTE_CASE)]

    def waiting(self, actor: Actor, after: tuple[str, uuid.UUID] | None = None, limit: int = 200) -> WaitingPage:
        """Window registrations waiting to be routed, one page at a time, with the exact total."""
        self.require_role(actor, Perm.ROUTE_CASE)
        limit = max(1, min(limit, PAGE_MAX))
        windows = self._windows(actor)
        with self.db.read() as s:
            found = qc.waiting_routes(s, windows, after, limit)
            total = qc.count_waiting_routes(s, windows)
            rows = tuple(WaitingRow(case_id=c.id, window_number=r.window_number, title=c.title,
                                    parties=c.parties_text or "", dispute_type=c.dispute_type,
                                    risk_level=c.risk_level, registered_on=c.registered_on)
                         for r, c in found)
            next_key = (found[-1][0].window_number, found[-1][0].id) if len(found) == limit else None
        return WaitingPage(rows=rows, total=total, next_key=next_key)

    def find(self, actor: Actor, number: str) -> uuid.UUID:
        """The case by its window number or its case number (a case the actor may read)."""
        number = number.strip()
        with self.db.read() as s:
            routing = qc.routing_by_window_number(s, number)
            case = s.get(CaseRecord, routing.case_id) if routing is not None else q.case_by_number(s, number)
            if case is None:
                raise NotFound(_("No case numbered {number}.").format(number=number))
            self.authorize(s, actor, Perm.READ_CASE, case)
            return case.id

    def routing(self, actor: Actor, case_id: uuid.UUID) -> RoutingView | None:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return routing_view(s, case.id)
