"""Records added to a case by the newer capabilities travel with it: a risk warning reviewed at the
room, the four-part slips of a case and of its referral, a department's sign-in on a referral slip,
a case's level on the ladder with its moves, the compensation fund's ledger, prevented disputes and
screening rounds are found at the centre as they were; a second hand-over changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from mediation_app.domain.enums import RiskLevel
from mediation_app.domain.statistics import PreventionKind
from mediation_app.domain.warnings import ReviewDecision, WarningRule
from mediation_app.services.ladder.read_models import LevelInput
from mediation_app.storage.handover import rows as R
from mediation_app.storage.models import ScreeningRoundRecord
from tests.factories import BUYER, TODAY, make_case
from tests.services.handover.conftest import Sites
from tests.services.test_ladder import GAOTAI
from tests.services.test_market_fund import FRUIT
from tests.services.test_referrals import MARKET_OFFICE
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


def test_four_part_slips_of_a_case_and_of_its_referral_reach_the_centre_once(any_sites: Sites) -> None:
    s = any_sites
    case_id = make_case(s.room, s.room_admin)
    own = s.room.slips.issue_for_case(s.room_admin, case_id).created_id
    ref = s.room.referrals.issue(s.room_admin, case_id, MARKET_OFFICE, "摊位电子秤疑似被改动，需计量复核。",
                                 deadline=TODAY + dt.timedelta(days=7), instructions="请于7日内派员复秤。")
    assert own is not None and ref.created_id is not None
    s.room.slips.print_for_referral(s.room_admin, ref.created_id)
    s.room.slips.record_return(s.room_admin, own, returned_on=TODAY, feedback="已调解结案，双方达成书面协议。",
                               handled_by="马调解")
    at_room = {x.number: x for x in s.room.slips.for_case(s.room_admin, case_id)}
    assert len(at_room) == 2
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    at_centre = {x.number: x for x in s.centre.slips.for_case(actor, case_id)}
    assert at_centre.keys() == at_room.keys()
    returned = s.centre.slips.get(actor, own)
    assert (returned.returned_on, returned.return_result, returned.returned_handler) == (
        TODAY, "已调解结案，双方达成书面协议。", "马调解")
    by_referral = s.centre.slips.for_referral(actor, ref.created_id)
    assert by_referral is not None and by_referral.sent_to == MARKET_OFFICE

    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.new and not again.updated and not again.conflicts
    assert s.centre.handover.conflict_count() == 0
    assert len(s.centre.slips.for_case(actor, case_id)) == 2


def test_a_departments_sign_in_reaches_the_centre_beside_its_referral(any_sites: Sites) -> None:
    s = any_sites
    case_id = make_case(s.room, s.room_admin)
    ref = s.room.referrals.issue(s.room_admin, case_id, MARKET_OFFICE, "摊位电子秤疑似被改动，需计量复核。",
                                 deadline=TODAY + dt.timedelta(days=7), instructions="请于7日内派员复秤。")
    assert ref.created_id is not None
    s.room.supervision.record_sign_in(s.room_admin, ref.created_id, "市场监管所 李科员")
    at_room = s.room.supervision.sign_in(s.room_admin, ref.created_id)
    assert at_room.signed_in_at is not None
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    there = s.centre.supervision.sign_in(actor, ref.created_id)
    assert (there.signed_in_at, there.signed_in_by) == (at_room.signed_in_at, "市场监管所 李科员")
    # the sign-in is keyed by its referral's id, yet known apart from the referral itself
    with s.centre.db.read() as session:
        rows = R.case_rows(session, [case_id])[case_id.hex]
    [sign_in] = rows["referral_sign_in"]
    [referral] = rows["referral"]
    assert sign_in[0] == referral[0] and R.row_key("referral_sign_in", sign_in) != R.row_key("referral", referral)

    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.new and not again.updated and not again.conflicts
    assert s.centre.handover.conflict_count() == 0
    assert s.centre.supervision.sign_in(actor, ref.created_id).signed_in_by == "市场监管所 李科员"


def test_a_cases_level_and_moves_reach_the_centre_without_changing_its_ladder(any_sites: Sites) -> None:
    s = any_sites
    s.centre.ladder.set_ladder(s.centre_admin, [LevelInput(name="网格员", days=5), LevelInput(name="中心", days=10)])
    centre_ladder = s.centre.ladder.ladder(s.centre_admin)
    s.room.ladder.set_ladder(s.room_admin, [LevelInput(name=n, days=d) for n, d in GAOTAI])
    levels = s.room.ladder.ladder(s.room_admin)
    case_id = make_case(s.room, s.room_admin)
    s.room.ladder.set_level(s.room_admin, case_id, levels[0].id)
    s.room.ladder.escalate(s.room_admin, case_id, "双方情绪激烈，村级调解不成。")
    at_room = s.room.ladder.case_level(s.room_admin, case_id)
    assert at_room.level == "村(社区)调委会" and len(at_room.history) == 2

    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    there = s.centre.ladder.case_level(actor, case_id)
    assert (there.level, there.since, there.due_on) == (at_room.level, at_room.since, at_room.due_on)
    assert [(h.to_level, h.reason) for h in there.history] == [(h.to_level, h.reason) for h in at_room.history]
    assert s.centre.ladder.ladder(s.centre_admin) == centre_ladder  # the room's levels are not offered there

    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.new and not again.updated and not again.conflicts
    assert s.centre.handover.conflict_count() == 0
    assert s.centre.ladder.ladder(s.centre_admin) == centre_ladder


def test_the_fund_ledger_reaches_the_centre_whole(any_sites: Sites) -> None:
    """Entries on a case travel with it; top-ups (and their reversals) have no case and travel with the
    committee's own records: the centre shows the same balance and the same entries on the case."""
    s = any_sites
    fund = s.room.fund
    s.room.merchants.add(s.room_admin, FRUIT)
    case_id = make_case(s.room, s.room_admin)  # the stallholder names stall B-117: linked at intake
    buyer = next(p.id for p in fund.case_fund(s.room_admin, case_id).parties if p.label == BUYER.name)
    fund.topup(s.room_admin, amount="50,000", paid_in_on=TODAY, source="商户保证金")
    wrong = fund.topup(s.room_admin, amount="5,000", paid_in_on=TODAY, source="市场管理方").created_id
    assert wrong is not None
    fund.reverse(s.room_admin, wrong, reason="金额录错")
    paid = fund.pay(s.room_admin, case_id, party_id=buyer, amount="1,200.50", paid_on=TODAY, note="冷库损坏的苹果")
    assert paid.created_id is not None
    fund.recover(s.room_admin, paid.created_id, amount="200.50", recovered_on=TODAY, receipt="微信转账 4200")
    balance = fund.balance(s.room_admin)
    assert (balance.topups_fen, balance.paid_fen, balance.outstanding_fen) == (5000000, 120050, 100000)
    on_case = [(e.number, e.kind, e.amount_fen) for e in fund.case_fund(s.room_admin, case_id).entries]

    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    assert s.centre.fund.balance(actor) == balance
    assert [(e.number, e.kind, e.amount_fen) for e in s.centre.fund.case_fund(actor, case_id).entries] == on_case
    assert s.centre.fund.entries(actor).total == fund.entries(s.room_admin).total == 5

    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.new and not again.updated and not again.conflicts
    assert s.centre.handover.conflict_count() == 0
    assert s.centre.fund.entries(actor).total == 5 and s.centre.fund.balance(actor) == balance


def test_prevented_disputes_and_screening_rounds_reach_the_centre_once(any_sites: Sites) -> None:
    s = any_sites
    rec = s.room.stats_recording
    case_id = make_case(s.room, s.room_admin)
    rec.record_prevention(s.room_admin, PreventionKind.MASS_FIGHT, 6, TODAY, "摊位纠纷当场劝开", case_id=case_id)
    rec.record_prevention(s.room_admin, PreventionKind.MASS_PETITION, 60, TODAY, "欠薪集体讨薪")  # no case
    rec.record_screening(s.room_admin, TODAY, "集散中心A、B区", "韩卫东、王书记", found=3, concentrated=True)
    at_room = sorted((p.kind, p.persons, p.note, p.case_number) for p in rec.prevention_events(s.room_admin, TODAY.year))

    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    there = s.centre.stats_recording.prevention_events(actor, TODAY.year, s.room_admin.committee_id)
    assert sorted((p.kind, p.persons, p.note, p.case_number) for p in there) == at_room
    with s.centre.db.read() as session:
        rounds = [(r.area, r.found, r.concentrated) for r in session.scalars(
            select(ScreeningRoundRecord).where(ScreeningRoundRecord.committee_id == s.room_admin.committee_id))]
    assert rounds == [("集散中心A、B区", 3, True)]

    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.new and not again.updated and not again.conflicts
    assert s.centre.handover.conflict_count() == 0
    assert len(s.centre.stats_recording.prevention_events(actor, TODAY.year, s.room_admin.committee_id)) == 2
