"""The centre's window: register once, route to a committee (numbered by it) or to a department
(a referral slip the centre supervises); the routing is recorded and shown on the case. The party
registry is the whole centre's, without showing another committee's case content."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_app.domain.enums import ReferralStatus
from mediation_app.services import Services
from mediation_app.services.errors import GuardRefused, NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.read_models import DuplicateCandidate
from tests.factories import BUYER, TODAY, family_case_input, market_case_input
from tests.services.centre import Centre, build_centre, open_case


@pytest.fixture
def centre(services: Services) -> Centre:
    return build_centre(services)


def test_window_registers_once_and_routes_to_a_committee(centre: Centre) -> None:
    svc, window = centre.svc, centre.window
    open_case(centre, centre.admin, centre.market_mediator)  # the room's first case: 第001号
    changes = svc.routing.register(window, market_case_input())
    case_id = changes.created_id
    assert case_id is not None and changes.number == "中心窗受字〔2026〕第001号"
    page = svc.routing.waiting(window)
    assert page.total == 1 and [r.case_id for r in page.rows] == [case_id]
    assert page.rows[0].window_number == "中心窗受字〔2026〕第001号" and "马福海" in page.rows[0].parties
    with pytest.raises(GuardRefused, match="routed"):
        svc.intake.accept(centre.centre_head, case_id)  # the committee it goes to accepts it
    with pytest.raises(PermissionDenied):
        svc.routing.to_committee(centre.centre_mediator, case_id, centre.market_id, "市场纠纷")
    assert svc.cases.detail(window, case_id).routing.status == "waiting"  # type: ignore[union-attr]
    # waiting at the window is not "waiting for a mediator": the today overview lists it once routed
    assert case_id not in {r.id for r in svc.overview.today(centre.centre_head).unassigned}

    svc.routing.to_committee_named(window, case_id, "客商", "摊位买卖纠纷，由市场调解室办理")
    detail = svc.cases.detail(centre.market_mediator, case_id)  # now the room's case
    assert detail.number == "客商人调字〔2026〕第002号" and detail.committee.short_name == "客商"
    r = detail.routing
    assert r is not None and r.status == "committee" and r.window_number == "中心窗受字〔2026〕第001号"
    assert r.to_committee == "青藏高原农副产品集散中心人民调解委员会" and r.routed_by == "window-clerk"
    assert r.reason == "摊位买卖纠纷，由市场调解室办理" and r.routed_at is not None
    assert svc.routing.waiting(window).total == 0
    assert svc.cases.find_by_number(centre.market_mediator, "中心窗受字〔2026〕第001号") == case_id
    with pytest.raises(PermissionDenied, match="another committee"):
        svc.cases.detail(window, case_id)  # the window no longer reaches the room's case
    assert case_id in {r.id for r in svc.overview.today(centre.admin).unassigned}
    svc.intake.accept(centre.admin, case_id)  # the room accepts it, with its own deadline rule
    assert svc.cases.detail(centre.admin, case_id).deadline_on == dt.date(2026, 12, 2)
    with pytest.raises(GuardRefused, match="already been routed"):
        svc.routing.to_committee(centre.admin, case_id, centre.centre_id)
    second = svc.routing.register(window, family_case_input())
    assert second.number == "中心窗受字〔2026〕第002号"
    svc.routing.to_committee(window, second.created_id, centre.centre_id, "家事纠纷")  # type: ignore[arg-type]
    assert svc.cases.detail(centre.centre_head, second.created_id).number == "中心人调字〔2026〕第001号"  # type: ignore[arg-type]


def test_window_routes_to_a_department_with_a_slip_the_centre_supervises(centre: Centre) -> None:
    svc, window = centre.svc, centre.window
    case_id = svc.routing.register(window, family_case_input()).created_id
    assert case_id is not None
    with pytest.raises(ValidationFailed) as err:
        svc.routing.to_department(window, case_id, " ", "")
    assert set(err.value.field_errors) == {"to_department", "reason"}
    deadline = TODAY + dt.timedelta(days=10)
    svc.routing.to_department(window, case_id, "城北区人力资源和社会保障局", "欠薪部分由劳动监察处理", deadline)
    r = svc.cases.detail(window, case_id).routing
    assert r is not None and r.status == "department" and r.to_department == "城北区人力资源和社会保障局"
    assert r.referral_number == "中心交办字〔2026〕第001号" and r.referral_deadline == deadline
    slips = svc.referrals.list(centre.centre_head, open_only=True)
    assert [s.number for s in slips] == ["中心交办字〔2026〕第001号"]
    assert svc.referrals.list(centre.market_mediator) == []  # the room does not see the centre's slips
    svc.referrals.update_status(centre.centre_head, slips[0].id, ReferralStatus.RECEIVED)
    assert svc.cases.detail(window, case_id).routing.referral_status == "received"  # type: ignore[union-attr]


def test_routing_refuses_retired_committees_and_unknown_names(centre: Centre) -> None:
    svc, window = centre.svc, centre.window
    case_id = svc.routing.register(window, family_case_input()).created_id
    assert case_id is not None
    traffic = svc.committees.add(centre.admin, __import__("dataclasses").replace(
        __import__("tests.services.centre", fromlist=["CENTRE"]).CENTRE, name="交通事故调委会", short_name="交调")).created_id
    svc.committees.retire(centre.admin, traffic)  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="retired"):
        svc.routing.to_committee(window, case_id, traffic)  # type: ignore[arg-type]
    with pytest.raises(NotFound, match="医调"):
        svc.routing.to_committee_named(window, case_id, "医调")
    assert svc.routing.waiting(window).total == 1


def test_a_party_known_to_the_room_is_recognised_at_the_window(centre: Centre) -> None:
    svc = centre.svc
    open_case(centre, centre.admin, centre.market_mediator)  # 马福海 is a party of the room's case
    found = svc.parties.find_duplicates(centre.window, BUYER)
    assert [(d.name, d.case_count) for d in found] == [("马福海", 1)]
    # only what the check needs: who, why, masked numbers, how many cases; no case number or content
    assert {f.name for f in __import__("dataclasses").fields(DuplicateCandidate)} == {
        "party_id", "name", "reason", "id_masked", "phone_masked", "case_count", "reusable"}
    assert "*" in found[0].id_masked and "620102198507153314" not in found[0].id_masked
    assert found[0].reusable is False  # the room's record: a hint at the window, never linked to its cases


def test_the_board_counts_the_window_registrations_waiting_to_be_routed(centre: Centre) -> None:
    svc, window = centre.svc, centre.window
    first = svc.routing.register(window, market_case_input()).created_id
    second = svc.routing.register(window, family_case_input()).created_id
    routed = svc.routing.register(window, market_case_input()).created_id
    assert first and second and routed
    svc.routing.to_committee_named(window, routed, "客商", "摊位买卖纠纷")
    board = svc.board.board(centre.centre_head)
    window_row = next(r for r in board.rows if r.committee_id == window.committee_id)
    assert window_row.to_route == 2 and board.total.to_route == 2
    assert all(r.to_route == 0 for r in board.rows if r.committee_id != window.committee_id)
    flt = svc.board.to_route_filter(centre.centre_head, window.committee_id)
    listed = svc.cases.list_cases(centre.centre_head, flt, limit=50)
    assert {c.id for c in listed.rows} == {first, second}
    with pytest.raises(PermissionDenied):  # the room's mediator does not see the window's registrations
        svc.board.to_route_filter(centre.market_mediator, window.committee_id)
