"""Reminders after what the parties, the court and the mediator did: a window that opens again when
an application falls away, and reminders that end once their purpose is met. Each is checked in
Today (the kept items) and on the case's own page (its clock), which must agree."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_app.domain.enums import ConfirmationOutcome, FollowUpMode, PerformanceStatus
from mediation_app.services import Services
from mediation_app.services.context import Actor
from tests.factories import TODAY, make_case
from tests.services.test_due_corrections import kinds_on
from tests.services.test_followup import FIRST_DUE, SECOND_DUE, effective_agreement
from tests.services.test_today_overview import COURT, detail_items, overview_items

CLOSES = TODAY + dt.timedelta(days=30)  # the agreement takes effect on TODAY


def messages(svc: Services, admin: Actor, case_id, kind: str) -> tuple[list[str], list[str]]:
    """(Today's sentences, the case page's sentences) of one kind of item of one case."""
    today = sorted(m for c, k, _d, _o, m in overview_items(svc, admin) if c == case_id and k == kind)
    page = sorted(m for c, k, _d, _o, m in detail_items(svc, admin) if c == case_id and k == kind)
    return today, page


@pytest.mark.parametrize("outcome", [ConfirmationOutcome.NOT_ACCEPTED, ConfirmationOutcome.WITHDRAWN])
def test_the_confirmation_window_opens_again_when_an_application_falls_away(
        services: Services, admin: Actor, outcome: ConfirmationOutcome) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=False)
    services.clock.set(TODAY + dt.timedelta(days=5))
    first = services.confirmation.apply(admin, case_id, COURT, "domicile", services.clock.today()).created_id
    services.clock.set(TODAY + dt.timedelta(days=8))
    services.confirmation.record_outcome(admin, case_id, first, outcome, services.clock.today())

    services.clock.set(CLOSES - dt.timedelta(days=5))
    expected = [f"Last day to apply jointly for judicial confirmation {CLOSES.isoformat()} is in 5 days"]
    assert messages(services, admin, case_id, "confirmation") == (expected, expected)

    # applied again (to the right court): nothing more to remind
    services.confirmation.apply(admin, case_id, COURT, "domicile", services.clock.today())
    assert messages(services, admin, case_id, "confirmation") == ([], [])


@pytest.mark.parametrize("outcome", [ConfirmationOutcome.REJECTED, ConfirmationOutcome.INVALID])
def test_a_decided_application_does_not_open_the_window_again(services: Services, admin: Actor,
                                                              outcome: ConfirmationOutcome) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=False)
    app = services.confirmation.apply(admin, case_id, COURT, "domicile", TODAY).created_id
    services.clock.set(TODAY + dt.timedelta(days=10))
    services.confirmation.record_outcome(admin, case_id, app, outcome, services.clock.today())
    services.clock.set(CLOSES - dt.timedelta(days=2))
    assert messages(services, admin, case_id, "confirmation") == ([], [])


def test_a_visit_that_found_everything_performed_leaves_no_visit_due(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)  # instalments 11-15 and 12-15: the visit is due 12-15
    services.clock.set(FIRST_DUE - dt.timedelta(days=3))
    services.followups.record_follow_up(
        admin, case_id, "被申请人", dt.datetime(2026, 11, 12, 3, tzinfo=dt.UTC), FollowUpMode.PHONE,
        PerformanceStatus.PERFORMED, "两期货款均已提前付清，双方满意。", satisfaction="satisfied", new_risk="",
        measures="无")
    for day in (SECOND_DUE - dt.timedelta(days=2), SECOND_DUE + dt.timedelta(days=3)):
        services.clock.set(day)
        today, page = kinds_on(services, admin, case_id)
        assert today == page
        assert not {"follow_up", "obligation"} & {kind for kind, _d in today}, day


def test_a_visit_before_the_day_that_found_a_part_unpaid_still_leaves_the_visit_due(services: Services,
                                                                                    admin: Actor) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)
    services.clock.set(FIRST_DUE + dt.timedelta(days=1))
    services.followups.record_follow_up(
        admin, case_id, "被申请人", dt.datetime(2026, 11, 16, 3, tzinfo=dt.UTC), FollowUpMode.PHONE,
        PerformanceStatus.PARTLY, "第一期已付，第二期未到期。", satisfaction="satisfied", new_risk="", measures="督促")
    services.clock.set(SECOND_DUE + dt.timedelta(days=3))
    expected = [f"Follow-up visit on performance due {SECOND_DUE.isoformat()} is 3 days overdue"]
    assert messages(services, admin, case_id, "follow_up") == (expected, expected)


def confirmed(services: Services, admin: Actor, *, instalments: bool) -> object:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=instalments)
    app = services.confirmation.apply(admin, case_id, COURT, "domicile", TODAY).created_id
    services.confirmation.record_outcome(admin, case_id, app, ConfirmationOutcome.CONFIRMED, TODAY,
                                         court_case_number="（2026）青0105民特123号")
    return case_id


def test_applying_for_enforcement_ends_its_window(services: Services, admin: Actor) -> None:
    whole = confirmed(services, admin, instalments=False)  # one overall deadline: 2026-12-15
    services.clock.set(dt.date(2028, 12, 10))
    expected = ["Last day to apply for enforcement of the agreement 2028-12-15 is in 5 days"]
    assert messages(services, admin, whole, "enforcement") == (expected, expected)
    services.followups.record_performance(admin, whole, None, PerformanceStatus.ENFORCED, services.clock.today(),
                                          note="已向城北区人民法院申请强制执行。")
    assert messages(services, admin, whole, "enforcement") == ([], [])


def test_enforcement_applied_for_one_instalment_leaves_the_others_window(services: Services, admin: Actor) -> None:
    case_id = confirmed(services, admin, instalments=True)  # 2026-11-15 and 2026-12-15
    from tests.services.test_due_items import obligations

    first, _second = obligations(services, case_id)
    services.clock.set(dt.date(2028, 11, 14))
    services.followups.record_performance(admin, case_id, first.id, PerformanceStatus.ENFORCED,
                                          services.clock.today(), note="就第一期申请强制执行。")
    assert messages(services, admin, case_id, "enforcement") == ([], [])  # its window ended tomorrow
    services.clock.set(dt.date(2028, 12, 12))
    expected = ["Last day to apply for enforcement against “马福海” 2028-12-15 is in 3 days"]
    assert messages(services, admin, case_id, "enforcement") == (expected, expected)


def test_an_oral_agreement_recorded_in_full_is_visited_and_a_quick_entry_is_not(services: Services,
                                                                              admin: Actor) -> None:
    from mediation_app.domain.enums import DisputeType
    from mediation_app.services.intake import QuickEntryInput
    from mediation_app.services.parties import PartyInput
    from tests.factories import family_case_input
    from tests.services.test_followup import hold_meeting

    case_id = make_case(services, admin, data=family_case_input())
    hold_meeting(services, admin, case_id)
    services.agreements.record_oral(admin, case_id, ("韩永福每月5日前给付老人赡养费500元。",),
                                    "双方因赡养费分担发生争执。")
    quick = services.intake.quick_entry(admin, QuickEntryInput(
        parties=(PartyInput(name="冶永林", phone="13709712345"), PartyInput(name="沙国建", phone="18997123456")),
        dispute_type=DisputeType.CONSUMER, place="A区23号摊位", summary="买菜回秤少了半斤，双方争吵。",
        outcome="oral_agreement", agreement_terms=("摊主当场补足分量并道歉",), performed_on_the_spot=True)).created_id
    services.clock.set(TODAY + dt.timedelta(days=3))
    expected = [f"Follow-up visit on performance due {TODAY.isoformat()} is 3 days overdue"]
    assert messages(services, admin, case_id, "follow_up") == (expected, expected)
    assert messages(services, admin, quick, "follow_up") == ([], [])  # settled on the spot: no visit asked

    services.followups.record_follow_up(
        admin, case_id, "才让卓玛", dt.datetime(2026, 11, 5, 2, tzinfo=dt.UTC), FollowUpMode.PHONE,
        PerformanceStatus.PARTLY, "本月赡养费已给付。", satisfaction="satisfied", new_risk="", measures="无")
    assert messages(services, admin, case_id, "follow_up") == ([], [])


def _visit(services: Services, admin: Actor, case_id, at: dt.datetime, status: PerformanceStatus, findings: str,
           **kw: str) -> None:
    services.followups.record_follow_up(admin, case_id, "被申请人", at, FollowUpMode.PHONE, status, findings,
                                        satisfaction="satisfied", new_risk="", measures="督促", **kw)


@pytest.mark.parametrize("how", ["visit", "record"])
def test_a_lawsuit_over_performance_ends_the_instalment_and_visit_reminders(services: Services, admin: Actor,
                                                                           how: str) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)  # instalments 11-15 and 12-15: the visit is due 12-15
    services.clock.set(FIRST_DUE + dt.timedelta(days=3))
    today, page = kinds_on(services, admin, case_id)
    assert today == page and ("obligation", FIRST_DUE) in today
    if how == "visit":
        _visit(services, admin, case_id, dt.datetime(2026, 11, 18, 3, tzinfo=dt.UTC), PerformanceStatus.SUED,
               "第一期未付，申请人已起诉。", lawsuit="2026年11月17日向城北区人民法院起诉")
    else:
        services.followups.record_performance(admin, case_id, None, PerformanceStatus.SUED, services.clock.today(),
                                              note="申请人已向城北区人民法院起诉，要求履行协议。")
    for day in (FIRST_DUE + dt.timedelta(days=3), SECOND_DUE + dt.timedelta(days=5)):
        services.clock.set(day)
        today, page = kinds_on(services, admin, case_id)
        assert today == page
        assert not {"follow_up", "obligation"} & {kind for kind, _d in today}, day


def test_a_later_visit_that_finds_the_agreement_not_performed_brings_the_instalments_back(
        services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)
    services.clock.set(FIRST_DUE - dt.timedelta(days=3))
    _visit(services, admin, case_id, dt.datetime(2026, 11, 12, 3, tzinfo=dt.UTC), PerformanceStatus.PERFORMED,
           "被申请人称两期货款均已付清。")
    services.clock.set(FIRST_DUE + dt.timedelta(days=2))
    today, page = kinds_on(services, admin, case_id)
    assert today == page and not {"follow_up", "obligation"} & {kind for kind, _d in today}
    _visit(services, admin, case_id, dt.datetime(2026, 11, 17, 3, tzinfo=dt.UTC), PerformanceStatus.NOT_PERFORMED,
           "经向申请人核实，货款并未支付。")
    today, page = kinds_on(services, admin, case_id)
    assert today == page and ("obligation", FIRST_DUE) in today
    services.clock.set(SECOND_DUE + dt.timedelta(days=2))
    today, page = kinds_on(services, admin, case_id)
    assert today == page
    assert {("obligation", FIRST_DUE), ("obligation", SECOND_DUE), ("follow_up", SECOND_DUE)} <= today


def test_a_closed_case_keeps_no_confirmation_countdown(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id, instalments=False)
    services.clock.set(CLOSES - dt.timedelta(days=5))
    expected = [f"Last day to apply jointly for judicial confirmation {CLOSES.isoformat()} is in 5 days"]
    assert messages(services, admin, case_id, "confirmation") == (expected, expected)
    services.outcomes.close(admin, case_id)
    assert messages(services, admin, case_id, "confirmation") == ([], [])
