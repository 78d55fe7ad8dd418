"""Today's committee-wide part read while a password is checked (before anyone is signed in) is
handed only to a signed-in actor with a case role who sees exactly that committee, on the same day
and while fresh; anyone else gets a read of their own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from mediation_app.domain.enums import CommitteeKind, Role
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied
from mediation_app.services.overview import PREPARED_FOR
from tests.services.screening_fixture import add_committee
from tests.services.test_today_overview import varied_cases


def shown(overview) -> tuple:
    due = tuple((d.case_id, d.kind, d.due_on, d.message) for d in overview.due)
    return (overview.overdue.total, overview.upcoming.total, due, overview.meetings, overview.slips_overdue,
            tuple(r.id for r in overview.unassigned), overview.unassigned_total)


def dated(services: Services, admin: Actor) -> None:
    varied_cases(services, admin)
    services.clock.set(services.clock.today() + dt.timedelta(days=25))  # items overdue and due this week


def test_the_part_read_before_the_sign_in_gives_the_same_today(services: Services, admin: Actor):
    dated(services, admin)
    part = services.overview.prepare_today(page=3)
    assert part is not None and part.scope == admin.visible_committees()
    own = services.overview.today(admin, page=3)
    assert own.overdue.total + own.upcoming.total > 0
    assert shown(services.overview.today(admin, page=3, prepared=part)) == shown(own)


def test_the_part_serves_only_its_committee_its_page_and_while_fresh(services: Services, admin: Actor):
    dated(services, admin)
    part = services.overview.prepare_today(page=3)
    assert part is not None
    marked = dataclasses.replace(part, slips_overdue=99)  # tells whether the part was used
    assert services.overview.today(admin, page=3, prepared=marked).slips_overdue == 99
    for other in (dataclasses.replace(marked, scope=frozenset({uuid.uuid4()})),
                  dataclasses.replace(marked, scope=None),
                  dataclasses.replace(marked, page=4),
                  dataclasses.replace(marked, day=marked.day - dt.timedelta(days=1)),
                  dataclasses.replace(marked, read_at=marked.read_at - PREPARED_FOR - dt.timedelta(seconds=1))):
        assert services.overview.today(admin, page=3, prepared=other).slips_overdue == 0


def test_an_account_without_a_case_role_is_refused_with_a_part_read(services: Services, admin: Actor):
    dated(services, admin)
    part = services.overview.prepare_today()
    services.accounts.create_user(admin, "sysadmin", "Tiaojie-desk-7", "系统管理员", Role.ADMIN)
    sysadmin = services.accounts.authenticate("sysadmin", "Tiaojie-desk-7")
    assert part is not None
    for given in (part, dataclasses.replace(part, scope=sysadmin.visible_committees())):
        with pytest.raises(PermissionDenied):
            services.overview.today(sysadmin, prepared=given)


def test_nothing_is_read_ahead_where_several_committees_are_kept(services: Services, admin: Actor):
    add_committee(services, "大通县桥头镇元树尔村人民调解委员会", "元树尔", CommitteeKind.VILLAGE)
    assert services.overview.prepare_today() is None
