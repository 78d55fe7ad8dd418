"""Lookup lists, dispute types and sub-types, and the "today" overview of a committee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediation_app.domain.enums import DisputeType
from mediation_app.i18n import _
from mediation_app.services import read_models as rm
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.storage import queries as q


@dataclass(frozen=True)
class LookupItem:
    code: str
    label: str  # translated


@dataclass(frozen=True)
class SubtypeItem:
    code: str
    label: str  # translated
    core_type: str


@dataclass(frozen=True)
class TodayMeeting:
    case_id: object
    case_number: str
    title: str
    at: dt.datetime
    place: str
    mode: str


@dataclass(frozen=True)
class TodayDue:
    case_id: object
    case_number: str
    title: str
    kind: str
    due_on: dt.date
    overdue: bool
    message: str


@dataclass(frozen=True)
class TodayOverview:
    meetings: tuple[TodayMeeting, ...]
    due: tuple[TodayDue, ...]
    unassigned: tuple[rm.CaseRow, ...]


class ReferenceService(ServiceBase):
    def lookups(self, kind: str) -> list[LookupItem]:
        with self.db.read() as s:
            return [LookupItem(i.code, _(i.label)) for i in q.lookups(s, kind)]

    def dispute_types(self) -> list[LookupItem]:
        return [LookupItem(code, label) for code, label in DisputeType.choices()]

    def subtypes(self) -> list[SubtypeItem]:
        with self.db.read() as s:
            return [SubtypeItem(t.code, _(t.label), t.core_type) for t in q.subtypes(s)]


class OverviewService(ServiceBase):
    def __init__(self, db, clock, cases) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, clock)
        self.cases = cases

    def today(self, actor: Actor, warn_days: int = 7) -> TodayOverview:
        """Meetings today, what is due this week or overdue, and cases waiting for assignment."""
        today = self.clock.today()
        start = dt.datetime.combine(today, dt.time.min).astimezone()
        with self.db.read() as s:
            meetings = tuple(
                TodayMeeting(c.id, c.number, c.title, m.scheduled_at, m.place, m.mode)
                for m, c in q.meetings_between(s, actor.committee_id, start, start + dt.timedelta(days=1))
                if m.scheduled_at is not None)
            candidates = q.cases_needing_attention(s, actor.committee_id, today + dt.timedelta(days=warn_days))
            unassigned_ids = [c.id for c in q.unassigned_cases(s, actor.committee_id)]
        due: list[TodayDue] = []
        for c in candidates:
            detail = self.cases.detail(actor, c.id)
            for item in detail.due:
                due.append(TodayDue(c.id, c.number, c.title, item.kind, item.due_on, item.overdue, item.message))
        due.sort(key=lambda d: (d.due_on, d.case_number))
        unassigned = []
        if unassigned_ids:
            page = self.cases.list_cases(actor, rm.CaseFilter(statuses=("registered", "accepted", "mediating")),
                                         limit=500)
            wanted = set(unassigned_ids)
            unassigned = [r for r in page.rows if r.id in wanted]
        return TodayOverview(meetings, tuple(due), tuple(unassigned))
