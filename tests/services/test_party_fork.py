"""A person on two cases: changing the particulars in one case never rewrites the other's, and the
agreement signed in the other case still prints with the particulars it was signed with."""

from __future__ import annotations

import dataclasses

from mediation_app.domain.enums import PartyRole
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.market.read_models import MerchantInput
from tests.documents.conftest import pdf_text, squash
from tests.factories import BUYER, STALLHOLDER, make_case, market_case_input
from tests.services.test_followup import effective_agreement


def _text(pdf: bytes) -> str:
    return squash(pdf_text(pdf))


def _party(services: Services, admin: Actor, case_id, name: str):
    return next(p for p in services.cases.detail(admin, case_id).parties if p.name == name)


def test_editing_a_shared_party_in_a_new_case_leaves_the_signed_case_as_it_was(services: Services,
                                                                               admin: Actor) -> None:
    merchant = services.merchants.add(admin, MerchantInput(stall_number="B-117", name="建国水果批发部")).created_id
    first = make_case(services, admin)
    effective_agreement(services, admin, first)
    seller = _party(services, admin, first, STALLHOLDER.name)
    services.merchants.link_party(admin, first, seller.party_id, merchant)
    signed = services.documents.render(admin, services.cases.detail(admin, first).number, "agreement")
    assert "集散中心B区" in _text(signed.pdf)

    # the same stallholder, chosen from the register at intake, in a new dispute
    again = dataclasses.replace(STALLHOLDER, existing_party_id=seller.party_id)
    buyer = dataclasses.replace(BUYER, name="韩有福", id_number="", phone="13709711234")
    second = make_case(services, admin, data=market_case_input(parties=(buyer, again)), assigned=False)
    shared = _party(services, admin, second, STALLHOLDER.name)
    assert shared.party_id == seller.party_id  # one record while nothing differs

    moved = dataclasses.replace(STALLHOLDER, address="青海省西宁市城东区八一路3号", phone="13997001111",
                                role=PartyRole.RESPONDENT)
    services.parties.update_party(admin, second, shared.link_id, moved)
    now_second = _party(services, admin, second, STALLHOLDER.name)
    now_first = _party(services, admin, first, STALLHOLDER.name)
    assert now_second.address == "青海省西宁市城东区八一路3号"
    assert now_first.address == STALLHOLDER.address and now_first.party_id == seller.party_id
    assert now_second.party_id != seller.party_id
    # both records stay the merchant's, so its history counts both disputes
    record = services.merchants.record(admin, merchant)
    assert record.merchant.disputes == 2 and {c.case_id for c in record.cases} == {first, second}
    # the signed agreement prints as signed, not refused as altered and not with the new address
    again_pdf = _text(services.documents.render(admin, services.cases.detail(admin, first).number, "agreement").pdf)
    assert "集散中心B区" in again_pdf and "八一路" not in again_pdf

    # a party of one case alone is changed in place (no copy made)
    services.parties.update_party(admin, second, now_second.link_id,
                                  dataclasses.replace(moved, occupation="干果批发商户"))
    assert _party(services, admin, second, STALLHOLDER.name).party_id == now_second.party_id
