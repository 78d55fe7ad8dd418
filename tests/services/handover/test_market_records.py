"""The room's merchant registry and market clocks travel with its cases: parties keep their merchant
link at the centre, a second hand-over changes nothing, and a merchant changed at both ends is a
conflict listed field by field."""

from __future__ import annotations

import dataclasses
import uuid

from mediation_app.domain.enums import PartyRole
from mediation_app.domain.record_fields import field_label, record_label
from mediation_app.services.market.read_models import MerchantInput
from mediation_app.services.parties import PartyInput
from tests.factories import BUYER, make_case, market_case_input
from tests.services.handover.conftest import Sites

SHOP = MerchantInput(stall_number="C-8", name="马家牛羊肉", business_type="牛羊肉", operator_name="马占林",
                     operator_phone="13997009988")


def _room_market(s: Sites) -> tuple[uuid.UUID, uuid.UUID]:
    """A merchant, a case whose respondent is linked to it, and a clock for a sub-type, all at the room."""
    merchant = s.room.merchants.add(s.room_admin, SHOP).created_id
    assert merchant is not None
    buyer = dataclasses.replace(BUYER, name="韩秀兰", id_number="", phone="13709715678")
    case_id = make_case(s.room, s.room_admin, data=market_case_input(parties=(
        buyer, PartyInput(name="马家牛羊肉店", role=PartyRole.RESPONDENT, phone="13997009988"))))
    party = next(p for p in s.room.cases.detail(s.room_admin, case_id).parties if p.name == "马家牛羊肉店")
    s.room.merchants.link_party(s.room_admin, case_id, party.party_id, merchant)
    s.room.market_clock.set_rule(s.room_admin, "transit_damage", 10, "working", "市场监管时限")
    return merchant, case_id


def test_merchants_clocks_and_links_reach_the_centre_once(any_sites: Sites) -> None:
    s = any_sites
    merchant, case_id = _room_market(s)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    there = s.centre.merchants.record(actor, merchant)
    assert (there.merchant.name, there.merchant.stall_number) == ("马家牛羊肉", "C-8")
    assert there.parties == ("马家牛羊肉店",)  # the party kept its link
    assert there.merchant.disputes == 1
    [rule] = s.centre.market_clock.rules(actor)
    assert (rule.subtype_code, rule.days, rule.unit, rule.label) == ("transit_damage", 10, "working", "市场监管时限")

    # again (a new bundle with nothing changed): nothing changes, nothing conflicts
    again = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert not again.new and not again.updated and not again.conflicts
    assert s.centre.handover.conflict_count() == 0
    assert s.centre.merchants.record(actor, merchant).parties == ("马家牛羊肉店",)
    assert s.centre.merchants.list_merchants(actor).total == 1
    assert len(s.centre.market_clock.rules(actor)) == 1

    # once the centre's acknowledgement is back, a change at the room only is taken over at the
    # centre, and a party unlinked at the room is unlinked there too
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack.mdh"))
    s.room.merchants.edit(s.room_admin, merchant, dataclasses.replace(SHOP, business_type="清真牛羊肉"))
    party = next(p for p in s.room.cases.detail(s.room_admin, case_id).parties if p.name == "马家牛羊肉店")
    s.room.merchants.link_party(s.room_admin, case_id, party.party_id, None)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("3.mdh"))
    assert s.centre.merchants.record(actor, merchant).merchant.business_type == "清真牛羊肉"
    assert s.centre.merchants.record(actor, merchant).parties == ()
    assert s.centre.handover.conflict_count() == 0


def test_merchants_go_back_to_the_room_with_the_centre_changes(sites: Sites) -> None:
    s = sites
    merchant, _case = _room_market(s)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    actor = s.room_actor_at_centre()
    s.centre.merchants.edit(actor, merchant, dataclasses.replace(SHOP, contacts="店员 13897001122"))
    back = s.room.handover.import_bundle(s.room_admin, s.hand_back("back1.mdh"))
    assert not back.conflicts
    assert s.room.merchants.record(s.room_admin, merchant).merchant.contacts == "店员 13897001122"
    assert s.room.merchants.record(s.room_admin, merchant).parties == ("马家牛羊肉店",)


def test_a_merchant_changed_at_both_ends_is_a_conflict_field_by_field(any_sites: Sites) -> None:
    s = any_sites
    merchant, _case = _room_market(s)
    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("1.mdh"))
    s.room.handover.import_bundle(s.room_admin, s.hand_back("ack1.mdh"))
    actor = s.room_actor_at_centre()
    s.room.merchants.edit(s.room_admin, merchant, dataclasses.replace(SHOP, operator_name="马占福"))
    s.centre.merchants.edit(actor, merchant, dataclasses.replace(SHOP, operator_name="马占海"))

    s.centre.handover.import_bundle(s.centre_admin, s.hand_over("2.mdh"))
    assert s.centre.merchants.record(actor, merchant).merchant.operator_name == "马占海"  # not overwritten
    [conflict] = s.centre.handover.conflicts(s.centre_admin)
    assert (conflict.record, conflict.kind, conflict.case_number) == ("merchant", "changed", None)
    assert record_label(conflict.record) != record_label("no_such_record")  # named as what it is
    operator = next(f for f in conflict.fields if f.name == "operator_name")
    assert (operator.local, operator.incoming, operator.differs) == ("马占海", "马占福", True)
    assert operator.label == field_label("merchant", "operator_name") != field_label("merchant", "no_such_field")
    assert not next(f for f in conflict.fields if f.name == "name").differs

    s.centre.handover.resolve(s.centre_admin, conflict.id, keep="merge", fields={"operator_name": "incoming"})
    assert s.centre.merchants.record(actor, merchant).merchant.operator_name == "马占福"
    assert s.centre.handover.conflict_count() == 0
    final = s.centre.handover.import_bundle(s.centre_admin, s.hand_over("3.mdh"))
    assert not final.conflicts and s.centre.handover.conflict_count() == 0
