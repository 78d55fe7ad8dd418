"""Two real databases: a market room (SQLite) and its centre (SQLite, and PostgreSQL for the
tests marked pg), each set up through the services and paired by pairing file and code."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import Services, build_services
from mediation_app.services.clock import FixedClock
from mediation_app.services.context import Actor
from mediation_app.storage.db import sqlite_url
from tests.factories import TODAY
from tests.services.conftest import PASSWORD, initialise, open_services


@dataclass
class Sites:
    room: Services
    room_admin: Actor
    centre: Services
    centre_admin: Actor
    tmp: Path

    def room_actor_at_centre(self) -> Actor:
        """The centre's head acting on the room committee's cases (a member of that committee there)."""
        return dataclasses.replace(self.centre_admin, committee_id=self.room_admin.committee_id, memberships=())

    def hand_over(self, name: str = "bundle.mdh", **kw: object) -> Path:
        path = self.tmp / name
        self.room.handover.export(self.room_admin, path, **kw)  # type: ignore[arg-type]
        return path

    def hand_back(self, name: str = "back.mdh") -> Path:
        path = self.tmp / name
        self.centre.handover.export(self.centre_admin, path, to=self.room.handover.site().site_id)
        return path


def pair(a: Services, a_admin: Actor, b: Services, b_admin: Actor, tmp: Path) -> None:
    """b trusts a: a's pairing file, and the code a shows on its screen, typed in at b."""
    file = tmp / f"pair-{a.handover.site().site_id}.json"
    view = a.handover.write_pairing_file(a_admin, file)
    b.handover.pair(b_admin, file, view.code)


def make_sites(tmp_path: Path, centre_backend: str) -> Sites:
    room = build_services(sqlite_url(tmp_path / "room" / "mediation.db"), tmp_path / "room", FixedClock(TODAY))
    room_admin = initialise(room)
    centre = open_services(centre_backend, tmp_path / "centre")
    centre_admin = centre.setup.initialise(
        committee_name="城关区人民调解中心", short_name="城关", kind=CommitteeKind.INDUSTRY_MARKET,
        admin_username="admin", admin_password=PASSWORD, admin_display_name="韩主任",
    )
    pair(room, room_admin, centre, centre_admin, tmp_path)
    pair(centre, centre_admin, room, room_admin, tmp_path)
    return Sites(room, room_admin, centre, centre_admin, tmp_path)


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[Sites]:
    """Room and centre on SQLite."""
    s = make_sites(tmp_path, "sqlite")
    yield s
    s.room.close()
    s.centre.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def any_sites(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sites]:
    """Room on SQLite, centre on SQLite and on PostgreSQL."""
    s = make_sites(tmp_path, request.param)
    yield s
    s.room.close()
    s.centre.close()
