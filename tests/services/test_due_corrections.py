"""Reminders that must go when the thing is done, and deadlines a referring body's case gets: each
checked in Today (the kept items) and in the case's own page (its clock), which must agree."""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest

from mediation_app.domain.enums import CaseSource, FollowUpMode, PerformanceStatus, ReferralStatus
from mediation_app.i18n import set_language
from mediation_app.services import Services
from mediation_app.services.context import Actor
from tests.factories import make_case, market_case_input
from tests.services.test_followup import SECOND_DUE, effective_agreement
from tests.services.test_today_overview import detail_items, overview_items


def kinds_on(svc: Services, admin: Actor, case_id) -> tuple[set, set]:
    """(Today's items, the case page's items) of one case: (kind, due day)."""
    today = {(k, d) for c, k, d, _o, _m in overview_items(svc, admin) if c == case_id}
    page = {(k, d) for c, k, d, _o, _m in detail_items(svc, admin) if c == case_id}
    return today, page


@pytest.fixture
def beijing_time():
    """This computer's clock in China (no daylight saving), as in the offices."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield ZoneInfo("Asia/Shanghai")
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_visit_early_in_the_morning_clears_that_days_reminder(services: Services, admin: Actor,
                                                               beijing_time) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=False)  # performance by 2026-12-15
    services.clock.set(SECOND_DUE)
    assert ("follow_up", SECOND_DUE) in kinds_on(services, admin, case_id)[0]
    services.followups.record_follow_up(
        admin, case_id, "被申请人", dt.datetime(2026, 12, 15, 7, 30, tzinfo=beijing_time), FollowUpMode.PHONE,
        PerformanceStatus.PARTLY, "已付一半，承诺月底付清。", satisfaction="satisfied", new_risk="", measures="督促")
    today, page = kinds_on(services, admin, case_id)
    assert ("follow_up", SECOND_DUE) not in today and today == page  # 23:30 UTC the day before


def test_a_slip_answered_by_its_department_is_no_longer_overdue(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    slip = services.referrals.issue(admin, case_id, "市场监管所", "复秤核查", deadline=dt.date(2026, 11, 10)).created_id
    assert slip is not None
    for status in (ReferralStatus.RECEIVED, ReferralStatus.IN_PROGRESS):
        services.referrals.update_status(admin, slip, status)
    services.clock.set(dt.date(2026, 11, 12))
    assert ("referral", dt.date(2026, 11, 10)) in kinds_on(services, admin, case_id)[0]  # overdue, no answer
    services.referrals.update_status(admin, slip, ReferralStatus.FEEDBACK, "复秤结果：短斤2公斤，已责令改正。")
    today, page = kinds_on(services, admin, case_id)
    assert not any(kind == "referral" for kind, _d in today | page)
    assert services.referrals.overdue(admin) == []


@pytest.mark.parametrize(("source", "deadline"), [
    (CaseSource.POLICE, dt.date(2027, 3, 2)),  # referred by a body: 30 days unless it gave a deadline
    (CaseSource.PETITION, dt.date(2027, 3, 2)),
    (CaseSource.APPLICATION, dt.date(2027, 2, 28)),  # the committee's rule: one calendar month
])
def test_a_referred_case_without_a_stated_deadline_gets_thirty_days(services: Services, admin: Actor,
                                                                   source: CaseSource, deadline: dt.date) -> None:
    services.clock.set(dt.date(2027, 1, 31))
    case_id = services.intake.register(admin, market_case_input(
        source=source, referrer_name="城东派出所" if source.is_referral else None), accept=True).created_id
    detail = services.cases.detail(admin, case_id)
    assert detail.deadline_on == deadline
    services.clock.set(deadline)
    item = next(i for i in detail_items(services, admin) if i[0] == case_id and i[1] == "mediation")
    referred = "Referring body's mediation deadline" in item[4]
    assert referred is source.is_referral and item[2] == deadline
    assert item in overview_items(services, admin)


def test_a_visit_that_finds_everything_performed_ends_the_instalment_reminders(services: Services,
                                                                             admin: Actor) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)  # instalments 11-15 and 12-15
    services.clock.set(dt.date(2026, 12, 16))
    assert {k for k, _d in kinds_on(services, admin, case_id)[0]} >= {"obligation"}
    services.followups.record_follow_up(
        admin, case_id, "申请人马福海", dt.datetime(2026, 12, 16, 3, 0, tzinfo=dt.UTC), FollowUpMode.PHONE,
        PerformanceStatus.PERFORMED, "两期货款均已付清，双方满意。", satisfaction="satisfied", new_risk="", measures="无")
    today, page = kinds_on(services, admin, case_id)
    assert today == page and not any(kind == "obligation" for kind, _d in today)


def test_the_enforcement_line_names_whom_it_is_against(services: Services, admin: Actor) -> None:
    from mediation_app.domain.deadlines import due_message

    set_language("zh_CN")
    try:
        text = due_message("enforcement", dt.date(2028, 12, 15), 3, "李建国")
    finally:
        set_language("en")
    assert "申请对“李建国”强制执行" in text and "“李建国”申请" not in text  # the creditor applies, against him
