"""Rules of the market room: stall numbers as compared, the working-day calendar, the market's
additional clock per dispute sub-type, and the repeat-disputant warning."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from mediation_app.domain.holidays_cn import shipped_days
from mediation_app.i18n import _, ngettext

MAX_CLOCK_DAYS = 365
DEFAULT_REPEAT_THRESHOLD = 2


class ClockUnit(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"

    def label(self) -> str:
        return _("calendar days") if self is ClockUnit.CALENDAR else _("working days")


class DayKind(StrEnum):
    OFF = "off"  # a day off (holiday, or a weekend day that is not a make-up working day)
    WORK = "work"  # a working day (a weekday, or a make-up working day on a weekend)

    def label(self) -> str:
        return _("day off") if self is DayKind.OFF else _("working day")


def stall_key(text: str) -> str:
    """A stall number as compared: full-width folded, upper case, no spaces, dashes or 号."""
    s = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in s if not ch.isspace() and ch not in "-_—–－·.号#")[:40]


class WorkCalendar:
    """Working days: Monday to Friday, except the public holidays, plus the official make-up
    working days; the administrator's corrections (``overrides``) win over the shipped table."""

    def __init__(self, overrides: Mapping[dt.date, str] | None = None,
                 shipped: Mapping[dt.date, tuple[str, str]] | None = None) -> None:
        self._shipped = dict(shipped if shipped is not None else shipped_days())
        self._overrides = dict(overrides or {})

    def kind(self, day: dt.date) -> DayKind:
        if day in self._overrides:
            return DayKind(self._overrides[day])
        if day in self._shipped:
            return DayKind(self._shipped[day][0])
        return DayKind.WORK if day.weekday() < 5 else DayKind.OFF

    def is_working(self, day: dt.date) -> bool:
        return self.kind(day) is DayKind.WORK

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (the day of acceptance does not count)."""
        day, left = start, days
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_working(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        n, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            n += self.is_working(day)
        return n


@dataclass(frozen=True)
class MarketClock:
    days: int
    unit: ClockUnit
    label: str = ""

    def due(self, accepted_on: dt.date, calendar: WorkCalendar) -> dt.date:
        if self.unit is ClockUnit.CALENDAR:
            return accepted_on + dt.timedelta(days=self.days)
        return calendar.add_working_days(accepted_on, self.days)

    def describe(self) -> str:
        if self.unit is ClockUnit.WORKING:
            text = ngettext("within {n} working day", "within {n} working days", self.days)
        else:
            text = ngettext("within {n} day", "within {n} days", self.days)
        return text.format(n=self.days)


def clock_problem(days: int) -> str | None:
    if days < 1 or days > MAX_CLOCK_DAYS:
        return _("The number of days must be between 1 and {max}.").format(max=MAX_CLOCK_DAYS)
    return None


def repeat_warning(name: str, disputes: int, threshold: int) -> str | None:
    """The warning shown at intake when a merchant has reached the committee's threshold."""
    if threshold < 1 or disputes < threshold:
        return None
    return ngettext("Repeat disputant: {name} has been party to {n} dispute on record.",
                    "Repeat disputant: {name} has been party to {n} disputes on record.", disputes).format(
        name=name, n=disputes)
