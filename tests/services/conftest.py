"""Fixtures: a real database (SQLite file, and PostgreSQL where a test asks for both backends)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import Services, build_services
from mediation_app.services.clock import FixedClock
from mediation_app.services.context import Actor
from mediation_app.storage.db import sqlite_url
from tests.factories import TODAY, make_case  # noqa: F401  (re-exported for tests)

PASSWORD = "调解2026-secret"


def pg_url() -> str:
    return os.environ.get(
        "MEDIATION_TEST_PG_URL", "postgresql+psycopg://mediation:mediation@127.0.0.1:5432/mediation_test"
    )


def _fresh_pg_schema(url: str) -> str:
    """A schema of this test process's own (parallel runs never collide); returns its URL."""
    import sqlalchemy as sa

    schema = f"test_{os.getpid()}"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    finally:
        engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


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
    clock = FixedClock(TODAY)
    if backend == "sqlite":
        return build_services(sqlite_url(tmp_path / "mediation.db"), tmp_path, clock)
    reason = pg_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return build_services(_fresh_pg_schema(pg_url()), tmp_path, clock)


def initialise(services: Services) -> Actor:
    return services.setup.initialise(
        committee_name="青藏高原农副产品集散中心人民调解委员会", short_name="客商", kind=CommitteeKind.INDUSTRY_MARKET,
        admin_username="admin", admin_password=PASSWORD, admin_display_name="马调解",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """Every service test runs on SQLite and on PostgreSQL."""
    svc = open_services(request.param, tmp_path)
    yield svc
    svc.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    svc = open_services(request.param, tmp_path)
    yield svc
    svc.close()


@pytest.fixture
def admin(services: Services) -> Actor:
    return initialise(services)


def new_id() -> uuid.UUID:
    return uuid.uuid4()
