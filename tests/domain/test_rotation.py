"""The rotation of automatic backups: 7 daily, 4 weekly, 12 monthly, over many dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from mediation_app.domain.rotation import backups_to_delete, backups_to_keep

START = dt.datetime(2026, 1, 1, 8, 30)


def _daily(days: int, per_day: int = 1) -> list[tuple[int, dt.datetime]]:
    return [(d * per_day + i, START + dt.timedelta(days=d, hours=i)) for d in range(days) for i in range(per_day)]


def test_a_year_of_daily_backups_keeps_seven_days_four_weeks_twelve_months() -> None:
    items = _daily(365)
    kept = backups_to_keep(items)
    when = dict(items)
    days = sorted({when[k].date() for k in kept}, reverse=True)
    last = START.date() + dt.timedelta(days=364)
    assert days[:7] == [last - dt.timedelta(days=i) for i in range(7)]  # the last seven days, each one
    assert len({when[k].isocalendar()[:2] for k in kept}) >= 4
    assert len({(when[k].year, when[k].month) for k in kept}) == 12
    assert len(kept) <= 7 + 4 + 12
    assert backups_to_delete(items) == {k for k, _w in items} - kept


def test_several_backups_a_day_keep_the_newest_of_the_day() -> None:
    items = _daily(3, per_day=4)
    kept = backups_to_keep(items)
    assert kept == {3, 7, 11}


def test_a_gap_of_weeks_does_not_empty_the_daily_set() -> None:
    """Days that have a backup count, not calendar days: after a holiday the seven newest remain."""
    items = _daily(10) + [(100, START + dt.timedelta(days=60))]
    kept = backups_to_keep(items)
    assert 100 in kept and {3, 4, 5, 6, 7, 8, 9} <= kept


def test_nothing_to_rotate() -> None:
    assert backups_to_keep([]) == set()
    assert backups_to_keep([("only", START)]) == {"only"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)), min_size=1,
                max_size=80, unique=True))
def test_the_newest_is_always_kept_and_the_set_is_bounded(stamps: list[dt.datetime]) -> None:
    items = list(enumerate(stamps))
    kept = backups_to_keep(items)
    newest = max(items, key=lambda kv: kv[1])[0]
    assert newest in kept
    assert len(kept) <= 7 + 4 + 12
    # the newest backup of each of the seven newest days with a backup is kept
    by_day: dict[dt.date, tuple[int, dt.datetime]] = {}
    for k, w in items:
        if w.date() not in by_day or w > by_day[w.date()][1]:
            by_day[w.date()] = (k, w)
    for day in sorted(by_day, reverse=True)[:7]:
        assert by_day[day][0] in kept
    # keeping is stable: rotating what was kept deletes nothing more
    assert backups_to_keep([(k, w) for k, w in items if k in kept]) == kept
