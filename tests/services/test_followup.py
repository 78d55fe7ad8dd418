"""Performance of agreements and follow-up visits, on a real database."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from mediation_app import i18n
from mediation_app.domain.enums import (
    CaseStatus,
    ExecutionMethod,
    FollowUpMode,
    MeetingMode,
    MeetingOutcome,
    PerformanceStatus,
)
from mediation_app.services import Services
from mediation_app.services.agreements import AgreementInput, ObligationInput
from mediation_app.services.context import Actor
from mediation_app.services.errors import GuardRefused, NotFound, ValidationFailed
from mediation_app.services.followup import FollowUpService
from mediation_app.services.meetings import MeetingInput
from mediation_app.storage.models import (
    AuditRecord,
    CaseRecord,
    FollowUpRecord,
    PerformanceEventRecord,
    StatusChangeRecord,
)
from tests.factories import TODAY, family_case_input, make_case

FIRST_DUE = dt.date(2026, 11, 15)
SECOND_DUE = dt.date(2026, 12, 15)


# -- helpers shared with the confirmation tests --------------------------------------------------
def hold_meeting(svc: Services, admin: Actor, case_id: uuid.UUID) -> list[uuid.UUID]:
    links = [p.link_id for p in svc.cases.detail(admin, case_id).parties]
    svc.meetings.record(
        admin,
        case_id,
        MeetingInput(
            place="集散中心人民调解室",
            mode=MeetingMode.ON_SITE,
            party_links_present=tuple(links),
            mediator_ids_present=(admin.mediator_id,),
            outcome=MeetingOutcome.AGREEMENT,
            recorder_name="王书记",
            record_text="告知权利义务后，双方陈述。经逐箱核验，损坏38箱，按合同价每箱200元核减7,600元。",
        ),
    )
    return links


def effective_agreement(
    svc: Services,
    admin: Actor,
    case_id: uuid.UUID,
    *,
    instalments: bool = True,
    personal_status: bool = False,
    terms: tuple[str, ...] = (
        "被申请人同意按每箱200元核减损坏部分货款7,600元。",
        "申请人分两期支付余款16,400元。",
    ),
) -> list[uuid.UUID]:
    """Hold a session, draft the written agreement and have everyone execute it (effective today)."""
    links = hold_meeting(svc, admin, case_id)
    obligations = (
        (
            ObligationInput(links[0], 1_000_000, FIRST_DUE, links[1], "第一期货款"),
            ObligationInput(links[0], 640_000, SECOND_DUE, links[1], "第二期货款"),
        )
        if instalments
        else ()
    )
    svc.agreements.save_draft(
        admin,
        case_id,
        AgreementInput(
            facts="申请人购进被申请人苹果120箱，运输途中损坏38箱。",
            issues="损坏部分的价格如何核减，余款如何支付。",
            responsibilities="损坏系运输挤压所致，双方各自承担一半损失。",
            terms=terms,
            performance_method="银行转账至被申请人账户",
            performance_place="青海省西宁市",
            performance_deadline=None if instalments else SECOND_DUE,
            obligations=obligations,
            recorder_name="王书记",
            personal_status=personal_status,
        ),
    )
    for link in links:
        svc.agreements.record_execution(admin, case_id, link, ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
    svc.agreements.record_mediator_signature_and_seal(admin, case_id)
    assert svc.cases.detail(admin, case_id).status == CaseStatus.AGREEMENT_EFFECTIVE
    return links


def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Restore the English msgids after a test switches the catalogue."""
    monkeypatch.setattr(i18n, "_current", i18n._current)
    monkeypatch.setattr(i18n, "_current_lang", i18n._current_lang)


@pytest.fixture
def followup(services: Services) -> FollowUpService:
    return FollowUpService(services.db, services.clock)


@pytest.fixture
def market(services: Services, admin: Actor) -> uuid.UUID:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)
    return case_id


def _obligations(services: Services, case_id: uuid.UUID) -> list[SimpleNamespace]:
    """Obligation rows as plain values (the read session expires ORM objects when it ends)."""
    from mediation_app.storage import queries_followup as qf

    with services.db.read() as s:
        return [
            SimpleNamespace(id=o.id, seq=o.seq, performed_fen=o.performed_fen, performed_on=o.performed_on)
            for o in qf.case_obligations(s, case_id)
        ]


def events(services: Services, case_id: uuid.UUID) -> list[SimpleNamespace]:
    with services.db.read() as s:
        rows = s.scalars(
            select(PerformanceEventRecord)
            .where(PerformanceEventRecord.case_id == case_id)
            .order_by(PerformanceEventRecord.created_at)
        )
        return [
            SimpleNamespace(
                id=e.id,
                kind=e.kind,
                amount_fen=e.amount_fen,
                obligation_id=e.obligation_id,
                note=e.note,
                on=e.on,
            )
            for e in rows
        ]


# -- performance ---------------------------------------------------------------------------------
def test_part_payment_adds_to_the_instalment_and_starts_performance(
    services, admin, followup, market
) -> None:
    assert followup.performance_status(market) is PerformanceStatus.NOT_DUE
    first, _second = _obligations(services, market)
    services.clock.set(dt.date(2026, 11, 10))
    changes = followup.record_performance(
        admin,
        market,
        first.id,
        PerformanceStatus.PARTLY,
        dt.date(2026, 11, 10),
        amount_fen=400_000,
        note="微信转账4,000元",
    )
    first = _obligations(services, market)[0]
    assert (first.performed_fen, first.performed_on) == (400_000, dt.date(2026, 11, 10))
    [event] = events(services, market)
    assert changes.created_id == event.id
    assert (event.kind, event.amount_fen, event.obligation_id, event.note) == (
        "partly",
        400_000,
        first.id,
        "微信转账4,000元",
    )
    with services.db.read() as s:
        case = s.get(CaseRecord, market)
        assert case.status == CaseStatus.PERFORMING
        moves = [
            h.to_status
            for h in s.scalars(
                select(StatusChangeRecord)
                .where(StatusChangeRecord.case_id == market)
                .order_by(StatusChangeRecord.at, StatusChangeRecord.id)
            )
        ]
        assert moves[-1] == "performing"
        actions = [a.action for a in s.scalars(select(AuditRecord).where(AuditRecord.case_id == market))]
        assert "performance.record" in actions
    assert followup.performance_status(market) is PerformanceStatus.PARTLY


def test_payment_cannot_exceed_what_is_still_due(services, admin, followup, market) -> None:
    first = _obligations(services, market)[0]
    followup.record_performance(admin, market, first.id, PerformanceStatus.PARTLY, TODAY, amount_fen=400_000)
    with pytest.raises(ValidationFailed) as err:
        followup.record_performance(
            admin, market, first.id, PerformanceStatus.PARTLY, TODAY, amount_fen=700_000
        )
    assert (
        err.value.field_errors["amount_fen"]
        == "The payment of ¥7,000.00 is more than the ¥6,000.00 still due on obligation 1."
    )
    assert _obligations(services, market)[0].performed_fen == 400_000  # nothing half-saved
    assert len(events(services, market)) == 1


def test_performed_without_a_figure_pays_the_rest_and_a_paid_instalment_refuses_more(
    services, admin, followup, market
) -> None:
    first, second = _obligations(services, market)
    followup.record_performance(admin, market, first.id, PerformanceStatus.PARTLY, TODAY, amount_fen=250_000)
    followup.record_performance(admin, market, first.id, PerformanceStatus.PERFORMED, TODAY)
    assert _obligations(services, market)[0].performed_fen == 1_000_000
    assert events(services, market)[-1].amount_fen == 750_000
    with pytest.raises(ValidationFailed) as err:
        followup.record_performance(admin, market, first.id, PerformanceStatus.PARTLY, TODAY, amount_fen=100)
    assert (
        err.value.field_errors["obligation_id"] == "Obligation 1 has already been paid in full (¥10,000.00)."
    )
    assert followup.performance_status(market) is PerformanceStatus.PARTLY
    followup.record_performance(admin, market, second.id, PerformanceStatus.PERFORMED, TODAY, note="银行转账")
    assert followup.performance_status(market) is PerformanceStatus.PERFORMED
    rows = followup.instalments(admin, market)
    assert [(r.seq, r.paid, r.overdue, r.outstanding_fen) for r in rows] == [
        (1, True, False, 0),
        (2, True, False, 0),
    ]
    assert rows[0].obligor_name == "马福海" and rows[0].obligee_name == "李建国"


def test_past_due_unpaid_then_urged_then_sued(services, admin, followup, market) -> None:
    services.clock.set(dt.date(2026, 11, 20))
    assert followup.performance_status(market) is PerformanceStatus.NOT_PERFORMED
    rows = followup.instalments(admin, market)
    assert [(r.description, r.overdue, r.outstanding_fen) for r in rows] == [
        ("第一期货款", True, 1_000_000),
        ("第二期货款", False, 640_000),
    ]
    followup.record_performance(
        admin,
        market,
        None,
        PerformanceStatus.URGED,
        dt.date(2026, 11, 20),
        note="电话督促马福海于11月25日前支付第一期货款",
    )
    assert followup.performance_status(market) is PerformanceStatus.URGED
    followup.record_performance(
        admin, market, None, PerformanceStatus.SUED, dt.date(2026, 11, 20), note="李建国向城北区人民法院起诉"
    )
    first = _obligations(services, market)[0]
    followup.record_performance(admin, market, first.id, PerformanceStatus.PERFORMED, dt.date(2026, 11, 20))
    assert followup.performance_status(market) is PerformanceStatus.SUED  # a lawsuit stays on record


def test_performance_input_is_checked_with_specific_messages(services, admin, followup, market) -> None:
    first = _obligations(services, market)[0]
    cases = [
        (
            {"kind": PerformanceStatus.NOT_DUE},
            "kind",
            "“Not yet due” is worked out from the due dates; record what actually happened.",
        ),
        (
            {"kind": PerformanceStatus.PARTLY, "on": TODAY + dt.timedelta(days=1), "amount_fen": 100},
            "on",
            "Performance cannot be recorded for a future date (2026-11-03).",
        ),
        (
            {"kind": PerformanceStatus.URGED, "amount_fen": 100, "note": "催告"},
            "amount_fen",
            "Only a payment (performed in full or in part) carries an amount.",
        ),
        (
            {"kind": PerformanceStatus.PARTLY, "amount_fen": 0},
            "amount_fen",
            "The amount paid must be more than zero.",
        ),
        ({"kind": PerformanceStatus.PARTLY}, "amount_fen", "A part payment needs the amount paid."),
        (
            {"kind": PerformanceStatus.URGED, "obligation_id": None},
            "note",
            "Say what happened (who was urged, which court, the case number …).",
        ),
    ]
    for kw, field, message in cases:
        args = {"obligation_id": first.id, "on": TODAY} | kw
        with pytest.raises(ValidationFailed) as err:
            followup.record_performance(admin, market, **args)
        assert err.value.field_errors[field] == message
    assert events(services, market) == []


def test_performance_is_refused_before_an_agreement(services, admin, followup) -> None:
    case_id = make_case(services, admin)
    hold_meeting(services, admin, case_id)
    with pytest.raises(GuardRefused) as err:
        followup.record_performance(admin, case_id, None, PerformanceStatus.URGED, TODAY, note="催告")
    assert err.value.reasons == ["Recording performance is not possible while the case is “Mediating”."]


def test_obligation_of_another_case_is_not_found(services, admin, followup, market) -> None:
    other = make_case(services, admin)
    effective_agreement(services, admin, other)
    foreign = _obligations(services, other)[0]
    with pytest.raises(NotFound) as err:
        followup.record_performance(admin, market, foreign.id, PerformanceStatus.PERFORMED, TODAY)
    assert err.value.message == "No such obligation in this case's agreement."


# -- follow-up visits ----------------------------------------------------------------------------
def test_follow_up_needs_person_time_and_findings(services, admin, followup, market) -> None:
    with pytest.raises(ValidationFailed) as err:
        followup.record_follow_up(
            admin,
            market,
            " ",
            None,
            FollowUpMode.PHONE,  # type: ignore[arg-type]
            PerformanceStatus.PARTLY,
            "",
        )
    assert err.value.field_errors == {
        "person_visited": "Record who was visited or called.",
        "at": "Record when the follow-up visit took place.",
        "findings": "Write down what the visit found: performance, attitude, any new dispute or risk.",
    }
    later = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)
    with pytest.raises(ValidationFailed) as err:
        followup.record_follow_up(
            admin, market, "李建国", later, FollowUpMode.PHONE, PerformanceStatus.SUED, "已起诉"
        )
    assert err.value.field_errors == {
        "at": "A follow-up visit cannot be recorded before it happens.",
        "lawsuit": "Say which court the lawsuit was brought in, and when.",
    }


def test_follow_up_is_recorded_with_its_performance_event(services, admin, followup, market) -> None:
    services.clock.set(dt.date(2026, 12, 20))
    at = dt.datetime(2026, 12, 20, 3, 30, tzinfo=dt.UTC)
    changes = followup.record_follow_up(
        admin,
        market,
        "李建国（被申请人）",
        at,
        FollowUpMode.VISIT,
        PerformanceStatus.PERFORMED,
        "两期货款均已收到，双方恢复供货往来。",
        satisfaction="satisfied",
        new_risk="",
        measures="无",
    )
    with services.db.read() as s:
        visit = s.get(FollowUpRecord, changes.created_id)
        assert (visit.person_visited, visit.at, visit.mode, visit.performance_status) == (
            "李建国（被申请人）",
            at,
            "visit",
            "performed",
        )
        assert visit.visitor_name == "马调解" and visit.new_risk is None and visit.satisfaction == "satisfied"
        assert visit.agreement_id is not None
        assert s.get(CaseRecord, market).status == CaseStatus.PERFORMING
    [event] = events(services, market)
    assert (event.kind, event.on, event.obligation_id) == ("performed", dt.date(2026, 12, 20), None)
    assert followup.performance_status(market) is PerformanceStatus.PERFORMED  # the visit found it performed
    [view] = followup.follow_ups(admin, market)
    assert view.findings == "两期货款均已收到，双方恢复供货往来。"


def test_oral_family_agreement_takes_its_status_from_the_visit(services, admin, followup) -> None:
    case_id = make_case(services, admin, data=family_case_input())
    hold_meeting(services, admin, case_id)
    services.agreements.record_oral(
        admin, case_id, ("韩永福每月5日前给付老人赡养费500元。",), "双方因赡养费分担发生争执。"
    )
    assert followup.performance_status(case_id) is PerformanceStatus.NOT_DUE
    followup.record_follow_up(
        admin,
        case_id,
        "才让卓玛",
        dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC),
        FollowUpMode.PHONE,
        PerformanceStatus.NOT_PERFORMED,
        "本月赡养费尚未给付，已电话提醒。",
        visitor_name="马调解",
    )
    assert followup.performance_status(case_id) is PerformanceStatus.NOT_PERFORMED
    assert services.cases.detail(admin, case_id).status == CaseStatus.PERFORMING
    assert followup.instalments(admin, case_id) == []


def test_refusal_is_translated_in_chinese(services, admin, followup, market, monkeypatch) -> None:
    english(monkeypatch)
    msgid = "Record who was visited or called."
    i18n.set_language("zh_CN")
    if i18n._(msgid) == msgid:
        pytest.skip("the zh_CN catalogue does not translate the follow-up messages yet")
    with pytest.raises(ValidationFailed) as err:
        followup.record_follow_up(
            admin,
            market,
            "",
            dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC),
            FollowUpMode.PHONE,
            PerformanceStatus.PARTLY,
            "已付一期",
        )
    assert err.value.field_errors["person_visited"] != msgid
