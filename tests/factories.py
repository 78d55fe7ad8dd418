"""Realistic test data built through the real services."""

from __future__ import annotations

import datetime as dt
import uuid

from mediation_app.domain.enums import (
    AssignmentMethod,
    CaseSource,
    DisputeType,
    IdType,
    PartyKind,
    PartyRole,
    RiskLevel,
)
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.intake import CaseInput
from mediation_app.services.parties import PartyInput

BUYER = PartyInput(
    name="马福海", role=PartyRole.APPLICANT, ethnicity="回族", id_number="620102198507153314",
    occupation="水果经销商", address="甘肃省兰州市城关区东岗西路88号", phone="13893126688",
    preferred_language="汉语",
)
STALLHOLDER = PartyInput(
    name="李建国", role=PartyRole.RESPONDENT, ethnicity="汉族", id_number="630102197803120012",
    occupation="批发商户", address="青海省西宁市城北区集散中心B区", phone="0971-6123456", stall_number="B-117",
    business_type="水果批发",
)
CARRIER = PartyInput(
    name="西宁高原物流有限公司", kind=PartyKind.LEGAL, role=PartyRole.THIRD_PARTY, credit_code="91350100M000100Y43",
    address="青海省西宁市城北区柴达木路1号", legal_rep_name="赵德明", legal_rep_title="总经理", phone="0971-5512345",
    id_type=IdType.NONE,
)


def market_case_input(**overrides: object) -> CaseInput:
    base = dict(
        parties=(BUYER, STALLHOLDER),
        subtype_code="transit_damage",
        source=CaseSource.GRID,
        referrer_name="集散中心网格员 韩卫东",
        referral_letter_no="网格-2026-0311",
        facts="2026年10月28日，申请人从被申请人处购进苹果120箱，货款24,000元。运输途中部分苹果挤压损坏，"
              "双方对损坏部分的价格产生争议，申请人拒付余款。",
        requests="按实际损坏箱数核减货款，余款分期支付。",
        place="青藏高原农副产品集散中心B区117号摊位",
        amount="¥24,000.00",
        risk_level=RiskLevel.YELLOW,
    )
    base.update(overrides)
    return CaseInput(**base)  # type: ignore[arg-type]


def make_case(
    services: Services, actor: Actor, *, accepted: bool = True, consented: bool = True, assigned: bool = True,
    data: CaseInput | None = None,
) -> uuid.UUID:
    changes = services.intake.register(actor, data or market_case_input(), accept=accepted)
    case_id = changes.created_id
    assert case_id is not None
    if consented:
        services.parties.record_all_consents(actor, case_id)
    if assigned:
        assert actor.mediator_id is not None
        services.assignment.assign(actor, case_id, actor.mediator_id, method=AssignmentMethod.DESIGNATED)
    return case_id


def family_case_input() -> CaseInput:
    return CaseInput(
        parties=(
            PartyInput(name="才让卓玛", role=PartyRole.APPLICANT, ethnicity="藏族", id_number="630121199001011234",
                       occupation="牧民", address="青海省西宁市大通县", phone="13997001234",
                       preferred_language="藏语", interpreter_needed=True),
            PartyInput(name="韩永福", role=PartyRole.RESPONDENT, ethnicity="土族", id_number="630121198801011238",
                       occupation="务农", address="青海省西宁市大通县", phone="13997005678"),
        ),
        dispute_type=DisputeType.MARRIAGE_FAMILY,
        facts="双方因赡养老人费用分担发生争执。",
        requests="按月分担赡养费。",
        source=CaseSource.APPLICATION,
        place="大通县某村调委会",
    )


TODAY = dt.date(2026, 11, 2)


def every_page(svc: Services, actor: Actor, flt: object, limit: int) -> list[uuid.UUID]:
    """The ids of every row of the case list, read page by page with each page's key."""
    paged: list[uuid.UUID] = []
    key = None
    while True:
        page = svc.cases.list_cases(actor, flt, after=key, limit=limit)  # type: ignore[arg-type]
        paged += [r.id for r in page.rows]
        if page.next_key is None:
            return paged
        key = page.next_key
