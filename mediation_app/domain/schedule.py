"""Performance schedules: one-off and recurring obligations, grouped per obligor.

An agreement's obligations are printed and reminded per obligor (who pays or performs), each
with its own numbering and subtotal; a recurring obligation (monthly support, say) is one row with
its first due date, its last due date (or none: open-ended) and the amount per period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from mediation_app.i18n import N_, _


class Period(StrEnum):
    """How often a recurring obligation falls due ("" = once)."""

    ONCE = ""
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {Period.ONCE: 0, Period.MONTHLY: 1, Period.QUARTERLY: 3, Period.YEARLY: 12}[self]


_PERIOD_LABELS = {
    Period.ONCE: N_("once"),
    Period.MONTHLY: N_("monthly"),
    Period.QUARTERLY: N_("quarterly"),
    Period.YEARLY: N_("yearly"),
}
PERIOD_CN = {Period.ONCE: "", Period.MONTHLY: "每月", Period.QUARTERLY: "每季度", Period.YEARLY: "每年"}


def period_label(period: Period | str) -> str:
    return _(_PERIOD_LABELS[Period(period)])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise ValueError(day)


def due_dates(first: dt.date, period: Period | str, until: dt.date | None, *, limit: int = 1200) -> list[dt.date]:
    """Every due date of a recurring obligation from ``first`` to ``until`` (at most ``limit``).

    An open-ended obligation (no ``until``) has no last date: callers ask for the dates up to a
    horizon by passing ``until``.
    """
    p = Period(period)
    if p is Period.ONCE or until is None:
        return [first]
    out: list[dt.date] = []
    n = 0
    while len(out) < limit:
        day = add_months(first, p.months * n)
        if day > until:
            break
        out.append(day)
        n += 1
    return out


def occurrences(first: dt.date | None, period: Period | str, until: dt.date | None) -> int | None:
    """How many times a recurring obligation falls due; None when open-ended or undated."""
    if first is None:
        return None
    if Period(period) is Period.ONCE:
        return 1
    if until is None:
        return None
    return len(due_dates(first, period, until))


def last_due(first: dt.date | None, period: Period | str, until: dt.date | None) -> dt.date | None:
    """The last date the obligation falls due (None: undated or open-ended)."""
    if first is None:
        return None
    if Period(period) is Period.ONCE:
        return first
    if until is None:
        return None
    dates = due_dates(first, period, until)
    return dates[-1] if dates else first


T = TypeVar("T")


@dataclass(frozen=True)
class ObligorGroup:
    """The obligations of one obligor, in the agreement's order."""

    obligor: str
    items: tuple[int, ...]  # indexes into the agreement's obligation list


def group_by_obligor(obligations: Sequence[T], obligor: Callable[[T], str]) -> list[ObligorGroup]:
    """Obligations grouped per obligor, groups in order of first appearance."""
    order: dict[str, list[int]] = {}
    for i, o in enumerate(obligations):
        order.setdefault(obligor(o), []).append(i)
    return [ObligorGroup(k, tuple(v)) for k, v in order.items()]


def schedule_end(items: Iterable[tuple[dt.date | None, Period | str, dt.date | None]]) -> tuple[dt.date | None, bool]:
    """(last due date of all items, whether any item is open-ended or undated)."""
    end: dt.date | None = None
    open_ended = False
    for first, period, until in items:
        last = last_due(first, period, until)
        if last is None:
            open_ended = True
            continue
        end = last if end is None or last > end else end
    return end, open_ended


def is_recurring(period: Period | str | None) -> bool:
    return bool(period) and Period(period or "") is not Period.ONCE


def total_due_fen(amount_fen: int | None, first: dt.date | None, period: Period | str | None,
                  until: dt.date | None) -> int | None:
    """The whole sum a money obligation owes: the amount, or the amount per period times the periods
    (None: not money, or recurring without a last date, where there is no whole)."""
    if not amount_fen:
        return None
    if not is_recurring(period):
        return amount_fen
    n = occurrences(first, period or "", until)
    return None if n is None else amount_fen * n


def performed_in_full(amount_fen: int | None, performed_fen: int, performed_on: dt.date | None,
                      first: dt.date | None, period: Period | str | None, until: dt.date | None) -> bool:
    """Everything owed is performed: the whole sum paid (every period of a recurring one; an
    open-ended one never is), or (not money) marked performed on a date."""
    if not amount_fen:
        return performed_on is not None
    total = total_due_fen(amount_fen, first, period, until)
    return total is not None and performed_fen >= total


def next_open_due(amount_fen: int | None, performed_fen: int, performed_on: dt.date | None,
                  first: dt.date | None, period: Period | str | None, until: dt.date | None) -> dt.date | None:
    """The day the first part not yet performed falls due (None: performed in full, or undated). A
    recurring money obligation is paid period by period: what is paid covers the earliest periods."""
    if first is None or performed_in_full(amount_fen, performed_fen, performed_on, first, period, until):
        return None
    if not is_recurring(period) or not amount_fen:
        return first
    return add_months(first, Period(period or "").months * (performed_fen // amount_fen))


def schedule_last_due(first: dt.date | None, period: Period | str | None, until: dt.date | None) -> dt.date | None:
    """The last day of an obligation's schedule (None: undated, or recurring without a last date)."""
    return last_due(first, period or "", until)
