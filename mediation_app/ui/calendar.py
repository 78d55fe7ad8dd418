"""The calendar the client's forms and countdowns use: today's date from the services' clock.

Default dates of the forms (a hearing's date, a report's day, a list's date range), countdowns and
the Today heading read the day here, and the services check what is entered against their own
clock. Both are the same source (the client follows the services' clock once they are open), so a
default date is never "after today" for the rule that checks it; before that it is the computer's
local calendar day, which is what the services' clock gives too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate

from mediation_app.services.clock import Clock

_clock: Any = Clock()


def follow(clock: Any) -> None:
    """Take today's date from ``clock`` (an object with ``today()``) from now on."""
    global _clock
    _clock = clock if clock is not None else Clock()


def today() -> dt.date:
    return _clock.today()  # type: ignore[no-any-return]


def today_q(days: int = 0, months: int = 0) -> QDate:
    """Today (plus ``days`` and ``months``) as a QDate for a date field."""
    return QDate(today()).addMonths(months).addDays(days)
