"""Lookup lists, dispute types and sub-types, and the "today" overview of a committee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mediation_app.domain.deadlines import due_items
from mediation_app.domain.enums import DeadlineRule, DisputeType
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _
from mediation_app.services import read_models as rm
from mediation_app.services.base import ServiceBase
from mediation_app.services.cases import case_clock
from mediation_app.services.context import Actor, Changes
from mediation_app.services.errors import Conflict, NotFound, ValidationFailed
from mediation_app.services.seeds import LOOKUPS
from mediation_app.storage import queries as q
from mediation_app.storage.models import CommitteeRecord, DisputeSubtypeRecord, LookupRecord


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
    parties: str = ""


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
        self.require_role(actor, Perm.READ_CASE)
        today = self.clock.today()
        start = dt.datetime.combine(today, dt.time.min).astimezone()
        with self.db.read() as s:
            meetings = tuple(
                TodayMeeting(c.id, c.number, c.title, m.scheduled_at, m.place, m.mode)
                for m, c in q.meetings_between(s, actor.committee_id, start, start + dt.timedelta(days=1))
                if m.scheduled_at is not None)
            cases = q.cases_needing_attention(s, actor.committee_id, today + dt.timedelta(days=warn_days))
            unassigned_ids = [c.id for c in q.unassigned_cases(s, actor.committee_id)]
            committee = s.get(CommitteeRecord, actor.committee_id)
            rule = DeadlineRule(committee.deadline_rule) if committee else DeadlineRule.CALENDAR_MONTH
            ids = [c.id for c in cases]
            agreements, confirmations = q.agreements_of_cases(s, ids), q.confirmations_of_cases(s, ids)
            follow_ups, referrals = q.last_follow_up_of_cases(s, ids), q.referrals_of_cases(s, ids)
            due: list[TodayDue] = []
            for c in cases:  # a handful of queries for all of them, not one case detail each
                clock = case_clock(c, rule, agreements.get(c.id, []), confirmations.get(c.id, []),
                                   follow_ups.get(c.id), referrals.get(c.id, []))
                due.extend(TodayDue(c.id, c.number, c.title, item.kind, item.due_on, item.overdue, item.message,
                                    c.parties_text) for item in due_items(clock, today, warn_days))
        due.sort(key=lambda d: (d.due_on, d.case_number))
        unassigned = []
        if unassigned_ids:
            page = self.cases.list_cases(actor, rm.CaseFilter(statuses=("registered", "accepted", "mediating")),
                                         limit=500)
            wanted = set(unassigned_ids)
            unassigned = [r for r in page.rows if r.id in wanted]
        return TodayOverview(meetings, tuple(due), tuple(unassigned))


class ReferenceAdminService(ServiceBase):
    """Committee heads keep the configurable lists: dispute sub-types (each rolled up into one of the
    15 official types, fact 29) and the refusal reasons, routes and other lookup lists."""

    def add_subtype(self, actor: Actor, code: str, label: str, core_type: DisputeType, description: str = "") -> Changes:
        self.require_role(actor, Perm.MANAGE_LISTS)
        code, label = code.strip(), label.strip()
        errors = {}
        if not code or not code.replace("_", "").isalnum() or not code.isascii():
            errors["code"] = _("The code may contain only letters, digits and underscores.")
        if not label:
            errors["label"] = _("Give the sub-type a name.")
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            if q.subtype(s, code):
                raise Conflict(_("The sub-type code {code} exists already.").format(code=code))
            rec = DisputeSubtypeRecord(code=code, label=label, core_type=core_type, committee_id=actor.committee_id,
                                       description=description.strip() or None)
            s.add(rec)
            s.flush()
            self.audit(s, actor, "reference.subtype_add", "dispute_subtype", rec.id, details={"code": code})
            return Changes.of("reference", created_id=rec.id)

    def add_lookup(self, actor: Actor, kind: str, code: str, label: str) -> Changes:
        self.require_role(actor, Perm.MANAGE_LISTS)
        if kind not in LOOKUPS:
            raise ValidationFailed({"kind": _("Unknown list.")})
        if not code.strip() or not label.strip():
            raise ValidationFailed({"label": _("Give the entry a code and a name.")})
        with self.db.write() as s:
            if any(item.code == code.strip() for item in q.lookups(s, kind)):
                raise Conflict(_("The entry {code} exists already.").format(code=code.strip()))
            rec = LookupRecord(kind=kind, code=code.strip(), label=label.strip(), sort=len(q.lookups(s, kind)))
            s.add(rec)
            s.flush()
            self.audit(s, actor, "reference.lookup_add", "lookup_item", rec.id, details={"kind": kind, "code": code})
            return Changes.of("reference", created_id=rec.id)

    def deactivate_subtype(self, actor: Actor, code: str) -> Changes:
        """A sub-type stops being offered; cases that carry it keep it (and their statistics)."""
        self.require_role(actor, Perm.MANAGE_LISTS)
        with self.db.write() as s:
            rec = q.subtype(s, code)
            if rec is None or not rec.active:
                raise NotFound(_("No such entry."))
            rec.active = False
            self.audit(s, actor, "reference.subtype_off", "dispute_subtype", rec.id, details={"code": code})
            return Changes.of("reference")

    def deactivate_lookup(self, actor: Actor, kind: str, code: str) -> Changes:
        """Entries are never deleted (old cases keep their meaning); they stop being offered."""
        self.require_role(actor, Perm.MANAGE_LISTS)
        with self.db.write() as s:
            rec = next((item for item in q.lookups(s, kind) if item.code == code), None)
            if rec is None:
                raise NotFound(_("No such entry."))
            rec.active = False
            self.audit(s, actor, "reference.lookup_off", "lookup_item", rec.id, details={"kind": kind, "code": code})
            return Changes.of("reference")
