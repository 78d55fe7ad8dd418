from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.deadlines import (
    CaseClock,
    DueItem,
    ObligationDue,
    add_months,
    confirmation_deadline,
    current_mediation_deadline,
    due_items,
    enforcement_deadline,
    execution_deadline,
    mediation_deadline,
)
from mediation_app.domain.enums import CaseStatus, DeadlineRule

BASE = CaseClock(
    accepted_on=None,
    rule=DeadlineRule.CALENDAR_MONTH,
    referrer_deadline=None,
    extended_until=None,
    status=CaseStatus.REGISTERED,
    agreement_drafted_on=None,
    agreement_effective_on=None,
    agreement_written=False,
    confirmation_applied_on=None,
    confirmation_confirmed=False,
    obligations=(),
    last_follow_up_on=None,
    referral_deadlines=(),
)


def clock(**changes: Any) -> CaseClock:
    return replace(BASE, **changes)


def kinds(items: list[DueItem]) -> list[str]:
    return [i.kind for i in items]


# --- pure date rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "rule", "deadline"),
    [
        (date(2026, 1, 15), DeadlineRule.CALENDAR_MONTH, date(2026, 2, 15)),
        (date(2026, 1, 31), DeadlineRule.CALENDAR_MONTH, date(2026, 2, 28)),
        (date(2024, 1, 31), DeadlineRule.CALENDAR_MONTH, date(2024, 2, 29)),
        (date(2026, 1, 29), DeadlineRule.CALENDAR_MONTH, date(2026, 2, 28)),
        (date(2026, 3, 31), DeadlineRule.CALENDAR_MONTH, date(2026, 4, 30)),
        (date(2026, 12, 15), DeadlineRule.CALENDAR_MONTH, date(2027, 1, 15)),
        (date(2026, 12, 31), DeadlineRule.CALENDAR_MONTH, date(2027, 1, 31)),
        (date(2026, 1, 31), DeadlineRule.THIRTY_DAYS, date(2026, 3, 2)),
        (date(2024, 2, 1), DeadlineRule.THIRTY_DAYS, date(2024, 3, 2)),
        (date(2026, 12, 15), DeadlineRule.THIRTY_DAYS, date(2027, 1, 14)),
    ],
)
def test_mediation_deadline(accepted: date, rule: DeadlineRule, deadline: date) -> None:
    assert mediation_deadline(accepted, rule) == deadline


def test_confirmation_execution_enforcement_deadlines() -> None:
    assert confirmation_deadline(date(2026, 1, 10)) == date(2026, 2, 9)
    assert confirmation_deadline(date(2024, 2, 15)) == date(2024, 3, 16)
    assert execution_deadline(date(2026, 5, 1)) == date(2026, 5, 8)
    assert enforcement_deadline(date(2024, 2, 29)) == date(2026, 2, 28)
    assert enforcement_deadline(date(2026, 5, 31)) == date(2028, 5, 31)
    assert enforcement_deadline(date(2028, 2, 29)) == date(2030, 2, 28)


@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(-24, 24))
def test_add_months_clamps(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == min(day.day, calendar.monthrange(result.year, result.month)[1])


@given(st.dates(date(1950, 1, 1), date(2150, 12, 1)))
def test_calendar_month_is_28_to_31_days(day: date) -> None:
    gap = (mediation_deadline(day, DeadlineRule.CALENDAR_MONTH) - day).days
    assert 28 <= gap <= 31


# --- mediation deadline -------------------------------------------------------------------


def mediating(**changes: Any) -> CaseClock:
    values: dict[str, Any] = {"accepted_on": date(2026, 11, 21), "status": CaseStatus.MEDIATING}
    return clock(**(values | changes))


def test_mediation_overdue_message() -> None:
    items = due_items(mediating(), date(2026, 12, 24))
    assert items == [
        DueItem("mediation", date(2026, 12, 21), -3, True, "Mediation deadline 2026-12-21 is 3 days overdue")
    ]


def test_mediation_singular_today_and_upcoming() -> None:
    assert (
        due_items(mediating(), date(2026, 12, 22))[0].message
        == "Mediation deadline 2026-12-21 is 1 day overdue"
    )
    today = due_items(mediating(), date(2026, 12, 21))[0]
    assert (today.days_left, today.overdue, today.message) == (
        0,
        False,
        "Mediation deadline 2026-12-21 is today",
    )
    soon = due_items(mediating(), date(2026, 12, 14))[0]
    assert (soon.days_left, soon.overdue) == (7, False)
    assert soon.message == "Mediation deadline 2026-12-21 is in 7 days"
    assert (
        due_items(mediating(), date(2026, 12, 20))[0].message == "Mediation deadline 2026-12-21 is in 1 day"
    )


def test_warning_window() -> None:
    assert due_items(mediating(), date(2026, 12, 13)) == []
    assert kinds(due_items(mediating(), date(2026, 12, 11), warn_days=10)) == ["mediation"]
    assert due_items(mediating(), date(2026, 12, 20), warn_days=0) == []
    assert kinds(due_items(mediating(), date(2026, 12, 21), warn_days=0)) == ["mediation"]


@pytest.mark.parametrize(
    "status",
    [CaseStatus.REGISTERED, CaseStatus.AGREEMENT_DRAFTED, CaseStatus.TERMINATED, CaseStatus.CLOSED],
)
def test_mediation_deadline_only_while_mediating(status: CaseStatus) -> None:
    assert "mediation" not in kinds(due_items(mediating(status=status), date(2027, 1, 30)))


def test_accepted_status_also_counts_and_leap_year_clamp() -> None:
    c = clock(accepted_on=date(2028, 1, 31), status=CaseStatus.ACCEPTED)
    items = due_items(c, date(2028, 3, 1))
    assert items[0].due_on == date(2028, 2, 29) and items[0].days_left == -1


def test_thirty_day_rule() -> None:
    c = mediating(rule=DeadlineRule.THIRTY_DAYS)
    assert due_items(c, date(2026, 12, 21))[0].due_on == date(2026, 12, 21)
    c = clock(accepted_on=date(2026, 1, 31), status=CaseStatus.MEDIATING, rule=DeadlineRule.THIRTY_DAYS)
    assert current_mediation_deadline(c) == date(2026, 3, 2)


def test_referred_case_uses_referrer_deadline() -> None:
    c = mediating(referrer_deadline=date(2026, 12, 1))
    item = due_items(c, date(2026, 12, 3))[0]
    assert item.due_on == date(2026, 12, 1)
    assert item.message == "Referring body's mediation deadline 2026-12-01 is 2 days overdue"


def test_extension_wins() -> None:
    c = mediating(referrer_deadline=date(2026, 12, 1), extended_until=date(2027, 1, 20))
    assert due_items(c, date(2026, 12, 24)) == []
    item = due_items(c, date(2027, 1, 18))[0]
    assert item.message == "Extended mediation deadline 2027-01-20 is in 2 days"


# --- agreement execution and judicial confirmation ----------------------------------------


def test_execution_pending() -> None:
    c = clock(
        accepted_on=date(2026, 4, 10),
        status=CaseStatus.AGREEMENT_DRAFTED,
        agreement_drafted_on=date(2026, 5, 1),
    )
    items = due_items(c, date(2026, 5, 10))
    assert kinds(items) == ["execution"]
    assert items[0].due_on == date(2026, 5, 8) and items[0].days_left == -2 and items[0].overdue
    assert "2026-05-08 is 2 days overdue" in items[0].message
    assert "drafted agreement" in items[0].message


def effective(**changes: Any) -> CaseClock:
    values: dict[str, Any] = {
        "accepted_on": date(2026, 4, 10),
        "status": CaseStatus.AGREEMENT_EFFECTIVE,
        "agreement_effective_on": date(2026, 5, 1),
        "agreement_written": True,
        "last_follow_up_on": date(2026, 5, 1),
    }
    values.update(changes)
    return clock(**values)


def test_confirmation_window() -> None:
    items = due_items(effective(), date(2026, 5, 25))
    assert kinds(items) == ["confirmation"]
    assert items[0].due_on == date(2026, 5, 31) and items[0].days_left == 6 and not items[0].overdue
    assert items[0].message == "Last day to apply jointly for judicial confirmation 2026-05-31 is in 6 days"
    assert due_items(effective(), date(2026, 5, 31))[0].message.endswith("2026-05-31 is today")


def test_confirmation_window_closed_applied_or_oral() -> None:
    assert due_items(effective(), date(2026, 6, 1)) == []
    assert due_items(effective(confirmation_applied_on=date(2026, 5, 20)), date(2026, 5, 25)) == []
    assert due_items(effective(agreement_written=False), date(2026, 5, 25)) == []
    assert due_items(effective(agreement_effective_on=None), date(2026, 5, 25)) == []


# --- obligations, follow-up, enforcement -------------------------------------------------------

FIRST = ObligationDue("o1", "First instalment", date(2026, 6, 1), 500000, performed=False)
SECOND = ObligationDue("o2", "Second instalment", date(2026, 7, 1), 500000, performed=False)
APOLOGY = ObligationDue("o3", "Apology", date(2026, 5, 20), None, performed=True)


def test_unperformed_obligations() -> None:
    c = effective(obligations=(FIRST, SECOND, APOLOGY), confirmation_applied_on=date(2026, 5, 2))
    items = due_items(c, date(2026, 6, 3))
    assert kinds(items) == ["obligation"]
    item = items[0]
    assert (item.ref, item.due_on, item.days_left, item.overdue) == ("o1", date(2026, 6, 1), -2, True)
    assert item.message == "Obligation “First instalment ¥5,000.00” due 2026-06-01 is 2 days overdue"
    later = due_items(c, date(2026, 7, 2))
    assert [(i.kind, i.ref) for i in later] == [("obligation", "o1"), ("obligation", "o2"), ("follow_up", "")]


def test_obligation_without_amount_or_date() -> None:
    undated = ObligationDue("o4", "Return the scale", None, None, performed=False)
    no_amount = ObligationDue("o5", "Return the scale", date(2026, 6, 1), None, performed=False)
    c = effective(obligations=(undated, no_amount), confirmation_applied_on=date(2026, 5, 2))
    items = [i for i in due_items(c, date(2026, 6, 1)) if i.kind == "obligation"]
    assert [i.ref for i in items] == ["o5"]
    assert items[0].message == "Obligation “Return the scale” due 2026-06-01 is today"


def test_no_performance_reminders_after_closing() -> None:
    c = effective(obligations=(FIRST,), status=CaseStatus.CLOSED, confirmation_applied_on=date(2026, 5, 2))
    assert due_items(c, date(2026, 6, 3)) == []


def test_follow_up_due_at_last_obligation() -> None:
    c = effective(
        obligations=(FIRST, SECOND), confirmation_applied_on=date(2026, 5, 2), last_follow_up_on=None
    )
    follow = [i for i in due_items(c, date(2026, 6, 28)) if i.kind == "follow_up"]
    assert follow[0].due_on == date(2026, 7, 1) and follow[0].days_left == 3
    assert follow[0].message == "Follow-up visit on performance due 2026-07-01 is in 3 days"
    before = replace(c, last_follow_up_on=date(2026, 6, 15))
    assert "follow_up" in kinds(due_items(before, date(2026, 7, 5)))
    after = replace(c, last_follow_up_on=date(2026, 7, 1))
    assert "follow_up" not in kinds(due_items(after, date(2026, 7, 5)))


def test_follow_up_without_obligations_uses_effective_date() -> None:
    c = effective(last_follow_up_on=None, confirmation_applied_on=date(2026, 5, 2))
    items = due_items(c, date(2026, 5, 4))
    assert kinds(items) == ["follow_up"]
    assert items[0].due_on == date(2026, 5, 1) and items[0].days_left == -3


def test_enforcement_window_only_after_confirmation() -> None:
    ob = ObligationDue("o1", "Payment", date(2024, 2, 29), 100, performed=False)
    c = effective(
        agreement_effective_on=date(2024, 1, 10),
        status=CaseStatus.PERFORMING,
        obligations=(ob,),
        confirmation_applied_on=date(2024, 1, 20),
        confirmation_confirmed=True,
        last_follow_up_on=date(2024, 3, 1),
    )
    items = [i for i in due_items(c, date(2026, 2, 25)) if i.kind == "enforcement"]
    assert len(items) == 1
    assert items[0].due_on == date(2026, 2, 28) and items[0].days_left == 3
    assert items[0].message == "Last day to apply for enforcement against “Payment” 2026-02-28 is in 3 days"
    assert "enforcement" not in kinds(due_items(c, date(2026, 3, 1)))
    unconfirmed = replace(c, confirmation_confirmed=False)
    assert "enforcement" not in kinds(due_items(unconfirmed, date(2026, 2, 25)))
    performed = replace(c, obligations=(replace(ob, performed=True),))
    assert "enforcement" not in kinds(due_items(performed, date(2026, 2, 25)))


def test_enforcement_counts_each_instalment() -> None:
    first = ObligationDue("a", "First", date(2026, 1, 10), 100, performed=False)
    second = ObligationDue("b", "Second", date(2026, 3, 10), 100, performed=False)
    c = effective(
        agreement_effective_on=date(2025, 12, 1),
        status=CaseStatus.PERFORMING,
        obligations=(first, second),
        confirmation_applied_on=date(2025, 12, 5),
        confirmation_confirmed=True,
        last_follow_up_on=date(2026, 3, 10),
    )
    enforcement = [i for i in due_items(c, date(2028, 1, 5)) if i.kind == "enforcement"]
    assert [(i.ref, i.due_on) for i in enforcement] == [("a", date(2028, 1, 10))]


# --- referral slips, sorting, voided ------------------------------------------------------


def test_referral_slips() -> None:
    c = mediating(referral_deadlines=(("JB-2026-007", date(2026, 12, 1)), ("JB-2026-009", date(2027, 3, 1))))
    items = due_items(c, date(2026, 12, 2))
    assert [(i.kind, i.ref) for i in items] == [("referral", "JB-2026-007")]
    assert items[0].message == "Deadline of referral slip JB-2026-007 2026-12-01 is 1 day overdue"


def test_sorted_by_due_date() -> None:
    c = mediating(referral_deadlines=(("S1", date(2026, 12, 23)), ("S2", date(2026, 12, 19))))
    items = due_items(c, date(2026, 12, 20))
    assert [(i.kind, i.due_on) for i in items] == [
        ("referral", date(2026, 12, 19)),
        ("mediation", date(2026, 12, 21)),
        ("referral", date(2026, 12, 23)),
    ]


def test_voided_case_has_nothing_due() -> None:
    c = mediating(status=CaseStatus.VOIDED, referral_deadlines=(("S1", date(2026, 12, 1)),))
    assert due_items(c, date(2026, 12, 24)) == []


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(-60, 60))
def test_days_left_consistent(accepted: date, offset: int) -> None:
    c = clock(accepted_on=accepted, status=CaseStatus.MEDIATING)
    deadline = mediation_deadline(accepted, DeadlineRule.CALENDAR_MONTH)
    on = deadline - timedelta(days=offset)
    items = due_items(c, on)
    if offset > 7:
        assert items == []
    else:
        assert len(items) == 1
        assert items[0].days_left == offset and items[0].overdue == (offset < 0)
        assert deadline.isoformat() in items[0].message


# --- one overall deadline, personal status, the deadline in force -----------------------------


def test_personal_status_agreement_has_no_confirmation_countdown() -> None:
    assert kinds(due_items(effective(), date(2026, 5, 25))) == ["confirmation"]
    assert due_items(effective(agreement_personal_status=True), date(2026, 5, 25)) == []


def test_overall_deadline_without_instalments_is_reminded_and_visited() -> None:
    c = effective(performance_deadline=date(2026, 6, 20), agreement_personal_status=True)
    items = due_items(c, date(2026, 6, 18))
    assert [(i.kind, i.message) for i in items] == [
        ("obligation", "Performance deadline of the agreement 2026-06-20 is in 2 days"),
        ("follow_up", "Follow-up visit on performance due 2026-06-20 is in 2 days"),
    ]
    assert kinds(due_items(replace(c, performed_in_full=True), date(2026, 6, 18))) == ["follow_up"]


def test_enforcement_after_confirmation_of_an_overall_deadline_or_of_the_ruling() -> None:
    c = effective(performance_deadline=date(2026, 6, 20), confirmation_applied_on=date(2026, 5, 10),
                  confirmation_confirmed=True, confirmed_on=date(2026, 5, 20), last_follow_up_on=date(2026, 6, 21))
    assert [i.message for i in due_items(c, date(2028, 6, 15)) if i.kind == "enforcement"] == [
        "Last day to apply for enforcement of the agreement 2028-06-20 is in 5 days"]
    no_period = replace(c, performance_deadline=None)
    assert [i.due_on for i in due_items(no_period, date(2028, 5, 15)) if i.kind == "enforcement"] == [
        date(2028, 5, 20)]
    assert due_items(replace(c, performed_in_full=True), date(2028, 6, 15)) == []


def test_the_stored_deadline_in_force_wins_over_the_rule() -> None:
    c = mediating(deadline_on=date(2027, 1, 5))
    assert [i.due_on for i in due_items(c, date(2027, 1, 1))] == [date(2027, 1, 5)]


# --- reminders that end with what was done ------------------------------------------------------


def test_a_visit_before_the_day_ends_the_visit_due_only_when_it_found_the_agreement_performed() -> None:
    c = effective(obligations=(FIRST, SECOND), confirmation_applied_on=date(2026, 5, 2),
                  last_follow_up_on=date(2026, 6, 20))
    assert ("follow_up", date(2026, 7, 1)) in [(i.kind, i.due_on) for i in due_items(c, date(2026, 7, 3))]
    assert "follow_up" not in kinds(due_items(replace(c, visit_found_performed=True), date(2026, 7, 3)))


def test_enforcement_applied_for_ends_that_window_only() -> None:
    c = effective(obligations=(FIRST, SECOND), confirmation_applied_on=date(2026, 5, 2), confirmation_confirmed=True,
                  last_follow_up_on=date(2026, 7, 2))
    on = date(2028, 5, 30)  # the first window ends in 2 days (2028-06-01), the second in 32
    assert [(i.kind, i.ref) for i in due_items(c, on) if i.kind == "enforcement"] == [("enforcement", "o1")]
    assert [i.ref for i in due_items(replace(c, enforcement_applied=("o1",)), on) if i.kind == "enforcement"] == []
    later = date(2028, 6, 28)
    assert [i.ref for i in due_items(replace(c, enforcement_applied=("o1",)), later)
            if i.kind == "enforcement"] == ["o2"]
    assert [i for i in due_items(replace(c, enforcement_applied=("",)), later) if i.kind == "enforcement"] == []
