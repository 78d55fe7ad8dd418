"""Risk early warnings: each rule from records built through the services, the reasons shown, the
review (audited, never an automatic change of level), no repeat after review, and the statistics."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from mediation_app.domain.enums import (
    CaseSource,
    DisputeType,
    MeetingMode,
    MeetingOutcome,
    PartyRole,
    RiskLevel,
)
from mediation_app.domain.statistics import PreventionKind
from mediation_app.domain.warnings import ReviewDecision, WarningRule
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.intake import CaseInput
from mediation_app.services.meetings import MeetingInput
from mediation_app.services.parties import PartyInput
from mediation_app.storage.models import AuditRecord, CaseRecord
from tests.factories import TODAY, family_case_input, make_case, market_case_input
from tests.services.test_followup import effective_agreement


def warnings_of(services: Services, admin: Actor, case_id: uuid.UUID, rule: WarningRule | None = None) -> list:
    return [w for w in services.warnings.for_case(admin, case_id) if rule is None or w.rule == rule]


def level_of(services: Services, case_id: uuid.UUID) -> str:
    with services.db.read() as s:
        return s.get(CaseRecord, case_id).risk_level


def plain_case(facts: str, **overrides: object) -> CaseInput:
    parties = (
        PartyInput(name="张桂兰", role=PartyRole.APPLICANT, ethnicity="汉族", phone="13800001111"),
        PartyInput(name="王德顺", role=PartyRole.RESPONDENT, ethnicity="汉族", phone="13800002222"),
    )
    base = dict(parties=parties, dispute_type=DisputeType.CONTRACT, facts=facts, requests="返还货款。",
                source=CaseSource.APPLICATION, place="调解室")
    base.update(overrides)
    return CaseInput(**base)  # type: ignore[arg-type]


# -- (1) the same parties in a new dispute ------------------------------------------------------------
def test_same_parties_by_id_number_in_a_new_dispute_within_the_months(services, admin) -> None:
    first = make_case(services, admin)
    services.clock.set(TODAY + dt.timedelta(days=60))
    second = make_case(services, admin)  # same ID numbers, new party records
    number = services.cases.detail(admin, first).number
    [w] = warnings_of(services, admin, second, WarningRule.REPEAT_PARTIES)
    assert number in w.reason and "马福海" in w.reason or "李建国" in w.reason
    assert TODAY.isoformat() in w.reason
    assert not warnings_of(services, admin, first, WarningRule.REPEAT_PARTIES)  # the older case is not warned


def test_same_name_and_phone_without_id_and_the_months_setting(services, admin) -> None:
    make_case(services, admin, data=plain_case("第一次纠纷。"))
    services.warnings.set_settings(admin, repeat_months=3)
    services.clock.set(TODAY + dt.timedelta(days=130))
    late = make_case(services, admin, data=plain_case("又起纠纷。"))
    assert not warnings_of(services, admin, late, WarningRule.REPEAT_PARTIES)  # older than 3 months
    services.warnings.set_settings(admin, repeat_months=6)
    services.warnings.scan(admin)
    [w] = warnings_of(services, admin, late, WarningRule.REPEAT_PARTIES)
    assert "张桂兰" in w.reason or "王德顺" in w.reason
    other = plain_case("换了电话的同名人。", parties=(
        PartyInput(name="张桂兰", role=PartyRole.APPLICANT, ethnicity="汉族", phone="13900009999"),
        PartyInput(name="赵小军", role=PartyRole.RESPONDENT, ethnicity="汉族", phone="13900008888")))
    assert not warnings_of(services, admin, make_case(services, admin, data=other), WarningRule.REPEAT_PARTIES)


# -- (2) family or neighbour disputes recurring ---------------------------------------------------------
def test_family_dispute_between_the_same_parties_recurring(services, admin) -> None:
    make_case(services, admin, data=family_case_input())
    services.clock.set(TODAY + dt.timedelta(days=400))  # past the 12 months of rule 1, within 36
    again = make_case(services, admin, data=family_case_input())
    [w] = warnings_of(services, admin, again, WarningRule.FAMILY_RECURRING)
    assert "才让卓玛" in w.reason or "韩永福" in w.reason
    assert not warnings_of(services, admin, again, WarningRule.REPEAT_PARTIES)
    market_again = make_case(services, admin)
    make_case(services, admin)
    assert not warnings_of(services, admin, market_again, WarningRule.FAMILY_RECURRING)


# -- (3) words of threat, weapons or self-harm ----------------------------------------------------------
def test_threat_words_in_the_facts_and_a_session_record_with_exclusions(services, admin) -> None:
    threat = make_case(services, admin, data=plain_case("被申请人扬言要砍死申请人全家。"))
    [w] = warnings_of(services, admin, threat, WarningRule.WORDS)
    assert "“砍死”" in w.reason and TODAY.isoformat() in w.reason
    noodles = make_case(services, admin, data=plain_case(
        "双方在刀削面馆因面钱争吵，申请人说报复性消费不算。", parties=market_case_input().parties))
    assert not warnings_of(services, admin, noodles, WarningRule.WORDS)  # 刀削面, 报复性消费 excluded
    links = [p.link_id for p in services.cases.detail(admin, noodles).parties]
    services.meetings.record(admin, noodles, MeetingInput(
        place="调解室", mode=MeetingMode.ON_SITE, party_links_present=tuple(links),
        mediator_ids_present=(admin.mediator_id,), outcome=MeetingOutcome.CONTINUE, recorder_name="王书记",
        record_text="双方陈述。", statements=(("马福海", "再不给钱我就喝农药死给你看。"),)))
    [w] = warnings_of(services, admin, noodles, WarningRule.WORDS)
    assert "喝农药" in w.reason and "死给你看" in w.reason


def test_a_save_marks_its_case_and_the_warnings_are_computed_before_anyone_reads_them(services, admin) -> None:
    from mediation_app.storage.models import RiskWarningRecord, WarningPendingRecord

    def stored() -> tuple[list, list]:
        with services.db.read() as s:
            return (list(s.scalars(select(WarningPendingRecord.case_id))),
                    list(s.scalars(select(RiskWarningRecord.rule).where(RiskWarningRecord.case_id == threat))))

    threat = make_case(services, admin, data=plain_case("被申请人扬言要砍死申请人全家。"))
    assert stored() == ([threat], [])  # the save only marked its case; the rules did not run in it
    assert services.warnings.open_page(admin).total == 1  # the list read first computes the marked cases
    assert stored() == ([], [WarningRule.WORDS.value])
    assert services.warnings.catch_up() == 0  # nothing left to do, nothing written
    other = make_case(services, admin, data=plain_case("申请人扬言要杀人。"))
    assert services.warnings.catch_up() == 1  # what the client runs in the background after a save
    assert stored()[0] == []
    assert WarningRule.WORDS in {w.rule for w in warnings_of(services, admin, other)}
    third = make_case(services, admin, data=plain_case("被申请人拿刀威胁。"))
    assert WarningRule.WORDS in {w.rule for w in warnings_of(services, admin, third)}  # a case's own list too
    make_case(services, admin, data=plain_case("扬言要砍死对方。"))
    on_board = services.board.board(admin).rows[0].warnings  # the centre's board computes the marked case too
    assert stored()[0] == [] and on_board == services.warnings.open_page(admin).total >= 4


def test_the_administrator_edits_the_word_list(services, admin) -> None:
    words = services.warnings.words(admin)
    assert words.shipped and "刀削面" in words.text and words.counts["exclude"] > 0
    with pytest.raises(ValidationFailed) as err:
        services.warnings.set_words(admin, "打断腿\n[威胁]\n砍")
    assert "Line 1" in err.value.field_errors["words"]
    services.warnings.set_words(admin, "[威胁]\n打断腿\n[排除]\n")
    case_id = make_case(services, admin, data=plain_case("他说要打断腿，还提到刀。"))
    [w] = warnings_of(services, admin, case_id, WarningRule.WORDS)
    assert "打断腿" in w.reason and "刀" not in w.reason.replace("打断腿", "")
    assert not services.warnings.words(admin).shipped
    services.warnings.reset_words(admin)
    assert services.warnings.words(admin).shipped
    mediator = dataclasses.replace(admin, roles=frozenset(r for r in admin.roles if r.value != "admin"))
    with pytest.raises(PermissionDenied):
        services.warnings.set_words(mediator, "[威胁]\n砍")


# -- (4) a maintenance or wage agreement overdue --------------------------------------------------------
def test_a_wage_agreement_falling_overdue(services, admin) -> None:
    wages = make_case(services, admin, data=market_case_input(subtype_code="unpaid_wages", facts="拖欠搬运工资。"))
    effective_agreement(services, admin, wages)  # two instalments, the first due 2026-11-15
    goods = make_case(services, admin, data=market_case_input(parties=family_case_input().parties))
    effective_agreement(services, admin, goods)  # goods money overdue is not a maintenance or wage payment
    services.clock.set(dt.date(2026, 11, 15))
    services.warnings.scan(admin)
    assert not warnings_of(services, admin, wages, WarningRule.OVERDUE_SUPPORT)  # due today, not yet overdue
    services.clock.set(dt.date(2026, 11, 18))
    services.warnings.scan(admin)
    assert not warnings_of(services, admin, goods, WarningRule.OVERDUE_SUPPORT)
    [w] = warnings_of(services, admin, wages, WarningRule.OVERDUE_SUPPORT)
    assert "2026-11-15" in w.reason and "第一期货款" in w.reason


# -- (5) a risk level raised in the last weeks -----------------------------------------------------------
def test_a_risk_level_raised_recently(services, admin) -> None:
    case_id = make_case(services, admin)  # yellow at intake: the first grading is no rise
    assert not warnings_of(services, admin, case_id, WarningRule.RISK_ROSE)
    services.clock.set(TODAY + dt.timedelta(days=2))
    services.risk.set_level(admin, case_id, RiskLevel.ORANGE, (), "双方多次争吵。", containment="网格员每日走访。",
                            escalated_to="中心主任")
    [w] = warnings_of(services, admin, case_id, WarningRule.RISK_ROSE)
    assert "Yellow" in w.reason and "Orange" in w.reason
    other = make_case(services, admin, data=plain_case("普通纠纷。"))
    services.risk.set_level(admin, other, RiskLevel.BLUE, (), "已缓和。")
    assert not warnings_of(services, admin, other, WarningRule.RISK_ROSE)


# -- (6) terminated with no route taken ------------------------------------------------------------------
def test_a_terminated_dispute_with_no_route_taken(services, admin) -> None:
    silent = make_case(services, admin)
    services.outcomes.terminate(admin, silent, "双方分歧大", ("lawsuit",))
    reported = make_case(services, admin, data=plain_case("另一纠纷。"))
    services.outcomes.terminate(admin, reported, "一方扬言报复", ("lawsuit",), reported_to="城北派出所",
                                reported_on=TODAY)
    assert not warnings_of(services, admin, silent, WarningRule.NO_ROUTE)  # within the 7 days
    services.clock.set(TODAY + dt.timedelta(days=8))
    services.warnings.scan(admin)
    [w] = warnings_of(services, admin, silent, WarningRule.NO_ROUTE)
    assert TODAY.isoformat() in w.reason
    assert not warnings_of(services, admin, reported, WarningRule.NO_ROUTE)


# -- review --------------------------------------------------------------------------------------------
def test_a_warning_never_changes_the_level_and_its_review_is_audited(services, admin) -> None:
    case_id = make_case(services, admin, data=plain_case("对方说要同归于尽。"))
    assert level_of(services, case_id) == "blue"  # the warning itself changes nothing
    [w] = warnings_of(services, admin, case_id, WarningRule.WORDS)
    with pytest.raises(ValidationFailed) as err:
        services.warnings.review(admin, w.id, ReviewDecision.RAISE, "", level=RiskLevel.BLUE)
    assert set(err.value.field_errors) >= {"note", "level"}
    services.warnings.review(admin, w.id, ReviewDecision.RAISE, "当面核实，情绪激动。", level=RiskLevel.ORANGE,
                             containment="村警和网格员每日走访。", escalated_to="中心主任", police=True,
                             police_unit="城北派出所", reported_on=TODAY)
    assert level_of(services, case_id) == "orange"
    assert services.risk.history(admin, case_id)[-1].reported_to == "城北派出所"
    [done] = services.warnings.for_case(admin, case_id)
    assert done.reviewed and done.police and done.decision == "raise" and done.reviewed_by
    with services.db.read() as s:
        audit = s.scalars(select(AuditRecord.case_id).where(AuditRecord.action == "warning.review")).all()
    assert audit == [case_id]
    services.clock.set(TODAY + dt.timedelta(days=1))
    services.warnings.scan(admin)  # neither the reviewed warning nor the rise it caused comes back
    assert [x.id for x in services.warnings.for_case(admin, case_id)] == [w.id]
    with pytest.raises(ValidationFailed):
        services.warnings.review(admin, w.id, ReviewDecision.KEEP, "再看一次。")


def test_keeping_the_level_and_new_evidence_raises_a_new_warning(services, admin) -> None:
    case_id = make_case(services, admin, data=plain_case("对方拿着汽油站在门口。"))
    [w] = warnings_of(services, admin, case_id, WarningRule.WORDS)
    services.warnings.review(admin, w.id, ReviewDecision.KEEP, "已核实为误会。", containment="调解员电话回访。")
    assert level_of(services, case_id) == "blue"
    assert services.warnings.open_page(admin).total == 0
    links = [p.link_id for p in services.cases.detail(admin, case_id).parties]
    services.meetings.record(admin, case_id, MeetingInput(
        place="调解室", party_links_present=tuple(links), mediator_ids_present=(admin.mediator_id,),
        outcome=MeetingOutcome.CONTINUE, recorder_name="王书记", record_text="申请人称对方昨晚又扬言放火。"))
    page = services.warnings.open_page(admin)
    assert page.total == 1 and "放火" in page.items[0].reason


def test_open_warnings_page_with_exact_total(services, admin) -> None:
    for i in range(5):
        make_case(services, admin, data=plain_case(f"第{i}次：扬言砍人。", parties=(
            PartyInput(name=f"甲{i}", role=PartyRole.APPLICANT, ethnicity="汉族", phone=f"1380000{i:04d}"),
            PartyInput(name=f"乙{i}", role=PartyRole.RESPONDENT, ethnicity="汉族", phone=f"1390000{i:04d}"))))
    first = services.warnings.open_page(admin, limit=3)
    assert first.total == 5 and len(first.items) == 3 and first.next_key is not None
    rest = services.warnings.open_page(admin, after=first.next_key, limit=3)
    assert len(rest.items) == 2 and rest.next_key is None
    assert len({w.id for w in first.items + rest.items}) == 5


# -- statistics ------------------------------------------------------------------------------------------
def test_statistics_raised_reviewed_police_prevented(services, admin) -> None:
    a = make_case(services, admin, data=plain_case("扬言杀了你。"))
    b = make_case(services, admin, data=plain_case("说要跳楼。", parties=market_case_input().parties))
    [wa] = warnings_of(services, admin, a, WarningRule.WORDS)
    [wb] = warnings_of(services, admin, b, WarningRule.WORDS)
    services.warnings.review(admin, wa.id, ReviewDecision.KEEP, "已稳控。", containment="亲属看护。", police=True,
                             police_unit="城北派出所")
    services.warnings.review(admin, wb.id, ReviewDecision.KEEP, "已稳控。", containment="亲属看护。")
    services.stats_recording.record_prevention(admin, PreventionKind.SUICIDE, 1, TODAY, case_id=b)
    st = services.warnings.stats(admin, f"{TODAY.year}-{TODAY.month:02d}")
    assert (st.raised, st.reviewed, st.police, st.prevented) == (2, 2, 1, 1)
    assert services.warnings.stats(admin, "2025").raised == 0
