"""The start-up check of the schema revision, read without Alembic, agrees with Alembic."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from mediation_app.config import sqlite_url as config_sqlite_url
from mediation_app.storage import migrate
from mediation_app.storage.db import Database, sqlite_url


def test_the_head_and_the_revisions_read_from_the_files_are_alembics():
    script = ScriptDirectory.from_config(migrate._config())
    assert migrate.head_revision() == script.get_current_head() == migrate.alembic_head_revision()
    assert migrate.known_revisions() == {s.revision for s in script.walk_revisions()}


def test_the_stored_revision_is_read_with_one_query(tmp_path):
    db = Database(sqlite_url(tmp_path / "m.db"))
    try:
        assert migrate.current_revision(db) is None  # a new file: no alembic_version yet
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
        migrate.downgrade(db, "0015")
        assert migrate.current_revision(db) == "0015"
        assert migrate.upgrade(db) is not None or db.sqlite_path is None  # behind: upgraded (after a backup)
        assert migrate.current_revision(db) == migrate.head_revision()
        assert migrate.upgrade(db) is None  # at the head: nothing to do
    finally:
        db.dispose()


def test_the_configs_sqlite_url_is_the_storage_ones(tmp_path):
    for name in ("m.db", "调解 数据/m#1.db", "a%b?c+d@e.db"):
        assert config_sqlite_url(tmp_path / name) == sqlite_url(tmp_path / name)
