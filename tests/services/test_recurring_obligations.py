"""A recurring obligation (monthly support, a monthly instalment) as a mediator lives it: signed,
confirmed by a court, paid period by period, reminded period by period, and printed again after it
took effect."""

from __future__ import annotations

import datetime as dt
import uuid

from mediation_app.domain.enums import ConfirmationOutcome, ExecutionMethod, PerformanceStatus
from mediation_app.services import Services
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.context import Actor
from tests.factories import make_case
from tests.services.test_today_overview import detail_items, overview_items

FIRST = dt.date(2026, 12, 1)
UNTIL = dt.date(2027, 2, 1)  # three periods: 12-01, 01-01, 02-01


def monthly_agreement(svc: Services, admin: Actor) -> tuple[uuid.UUID, uuid.UUID]:
    """An effective agreement whose respondent pays 1,000 yuan a month for three months, confirmed."""
    from tests.services.test_followup import hold_meeting

    case_id = make_case(svc, admin)
    links = hold_meeting(svc, admin, case_id)
    svc.agreements.save_draft(admin, case_id, AgreementInput(
        facts="申请人购进被申请人苹果120箱，运输途中损坏38箱。", issues="余款如何支付。",
        responsibilities="双方各自承担一半损失。", terms=("被申请人每月支付1000元，共3个月。",),
        performance_method="银行转账", performance_place="西宁市",
        obligations=(ObligationInput(links[1], 100_000, FIRST, links[0], "月付货款", period="monthly", until=UNTIL),),
        recorder_name="王书记"))
    for link in links:
        svc.agreements.record_execution(admin, case_id, link, ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
    svc.agreements.record_mediator_signature_and_seal(admin, case_id)
    applied = svc.confirmation.apply(admin, case_id, "西宁市城北区人民法院", "domicile", svc.clock.today()).created_id
    svc.confirmation.record_outcome(admin, case_id, applied, ConfirmationOutcome.CONFIRMED, svc.clock.today(),
                                    court_case_number="（2026）青0105民特1号")
    (instalment,) = svc.followups.instalments(admin, case_id)
    return case_id, instalment.id


def items(svc: Services, admin: Actor, case_id: uuid.UUID) -> set[tuple[str, dt.date]]:
    today = {(k, d) for c, k, d, _o, _m in overview_items(svc, admin) if c == case_id}
    page = {(k, d) for c, k, d, _o, _m in detail_items(svc, admin) if c == case_id}
    assert today == page  # Today's kept items and the case's own clock agree
    return today


def test_each_period_is_reminded_until_the_last_is_paid(services: Services, admin: Actor) -> None:
    case_id, ob = monthly_agreement(services, admin)
    services.clock.set(dt.date(2026, 11, 28))
    assert ("obligation", FIRST) in items(services, admin, case_id)
    services.clock.set(dt.date(2026, 12, 2))
    services.followups.record_performance(admin, case_id, ob, PerformanceStatus.PERFORMED, dt.date(2026, 12, 2),
                                          amount_fen=100_000)
    (view,) = services.followups.instalments(admin, case_id)
    assert (view.due_on, view.outstanding_fen, view.paid) == (dt.date(2027, 1, 1), 200_000, False)
    assert services.followups.performance_status(case_id, admin) is PerformanceStatus.PARTLY
    services.clock.set(dt.date(2027, 1, 2))
    found = items(services, admin, case_id)
    assert ("obligation", dt.date(2027, 1, 1)) in found and ("obligation", FIRST) not in found
    assert ("enforcement", dt.date(2029, 1, 1)) not in found  # its window is far off; shown in its last week
    # the second and third periods in one payment; a fourth is refused
    services.followups.record_performance(admin, case_id, ob, PerformanceStatus.PERFORMED, dt.date(2027, 1, 2),
                                          amount_fen=200_000)
    assert services.followups.instalments(admin, case_id)[0].paid
    assert services.followups.performance_status(case_id, admin) is PerformanceStatus.PERFORMED
    services.clock.set(dt.date(2027, 2, 3))
    assert not any(kind in ("obligation", "enforcement") for kind, _d in items(services, admin, case_id))


def test_the_follow_up_visit_is_due_after_the_last_period(services: Services, admin: Actor) -> None:
    case_id, _ob = monthly_agreement(services, admin)
    services.clock.set(UNTIL)
    assert ("follow_up", UNTIL) in items(services, admin, case_id)
    services.clock.set(dt.date(2026, 12, 1))
    assert not any(kind == "follow_up" for kind, _d in items(services, admin, case_id))


def test_an_unpaid_period_keeps_its_enforcement_window(services: Services, admin: Actor) -> None:
    case_id, _ob = monthly_agreement(services, admin)
    services.clock.set(dt.date(2028, 11, 28))
    assert ("enforcement", dt.date(2028, 12, 1)) in items(services, admin, case_id)  # two years from 12-01


def test_a_signed_agreement_with_a_recurring_obligation_prints_again(services: Services, admin: Actor) -> None:
    case_id, _ob = monthly_agreement(services, admin)
    number = services.cases.detail(admin, case_id).number
    first = services.documents.render(admin, number, "agreement")
    again = services.documents.render(admin, number, "agreement")
    assert first.pdf and again.pages == first.pages
    assert services.documents.render(admin, number, "casefile").pages > first.pages
