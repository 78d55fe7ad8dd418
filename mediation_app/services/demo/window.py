"""The centre demonstration: the centre's own committee beside the market room, and disputes at
its window (registered once, then routed or waiting), all through the same rules as real ones."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from mediation_app.domain.enums import CaseSource, CommitteeKind, DeadlineRule, DisputeType, PartyRole, Role, Sex
from mediation_app.domain.numbering import DEFAULT_PATTERN
from mediation_app.services.context import Actor
from mediation_app.services.demo.people import Person, natural_person
from mediation_app.services.intake import CaseInput
from mediation_app.services.parties import PartyInput
from mediation_app.storage import queries_centre as qc
from mediation_app.storage.models import CommitteeRecord, MembershipRecord

# (dispute type, facts, requests, where it goes: "committee" / "department" / None = waiting)
WINDOW_DISPUTES = (
    (DisputeType.CONTRACT, "申请人在集散中心批发市场购进土豆80袋，到货后发现部分腐烂，与摊主就退货数量发生争议。",
     "退还腐烂部分货款。", "committee"),
    (DisputeType.LABOUR, "申请人在某物流公司从事装卸工作三个月，公司拖欠最后一个月工资4,800元。",
     "支付拖欠的工资。", "department"),
    (DisputeType.NEIGHBOUR, "双方系同一小区上下楼邻居，因楼上卫生间漏水渗到楼下发生争执。",
     "修好漏水，赔偿墙面损失。", None),
    (DisputeType.MARRIAGE_FAMILY, "兄妹三人因母亲的赡养费用分担问题发生争执，到中心窗口反映。",
     "按月分担赡养费用。", None),
)


def _party(p: Person, role: PartyRole) -> PartyInput:
    return PartyInput(
        name=p.name, role=role, sex=Sex(p.sex) if p.sex else None, ethnicity=p.ethnicity, id_number=p.id_number or "",
        occupation=p.occupation, address=p.address, phone=p.phone, preferred_language=p.preferred_language,
        interpreter_needed=p.interpreter_needed)


def add_centre(svc: Any, s: Any, actor: Actor, name: str, short: str) -> uuid.UUID:
    """The centre's own committee (added when missing), with the actor as its head."""
    centre = qc.committee_by_short_name(s, short)
    if centre is None:
        centre = CommitteeRecord(name=name, short_name=short, kind=CommitteeKind.CENTRE, number_pattern=DEFAULT_PATTERN,
                                 deadline_rule=DeadlineRule.THIRTY_DAYS, address="西宁市城北区综治中心一楼",
                                 phone="0971-5500110", active=True)
        s.add(centre)
        s.flush()
        svc.audit(s, actor, "committee.add", "committee", centre.id, details={"name": name, "short": short,
                                                                              "demo": True})
    if qc.membership(s, actor.user_id, centre.id) is None:
        s.add(MembershipRecord(user_id=actor.user_id, committee_id=centre.id, roles=Role.HEAD.value))
        svc.audit(s, actor, "user.membership", "user", actor.user_id,
                  details={"committee": short, "roles": [Role.HEAD.value], "demo": True})
    return centre.id


def window_disputes(svc: Any, actor: Actor, centre_id: uuid.UUID, seed: int) -> None:
    """Register the demonstration disputes at the centre's window and route some of them."""
    routing = svc.routing
    if routing is None:
        return
    at_window = svc_actor_in(svc, actor, centre_id)
    rng = random.Random(seed * 7919 + 17)
    today = svc.clock.today()
    for i, (kind, facts, requests, where) in enumerate(WINDOW_DISPUTES):
        on = today - dt.timedelta(days=len(WINDOW_DISPUTES) - i)
        applicant = natural_person(rng, on, occupation="个体经营")
        respondent = natural_person(rng, on, occupation="务工")
        data = CaseInput(parties=(_party(applicant, PartyRole.APPLICANT), _party(respondent, PartyRole.RESPONDENT)),
                         dispute_type=kind, source=CaseSource.APPLICATION, facts=facts, requests=requests,
                         place="城北区综治中心窗口", registered_on=on)
        case_id = routing.register(at_window, data).created_id
        if where == "committee":
            routing.to_committee(at_window, case_id, actor.committee_id, "市场交易纠纷，由驻场调解室办理")
        elif where == "department":
            routing.to_department(at_window, case_id, "城北区人力资源和社会保障局", "欠薪由劳动保障监察处理",
                                  today + dt.timedelta(days=15), "请于期限内反馈办理结果")


def svc_actor_in(svc: Any, actor: Actor, committee_id: uuid.UUID) -> Actor:
    """The acting account, read afresh, working in the centre's committee."""
    from mediation_app.services.accounts import actor_of
    from mediation_app.storage.models import UserRecord

    with svc.db.read() as s:
        user = s.get(UserRecord, actor.user_id)
        return actor_of(user, s, committee_id)
