"""Time source for services, replaceable in tests."""

from __future__ import annotations

import datetime as dt


class Clock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return dt.datetime.now().astimezone().date()  # the mediator's local calendar day


class FixedClock(Clock):
    def __init__(self, today: dt.date, hour: int = 9) -> None:
        self._today = today
        self._hour = hour

    def set(self, today: dt.date) -> None:
        self._today = today

    def now(self) -> dt.datetime:
        return dt.datetime(self._today.year, self._today.month, self._today.day, self._hour, tzinfo=dt.UTC)

    def today(self) -> dt.date:
        return self._today
