"""Disputes prevented belong to a committee: the centre's head records and lists them for any
committee it sees; a room's mediator for the room only."""

from __future__ import annotations

import dataclasses

import pytest

from mediation_app.domain.enums import CommitteeKind, Role
from mediation_app.domain.statistics import Period, PreventionKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from tests.factories import make_case
from tests.services.screening_fixture import VILLAGE, actor_in, add_committee


def test_the_centre_head_records_for_any_committee_a_room_mediator_for_its_own(services: Services,
                                                                                admin: Actor) -> None:
    village_id = add_committee(services, VILLAGE, "元树尔", CommitteeKind.VILLAGE)
    head = dataclasses.replace(admin, centre_head=True)
    room = dataclasses.replace(actor_in(admin, village_id), roles=frozenset({Role.MEDIATOR}), role=Role.MEDIATOR)
    today = services.clock.today()
    rec = services.stats_recording
    rec.record_prevention(head, PreventionKind.MASS_PETITION, 40, today, "征地补偿劝返", committee_id=village_id)
    rec.record_prevention(room, PreventionKind.SUICIDE, 1, today, "家庭纠纷")
    rec.record_prevention(head, PreventionKind.CRIMINAL, 3, today)  # its own committee (the market's)
    village = rec.prevention_events(head, today.year, village_id)
    assert sorted((e.kind, e.persons) for e in village) == [("mass_petition", 40), ("suicide", 1)]
    assert sorted((e.kind, e.persons) for e in rec.prevention_events(room, today.year)) == [
        ("mass_petition", 40), ("suicide", 1)]  # the room's mediator sees the room's, recorded by either
    assert [(e.kind, e.persons) for e in rec.prevention_events(head, today.year)] == [("criminal", 3)]
    with pytest.raises(PermissionDenied):
        rec.record_prevention(room, PreventionKind.MASS_FIGHT, 12, today, committee_id=admin.committee_id)
    with pytest.raises(PermissionDenied):
        rec.prevention_events(room, today.year, admin.committee_id)
    # the statistics count each where it was recorded for
    period = Period.parse(str(today.year))
    report = services.stats.compute(head, period, [admin.committee_id, village_id])
    assert report.value(village_id.hex, "prevent.total") == 2
    assert report.value(admin.committee_id.hex, "prevent.total") == 1
    assert report.value(village_id.hex, "prevent.mass_petition.persons") == 40
    # a case of another committee cannot be named for the village's event
    market_case = make_case(services, admin)
    with pytest.raises(ValidationFailed):
        rec.record_prevention(head, PreventionKind.OTHER, 2, today, case_id=market_case, committee_id=village_id)
    assert len(rec.prevention_events(head, today.year, village_id)) == 2
