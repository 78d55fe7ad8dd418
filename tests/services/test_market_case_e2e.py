"""The whole story of a market case, from registration to an effective written agreement with
two instalments, through the real services, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

from mediation_app.domain.enums import (
    CaseStatus,
    ExecutionMethod,
    MeetingMode,
    MeetingOutcome,
    ParticipantRole,
)
from mediation_app.domain.fingerprint import content_hash
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.meetings import MeetingInput
from mediation_app.services.read_models import CaseFilter
from tests.factories import market_case_input
from tests.services.conftest import initialise


def test_market_case_from_registration_to_effective_agreement(any_services) -> None:
    svc = any_services
    admin = initialise(svc)
    clock = svc.clock

    # Intake: a grid worker reported a transit-damage dispute at the market.
    changes = svc.intake.register(admin, market_case_input())
    case_id = changes.created_id
    assert changes.number == "客商人调字〔2026〕第001号"
    detail = svc.cases.detail(admin, case_id)
    assert detail.status == CaseStatus.REGISTERED
    assert detail.dispute_type == "contract" and detail.subtype_code == "transit_damage"
    assert detail.amount_fen == 2_400_000
    buyer, seller = detail.parties
    assert buyer.name == "马福海" and buyer.sex == "male" and buyer.age == 41 and buyer.ethnicity == "03"
    assert buyer.id_masked.endswith("3314") and "*" in buyer.id_masked
    assert seller.phone == "0971-6123456"

    svc.intake.accept(admin, case_id)
    detail = svc.cases.detail(admin, case_id)
    assert detail.status == CaseStatus.ACCEPTED
    assert detail.deadline_on == dt.date(2026, 12, 2)  # one calendar month from acceptance

    # Consent and the rights notice for each party, an interpreter, the presiding mediator.
    svc.parties.record_all_consents(admin, case_id)
    svc.parties.add_participant(admin, case_id, ParticipantRole.WITNESS, "韩卫东", relation="网格员，到场见证")
    svc.assignment.assign(admin, case_id, admin.mediator_id)

    # A session on site at the stall; the circuit judge valued the damaged boxes.
    clock.set(dt.date(2026, 11, 5))
    links = [p.link_id for p in detail.parties]
    svc.meetings.record(admin, case_id, MeetingInput(
        place="集散中心人民调解室", mode=MeetingMode.ON_SITE, party_links_present=tuple(links),
        mediator_ids_present=(admin.mediator_id,),
        record_text="告知权利义务后，双方陈述。经逐箱核验，损坏38箱，按合同价每箱200元核减7,600元。",
        outcome=MeetingOutcome.AGREEMENT, recorder_name="王书记"))
    assert svc.cases.detail(admin, case_id).status == CaseStatus.MEDIATING

    # The written agreement: contract price less damage, paid in two instalments.
    svc.agreements.save_draft(admin, case_id, AgreementInput(
        facts="申请人购进被申请人苹果120箱，运输途中损坏38箱。",
        issues="损坏部分的价格如何核减，余款如何支付。",
        responsibilities="损坏系运输挤压所致，双方各自承担一半损失。",
        terms=("被申请人同意按每箱200元核减损坏部分货款7,600元。", "申请人分两期支付余款16,400元。"),
        performance_method="银行转账至被申请人账户", performance_place="青海省西宁市",
        obligations=(
            ObligationInput(links[0], 1_000_000, dt.date(2026, 11, 15), links[1], "第一期货款"),
            ObligationInput(links[0], 640_000, dt.date(2026, 12, 15), links[1], "第二期货款"),
        ),
        recorder_name="王书记"))
    detail = svc.cases.detail(admin, case_id)
    agreement = detail.current_agreement
    assert detail.status == CaseStatus.AGREEMENT_DRAFTED
    assert agreement.number == "客商人调协字〔2026〕第001号"
    assert agreement.missing == ()
    assert agreement.originals == 3  # two parties + the committee's copy
    assert agreement.total_fen == 1_640_000
    assert agreement.performance_deadline == dt.date(2026, 12, 15)

    # Execution by both parties, then the mediator's signature and the seal: it takes effect.
    clock.set(dt.date(2026, 11, 6))
    svc.agreements.record_execution(admin, case_id, links[0], ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
    assert svc.cases.detail(admin, case_id).status == CaseStatus.AGREEMENT_DRAFTED  # printed is not effective
    svc.agreements.record_execution(admin, case_id, links[1], ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
    svc.agreements.record_mediator_signature_and_seal(admin, case_id)
    detail = svc.cases.detail(admin, case_id)
    assert detail.status == CaseStatus.AGREEMENT_EFFECTIVE
    agreement = detail.current_agreement
    assert agreement.effective_on == dt.date(2026, 11, 6)
    assert agreement.content_hash and len(agreement.content_hash) == 64
    assert agreement.content_hash != content_hash({})
    assert detail.due == ()  # first instalment 9 days away, confirmation window 30 days: nothing this week
    clock.set(dt.date(2026, 11, 10))
    due = svc.cases.detail(admin, case_id).due
    assert [(d.kind, d.due_on) for d in due] == [("obligation", dt.date(2026, 11, 15))]
    clock.set(dt.date(2026, 12, 1))
    due = {d.kind: d for d in svc.cases.detail(admin, case_id).due}
    assert due["obligation"].overdue and due["obligation"].due_on == dt.date(2026, 11, 15)
    assert due["confirmation"].due_on == dt.date(2026, 12, 6)  # effective + 30 days
    assert [h.to_status for h in detail.history] == [
        "registered", "accepted", "mediating", "agreement_drafted", "agreement_effective"]

    # The list and the search find it.
    assert svc.cases.count_cases(admin, CaseFilter(text="马福")) == 1
    assert svc.cases.count_cases(admin, CaseFilter(text="苹果")) == 1
    assert svc.cases.count_cases(admin, CaseFilter(statuses=("agreement_effective",))) == 1
    page = svc.cases.list_cases(admin, CaseFilter(text="6688"))  # phone tail of the buyer
    assert [r.number for r in page.rows] == ["客商人调字〔2026〕第001号"]
