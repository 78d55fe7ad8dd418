"""The centre's ladder of levels ("四级七天": 网格员 → 村(社区)调委会 → 乡镇(街道)综治中心 → 乡镇领导, seven
days each) and the supervision of referral slips ("中心吹哨、部门报到"): pure rules, no storage.

A case on the ladder stands at one level from a day (``since``); its days there run out on
``due`` (calendar or working days, the working-day calendar of the market clock). A case still
without a result the day after ``due`` is flagged for escalation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from mediation_app.domain.market import ClockUnit, MarketClock, WorkCalendar, clock_problem
from mediation_app.i18n import _

MAX_LEVELS = 12
MAX_NAME = 100
DEFAULT_SIGN_IN_HOURS = 24
MAX_SIGN_IN_HOURS = 30 * 24

# statuses in which a case has its result (the first one reached says which)
AGREEMENT_RESULTS = ("agreement_effective", "oral_agreement", "performing")
OTHER_RESULTS = ("terminated", "withdrawn", "closed")
RESULTS = AGREEMENT_RESULTS + OTHER_RESULTS


class LevelMove(StrEnum):
    SET = "set"  # first put on the ladder
    ESCALATE = "escalate"  # to a higher level
    DEESCALATE = "deescalate"  # back to a lower level (needs a reason)
    CLEAR = "clear"  # taken off the ladder (needs a reason)

    def label(self) -> str:
        return {
            LevelMove.SET: _("Level set"),
            LevelMove.ESCALATE: _("Escalated"),
            LevelMove.DEESCALATE: _("Returned to a lower level"),
            LevelMove.CLEAR: _("Taken off the ladder"),
        }[self]


DAYS_RAN_OUT = "days_ran_out"  # reason code of an escalation asked for by the flag, with no words added


def reason_text(reason: str | None) -> str:
    """The words of a stored reason (a code for the flag's own escalation, else what was written)."""
    if reason == DAYS_RAN_OUT:
        return _("The days at the level ran out without a result.")
    return reason or ""


@dataclass(frozen=True, kw_only=True)
class LevelRule:
    name: str
    days: int
    unit: ClockUnit

    def due(self, since: dt.date, calendar: WorkCalendar) -> dt.date:
        return MarketClock(self.days, self.unit).due(since, calendar)

    def describe(self) -> str:
        return MarketClock(self.days, self.unit).describe()


def ladder_problems(levels: list[tuple[str, int, str]]) -> dict[str, str]:
    """What is wrong with a ladder given as (name, days, unit) from the lowest level up; keys
    ``levels`` or ``level_<n>`` (n from 1)."""
    errors: dict[str, str] = {}
    if len(levels) > MAX_LEVELS:
        errors["levels"] = _("A ladder has at most {n} levels.").format(n=MAX_LEVELS)
    seen: set[str] = set()
    for n, (name, days, unit) in enumerate(levels, start=1):
        key = f"level_{n}"
        name = (name or "").strip()
        if not name:
            errors[key] = _("Level {n} needs a name.").format(n=n)
        elif len(name) > MAX_NAME:
            errors[key] = _("The name of level {n} is longer than {max} characters.").format(n=n, max=MAX_NAME)
        elif name in seen:
            errors[key] = _("Two levels are called “{name}”.").format(name=name)
        elif clock_problem(days):
            errors[key] = _("Level {n}: {problem}").format(n=n, problem=clock_problem(days))
        elif unit not in tuple(ClockUnit):
            errors[key] = _("Level {n}: choose calendar days or working days.").format(n=n)
        seen.add(name)
    return errors


def days_left(today: dt.date, due: dt.date, unit: ClockUnit, calendar: WorkCalendar) -> int:
    """Days left at the level (0 on the last day, negative once past), counted in the level's unit."""
    if unit is ClockUnit.CALENDAR:
        return (due - today).days
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


def is_flagged(today: dt.date, due: dt.date | None, has_result: bool) -> bool:
    """Flagged for escalation: the days at the level ran out (the due day is over) without a result."""
    return due is not None and not has_result and today > due


def sign_in_hours_problem(hours: int) -> str | None:
    if hours < 1 or hours > MAX_SIGN_IN_HOURS:
        return _("Give between 1 and {max} hours.").format(max=MAX_SIGN_IN_HOURS)
    return None
