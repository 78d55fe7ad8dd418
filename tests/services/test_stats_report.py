"""The statistics report over a hand-counted fixture built through the services: every cell of the
form, the totals, the drill-down lists, a second committee that never leaks, submissions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from mediation_app.domain.enums import CaseSource, CommitteeKind, DisputeType, PerformanceStatus, TerminationKind
from mediation_app.domain.statistics import Period, PreventionKind
from mediation_app.services import Services
from mediation_app.services.confirmation import ConfirmationService
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied
from mediation_app.services.intake import Refusal
from mediation_app.services.stats.recording import CaseFactsInput
from mediation_app.storage.models import CommitteeRecord, MediatorRecord
from tests.factories import TODAY, family_case_input, make_case, market_case_input
from tests.services.test_followup import effective_agreement, hold_meeting

YEAR = Period.parse("2026")
COURT = "西宁市城北区人民法院"

# (source, type, subtype, outcome, difficult, persons, amount yuan, wages, performed, confirmation)
CASES = [
    ("application", None, "transit_damage", "written", True, 3, "24000", False, True, "confirmed"),  # 1
    ("application", "marriage_family", None, "written", False, 2, "10000", False, False, "applied"),  # 2
    ("court", None, "payment_arrears", "written", False, 2, "5000", False, True, None),  # 3
    ("police", None, "market_injury", "written", True, 4, "8000", False, False, None),  # 4
    ("initiative", "neighbour", None, "oral", False, 2, "", False, True, None),  # 5
    ("grid", None, "short_weight", "oral", False, 2, "300", False, False, None),  # 6
    ("petition", "land_acquisition", None, "oral", True, 12, "", False, False, None),  # 7
    ("hotline", "property_management", None, "oral", False, 3, "1200", False, False, None),  # 8
    ("other_dept", None, "unpaid_wages", "oral", False, 6, "50000", True, True, None),  # 9
    ("procuratorate", "traffic", None, "oral", False, 2, "20000", False, False, None),  # 10
    ("application", "medical", None, "terminated", True, 2, "100000", False, False, None),  # 11
    ("application", "environment", None, "terminated", False, 5, "", False, False, None),  # 12
    ("court", "other", None, "withdrawn", False, 2, "", False, False, None),  # 13
    ("application", "forest_land", None, "terminated", False, 2, "", False, False, None),  # 14
    ("application", "housing_homestead", None, None, False, 2, "", False, False, None),  # 15
    ("initiative", "production_business", None, None, False, 2, "", False, False, None),  # 16
    ("application", "labour", None, None, False, 3, "", True, False, None),  # 17
    ("application", "contract", None, None, False, 2, "", False, False, None),  # 18
    ("police", "neighbour", None, None, False, 2, "", False, False, None),  # 19
    ("application", "consumer", None, None, True, 2, "", False, False, None),  # 20
]

# Committee A's row, counted by hand from the table above (C2020 list).
EXPECTED_A = {
    "total": 20, "persons": 62, "success": 10, "difficult": 5, "amount": 11_850_000,
    "body.industry": 20,
    "source.initiative": 3, "source.application": 9, "source.referred": 8, "source.court": 2,
    "source.procuratorate": 1, "source.police": 2, "source.petition": 1, "source.other_dept": 2,
    "type.01": 1, "type.02": 2, "type.03": 1, "type.04": 3, "type.05": 1, "type.06": 1, "type.07": 1,
    "type.08": 1, "type.09": 1, "type.10": 2, "type.12": 2, "type.13": 1, "type.14": 1, "type.15": 1,
    "type.99": 1, "type.wages": 2,
    "form.oral": 6, "form.written": 4, "performed": 4, "confirm.applied": 2, "confirm.confirmed": 1,
    "screen.rounds": 2, "screen.found": 4, "prevent.total": 5, "prevent.suicide.cases": 1,
    "prevent.suicide.persons": 2, "prevent.criminal.cases": 1, "prevent.criminal.persons": 4, "prevent.mass_petition.cases": 2,
    "prevent.mass_petition.persons": 25,
}
EXPECTED_B = {"total": 2, "persons": 4, "success": 1, "body.village": 2, "source.application": 1,
              "source.referred": 1, "source.court": 1, "type.01": 1, "type.04": 1, "form.oral": 1,
              "screen.rounds": 1, "prevent.total": 1, "prevent.mass_fight.cases": 1, "prevent.mass_fight.persons": 30}


def _register(svc: Services, actor: Actor, source: str, dtype: str | None, subtype: str | None, persons: int,
              amount: str) -> uuid.UUID:
    data = market_case_input(
        source=CaseSource(source), dispute_type=DisputeType(dtype) if dtype else None, subtype_code=subtype,
        referrer_name=None if source in ("application", "initiative") else "某单位", persons_involved=persons,
        amount=amount, referral_letter_no=None)
    return make_case(svc, actor, assigned=actor.mediator_id is not None, data=data)


def _outcome(svc: Services, actor: Actor, case_id: uuid.UUID, outcome: str | None) -> None:
    if outcome == "written":
        effective_agreement(svc, actor, case_id, instalments=False)
    elif outcome == "oral":
        hold_meeting(svc, actor, case_id)
        svc.agreements.record_oral(actor, case_id, ("当场退还差价。",), "双方当场达成口头协议。")
    elif outcome in ("terminated", "withdrawn"):
        kind = TerminationKind.WITHDRAWN if outcome == "withdrawn" else TerminationKind.FAILED
        svc.outcomes.terminate(actor, case_id, "双方分歧较大。", ("lawsuit",), kind=kind)


@pytest.fixture
def centre(services: Services, admin: Actor) -> dict[str, object]:
    ids: list[uuid.UUID] = []
    for source, dtype, subtype, outcome, difficult, persons, amount, wages, performed, confirm in CASES:
        cid = _register(services, admin, source, dtype, subtype, persons, amount)
        _outcome(services, admin, cid, outcome)
        services.stats_recording.set_case_facts(admin, cid, CaseFactsInput(
            complexity="difficult" if difficult else "ordinary", migrant_wages=wages))
        if performed:
            services.followups.record_performance(admin, cid, None, PerformanceStatus.PERFORMED, TODAY)
        if confirm:
            conf = ConfirmationService(services.db, services.clock)
            app_id = conf.apply(admin, cid, COURT, "subject_matter", TODAY).created_id
            if confirm == "confirmed":
                from mediation_app.domain.enums import ConfirmationOutcome

                conf.record_outcome(admin, cid, app_id, ConfirmationOutcome.CONFIRMED, TODAY, "（2026）青0105民特88号")
        ids.append(cid)
    # not counted: registered only, refused, voided
    services.intake.register(admin, market_case_input(), accept=False)
    services.intake.register(admin, market_case_input(), accept=False,
                             refusal=Refusal(reason_code="other", routes=("lawsuit",), note="不属于调解范围"))
    voided = make_case(services, admin)
    services.intake.void(admin, voided, "重复登记")
    rec = services.stats_recording
    rec.record_screening(admin, dt.date(2026, 10, 12), "B区", "王书记", found=3)
    rec.record_screening(admin, dt.date(2026, 11, 1), "C区", "王书记", found=1)
    rec.record_prevention(admin, PreventionKind.SUICIDE, 2, dt.date(2026, 10, 20), "劝解", ids[6])
    rec.record_prevention(admin, PreventionKind.CRIMINAL, 4, dt.date(2026, 10, 21))
    rec.record_prevention(admin, PreventionKind.MASS_PETITION, 15, dt.date(2026, 9, 2))
    rec.record_prevention(admin, PreventionKind.MASS_PETITION, 10, dt.date(2026, 11, 2))
    rec.record_prevention(admin, PreventionKind.OTHER, 0, dt.date(2026, 11, 2))
    rec.record_prevention(admin, PreventionKind.OTHER, 3, dt.date(2025, 12, 31))  # another year
    # a second committee in the same database, with its own cases
    with services.db.write() as s:
        other = CommitteeRecord(name="大通县某村人民调解委员会", short_name="大通", kind=CommitteeKind.VILLAGE,
                                number_pattern="{short}{word}〔{year}〕第{serial:03d}号", form_body="village")
        s.add(other)
        s.flush()
        mediator = MediatorRecord(committee_id=other.id, name="李调解")
        s.add(mediator)
        s.flush()
        other_id, mediator_id = other.id, mediator.id
    b = dataclasses.replace(admin, committee_id=other_id, mediator_id=mediator_id, memberships=())
    b1 = make_case(services, b, data=dataclasses.replace(family_case_input(), persons_involved=2))
    _outcome(services, b, b1, "oral")
    make_case(services, b, assigned=False, data=market_case_input(
        subtype_code=None, dispute_type=DisputeType.CONTRACT, source=CaseSource.COURT, persons_involved=2,
        referrer_name=COURT))
    rec.record_screening(b, dt.date(2026, 11, 1), "村", "李")
    rec.record_prevention(b, PreventionKind.MASS_FIGHT, 30, dt.date(2026, 11, 1))
    return {"ids": ids, "other": other_id, "b": b}


def _row(report, key: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {c: v for (r, c), v in report.values.items() if r == key}


@pytest.mark.pg
def test_every_cell_totals_and_drill_down_of_the_hand_counted_fixture(services, admin, centre) -> None:
    report = services.stats.compute(admin, YEAR)
    own = admin.committee_id.hex
    assert [r.key for r in report.rows] == [own, "subordinate_total", "level_total"]
    assert _row(report, own) == EXPECTED_A  # every other cell is zero
    assert _row(report, "level_total") == EXPECTED_A
    assert _row(report, "subordinate_total") == {}
    assert report.rates("level_total").success == "50.00%"
    assert report.rates("level_total").performance == "40.00%"
    ids = centre["ids"]
    # drill-down: exactly the cases of each cell
    def cases(column: str) -> set[uuid.UUID]:
        return set(services.stats.cell_cases(admin, YEAR, "total", column).case_ids)
    assert cases("total") == set(ids)
    assert cases("success") == {ids[i] for i in range(10)}
    assert cases("difficult") == {ids[i] for i in (0, 3, 6, 10, 19)}
    assert cases("type.04") == {ids[0], ids[2], ids[17]}
    assert cases("type.10") == {ids[8], ids[16]}
    assert cases("type.wages") == {ids[8], ids[16]}
    assert cases("source.other_dept") == {ids[7], ids[8]}
    assert cases("source.initiative") == {ids[4], ids[5], ids[15]}
    assert cases("performed") == {ids[0], ids[2], ids[4], ids[8]}
    assert cases("confirm.confirmed") == {ids[0]}
    assert cases("form.written") == {ids[i] for i in range(4)}
    assert cases("amount") == {ids[i] for i in range(10)}
    items = services.stats.cell_cases(admin, YEAR, "total", "prevent.suicide.cases")
    assert items.case_ids == (ids[6],) and [r.persons for r in items.records] == [2]
    assert len(services.stats.cell_cases(admin, YEAR, "total", "screen.rounds").records) == 2
    found = services.stats.cell_cases(admin, YEAR, "total", "screen.found")  # 3 + 1 found in the two rounds
    assert found.value == 4 and len(found.records) == 2
    for column in report.columns:  # every cell, asked alone, has the report's value from its own cases
        items = services.stats.cell_cases(admin, YEAR, "total", column.key)
        assert items.value == report.value("level_total", column.key), column.key
        if column.basis.value == "cases" and column.measure.value == "count":
            assert len(items.case_ids) == items.value, column.key
    # a month with no case accepted: only the prevention and screening of October
    october = services.stats.compute(admin, Period.parse("2026-10"))
    assert _row(october, own) == {"screen.rounds": 1, "screen.found": 3, "prevent.total": 2, "prevent.suicide.cases": 1,
                                  "prevent.suicide.persons": 2, "prevent.criminal.cases": 1,
                                  "prevent.criminal.persons": 4}


@pytest.mark.pg
def test_the_second_committee_never_leaks_and_both_are_reported_by_the_centre(services, admin, centre) -> None:
    other = centre["other"]
    own_report = services.stats.compute(admin, YEAR)
    assert all(other not in r.committee_ids for r in own_report.rows)
    assert own_report.value("level_total", "total") == 20
    with pytest.raises(PermissionDenied):  # the market room's account does not see the village's cases
        services.stats.compute(admin, YEAR, committees=[admin.committee_id, other])
    head = dataclasses.replace(admin, centre_head=True)  # the centre's head sees every committee
    both = services.stats.compute(head, YEAR, committees=[admin.committee_id, other])
    assert [r.key for r in both.rows] == [admin.committee_id.hex, other.hex, "subordinate_total", "level_total"]
    assert _row(both, other.hex) == EXPECTED_B
    assert _row(both, "subordinate_total") == EXPECTED_B
    level = _row(both, "level_total")
    for key in set(EXPECTED_A) | set(EXPECTED_B):
        assert level.get(key, 0) == EXPECTED_A.get(key, 0) + EXPECTED_B.get(key, 0), key
    b_cases = set(services.stats.cell_cases(head, YEAR, "大通", "total", committees=[admin.committee_id, other])
                  .case_ids)
    assert len(b_cases) == 2 and not b_cases & set(centre["ids"])


@pytest.mark.pg
def test_the_code_lists_count_the_same_cases_their_own_way(services, admin, centre) -> None:
    b = services.stats.compute(admin, YEAR, version="B2016")
    assert b.value("level_total", "type.10") == 2  # 拖欠农民工工资: the two cases marked as wages
    assert b.value("level_total", "type.11") == 0
    assert b.value("level_total", "type.14") == 2  # 其他消费
    assert b.value("level_total", "type.18") == 1
    assert "type.wages" not in {c.key for c in b.columns}
    a = services.stats.compute(admin, YEAR, version="A2010")
    assert a.value("level_total", "type.10") == 2 and a.value("level_total", "type.11") == 2
    assert len([c for c in a.columns if c.key.startswith("type.")]) == 15
    for report in (a, b):
        types = sum(report.value("level_total", c.key) for c in report.columns
                    if c.key.startswith("type.") and c.key != "type.wages")
        assert types == 20


@pytest.mark.pg
def test_submitting_freezes_the_report_and_shows_what_changed(services, admin, centre) -> None:
    sub_id = services.stats_submissions.submit(admin, YEAR, note="报司法局").created_id
    assert sub_id is not None
    assert not services.stats_submissions.compare(admin, sub_id).changed
    frozen = services.stats_submissions.as_submitted(admin, sub_id)
    assert _row(frozen, admin.committee_id.hex) == EXPECTED_A
    late = _register(services, admin, "application", "neighbour", None, 2, "")
    cmp = services.stats_submissions.compare(admin, sub_id)
    total = next(c for c in cmp.changes if c.row == "level_total" and c.column == "total")
    assert (total.submitted, total.now, total.added, total.removed) == (20, 21, (late,), ())
    assert {c.column for c in cmp.changes if c.row == "level_total"} == {"total", "persons", "body.industry",
                                                                          "source.application", "type.02"}
    assert _row(services.stats_submissions.as_submitted(admin, sub_id), "level_total") == EXPECTED_A
    [view] = services.stats_submissions.submitted(admin)
    assert view.note == "报司法局" and len(view.hash) == 64


@pytest.mark.pg
def test_the_date_closed_puts_only_closed_cases_into_the_period(services, admin, centre) -> None:
    from mediation_app.domain.statistics import Definitions, PeriodAnchor

    ids = centre["ids"]
    services.outcomes.close(admin, ids[11])  # terminated (environment), closed today
    closed = services.stats.compute(admin, YEAR, definitions=Definitions(anchor=PeriodAnchor.CLOSED))
    assert _row(closed, "level_total") == {"total": 1, "persons": 5, "body.industry": 1, "source.application": 1,
                                           "type.09": 1, "screen.rounds": 2, "screen.found": 4, "prevent.total": 5,
                                           "prevent.suicide.cases": 1, "prevent.suicide.persons": 2,
                                           "prevent.criminal.cases": 1, "prevent.criminal.persons": 4,
                                           "prevent.mass_petition.cases": 2, "prevent.mass_petition.persons": 25}
    assert "date closed" in closed.footnotes[0] or "结案日期" in closed.footnotes[0]
    services.stats.choose(admin, anchor=PeriodAnchor.CLOSED, version="A2010")
    chosen = services.stats.compute(admin, YEAR)
    assert chosen.values == closed.values  # environment is 09 in both lists
    assert chosen.version.code == "A2010" and chosen.value("level_total", "type.09") == 1
    assert set(services.stats.cell_cases(admin, YEAR, "total", "total").case_ids) == {ids[11]}
