"""The tests' databases (copies of one built once per process, tests/db_templates.py) hold what a
database freshly built by ``build_services`` holds, and open without migrating again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mediation_app.services import build_services
from mediation_app.services.clock import FixedClock
from mediation_app.storage.db import sqlite_url
from mediation_app.storage.migrate import current_revision, head_revision
from tests import db_templates
from tests.factories import TODAY, make_case
from tests.services.conftest import PASSWORD, initialise, open_initialised, open_services, pg_available, pg_url

pytestmark = pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
_VOLATILE = {"app_info"}  # when and by which version the file was written


def _contents(engine: sa.Engine, schema: str | None = None) -> dict[str, Any]:
    """Every table's rows (sorted), and the definition of every table, column, index and constraint."""
    inspector = sa.inspect(engine)
    found: dict[str, Any] = {}
    with engine.connect() as conn:
        for table in sorted(inspector.get_table_names(schema=schema)):
            columns = inspector.get_columns(table, schema=schema)
            found[f"columns {table}"] = [(c["name"], str(c["type"]), c["nullable"],
                                          str(c.get("default")).replace(f"{schema}.", ""))  # the sequence's schema
                                         for c in columns]
            found[f"indexes {table}"] = sorted(
                (i["name"], tuple(str(c) for c in i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table, schema=schema))
            found[f"keys {table}"] = sorted(
                (str(k["name"]), tuple(k["constrained_columns"]), k["referred_table"], tuple(k["referred_columns"]))
                for k in inspector.get_foreign_keys(table, schema=schema))
            found[f"unique {table}"] = sorted(
                (str(u["name"]), tuple(u["column_names"])) for u in inspector.get_unique_constraints(table, schema=schema))
            if table not in _VOLATILE:
                name = f'"{schema}"."{table}"' if schema else f'"{table}"'
                found[f"rows {table}"] = sorted(map(repr, conn.exec_driver_sql(f"select * from {name}").fetchall()))
    return found


def test_a_sqlite_copy_is_the_freshly_migrated_file_and_opens_without_migrating(tmp_path: Path) -> None:
    fresh = build_services(sqlite_url(tmp_path / "fresh" / "mediation.db"), tmp_path / "fresh", FixedClock(TODAY))
    copy = open_services("sqlite", tmp_path / "copy")
    try:
        assert _contents(copy.db.engine) == _contents(fresh.db.engine)
        assert current_revision(copy.db) == head_revision()
        assert not (tmp_path / "copy" / "backups").exists()  # an upgrade would have backed the file up first
    finally:
        fresh.close()
        copy.close()


def test_a_set_up_copy_is_what_the_set_up_makes_and_its_administrator_signs_in(tmp_path: Path) -> None:
    fresh = build_services(sqlite_url(tmp_path / "fresh" / "mediation.db"), tmp_path / "fresh", FixedClock(TODAY))
    fresh_admin = initialise(fresh)
    copy, admin = open_initialised("sqlite", tmp_path / "copy")
    try:
        ours, theirs = _contents(copy.db.engine), _contents(fresh.db.engine)
        assert ours.keys() == theirs.keys()
        for key in ours:  # the same rows, up to the identifiers and hashes made anew by each set-up
            assert len(ours[key]) == len(theirs[key]), key
        assert copy.accounts.authenticate("admin", PASSWORD) == admin
        assert admin.roles == fresh_admin.roles
    finally:
        fresh.close()
        copy.close()


@pytest.mark.skipif(bool(pg_available()) and not os.environ.get("CI"), reason="no PostgreSQL server")
def test_a_postgresql_schema_is_put_back_as_freshly_migrated_and_rebuilt_when_a_test_changed_it(
        tmp_path: Path) -> None:
    reference = f"test_{os.getpid()}_reference"
    engine = sa.create_engine(pg_url())
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{reference}" CASCADE')
        conn.exec_driver_sql(f'CREATE SCHEMA "{reference}"')
    try:
        build_services(f"{pg_url()}?options=-csearch_path%3D{reference}", tmp_path / "ref", FixedClock(TODAY)).close()
        expected = _contents(engine, reference)
        used, admin = open_initialised("postgresql", tmp_path / "used")  # a test's data
        make_case(used, admin)
        used.close()
        open_services("postgresql", tmp_path / "again").close()
        schema = db_templates._pg[pg_url()].name
        assert _contents(engine, schema) == expected
        changed = open_services("postgresql", tmp_path / "changed")  # a test that changes the schema
        with changed.db.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE party ADD COLUMN nickname text")
        changed.close()
        open_services("postgresql", tmp_path / "after").close()
        assert _contents(engine, schema) == expected
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{reference}" CASCADE')
        engine.dispose()
