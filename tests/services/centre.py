"""A one-stop centre built through the services: the market room (set up first, 客商) and the
centre's own committee (中心), with an account per job in each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mediation_app.domain.enums import CommitteeKind, DeadlineRule, Role
from mediation_app.services import Services
from mediation_app.services.centre import CommitteeInput
from mediation_app.services.context import Actor
from tests.services.conftest import initialise

DESK_PASSWORD = "Centre-desk-2026"
CENTRE = CommitteeInput(
    name="城北区矛盾纠纷多元化解中心人民调解委员会", short_name="中心", kind=CommitteeKind.CENTRE,
    deadline_rule=DeadlineRule.THIRTY_DAYS, address="西宁市城北区综治中心一楼", phone="0971-5500110",
)


@dataclass
class Centre:
    svc: Services
    admin: Actor  # administrator and head of the market room (the first account)
    market_id: uuid.UUID
    centre_id: uuid.UUID
    market_mediator: Actor
    centre_mediator: Actor
    centre_head: Actor
    window: Actor

    def sign_in(self, name: str, committee_id: uuid.UUID | None = None) -> Actor:
        return self.svc.accounts.authenticate(name, DESK_PASSWORD, committee_id)


def build_centre(svc: Services) -> Centre:
    admin = initialise(svc)
    centre_id = svc.committees.add(admin, CENTRE).created_id
    assert centre_id is not None

    def account(name: str, role: Role, committee_id: uuid.UUID, mediator: str | None = None) -> Actor:
        mediator_id = (svc.accounts.add_mediator(admin, mediator, committee_id=committee_id).created_id
                       if mediator else None)
        svc.accounts.create_user(admin, name, DESK_PASSWORD, mediator or name, role, mediator_id,
                                 committee_id=committee_id)
        return svc.accounts.authenticate(name, DESK_PASSWORD)

    return Centre(
        svc=svc, admin=admin, market_id=admin.committee_id, centre_id=centre_id,
        market_mediator=account("market-mediator", Role.MEDIATOR, admin.committee_id, "马秀兰"),
        centre_mediator=account("centre-mediator", Role.MEDIATOR, centre_id, "祁永红"),
        centre_head=account("centre-head", Role.HEAD, centre_id, "李主任"),
        window=account("window-clerk", Role.WINDOW, centre_id),
    )


def open_case(c: Centre, head: Actor, mediator: Actor, data: object = None) -> uuid.UUID:
    """An accepted, consented case registered by a committee head and assigned to ``mediator``."""
    from mediation_app.domain.enums import AssignmentMethod
    from tests.factories import make_case

    case_id = make_case(c.svc, head, assigned=False, data=data)  # type: ignore[arg-type]
    assert mediator.mediator_id is not None
    c.svc.assignment.assign(head, case_id, mediator.mediator_id, method=AssignmentMethod.DESIGNATED)
    return case_id
