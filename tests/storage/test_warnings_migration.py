"""Migration 0024 (risk early warnings): the tables as the models declare them, down and up again."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mediation_app.storage import migrate
from mediation_app.storage.base import Base
from mediation_app.storage.db import Database, sqlite_url

# the case list's expression indexes cannot be reflected on SQLite; the tables compared here have none
pytestmark = [pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index"),
              pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")]

TABLES = {"risk_warning", "warning_setting"}


def table_differences(db: Database, tables: set[str]) -> list:
    """What Alembic's comparison of the file with the models finds in these tables."""
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    out = []
    for d in diffs:
        flat = d if isinstance(d, tuple) else d[0]
        if any(getattr(x, "name", None) in tables or getattr(getattr(x, "table", None), "name", None) in tables
               for x in flat if not isinstance(x, str)):
            out.append(d)
    return out


def _differences(db: Database) -> list:
    return table_differences(db, TABLES)


def test_the_warning_tables_match_the_models_and_go_down_and_up(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "w.db"))
    try:
        migrate.upgrade(db)
        assert _differences(db) == []
        migrate.downgrade(db, "0020")
        with db.engine.connect() as conn:
            names = set(conn.dialect.get_table_names(conn))
        assert not names & TABLES
        assert {d[0] for d in _differences(db)} == {"add_table", "add_index"}  # the comparison sees them missing
        migrate.upgrade(db)
        assert _differences(db) == []
    finally:
        db.dispose()
