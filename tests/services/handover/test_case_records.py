"""Records added to a case by the newer capabilities travel with it: a risk warning raised and
reviewed at the room is found, reviewed, at the centre; a second hand-over changes nothing."""

from __future__ import annotations

from mediation_app.domain.enums import RiskLevel
from mediation_app.domain.warnings import ReviewDecision, WarningRule
from tests.factories import TODAY, make_case
from tests.services.handover.conftest import Sites
from tests.services.test_warnings import plain_case


def test_a_reviewed_warning_reaches_the_centre_once(any_sites: Sites) -> None:
    s = any_sites
    case_id = make_case(s.room, s.room_admin, data=plain_case("被申请人扬言要砍死申请人全家。"))
    [w] = [x for x in s.room.warnings.for_case(s.room_admin, case_id) if x.rule == WarningRule.WORDS]
    s.room.warnings.review(s.room_admin, w.id, ReviewDecision.RAISE, "当面核实，情绪激动。",
                           level=RiskLevel.ORANGE, containment="调解员每日电话回访。", escalated_to="中心主任",
                           police=True, police_unit="城关派出所", reported_on=TODAY)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    there = {x.id: x for x in s.centre.warnings.for_case(actor, case_id)}
    assert w.id in there
    got = there[w.id]
    assert (got.decision, got.note, got.containment, got.police, got.police_unit) == (
        ReviewDecision.RAISE, "当面核实，情绪激动。", "调解员每日电话回访。", True, "城关派出所")
    assert "砍死" in got.reason and got.reviewed_by  # the reviewer's account came along
    count = len(there)

    # the centre scans its cases: the warning reviewed at the room does not come back as a new one
    s.centre.warnings.scan(s.centre_admin)
    assert len(s.centre.warnings.for_case(actor, case_id)) == count

    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.new and not again.updated and not again.conflicts
    assert s.centre.handover.conflict_count() == 0
    assert len(s.centre.warnings.for_case(actor, case_id)) == count
