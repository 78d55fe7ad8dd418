"""A hand-counted screening ledger of two committees (a market committee, counted at county level,
and a village committee), built through the ledger service; the expected report is written out
by hand in the tests that use it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace

from mediation_app.domain.enums import AssignmentMethod, CommitteeKind, DisputeType, LedgerStatus, RiskLevel, Role
from mediation_app.domain.screening import ScreeningCategory
from mediation_app.domain.statistics import PreventionKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.intake import CaseInput
from mediation_app.services.parties import PartyInput
from mediation_app.storage.models import CommitteeRecord
from tests.factories import BUYER, STALLHOLDER
from tests.services.test_followup import hold_meeting

VILLAGE = "大通县桥头镇元树尔村人民调解委员会"


def add_committee(services: Services, name: str, short: str, kind: CommitteeKind) -> uuid.UUID:
    """A second committee in the same database (the committee administration adds them in the client)."""
    with services.db.write() as s:
        rec = CommitteeRecord(name=name, short_name=short, kind=kind, number_pattern="{short}{word}〔{year}〕第{serial:03d}号")
        s.add(rec)
        s.flush()
        return rec.id


def actor_in(admin: Actor, committee_id: uuid.UUID) -> Actor:
    """The same person acting for another committee (as a member of it)."""
    return replace(admin, committee_id=committee_id, roles=frozenset({Role.HEAD}), role=Role.HEAD, memberships=())


@dataclass
class Ledger:
    market: Actor
    village: Actor
    items: dict[str, uuid.UUID]
    centre: Actor  # the centre's head: sees both committees' figures


def _item(services: Services, actor: Actor, screened_on: dt.date, dispute_type: DisputeType, persons: int | None,
          **kw: object) -> uuid.UUID:
    level = kw.pop("risk_level", RiskLevel.BLUE)
    extra: dict[str, object] = {}
    if isinstance(level, RiskLevel) and level.needs_escalation:
        extra = {"responsible": "集散中心综治中心点", "measures": "专人稳控，每日回访"}
    changes = services.ledger.add_item(
        actor, screened_on=screened_on, area="集散中心B区", screeners="韩卫东（组长）、王书记",
        facts="排查发现的纠纷", parties_text="马福海与李建国", dispute_type=dispute_type, persons_involved=persons,
        risk_level=level, **extra, **kw)  # type: ignore[arg-type]
    assert changes.created_id is not None
    return changes.created_id


def _on(services: Services, day: dt.date) -> None:
    services.clock.set(day)  # type: ignore[attr-defined]


def build(services: Services, admin: Actor) -> Ledger:
    """Items a1–a8 of the market committee, b1–b2 of the village committee; rounds of both."""
    village_id = add_committee(services, VILLAGE, "元树尔", CommitteeKind.VILLAGE)
    village = actor_in(admin, village_id)
    d = dt.date
    _on(services, d(2026, 11, 2))
    items = {
        "a1": _item(services, admin, d(2026, 10, 5), DisputeType.CONTRACT, 2),
        "a2": _item(services, admin, d(2026, 10, 8), DisputeType.LABOUR, 60, major=True),
        "a3": _item(services, admin, d(2026, 10, 12), DisputeType.OTHER, 150, major=True,
                    screening_category=ScreeningCategory.ETHNIC_RELIGIOUS, risk_level=RiskLevel.ORANGE),
        "a4": _item(services, admin, d(2026, 10, 15), DisputeType.CONTRACT, None),
        "a5": _item(services, admin, d(2026, 10, 20), DisputeType.MEDICAL, 3),
        "a6": _item(services, admin, d(2026, 9, 10), DisputeType.NEIGHBOUR, 600),
        "a7": _item(services, admin, d(2026, 11, 1), DisputeType.CONTRACT, 2),
        "a8": _item(services, admin, d(2025, 12, 20), DisputeType.CONTRACT, 2),
        "b1": _item(services, village, d(2026, 10, 3), DisputeType.MARRIAGE_FAMILY, 4),
        "b2": _item(services, village, d(2026, 10, 30), DisputeType.LAND_ACQUISITION, 80, major=True),
    }
    resolved, prevented = LedgerStatus.RESOLVED, LedgerStatus.PREVENTED
    for key, day, status, actor in (
        ("a6", d(2026, 9, 15), prevented, admin), ("b1", d(2026, 10, 10), resolved, village),
        ("a1", d(2026, 10, 20), resolved, admin), ("a2", d(2026, 10, 25), prevented, admin),
        ("a5", d(2026, 11, 2), resolved, admin),
    ):
        _on(services, day)
        services.ledger.update_status(actor, items[key], status, "双方当面协商一致，网格员跟进")
    # a4: turned into a case on 18 October, oral agreement reached on 28 October
    _on(services, d(2026, 10, 18))
    case_input = CaseInput(parties=(BUYER, STALLHOLDER), subtype_code="payment_arrears", requests="按约支付剩余货款")
    case_id = services.ledger.convert_to_case(admin, items["a4"], case_input, accept=True).created_id
    assert case_id is not None
    services.parties.record_all_consents(admin, case_id)
    assert admin.mediator_id is not None
    services.assignment.assign(admin, case_id, admin.mediator_id, method=AssignmentMethod.DESIGNATED)
    _on(services, d(2026, 10, 28))
    hold_meeting(services, admin, case_id)
    services.agreements.record_oral(admin, case_id, ("马福海于当日付清货款。",), "赊销欠款", reached_on=d(2026, 10, 28))
    # b2: turned into a case of the village committee on 31 October, no agreement yet
    _on(services, d(2026, 10, 31))
    village_case = CaseInput(
        parties=(PartyInput(name="韩永福", role=BUYER.role, phone="13997005678"),
                 PartyInput(name="才让", role=STALLHOLDER.role, phone="13997001234")),
        dispute_type=DisputeType.LAND_ACQUISITION, requests="按标准补偿")
    services.ledger.convert_to_case(village, items["b2"], village_case, accept=True)
    # screening rounds
    for actor, day, concentrated in ((admin, d(2026, 9, 1), True), (admin, d(2026, 10, 2), True),
                                     (admin, d(2026, 10, 16), False), (village, d(2026, 10, 3), False),
                                     (admin, d(2026, 11, 1), True)):
        _on(services, d(2026, 11, 2))
        services.stats_recording.record_screening(actor, day, "集散中心A、B区", "韩卫东、王书记", concentrated=concentrated)
    # a2 was kept from turning into a mass petition (预防纠纷, counted on the day recorded)
    services.stats_recording.record_prevention(admin, PreventionKind.MASS_PETITION, 60, d(2026, 10, 25), "欠薪集体讨薪")
    _on(services, d(2026, 11, 2))
    return Ledger(market=admin, village=village, items=items, centre=replace(admin, centre_head=True))
