"""The market's clock: a committee's additional clock per dispute sub-type, in calendar or working
days from acceptance, and the holiday calendar that working days come from (shipped for the
current years, corrected by the administrator). The deadline it gives is stored on the case
(``market_due_on``) at acceptance and set again for open cases whenever a clock or the calendar
changes; the Today view, the case and the statistics read it with the other deadlines."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.enums import Role
from mediation_app.domain.holidays_cn import PROVISIONAL_YEARS, shipped_days
from mediation_app.domain.market import ClockUnit, DayKind, MarketClock, WorkCalendar, clock_problem
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.market import read_models as mm
from mediation_app.storage import queries as q
from mediation_app.storage import queries_market as qm
from mediation_app.storage.models import CalendarDayRecord, CaseRecord, MarketClockRecord

CALENDAR_YEARS = range(2000, 2101)


def work_calendar(s: Any) -> WorkCalendar:
    return WorkCalendar(qm.calendar_overrides(s))


def market_due(s: Any, case: CaseRecord, calendar: WorkCalendar | None = None) -> dt.date | None:
    """The case's market deadline: its committee's clock for its sub-type from the acceptance date."""
    if case.accepted_on is None:
        return None
    rule = qm.clock_for(s, case.committee_id, case.subtype_code)
    if rule is None:
        return None
    return MarketClock(rule.days, ClockUnit(rule.unit), rule.label).due(case.accepted_on, calendar or work_calendar(s))


def refresh_market_due(s: Any, committee_id: uuid.UUID | None, subtype_code: str | None, open_only: bool = True) -> int:
    """Set the market deadline again for the (open) cases concerned; the number changed."""
    calendar = work_calendar(s)
    changed = 0
    for case in qm.cases_on_clock(s, committee_id, subtype_code, open_only):
        due = market_due(s, case, calendar)
        if case.market_due_on != due:
            case.market_due_on = due
            changed += 1
    return changed


class MarketClockService(ServiceBase):
    # -- the committee's clocks ------------------------------------------------------------------
    def rules(self, actor: Actor) -> tuple[mm.ClockRuleView, ...]:
        self.require_role(actor, (Role.HEAD, Role.ADMIN, Role.MEDIATOR, Role.WINDOW))
        with self.db.read() as s:
            labels = {t.code: _(t.label) for t in q.all_subtypes(s)}
            return tuple(
                mm.ClockRuleView(subtype_code=r.subtype_code, subtype_label=labels.get(r.subtype_code, r.subtype_code),
                                 days=r.days, unit=r.unit, label=r.label,
                                 description=MarketClock(r.days, ClockUnit(r.unit)).describe())
                for r in qm.clocks(s, actor.committee_id))

    def set_rule(self, actor: Actor, subtype_code: str, days: int, unit: ClockUnit | str, label: str = "") -> Changes:
        """Set (or change) the committee's clock for a sub-type; open cases of that sub-type get
        their market deadline again."""
        self.require_role(actor, (Role.HEAD, Role.ADMIN))
        label = self.cleaned_texts(label=label)["label"].strip()
        errors: dict[str, str] = {}
        try:
            unit = ClockUnit(unit)
        except ValueError:
            errors["unit"] = _("Choose calendar days or working days.")
        problem = clock_problem(days)
        if problem:
            errors["days"] = problem
        with self.db.write() as s:
            if q.subtype(s, subtype_code) is None:
                errors["subtype"] = _("Unknown dispute sub-type.")
            if errors:
                raise ValidationFailed(errors)
            rec = qm.clock_for(s, actor.committee_id, subtype_code)
            if rec is None:
                rec = MarketClockRecord(committee_id=actor.committee_id, subtype_code=subtype_code, days=days,
                                        unit=str(unit), label=label)
                s.add(rec)
            else:
                rec.days, rec.unit, rec.label = days, str(unit), label
            s.flush()
            changed = refresh_market_due(s, actor.committee_id, subtype_code)
            self.audit(s, actor, "market.clock_set", "market_clock", rec.id, None,
                       {"subtype": subtype_code, "days": days, "unit": str(unit), "cases_changed": changed})
            return Changes(kinds=frozenset({ChangeKind.SETTINGS, ChangeKind.CASE, ChangeKind.CASE_ROW}))

    def remove_rule(self, actor: Actor, subtype_code: str) -> Changes:
        self.require_role(actor, (Role.HEAD, Role.ADMIN))
        with self.db.write() as s:
            rec = qm.clock_for(s, actor.committee_id, subtype_code)
            if rec is None:
                raise ValidationFailed({"subtype": _("This sub-type has no market clock.")})
            s.delete(rec)
            s.flush()
            changed = refresh_market_due(s, actor.committee_id, subtype_code)
            self.audit(s, actor, "market.clock_remove", "market_clock", rec.id, None,
                       {"subtype": subtype_code, "cases_changed": changed})
            return Changes(kinds=frozenset({ChangeKind.SETTINGS, ChangeKind.CASE, ChangeKind.CASE_ROW}))

    # -- the holiday calendar --------------------------------------------------------------------
    def calendar(self, actor: Actor, year: int) -> tuple[mm.CalendarDayView, ...]:
        """The year's days that differ from an ordinary week (holidays, make-up working days) and
        every correction, with where each comes from."""
        self.require_role(actor, (Role.HEAD, Role.ADMIN, Role.MEDIATOR, Role.WINDOW))
        with self.db.read() as s:
            edited = {r.day: (r.kind, r.name) for r in qm.calendar_override_rows(s, year)}
        out: dict[dt.date, mm.CalendarDayView] = {}
        for day, (kind, name) in shipped_days().items():
            if day.year == year:
                out[day] = mm.CalendarDayView(day=day, kind=kind, name=name, source="shipped")
        for day, (kind, name) in edited.items():
            out[day] = mm.CalendarDayView(day=day, kind=kind, name=name, source="edited")
        return tuple(out[d] for d in sorted(out))

    @staticmethod
    def provisional(year: int) -> bool:
        """Does the shipped table hold only the statutory days of that year (no official notice yet)?"""
        return year in PROVISIONAL_YEARS

    def set_day(self, actor: Actor, day: dt.date, kind: DayKind | str | None, name: str = "") -> Changes:
        """Correct one day (a day off or a working day), or with ``None`` drop the correction and
        go back to the shipped calendar. Open cases on a working-day clock get their deadline again."""
        self.require_role(actor, Perm.MANAGE_SETTINGS)
        name = self.cleaned_texts(name=name)["name"].strip()
        if day.year not in CALENDAR_YEARS:
            raise ValidationFailed({"day": _("Choose a day between 2000 and 2100.")})
        with self.db.write() as s:
            rec = s.get(CalendarDayRecord, day)
            if kind is None:
                if rec is not None:
                    s.delete(rec)
            else:
                try:
                    kind = DayKind(kind)
                except ValueError:
                    raise ValidationFailed({"kind": _("Choose a day off or a working day.")}) from None
                if rec is None:
                    s.add(CalendarDayRecord(day=day, kind=str(kind), name=name))
                else:
                    rec.kind, rec.name = str(kind), name
            s.flush()
            changed = refresh_market_due(s, None, None)
            self.audit(s, actor, "market.calendar_day", "calendar_day", None, None,
                       {"day": day.isoformat(), "kind": str(kind) if kind else None, "name": name,
                        "cases_changed": changed})
            return Changes(kinds=frozenset({ChangeKind.SETTINGS, ChangeKind.CASE, ChangeKind.CASE_ROW}))

    def is_working(self, actor: Actor, day: dt.date) -> bool:
        self.require_role(actor, (Role.HEAD, Role.ADMIN, Role.MEDIATOR, Role.WINDOW))
        with self.db.read() as s:
            return work_calendar(s).is_working(day)
