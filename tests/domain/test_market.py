"""The market's working-day calendar (State Council notices 2025 and 2026, statutory days of 2027),
its clock, stall numbers as compared and the repeat-disputant warning."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.holidays_cn import MAKE_UP_WORKDAYS, PERIODS_OFF, shipped_days
from mediation_app.domain.market import ClockUnit, MarketClock, WorkCalendar, repeat_warning, stall_key


@pytest.mark.parametrize(("year", "name", "days"), [
    (2025, "春节", 8), (2025, "劳动节", 5), (2025, "国庆节、中秋节", 8), (2025, "元旦", 1),
    (2026, "元旦", 3), (2026, "春节", 9), (2026, "劳动节", 5), (2026, "国庆节", 7), (2026, "中秋节", 3),
])
def test_periods_off_have_the_length_of_the_notice(year: int, name: str, days: int) -> None:
    first, last, _name = next(p for p in PERIODS_OFF if p[0].year == year and p[2] == name)
    assert (last - first).days + 1 == days


def test_make_up_working_days_fall_on_weekends_and_are_working_days() -> None:
    cal = WorkCalendar({})
    for day, _name in MAKE_UP_WORKDAYS:
        assert day.weekday() >= 5, day
        assert cal.is_working(day)
    assert {d for d, _n in MAKE_UP_WORKDAYS if d.year == 2026} == {
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
        date(2026, 10, 10)}


def test_ten_working_days_across_the_national_day_holiday() -> None:
    cal = WorkCalendar({})
    # accepted Wednesday 30 September 2026: 1–7 October off, Saturday 10 October is a working day
    assert cal.add_working_days(date(2026, 9, 30), 10) == date(2026, 10, 20)
    assert MarketClock(10, ClockUnit.CALENDAR).due(date(2026, 9, 30), cal) == date(2026, 10, 10)
    assert MarketClock(10, ClockUnit.WORKING).due(date(2026, 9, 30), cal) == date(2026, 10, 20)
    # an ordinary fortnight: Monday 2 November + 10 working days = Monday 16 November
    assert cal.add_working_days(date(2026, 11, 2), 10) == date(2026, 11, 16)


def test_spring_festival_2026() -> None:
    cal = WorkCalendar({})
    assert not cal.is_working(date(2026, 2, 16))  # 除夕, a Monday
    assert cal.is_working(date(2026, 2, 14))  # Saturday before, a make-up working day
    # Friday 13 February: Saturday 14th works, then nothing until Tuesday 24th
    assert cal.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_corrections_win_over_the_shipped_table() -> None:
    day = date(2027, 2, 9)  # a Tuesday after the statutory 2027 Spring Festival days
    assert WorkCalendar({}).is_working(day)
    cal = WorkCalendar({day: "off", date(2027, 2, 20): "work"})
    assert not cal.is_working(day)
    assert cal.is_working(date(2027, 2, 20))  # a Saturday made a working day
    assert cal.add_working_days(date(2027, 2, 8), 1) == date(2027, 2, 10)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 1)), st.integers(min_value=1, max_value=40))
def test_working_days_counted_back_give_the_number_asked(start: dt.date, n: int) -> None:
    cal = WorkCalendar({})
    due = cal.add_working_days(start, n)
    assert cal.is_working(due)
    assert cal.working_days_between(start, due) == n


def test_every_shipped_day_is_in_the_three_years() -> None:
    assert {d.year for d in shipped_days()} == {2025, 2026, 2027}


@pytest.mark.parametrize(("a", "b"), [("A-012", "a012"), ("Ｂ区 117号", "B区117"), ("c_3", "C3")])
def test_stall_numbers_compare_as_typed_differently(a: str, b: str) -> None:
    assert stall_key(a) == stall_key(b)


def test_repeat_warning_from_the_threshold() -> None:
    assert repeat_warning("鑫源果业", 1, 2) is None
    assert "鑫源果业" in (repeat_warning("鑫源果业", 2, 2) or "")
    assert repeat_warning("鑫源果业", 9, 0) is None  # 0: no warning
