"""Migration 0036 on a database that already has cases: what falls due in each is derived from its
records, the table is as the models declare it, and Today is the same before and after; down and up
again."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediation_app.storage import migrate
from mediation_app.storage.db import Database, sqlite_url
from tests.services.conftest import initialise, open_services
from tests.services.test_due_items import kept_and_derived
from tests.services.test_today_overview import overview_items
from tests.storage.test_warnings_migration import table_differences

pytestmark = [pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index"),
              pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")]


def _due_table_differences(db: Database) -> list:
    return table_differences(db, {"due_item"})


def test_existing_cases_get_their_items_and_today_is_unchanged(tmp_path: Path) -> None:
    svc = open_services("sqlite", tmp_path)
    admin = initialise(svc)
    svc.demo.generate(admin, 120, seed=8)
    before = overview_items(svc, admin)
    kept, derived = kept_and_derived(svc)
    assert kept and kept == derived
    svc.close()
    db = Database(sqlite_url(tmp_path / "mediation.db"))
    try:
        migrate.downgrade(db, "0035")
        with db.engine.connect() as conn:
            assert "due_item" not in set(conn.dialect.get_table_names(conn))
        assert _due_table_differences(db)  # the comparison sees it missing
        migrate.upgrade(db)
        assert _due_table_differences(db) == []
    finally:
        db.dispose()
    svc = open_services("sqlite", tmp_path)
    try:
        assert kept_and_derived(svc) == (kept, kept)
        assert overview_items(svc, admin) == before
    finally:
        svc.close()


def test_0042_derives_the_items_again_by_the_rules_that_follow_what_was_done(tmp_path: Path) -> None:
    """A database whose items were kept by the earlier rules (no confirmation window after an
    application the court did not accept) gets them as the rules give them now."""
    import datetime as dt

    from sqlalchemy import delete

    from mediation_app.domain.enums import ConfirmationOutcome
    from mediation_app.storage.models import DueItemRecord
    from tests.factories import TODAY, make_case
    from tests.services.test_followup import effective_agreement
    from tests.services.test_today_overview import COURT

    svc = open_services("sqlite", tmp_path)
    admin = initialise(svc)
    case_id = make_case(svc, admin)
    effective_agreement(svc, admin, case_id, instalments=False)
    app = svc.confirmation.apply(admin, case_id, COURT, "domicile", TODAY).created_id
    svc.confirmation.record_outcome(admin, case_id, app, ConfirmationOutcome.NOT_ACCEPTED, TODAY)
    kept, derived = kept_and_derived(svc)
    assert ("confirmation", TODAY + dt.timedelta(days=30)) in {(r[4], r[5]) for r in kept}
    with svc.db.write() as s:  # as the earlier rules kept it
        s.execute(delete(DueItemRecord).where(DueItemRecord.case_id == case_id, DueItemRecord.kind == "confirmation"))
    assert kept_and_derived(svc)[0] != derived
    svc.close()
    db = Database(sqlite_url(tmp_path / "mediation.db"))
    try:
        migrate.downgrade(db, "0041")
        migrate.upgrade(db)
    finally:
        db.dispose()
    svc = open_services("sqlite", tmp_path)
    try:
        assert kept_and_derived(svc) == (derived, derived)
    finally:
        svc.close()
