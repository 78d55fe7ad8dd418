"""A minor party acts through a legal representative (法定代理人, Civil Code Art. 23), e.g. a child
claiming support through the mother: the documents name the representative as such (not as an
authorised agent), the agreement check warns of a minor without one, and the court's package asks a
power of attorney only of authorised agents."""

from __future__ import annotations

import dataclasses

from mediation_app.domain.enums import AgentKind, DisputeType, PartyRole
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.parties import PartyInput
from tests.documents.conftest import pdf_text, squash
from tests.factories import family_case_input, make_case
from tests.services.test_followup import effective_agreement

CHILD = PartyInput(name="韩小梅", role=PartyRole.APPLICANT, ethnicity="土族", id_number="630121201404021226",
                   occupation="学生", address="青海省西宁市大通县", phone="13997001234",
                   agent_name="才让卓玛", agent_phone="13997005555", agent_kind=AgentKind.STATUTORY)


def _support_case(services: Services, admin: Actor, child: PartyInput = CHILD):
    base = family_case_input()
    data = dataclasses.replace(base, parties=(child, base.parties[1]), dispute_type=DisputeType.MARRIAGE_FAMILY,
                               facts="申请人之父韩永福自2026年起未支付抚养费。", requests="按月支付抚养费。")
    return make_case(services, admin, data=data)


def _text(services: Services, admin: Actor, case_id, kind: str) -> str:
    number = services.cases.detail(admin, case_id).number
    return squash(pdf_text(services.documents.render(admin, number, kind).pdf))


def test_the_legal_representative_of_a_minor_is_printed_as_such(services: Services, admin: Actor) -> None:
    case_id = _support_case(services, admin)
    child = next(p for p in services.cases.detail(admin, case_id).parties if p.name == CHILD.name)
    assert child.age is not None and child.age < 18 and child.agent_kind == AgentKind.STATUTORY
    effective_agreement(services, admin, case_id, instalments=False)
    agreement = services.cases.detail(admin, case_id).current_agreement
    assert agreement is not None and not any("法定代理人" in w or "legal representative" in w
                                             for w in agreement.warnings)
    printed = _text(services, admin, case_id, "agreement")
    assert "法定代理人：才让卓玛" in printed and "委托代理人" not in printed
    # the court's package: a legal representative acts by law, without a power of attorney
    items = {i.key: i for i in services.confirmation.checklist(case_id, admin)}
    assert "power_of_attorney" not in items
    services.confirmation.apply(admin, case_id, "大通回族土族自治县人民法院", "domicile", services.clock.today())
    assert "法定代理人：才让卓玛" in _text(services, admin, case_id, "confirmation")


def test_a_minor_without_a_legal_representative_is_warned_of(services: Services, admin: Actor) -> None:
    case_id = _support_case(services, admin, dataclasses.replace(CHILD, agent_kind=AgentKind.AUTHORISED))
    effective_agreement(services, admin, case_id, instalments=False)
    agreement = services.cases.detail(admin, case_id).current_agreement
    assert agreement is not None
    assert any(CHILD.name in w and "legal representative" in w for w in agreement.warnings), agreement.warnings
    assert "委托代理人：才让卓玛" in _text(services, admin, case_id, "agreement")
    items = {i.key: i for i in services.confirmation.checklist(case_id, admin)}
    assert not items["power_of_attorney"].present  # an authorised agent needs one
    link = next(p for p in services.cases.detail(admin, case_id).parties if p.name == CHILD.name)
    assert link.agent_kind == AgentKind.AUTHORISED
