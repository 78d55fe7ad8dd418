"""Fixtures: a real database (SQLite file, and PostgreSQL where a test asks for both backends)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import Services
from mediation_app.services.clock import FixedClock
from mediation_app.services.context import Actor
from tests import db_templates
from tests.factories import TODAY, make_case  # noqa: F401  (re-exported for tests)

PASSWORD = "调解2026-secret"
_ADMIN = pytest.StashKey[Actor]()


def pg_url() -> str:
    return os.environ.get(
        "MEDIATION_TEST_PG_URL", "postgresql+psycopg://mediation:mediation@127.0.0.1:5432/mediation_test"
    )


def pg_available() -> str | None:
    """None when reachable; otherwise why not. In CI an unreachable server is a failure, not a skip."""
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(pg_url(), connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"no PostgreSQL server reachable at MEDIATION_TEST_PG_URL ({type(exc).__name__})"


def open_services(backend: str, tmp_path: Path) -> Services:
    """A new database on ``backend``, migrated as ``build_services`` migrates one (a copy of one
    migrated once per process: tests/db_templates.py)."""
    return _open(backend, tmp_path)[0]


def open_initialised(backend: str, tmp_path: Path) -> tuple[Services, Actor]:
    """A new database on which :func:`initialise` has run, and its administrator (a copy of one
    set up once per process: tests/db_templates.py)."""
    svc, actor = _open(backend, tmp_path, key="standard", builder=initialise)
    assert actor is not None
    return svc, actor


def _open(backend: str, tmp_path: Path, **template: Any) -> tuple[Services, Actor | None]:
    clock = FixedClock(TODAY)
    if backend == "sqlite":
        return db_templates.sqlite_services(tmp_path / "mediation.db", tmp_path, clock, **template)
    reason = pg_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return db_templates.pg_services(pg_url(), tmp_path, clock, **template)


def initialise(services: Services) -> Actor:
    return services.setup.initialise(
        committee_name="青藏高原农副产品集散中心人民调解委员会", short_name="客商", kind=CommitteeKind.INDUSTRY_MARKET,
        admin_username="admin", admin_password=PASSWORD, admin_display_name="马调解",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """Every service test runs on SQLite and on PostgreSQL. A test that takes ``admin`` gets the
    database already set up by :func:`initialise` (done once per process and copied)."""
    if "admin" in request.fixturenames:
        svc, request.node.stash[_ADMIN] = open_initialised(request.param, tmp_path)
    else:
        svc = open_services(request.param, tmp_path)
    yield svc
    svc.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    svc = open_services(request.param, tmp_path)
    yield svc
    svc.close()


@pytest.fixture
def admin(request: pytest.FixtureRequest, services: Services) -> Actor:
    return request.node.stash[_ADMIN]


def new_id() -> uuid.UUID:
    return uuid.uuid4()
