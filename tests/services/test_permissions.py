"""Every cell of the role × action matrix, through the real services.

The expected answers are written out here on their own (not read from the matrix), so a change to
``domain/permissions.py`` that loosens a right fails this test. Each cell runs the service call a
user would make, as a signed-in account holding that one role, on a case the account's mediator is
assigned to or not.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mediation_app.domain.enums import AssignmentRole, CommitteeKind, Role
from mediation_app.domain.permissions import CASE_BOUND, Perm, allowed, combination_problem
from mediation_app.services import Services, build_services
from mediation_app.services.centre import CommitteeInput
from mediation_app.services.clock import FixedClock
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.storage.db import sqlite_url
from tests.factories import TODAY, make_case, market_case_input
from tests.services.conftest import initialise

M, H, A, U, W = Role.MEDIATOR, Role.HEAD, Role.ADMIN, Role.AUDITOR, Role.WINDOW
ASSIGNED_ONLY = "assigned only"

# The specification: who may do what (GB/T 22239 separation of duties, people's mediation roles).
EXPECTED: dict[Perm, dict[Role, bool | str]] = {
    Perm.READ_CASE: {M: True, H: True, A: False, U: False, W: True},
    Perm.EDIT_CASE: {M: ASSIGNED_ONLY, H: True, A: False, U: False, W: False},
    Perm.REGISTER_CASE: {M: True, H: True, A: False, U: False, W: True},
    Perm.ASSIGN: {M: ASSIGNED_ONLY, H: True, A: False, U: False, W: False},
    Perm.SUPERVISE: {M: False, H: True, A: False, U: False, W: False},
    Perm.REVEAL_ID: {M: ASSIGNED_ONLY, H: True, A: False, U: False, W: False},
    Perm.MANAGE_MEDIATORS: {M: False, H: True, A: True, U: False, W: False},
    Perm.MANAGE_LISTS: {M: False, H: True, A: True, U: False, W: False},
    Perm.MANAGE_USERS: {M: False, H: False, A: True, U: False, W: False},
    Perm.VIEW_USERS: {M: False, H: True, A: True, U: True, W: False},
    Perm.MANAGE_SETTINGS: {M: False, H: False, A: True, U: False, W: False},
    Perm.BACKUP_RESTORE: {M: False, H: False, A: True, U: False, W: False},
    Perm.READ_AUDIT: {M: False, H: False, A: False, U: True, W: False},
    Perm.LOAD_DEMO: {M: False, H: True, A: True, U: False, W: False},
    Perm.MANAGE_COMMITTEES: {M: False, H: False, A: True, U: False, W: False},
    Perm.ROUTE_CASE: {M: False, H: True, A: False, U: False, W: True},
    Perm.FUND_RECORD: {M: True, H: True, A: True, U: False, W: False},
    Perm.FUND_APPROVE: {M: False, H: True, A: True, U: False, W: False},
}
# Enforced elsewhere (the backup/restore and audit-log services, and the CLI's backup command);
# here their cells are checked against the matrix only.
NOT_A_SERVICE_CALL_HERE = {Perm.BACKUP_RESTORE, Perm.READ_AUDIT}
PASSWORD = "Matrix-desk-2026"


def expected(role: Role, perm: Perm, assigned: bool) -> bool:
    cell = EXPECTED[perm][role]
    return assigned if cell == ASSIGNED_ONLY else bool(cell)


class World:
    """One committee, an account per role, and cases made by the head-administrator."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self.admin = initialise(svc)
        self.actors: dict[Role, Actor] = {}
        for role in Role:
            mediator_id = svc.accounts.add_mediator(self.admin, f"{role.value}调解").created_id if role is M else None
            name = f"{role.value}-desk"
            svc.accounts.create_user(self.admin, name, PASSWORD, name, role, mediator_id)
            self.actors[role] = svc.accounts.authenticate(name, PASSWORD)

    def case(self, actor: Actor, assigned: bool, accepted: bool = True) -> uuid.UUID:
        case_id = make_case(self.svc, self.admin, accepted=accepted, consented=accepted, assigned=accepted)
        if assigned and actor.mediator_id is not None:
            self.svc.assignment.assign(self.admin, case_id, actor.mediator_id, AssignmentRole.CO_MEDIATOR)
        return case_id

    def call(self, perm: Perm, actor: Actor, assigned: bool) -> Callable[[], Any]:
        svc, tag = self.svc, uuid.uuid4().hex[:8]
        if perm is Perm.READ_CASE:
            case_id = self.case(actor, assigned)
            return lambda: svc.cases.detail(actor, case_id)
        if perm is Perm.EDIT_CASE:
            case_id = self.case(actor, assigned)
            return lambda: svc.outcomes.set_file_details(actor, case_id, "长期", "档案员")
        if perm is Perm.REGISTER_CASE:
            return lambda: svc.intake.register(actor, market_case_input())
        if perm is Perm.ASSIGN:
            case_id = self.case(actor, assigned)
            other = svc.accounts.add_mediator(self.admin, f"协助{tag}").created_id
            return lambda: svc.assignment.assign(actor, case_id, other, AssignmentRole.CO_MEDIATOR)
        if perm is Perm.SUPERVISE:
            case_id = self.case(actor, assigned, accepted=False)
            if assigned and actor.mediator_id is not None:
                svc.assignment.assign(self.admin, case_id, actor.mediator_id, AssignmentRole.PRESIDING)
            return lambda: svc.intake.void(actor, case_id, "重复登记")
        if perm is Perm.REVEAL_ID:
            case_id = self.case(actor, assigned)
            return lambda: svc.accounts.reveal_identity(actor, case_id, "test")
        if perm is Perm.MANAGE_MEDIATORS:
            return lambda: svc.accounts.add_mediator(actor, f"新调解员{tag}")
        if perm is Perm.MANAGE_LISTS:
            return lambda: svc.reference_admin.add_lookup(actor, "refusal_reason", f"r{tag}", f"理由{tag}")
        if perm is Perm.MANAGE_USERS:
            return lambda: svc.accounts.create_user(actor, f"u{tag}", PASSWORD, "新用户", Role.MEDIATOR)
        if perm is Perm.VIEW_USERS:
            return lambda: svc.accounts.list_users(actor)
        if perm is Perm.MANAGE_SETTINGS:
            c = svc.setup.committee(self.admin)
            return lambda: svc.setup.update_committee(actor, c.name, c.short_name, c.kind, c.number_pattern,
                                                      c.deadline_rule)
        if perm is Perm.LOAD_DEMO:
            return lambda: svc.demo.generate(actor, 1, seed=7)
        if perm is Perm.MANAGE_COMMITTEES:
            return lambda: svc.committees.add(actor, CommitteeInput(
                name=f"调委会{tag}", short_name=tag[:6], kind=CommitteeKind.STATIONED))
        if perm is Perm.ROUTE_CASE:
            waiting = svc.routing.register(self.admin, market_case_input()).created_id
            assert waiting is not None
            return lambda: svc.routing.to_department(actor, waiting, "城北区市场监管局", "质量投诉")
        if perm is Perm.FUND_RECORD:  # a recovery from the merchant against a payment the head approved
            payment = self.fund_payment()
            return lambda: svc.fund.recover(actor, payment, amount="1", recovered_on=TODAY)
        if perm is Perm.FUND_APPROVE:
            return lambda: svc.fund.topup(actor, amount="1", paid_in_on=TODAY, source="商户保证金")
        raise AssertionError(perm)

    def fund_payment(self) -> uuid.UUID:
        from mediation_app.services.market.read_models import MerchantInput

        svc = self.svc
        merchant = svc.merchants.add(self.admin, MerchantInput(stall_number=f"F-{uuid.uuid4().hex[:6]}", name="果行"))
        case_id = self.case(self.admin, assigned=False)
        party = svc.fund.case_fund(self.admin, case_id).parties[0].id
        svc.fund.topup(self.admin, amount="100", paid_in_on=TODAY, source="商户保证金")
        payment = svc.fund.pay(self.admin, case_id, party_id=party, amount="10", paid_on=TODAY,
                               merchant_id=merchant.created_id).created_id
        assert payment is not None
        return payment


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("matrix")
    svc = build_services(sqlite_url(path / "mediation.db"), path, FixedClock(TODAY))
    try:
        yield World(svc)
    finally:
        svc.close()


CELLS = [
    (role, perm, assigned)
    for role, perm in itertools.product(Role, Perm)
    for assigned in ((False, True) if perm in CASE_BOUND or perm is Perm.SUPERVISE else (False,))
]


@pytest.mark.parametrize(("role", "perm", "assigned"), CELLS,
                         ids=[f"{r.value}-{p.value}-{'assigned' if a else 'other'}" for r, p, a in CELLS])
def test_every_cell_of_the_matrix(world: World, role: Role, perm: Perm, assigned: bool) -> None:
    want = expected(role, perm, assigned)
    assert allowed({role}, perm, assigned) is want
    if perm in NOT_A_SERVICE_CALL_HERE:
        return
    actor = world.actors[role]
    call = world.call(perm, actor, assigned)
    if want:
        call()
    else:
        with pytest.raises(PermissionDenied) as err:
            call()
        assert err.value.message.endswith(".")  # one sentence saying why


def test_the_reason_names_the_assignment_or_the_roles(world: World) -> None:
    mediator = world.actors[M]
    case_id = world.case(mediator, assigned=False)
    with pytest.raises(PermissionDenied, match="Only the mediators assigned to this case or a committee head"):
        world.svc.outcomes.set_file_details(mediator, case_id, "长期", "档案员")
    detail = world.svc.cases.detail(mediator, case_id)  # readable, and every action says why not
    assert detail.blocked and all(r == ("Only the mediators assigned to this case or a committee head may change "
                                        "this case.",) for r in detail.blocked.values())
    assert world.svc.accounts.can(mediator, Perm.EDIT_CASE, case_id).startswith("Only the mediators assigned")
    world.svc.assignment.assign(world.admin, case_id, mediator.mediator_id, AssignmentRole.CO_MEDIATOR)
    assert world.svc.accounts.can(mediator, Perm.EDIT_CASE, case_id) == ""
    assert not any(world.svc.cases.detail(mediator, case_id).blocked.get(a) == (
        "Only the mediators assigned to this case or a committee head may change this case.",)
        for a in world.svc.cases.detail(mediator, case_id).blocked)
    with pytest.raises(PermissionDenied, match=r"Your account \(Administrator\) may not read case records"):
        world.svc.cases.list_cases(world.actors[A])


def test_roles_add_up_and_separation_holds(world: World) -> None:
    svc, admin = world.svc, world.admin
    assert admin.roles == {A, H}  # the first account keeps a one-person office going
    svc.accounts.create_user(admin, "room-desk", PASSWORD, "市场调解室", A, roles=(M,))
    both = svc.accounts.authenticate("room-desk", PASSWORD)
    assert both.has(A) and both.has(M) and both.role is A
    assert svc.cases.list_cases(both).rows  # a case role added to an administrator reads cases
    with pytest.raises(ValidationFailed, match="holds no other role"):
        svc.accounts.create_user(admin, "audit-admin", PASSWORD, "x", U, roles=(A,))
    assert combination_problem({U, M})
    with pytest.raises(PermissionDenied, match="their own account"):
        svc.accounts.set_roles(admin, admin.user_id, (A, H, M))
    svc.accounts.set_roles(admin, both.user_id, (H,))
    again = svc.accounts.authenticate("room-desk", PASSWORD)
    assert again.roles == {H} and again.role is H
    with pytest.raises(PermissionDenied):
        svc.accounts.set_roles(again, admin.user_id, (A,))


def test_a_reset_password_blocks_everything_until_changed(world: World) -> None:
    svc, admin = world.svc, world.admin
    head = world.actors[H]
    svc.accounts.reset_password(admin, head.user_id, "Reset-by-admin-1")
    forced = svc.accounts.authenticate(f"{H.value}-desk", "Reset-by-admin-1")
    assert forced.must_change_password
    with pytest.raises(PermissionDenied, match="change it before you go on"):
        svc.cases.list_cases(forced)
    svc.accounts.change_password(forced, "Reset-by-admin-1", PASSWORD)
    assert not svc.accounts.authenticate(f"{H.value}-desk", PASSWORD).must_change_password
