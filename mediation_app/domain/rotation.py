"""Which automatic backups to keep: the newest of each of the last 7 days that have one, of each of
the last 4 ISO weeks and of each of the last 12 months (grandfather-father-son). A backup kept by
any rule is kept. Pure: dates in, keys out; the caller deletes only after a new backup verified."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def _newest_per_period(items: list[tuple[K, dt.datetime]], period: Callable[[dt.datetime], Hashable],
                       count: int) -> set[K]:
    kept: set[K] = set()
    seen: set[Hashable] = set()
    for key, when in items:  # newest first
        p = period(when)
        if p in seen:
            continue
        if len(seen) == count:
            break
        seen.add(p)
        kept.add(key)
    return kept


def backups_to_keep(backups: Iterable[tuple[K, dt.datetime]], *, daily: int = DAILY, weekly: int = WEEKLY,
                    monthly: int = MONTHLY) -> set[K]:
    """Keys of the backups to keep among ``(key, taken_at)`` pairs (local time)."""
    items = sorted(backups, key=lambda kw: kw[1], reverse=True)
    return (_newest_per_period(items, lambda t: t.date(), daily)
            | _newest_per_period(items, lambda t: t.isocalendar()[:2], weekly)
            | _newest_per_period(items, lambda t: (t.year, t.month), monthly))


def backups_to_delete(backups: Iterable[tuple[K, dt.datetime]], **limits: int) -> set[K]:
    items = list(backups)
    return {k for k, _w in items} - backups_to_keep(items, **limits)
