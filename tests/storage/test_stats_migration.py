"""Migration 0013 on a database that already has cases: the case facts and the monthly counts are
built from the existing records, and the report is the same before and after; down and up again."""

from __future__ import annotations

from pathlib import Path

from mediation_app.domain.statistics import Period
from mediation_app.storage import migrate
from mediation_app.storage.db import Database, sqlite_url
from tests.factories import make_case
from tests.services.conftest import initialise, open_services
from tests.services.test_followup import effective_agreement


def test_existing_cases_are_counted_after_upgrading_and_the_expression_indexes_survive(tmp_path: Path) -> None:
    svc = open_services("sqlite", tmp_path)
    admin = initialise(svc)
    written = make_case(svc, admin)
    effective_agreement(svc, admin, written, instalments=False)
    make_case(svc, admin)
    before = svc.stats.compute(admin, Period.parse("2026")).values
    assert before[("level_total", "total")] == 2 and before[("level_total", "form.written")] == 1
    svc.close()
    db = Database(sqlite_url(tmp_path / "mediation.db"))
    migrate.downgrade(db, "0011")
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        indexes = {r[0] for r in conn.exec_driver_sql(
            "select name from sqlite_master where type = 'index' and tbl_name = 'mediation_case'")}
    db.dispose()
    assert {"ix_case_deadline_sort", "ix_case_accepted_sort", "ix_case_stats"} <= indexes
    svc = open_services("sqlite", tmp_path)
    try:
        assert svc.stats.compute(admin, Period.parse("2026")).values == before
    finally:
        svc.close()
