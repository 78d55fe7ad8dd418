"""Two committees side by side in one centre, on SQLite and PostgreSQL: each numbers, times and
prints its own cases; no list, search or overview shows one committee's cases to the other; the
centre's head reads all; short names stay unique."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mediation_app.domain.enums import DeadlineRule, Role
from mediation_app.domain.numbering import DEFAULT_PATTERN
from mediation_app.services import Services
from mediation_app.services.centre import CommitteeInput
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.read_models import CaseFilter
from tests.factories import TODAY, every_page, family_case_input, market_case_input
from tests.services.centre import CENTRE, Centre, build_centre, open_case


@pytest.fixture
def centre(services: Services) -> Centre:
    return build_centre(services)


def test_each_committee_numbers_times_and_names_its_own_cases(centre: Centre) -> None:
    svc = centre.svc
    market = open_case(centre, centre.admin, centre.market_mediator)
    home = open_case(centre, centre.centre_head, centre.centre_mediator, family_case_input())
    m, c = svc.cases.detail(centre.market_mediator, market), svc.cases.detail(centre.centre_mediator, home)
    assert m.number == "客商人调字〔2026〕第001号" and c.number == "中心人调字〔2026〕第001号"
    # each committee's own deadline rule: a calendar month for the room, thirty days for the centre
    assert m.deadline_on == dt.date(2026, 12, 2) and c.deadline_on == TODAY + dt.timedelta(days=30)
    # documents carry the case's own committee
    assert m.committee.name == "青藏高原农副产品集散中心人民调解委员会" and m.committee.short_name == "客商"
    assert c.committee.name == CENTRE.name and c.committee.address == CENTRE.address
    docs = svc.documents.case_documents(centre.centre_mediator, c.number, with_files=False)
    assert docs.committee.name == CENTRE.name
    second = open_case(centre, centre.admin, centre.market_mediator)
    assert svc.cases.detail(centre.market_mediator, second).number == "客商人调字〔2026〕第002号"


def test_no_list_search_or_overview_leaks_another_committees_cases(centre: Centre) -> None:
    svc = centre.svc
    market = open_case(centre, centre.admin, centre.market_mediator)
    home = open_case(centre, centre.centre_head, centre.centre_mediator, family_case_input())
    waiting_m = svc.intake.register(centre.market_mediator, market_case_input()).created_id
    waiting_c = svc.intake.register(centre.centre_mediator, family_case_input()).created_id
    svc.referrals.issue(centre.centre_mediator, home, "城北区人社局", "工资部分")
    svc.referrals.issue(centre.market_mediator, market, "城北区市场监管局", "质量部分")

    def seen(actor):  # type: ignore[no-untyped-def]
        ids = {r.id for r in svc.cases.list_cases(actor).rows}
        found = {r.id for r in svc.cases.list_cases(actor, CaseFilter(text="才让卓玛")).rows}
        today = svc.overview.today(actor, warn_days=60)
        due = {d.case_id for d in today.due} | {r.id for r in today.unassigned}
        slips = {r.case_id for r in svc.referrals.list(actor)}
        return ids, found, due, slips, svc.cases.count_cases(actor)

    ids, found, due, slips, count = seen(centre.market_mediator)
    assert ids == {market, waiting_m} and count == 2
    assert found == set()  # the centre's party is not found from the room
    assert due == {market, waiting_m} and slips == {market}
    ids, found, due, slips, count = seen(centre.centre_mediator)
    assert ids == {home, waiting_c} and found == {home, waiting_c} and due == {home, waiting_c} and slips == {home}
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.cases.detail(centre.market_mediator, home)
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.cases.find_by_number(centre.market_mediator, "中心人调字〔2026〕第001号")
    # the centre's head sees every committee's cases, and reads but does not change the room's
    ids, found, due, slips, count = seen(centre.centre_head)
    assert ids == {market, home, waiting_m, waiting_c} and count == 4 and found == {home, waiting_c}
    assert due == {market, home, waiting_m, waiting_c} and slips == {market, home}
    assert svc.cases.detail(centre.centre_head, market).number.startswith("客商")
    with pytest.raises(PermissionDenied, match="reads it only"):
        svc.intake.set_title(centre.centre_head, market, "改名")
    svc.intake.set_title(centre.centre_head, home, "赡养费纠纷")  # a head changes any case of the centre


def test_a_member_of_two_committees_works_with_the_roles_of_each(centre: Centre) -> None:
    svc = centre.svc
    market = open_case(centre, centre.admin, centre.admin)  # assigned to the admin's mediator, not to 马秀兰
    home = open_case(centre, centre.centre_head, centre.centre_mediator, family_case_input())
    person = centre.market_mediator
    svc.accounts.set_membership(centre.admin, person.user_id, centre.centre_id, (Role.HEAD,))
    both = centre.sign_in("market-mediator")
    assert both.committee_id == centre.market_id and both.roles == {Role.MEDIATOR}
    assert {r.id for r in svc.cases.list_cases(both).rows} == {market, home}
    svc.intake.set_title(both, home, "赡养费纠纷")  # head in the centre's committee
    with pytest.raises(PermissionDenied, match="assigned"):
        svc.intake.set_title(both, market, "x")  # a mediator not assigned in the room
    there = centre.sign_in("market-mediator", centre.centre_id)
    assert there.committee_id == centre.centre_id and there.roles == {Role.HEAD}
    assert svc.accounts.switch_committee(there, centre.market_id).roles == {Role.MEDIATOR}
    new = svc.intake.register(there, family_case_input()).number
    assert new == "中心人调字〔2026〕第002号"  # registered in the committee worked in
    with pytest.raises(PermissionDenied):
        svc.accounts.switch_committee(centre.window, centre.market_id)


@pytest.mark.parametrize("sort", ["registered_on", "accepted_on", "deadline_on", "number", "status", "risk_level",
                                  "dispute_type"])
def test_a_member_of_two_committees_pages_both_in_one_order(centre: Centre, sort: str) -> None:
    """Each committee's page is read in order by its own index and the two are merged: paged two rows
    at a time, both ways, the list is the centre head's list of the same two committees."""
    from sqlalchemy import event

    svc = centre.svc
    for _ in range(3):
        open_case(centre, centre.admin, centre.admin)
        open_case(centre, centre.centre_head, centre.centre_mediator, family_case_input())
    svc.accounts.set_membership(centre.admin, centre.market_mediator.user_id, centre.centre_id, (Role.WINDOW,))
    both = centre.sign_in("market-mediator")
    assert both.visible_committees() == {centre.market_id, centre.centre_id}
    assert centre.centre_head.visible_committees() is None  # every committee: the two there are
    statements: list[str] = []
    event.listen(svc.db.engine, "before_cursor_execute", lambda _c, _cur, stmt, *_: statements.append(stmt))
    for descending in (True, False):
        flt = CaseFilter(sort=sort, descending=descending)
        everyone = [r.id for r in svc.cases.list_cases(centre.centre_head, flt, limit=100).rows]
        assert len(everyone) == 6
        assert every_page(svc, both, flt, limit=2) == everyone, (sort, descending)
    assert any("UNION ALL" in s for s in statements)


def test_short_names_are_unique_and_patterns_name_the_committee(centre: Centre) -> None:
    svc, admin = centre.svc, centre.admin
    with pytest.raises(ValidationFailed) as err:
        svc.committees.add(admin, dataclasses.replace(CENTRE, name="另一个", short_name="客商"))
    assert "客商" in err.value.field_errors["short_name"] and "already used" in err.value.field_errors["short_name"]
    with pytest.raises(ValidationFailed) as err:
        svc.committees.edit(admin, centre.centre_id, dataclasses.replace(CENTRE, short_name="客商"))
    assert "short_name" in err.value.field_errors
    c = svc.setup.committee(admin)
    with pytest.raises(ValidationFailed) as err:
        svc.setup.update_committee(admin, c.name, "中心", c.kind, c.number_pattern, c.deadline_rule)
    assert "short_name" in err.value.field_errors
    with pytest.raises(ValidationFailed) as err:
        svc.committees.add(admin, CommitteeInput(name="交通调委会", short_name="交调", kind=CENTRE.kind,
                                                 number_pattern="{word}〔{year}〕第{serial:03d}号"))
    assert "{short}" in err.value.field_errors["number_pattern"]
    traffic = svc.committees.add(admin, CommitteeInput(name="交通调委会", short_name="交调", kind=CENTRE.kind,
                                                       number_pattern=DEFAULT_PATTERN,
                                                       deadline_rule=DeadlineRule.THIRTY_DAYS)).created_id
    rows = {r.short_name: r for r in svc.committees.list(admin)}
    assert set(rows) == {"客商", "中心", "交调"} and rows["交调"].next_number == "交调人调字〔2026〕第001号"
    for actor in (centre.market_mediator, centre.centre_head, centre.window):
        with pytest.raises(PermissionDenied):
            svc.committees.add(actor, dataclasses.replace(CENTRE, short_name="医调"))
        with pytest.raises(PermissionDenied):
            svc.committees.retire(actor, traffic)  # type: ignore[arg-type]


def test_a_retired_committee_keeps_its_cases_and_takes_no_new_ones(centre: Centre) -> None:
    svc, admin = centre.svc, centre.admin
    home = open_case(centre, centre.centre_head, centre.centre_mediator, family_case_input())
    svc.committees.retire(admin, centre.centre_id)
    row = next(r for r in svc.committees.list(admin) if r.id == centre.centre_id)
    assert not row.active and row.case_count == 1
    again = centre.sign_in("centre-mediator")  # its home committee: it still reaches its cases
    assert svc.cases.detail(again, home).number == "中心人调字〔2026〕第001号"
    with pytest.raises(ValidationFailed, match="retired"):
        svc.intake.register(again, family_case_input())
    with pytest.raises(ValidationFailed, match="at least one active committee"):
        svc.committees.retire(admin, centre.market_id)
    svc.committees.set_active(admin, centre.centre_id, True)
    assert svc.intake.register(centre.sign_in("centre-mediator"), family_case_input()).number == "中心人调字〔2026〕第002号"
