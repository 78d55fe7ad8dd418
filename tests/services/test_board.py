"""The centre's board: every number equals the length of the list it opens, per committee."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from mediation_app.domain.enums import CommitteeKind, DisputeType, RiskLevel, Role
from mediation_app.services import Services
from mediation_app.services.board import CASE_MEASURES, MEASURES
from mediation_app.services.errors import PermissionDenied
from tests.services.screening_fixture import VILLAGE, add_committee


def _all_cases(services: Services, actor, flt) -> list:
    page = services.cases.list_cases(actor, flt, limit=50)
    rows = list(page.rows)
    while page.next_key is not None:
        page = services.cases.list_cases(actor, flt, after=page.next_key, limit=50)
        rows += page.rows
    return rows


def _all_due(services: Services, actor, committee_id) -> list:
    page = services.board.overdue_items(actor, committee_id, limit=7)
    items = list(page.items)
    while page.next_key is not None:
        page = services.board.overdue_items(actor, committee_id, after=page.next_key, limit=7)
        items += page.items
    assert len(items) == page.total
    return items


@pytest.fixture
def two(services: Services, admin):
    village_id = add_committee(services, VILLAGE, "元树尔", CommitteeKind.VILLAGE)
    village = replace(admin, committee_id=village_id, memberships=())
    services.demo.generate(admin, cases=90, seed=4)
    services.demo.generate(village, cases=40, seed=9)
    services.ledger.add_item(village, screened_on=dt.date(2026, 10, 1), area="元树尔村二社", screeners="村调委会",
                             facts="宅基地界址争执", parties_text="韩永福与才让", dispute_type=DisputeType.NEIGHBOUR,
                             risk_level=RiskLevel.BLUE, deadline=dt.date(2026, 10, 20))
    today = services.clock.today()
    services.clock.set(dt.date(2026, 10, 1))  # type: ignore[attr-defined]
    services.referrals.issue(village, None, "大通县自然资源局", "宅基地确权", deadline=dt.date(2026, 10, 31))
    services.clock.set(today)  # type: ignore[attr-defined]
    return replace(admin, centre_head=True), village  # the centre's head sees both committees


def test_every_number_opens_exactly_its_list(services: Services, two) -> None:
    admin, village = two
    board = services.board.board(admin)
    assert [r.committee_id for r in board.rows] == [admin.committee_id, village.committee_id]
    today = services.clock.today()
    seen_nonzero = set()
    for row in board.rows:
        assert row.committee_id is not None
        for measure in CASE_MEASURES:
            flt = services.board.case_filter(row.committee_id, measure)
            listed = _all_cases(services, admin, flt)
            assert len(listed) == row.value(measure) == services.cases.count_cases(admin, flt), (row.committee, measure)
            if measure == "orange":
                assert {c.risk_level for c in listed} <= {"orange"}
            if measure == "overdue_cases":
                assert all(c.overdue for c in listed)
        assert len(_all_due(services, admin, row.committee_id)) == row.overdue_items
        waiting = services.board.referrals_waiting(admin, row.committee_id)
        assert len(waiting) == row.referrals_waiting
        assert sum(1 for r in waiting if r.deadline and r.deadline < today) == row.referrals_overdue
        assert len(services.board.ledger_overdue(admin, row.committee_id)) == row.ledger_overdue
        assert row.to_route == 0  # nothing registered at a window here (see test_routing)
        seen_nonzero |= {m for m in MEASURES if row.value(m)}
    assert {"open_cases", "overdue_cases", "overdue_items", "referrals_waiting", "ledger_overdue"} <= seen_nonzero
    for measure in MEASURES:
        if measure != "to_route":
            assert board.total.value(measure) == sum(r.value(measure) or 0 for r in board.rows)
    village_row = board.rows[1]
    assert (village_row.referrals_waiting, village_row.referrals_overdue, village_row.ledger_overdue) == (1, 1, 1)


def test_a_committee_member_sees_their_own_row_only(services: Services, two) -> None:
    admin, village = two
    head = replace(village, roles=frozenset({Role.HEAD}), role=Role.HEAD)
    board = services.board.board(head)
    assert [r.committee_id for r in board.rows] == [village.committee_id]
    assert board.rows[0] == services.board.board(admin).rows[1]
    with pytest.raises(PermissionDenied):
        services.board.referrals_waiting(head, admin.committee_id)
