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


class OverviewService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, cases: CaseQueryService) -> None:
        super().__init__(db, clock)
        self.cases = cases

    def today(self, actor: Actor, warn_days: int = 7, page: int = PAGE) -> TodayOverview:
        """Meetings today, what is due within ``warn_days`` or overdue (exact totals, first pages),
        and the cases waiting for assignment (exact total, first page)."""
        today = self.clock.today()
        start = dt.datetime.combine(today, dt.time.min).astimezone()
        until = today + dt.timedelta(days=warn_days)
        self.require_role(actor)  # Today shows case content: a case role is needed
        with self.db.read() as s:
            meetings = tuple(
                TodayMeeting(c.id, c.number, c.title, m.scheduled_at, m.place, m.mode)
                for m, c in q.meetings_between(s, actor.visible_committees(), start, start + dt.timedelta(days=1))
                if m.scheduled_at is not None)
            page = max(1, min(page, PAGE_MAX))
            late, late_total, soon, soon_total = qd.due_first_pages(s, actor.visible_committees(), today, until, page)
            overdue = self._items(s, today, late, page, late_total)
            upcoming = self._items(s, today, soon, page, soon_total)
            slips_overdue = qs.overdue_count(s, actor.visible_committees(), today)
        unassigned = self.cases.list_cases(actor, UNASSIGNED, limit=page)
        return TodayOverview(
            meetings=meetings, overdue=overdue, upcoming=upcoming, unassigned=unassigned.rows,
            unassigned_total=self.cases.count_cases(actor, UNASSIGNED), unassigned_next=unassigned.next_key,
            slips_overdue=slips_overdue)

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
