"""Migration 0036 on a database that already has performing cases: each case's earliest performance
item is derived from its records, the new indexes are as the models declare them, and Today is the
same before and after; down and up again."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, true

from mediation_app.storage import migrate
from mediation_app.storage.base import Base
from mediation_app.storage.db import Database, sqlite_url
from mediation_app.storage.models import CaseRecord
from mediation_app.storage.queries_due import perform_due_dates
from tests.services.conftest import initialise, open_services
from tests.services.test_today_overview import overview_items

pytestmark = [pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index"),
              pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")]


def _case_table_differences(db: Database) -> list:
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    names = {"perform_due_on", "ix_case_committee_status_perform", "ix_case_committee_status_market",
             "ix_case_committee_status_deadline"}
    return [d for d in diffs if any(getattr(x, "name", None) in names for x in (d if isinstance(d, tuple) else d[0])
                                    if not isinstance(x, str))]


def test_existing_cases_get_their_dates_and_today_is_unchanged(tmp_path: Path) -> None:
    svc = open_services("sqlite", tmp_path)
    admin = initialise(svc)
    svc.demo.generate(admin, 120, seed=8)
    before = overview_items(svc, admin)
    with svc.db.read() as s:
        kept = dict(s.execute(select(CaseRecord.id, CaseRecord.perform_due_on)
                              .where(CaseRecord.perform_due_on.is_not(None))).all())
        assert kept and kept == perform_due_dates(s, true())
    svc.close()
    db = Database(sqlite_url(tmp_path / "mediation.db"))
    try:
        migrate.downgrade(db, "0035")
        with db.engine.connect() as conn:
            columns = {r[1] for r in conn.exec_driver_sql("pragma table_info(mediation_case)")}
        assert "perform_due_on" not in columns
        assert _case_table_differences(db)  # the comparison sees what is missing
        migrate.upgrade(db)
        assert _case_table_differences(db) == []
    finally:
        db.dispose()
    svc = open_services("sqlite", tmp_path)
    try:
        with svc.db.read() as s:
            assert dict(s.execute(select(CaseRecord.id, CaseRecord.perform_due_on)
                                  .where(CaseRecord.perform_due_on.is_not(None))).all()) == kept
        assert overview_items(svc, admin) == before
    finally:
        svc.close()
