"""The centre's board: per committee, the open cases, what is overdue, the orange and red risk
cases, the referral slips waiting for a department's feedback and the registrations waiting to be
routed. Every number is an exact count computed in SQL, and each one opens the list behind it:
a case filter for the case list (:meth:`BoardService.case_filter`) or the items themselves."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from dataclasses import dataclass, replace
from typing import Any

from mediation_app.domain.enums import RiskLevel, Role
from mediation_app.i18n import N_, _
from mediation_app.services import read_models as rm
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.ledger import LedgerItemView, item_view
from mediation_app.services.overview import PAGE, PAGE_MAX, DueKey, DuePage, OverviewService
from mediation_app.services.referrals import ReferralService
from mediation_app.storage import queries_board as qb
from mediation_app.storage import queries_due as qd
from mediation_app.storage import queries_followup as qf
from mediation_app.storage import queries_screening as qs
from mediation_app.storage import queries_warnings as qw

# the board's measures, in the order of its columns; English msgids of their headings
MEASURES: dict[str, str] = {
    "open_cases": N_("Open cases"),
    "overdue_cases": N_("Past the mediation deadline"),
    "overdue_items": N_("Overdue follow-up items"),
    "orange": N_("Orange risk"),
    "red": N_("Red risk"),
    "warnings": N_("Risk warnings to review"),
    "referrals_waiting": N_("Referral slips awaiting feedback"),
    "referrals_overdue": N_("of them overdue"),
    "ledger_overdue": N_("Screening items overdue"),
    "to_route": N_("Waiting to be routed"),
}
CASE_MEASURES = ("open_cases", "overdue_cases", "orange", "red")


@dataclass(frozen=True, kw_only=True)
class BoardRow:
    committee_id: uuid.UUID | None  # None on the totals row
    committee: str
    open_cases: int = 0
    overdue_cases: int = 0
    overdue_items: int = 0
    orange: int = 0
    red: int = 0
    warnings: int = 0  # open risk early warnings (services/warnings)
    referrals_waiting: int = 0
    referrals_overdue: int = 0
    ledger_overdue: int = 0
    to_route: int = 0

    def value(self, measure: str) -> int:
        if measure not in MEASURES:
            raise ValueError(measure)
        result: int = getattr(self, measure)
        return result


@dataclass(frozen=True, kw_only=True)
class Board:
    on: dt.date
    rows: tuple[BoardRow, ...]
    total: BoardRow


class BoardService(ServiceBase):
    def __init__(self, db: Any, clock: Any, referrals: ReferralService) -> None:
        super().__init__(db, clock)
        self.referrals = referrals

    def _committee_ids(self, s: Any, actor: Actor) -> builtins.list[uuid.UUID]:
        visible = actor.visible_committees()  # None: the centre's head sees every committee
        return [c.id for c in qs.committees(s, None if visible is None else builtins.list(visible))]

    def _check(self, actor: Actor, committee_id: uuid.UUID) -> None:
        self.require_role(actor)
        if not actor.sees(committee_id):
            raise PermissionDenied(_("You may see your own committee's work only."))

    def board(self, actor: Actor) -> Board:
        """Every committee the actor sees (an administrator: all of them), with a totals row."""
        self.require_role(actor, (Role.MEDIATOR, Role.HEAD, Role.ADMIN))
        today = self.clock.today()
        from mediation_app.services.warnings import catch_up

        catch_up(self.db, self.clock.now(), today)  # the warnings of the cases changed since last computed
        with self.db.read() as s:
            ids = self._committee_ids(s, actor)
            names = {c.id: c.name for c in qs.committees(s, ids)}
            cases = qb.case_counts(s, ids, today)
            refs = qb.referral_counts(s, ids, today)
            ledger = qb.overdue_ledger_counts(s, ids, today)
            route = qb.waiting_to_route(s, ids)
            due = {cid: qd.due_counts(s, cid, today, today)[0] for cid in ids}
            warnings = qw.open_counts(s, ids)
        rows = []
        for cid in ids:
            open_cases, overdue, orange, red = cases.get(cid, (0, 0, 0, 0))
            waiting, late = refs.get(cid, (0, 0))
            rows.append(BoardRow(
                committee_id=cid, committee=names[cid], open_cases=open_cases, overdue_cases=overdue,
                overdue_items=due[cid], orange=orange, red=red, warnings=warnings.get(cid, 0),
                referrals_waiting=waiting, referrals_overdue=late,
                ledger_overdue=ledger.get(cid, 0), to_route=route.get(cid, 0)))
        sums: dict[str, Any] = {m: sum(r.value(m) for r in rows) for m in MEASURES}
        total = BoardRow(committee_id=None, committee=_("Total"), **sums)
        return Board(on=today, rows=tuple(rows), total=total)

    def to_route_filter(self, actor: Actor, committee_id: uuid.UUID) -> rm.CaseFilter:
        """The case list's filter that lists exactly the registrations waiting to be routed at the
        window of ``committee_id``."""
        self._check(actor, committee_id)
        with self.db.read() as s:
            ids = qb.waiting_route_case_ids(s, committee_id)
        return rm.CaseFilter(case_ids=tuple(ids), sort="number", descending=False)

    # -- what is behind a number ------------------------------------------------------------------
    @staticmethod
    def case_filter(committee_id: uuid.UUID, measure: str) -> rm.CaseFilter:
        """The case list's filter that lists exactly the cases a case number counts."""
        base = rm.CaseFilter(committee_id=committee_id, statuses=qb.LISTED_OPEN, sort="deadline_on",
                             descending=False)
        if measure == "open_cases":
            return base
        if measure == "overdue_cases":
            return replace(base, statuses=(), overdue_only=True)
        if measure in ("orange", "red"):
            return replace(base, risk_levels=(RiskLevel(measure).value,))
        raise ValidationFailed({"measure": _("This number does not count cases.")})

    def overdue_items(self, actor: Actor, committee_id: uuid.UUID, after: DueKey | None = None,
                      limit: int = PAGE) -> DuePage:
        """One page of the overdue follow-up items (obligations, follow-ups, confirmations…) of one
        committee, with their exact total; the next page starts after ``next_key``."""
        self._check(actor, committee_id)
        today = self.clock.today()
        limit = max(1, min(limit, PAGE_MAX))
        with self.db.read() as s:
            total = qd.due_counts(s, committee_id, today, today)[0]
            rows = qd.due_page(s, committee_id, today, today, True, after.values if after else None, limit)
            return OverviewService._items(s, today, rows, limit, total)

    def referrals_waiting(self, actor: Actor, committee_id: uuid.UUID) -> builtins.list[rm.ReferralView]:
        self._check(actor, committee_id)
        with self.db.read() as s:
            return self.referrals._views(s, qb.waiting_referrals(s, committee_id))

    def ledger_overdue(self, actor: Actor, committee_id: uuid.UUID) -> builtins.list[LedgerItemView]:
        self._check(actor, committee_id)
        today = self.clock.today()
        with self.db.read() as s:
            items = qb.overdue_ledger_items(s, committee_id, today)
            numbers = qf.case_numbers(s, {i.case_id for i in items if i.case_id})
            return [item_view(i, numbers, today) for i in items]

