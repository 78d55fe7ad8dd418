"""Two real databases: a market room (SQLite) and its centre (SQLite, and PostgreSQL for the
tests marked pg), each set up through the services and paired by pairing file and code."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import Services
from mediation_app.services.clock import FixedClock
from mediation_app.services.context import Actor
from tests import db_templates
from tests.factories import TODAY
from tests.services.conftest import PASSWORD, initialise, pg_available, pg_url


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


def initialise_centre(services: Services) -> Actor:
    return services.setup.initialise(
        committee_name="城关区人民调解中心", short_name="城关", kind=CommitteeKind.INDUSTRY_MARKET,
        admin_username="admin", admin_password=PASSWORD, admin_display_name="韩主任",
    )


def make_sites(tmp_path: Path, centre_backend: str, *, new_identities: bool = False) -> Sites:
    """Both sites set up (each a copy of one set up once per process: tests/db_templates.py), then
    paired as people pair them. Copies share the site identity made at set-up: with
    ``new_identities`` both sites are set up anew, each a site of its own."""
    clock = FixedClock(TODAY)
    if centre_backend != "sqlite":
        reason = pg_available()
        if reason:
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)

    def open_site(folder: Path, backend: str, key: str, builder: db_templates.Builder) -> tuple[Services, Actor]:
        template = {} if new_identities else {"key": key, "builder": builder}
        if backend == "sqlite":
            svc, actor = db_templates.sqlite_services(folder / "mediation.db", folder, clock, **template)  # type: ignore[arg-type]
        else:
            svc, actor = db_templates.pg_services(pg_url(), folder, clock, **template)  # type: ignore[arg-type]
        return svc, actor if actor is not None else builder(svc)

    room, room_admin = open_site(tmp_path / "room", "sqlite", "standard", initialise)
    centre, centre_admin = open_site(tmp_path / "centre", centre_backend, "centre", initialise_centre)
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
