"""The "today" overview of a committee: meetings today, every item due this week or overdue, and
the cases waiting for a mediator. Counts are exact over every case (computed in SQL); the lists
come in pages, so nothing a mediator relies on is silently cut off."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from mediation_app.domain.deadlines import DueItem, due_message
from mediation_app.domain.money import format_fen
from mediation_app.services import read_models as rm
from mediation_app.services.base import ServiceBase
from mediation_app.services.cases import CaseQueryService
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.storage import queries as q
from mediation_app.storage import queries_due as qd
from mediation_app.storage import queries_slips as qs
from mediation_app.storage.db import Database

PAGE = 100
PAGE_MAX = 1000
UNASSIGNED = rm.CaseFilter(unassigned_only=True, sort="registered_on", descending=False)


@dataclass(frozen=True)
class TodayMeeting:
    case_id: uuid.UUID
    case_number: str
    title: str
    at: dt.datetime
    place: str
    mode: str


@dataclass(frozen=True, kw_only=True)
class TodayDue:
    case_id: uuid.UUID
    case_number: str
    title: str
    kind: str
    due_on: dt.date
    overdue: bool
    message: str
    parties: str = ""


@dataclass(frozen=True)
class DueKey:
    """Where the next page of due items starts (opaque to the caller)."""

    values: tuple[dt.date, str, int, int, str]


@dataclass(frozen=True)
class DuePage:
    items: tuple[TodayDue, ...]
    total: int  # every such item of every case
    next_key: DueKey | None  # None on the last page


@dataclass(frozen=True, kw_only=True)
class TodayOverview:
    meetings: tuple[TodayMeeting, ...]
    overdue: DuePage
    upcoming: DuePage  # due from today to the end of the warning period
    unassigned: tuple[rm.CaseRow, ...]
    unassigned_total: int
    unassigned_next: rm.PageKey | None = None
    slips_overdue: int = 0  # four-part slips whose returned part (回执) is overdue

    @property
    def due(self) -> tuple[TodayDue, ...]:
        """The items on the first pages, overdue first."""
        return self.overdue.items + self.upcoming.items


PREPARED_FOR = dt.timedelta(seconds=30)  # how long a part read during the sign-in may serve


@dataclass(frozen=True, kw_only=True)
class PreparedToday:
    """Today's committee-wide part, read for ``scope`` (see OverviewService.prepare_today)."""

    scope: frozenset[uuid.UUID] | None
    day: dt.date
    read_at: dt.datetime
    warn_days: int
    page: int
    meetings: tuple[TodayMeeting, ...]
    overdue: DuePage
    upcoming: DuePage
    slips_overdue: int

    def serves(self, scope: frozenset[uuid.UUID] | None, today: dt.date, now: dt.datetime, warn_days: int,
               page: int) -> bool:
        return (scope is not None and self.scope == scope and self.day == today and self.warn_days == warn_days
                and self.page == page and dt.timedelta(0) <= now - self.read_at <= PREPARED_FOR)


class OverviewService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, cases: CaseQueryService) -> None:
        super().__init__(db, clock)
        self.cases = cases

    def today(self, actor: Actor, warn_days: int = 7, page: int = PAGE,
              prepared: PreparedToday | None = None) -> TodayOverview:
        """Meetings today, what is due within ``warn_days`` or overdue (exact totals, first pages),
        and the cases waiting for assignment (exact total, first page). ``prepared``: the part read
        while this actor's password was checked (:meth:`prepare_today`), used only when it is of
        exactly this actor's committees, this day and page, and fresh; read again otherwise."""
        self.require_role(actor)  # Today shows case content: a case role is needed
        page = max(1, min(page, PAGE_MAX))
        scope = actor.visible_committees()
        if prepared is None or not prepared.serves(scope, self.clock.today(), self.clock.now(), warn_days, page):
            with self.db.read() as s:
                prepared = self._committee_part(s, scope, warn_days, page)
        unassigned = self.cases.list_cases(actor, UNASSIGNED, limit=page)
        return TodayOverview(
            meetings=prepared.meetings, overdue=prepared.overdue, upcoming=prepared.upcoming,
            unassigned=unassigned.rows, unassigned_total=self.cases.count_cases(actor, UNASSIGNED),
            unassigned_next=unassigned.next_key, slips_overdue=prepared.slips_overdue)

    def prepare_today(self, warn_days: int = 7, page: int = PAGE) -> PreparedToday | None:
        """The committee-wide part of Today (meetings, due items, overdue slips), read while a
        password is being checked, before anyone is signed in: of the database's only active
        committee, whoever signs in (None when it keeps several). It is shown to nobody by itself:
        :meth:`today` hands it only to a signed-in actor with a case role who sees exactly that
        committee, on the same day, within ``PREPARED_FOR`` of the read."""
        page = max(1, min(page, PAGE_MAX))
        with self.db.read() as s:
            ids = [c.id for c in q.committees(s) if c.active]
            if len(ids) != 1:
                return None
            return self._committee_part(s, frozenset(ids), warn_days, page)

    def _committee_part(self, s: Any, scope: frozenset[uuid.UUID] | None, warn_days: int,
                        page: int) -> PreparedToday:
        read_at = self.clock.now()
        today = self.clock.today()
        start = dt.datetime.combine(today, dt.time.min).astimezone()
        until = today + dt.timedelta(days=warn_days)
        meetings = tuple(
            TodayMeeting(r.case_id, r.number, r.title, r.scheduled_at, r.place, r.mode)
            for r in q.meetings_between(s, scope, start, start + dt.timedelta(days=1))
            if r.scheduled_at is not None)
        late, late_total, soon, soon_total = qd.due_first_pages(s, scope, today, until, page)
        return PreparedToday(
            scope=scope, day=today, read_at=read_at, warn_days=warn_days, page=page, meetings=meetings,
            overdue=self._items(s, today, late, page, late_total), upcoming=self._items(s, today, soon, page, soon_total),
            slips_overdue=qs.overdue_count(s, scope, today))

    def due_page(
        self, actor: Actor, overdue: bool, after: DueKey | None = None, limit: int = PAGE, warn_days: int = 7,
        total: int | None = None,
    ) -> DuePage:
        """The next page of overdue (or upcoming) items after ``after``; ``total`` as the first page
        gave it (counted again when not given)."""
        today = self.clock.today()
        until = today + dt.timedelta(days=warn_days)
        self.require_role(actor)  # Today shows case content: a case role is needed
        with self.db.read() as s:
            if total is None:
                total = qd.due_counts(s, actor.visible_committees(), today, until)[0 if overdue else 1]
            return self._page(s, actor, today, until, overdue, after, limit, total)

    def unassigned_page(self, actor: Actor, after: rm.PageKey, limit: int = PAGE) -> rm.CasePage:
        return self.cases.list_cases(actor, UNASSIGNED, after=after, limit=limit)

    def _page(
        self, s: Any, actor: Actor, today: dt.date, until: dt.date, overdue: bool, after: DueKey | None,
        limit: int, total: int,
    ) -> DuePage:
        limit = max(1, min(limit, PAGE_MAX))
        rows = qd.due_page(s, actor.visible_committees(), today, until, overdue, after.values if after else None, limit)
        return self._items(s, today, rows, limit, total)

    @staticmethod
    def _items(s: Any, today: dt.date, rows: list[Any], limit: int, total: int) -> DuePage:
        names = qd.case_party_names(s, {r.obligor_id for r in rows if r.obligor_id is not None})
        items = []
        for r in rows:
            label = names.get(r.obligor_id, "") if r.obligor_id is not None else ""
            if r.kind == "obligation":
                detail = label if r.amount_fen is None else f"{label} {format_fen(r.amount_fen)}"
            elif r.kind == "enforcement":
                detail = label
            else:
                detail = r.detail or ""
            days_left = (r.due_on - today).days
            item = DueItem(r.kind, r.due_on, days_left, days_left < 0, due_message(r.kind, r.due_on, days_left, detail))
            items.append(TodayDue(case_id=r.case_id, case_number=r.number, title=r.title, kind=item.kind,
                                  due_on=item.due_on, overdue=item.overdue, message=item.message,
                                  parties=r.parties_text))
        next_key = None
        if len(rows) == limit:
            last = rows[-1]
            next_key = DueKey((last.due_on, last.number, last.rank, last.seq, last.ref))
        return DuePage(tuple(items), total, next_key)
