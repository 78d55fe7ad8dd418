"""Schema upgrades on start, after a verified backup of an existing SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from mediation_app.storage.backup import backup_sqlite
from mediation_app.storage.db import Database, StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(db: Database, action: str, target: str) -> None:
    cfg = _config()
    with db.engine.connect() as conn:
        if db.is_sqlite:
            conn.commit()
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, target)
            conn.commit()
            if db.is_sqlite:
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                conn.rollback()
                if bad:
                    raise StorageError(f"foreign key violations after migration: {bad[:5]}")
        finally:
            if db.is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def upgrade(db: Database, backup_dir: Path | None = None, target: str = "head") -> Path | None:
    """Bring the schema to ``target``. An existing SQLite file that needs upgrading is backed up
    first (verified copy); the backup's path is returned (None when no upgrade or no backup)."""
    current = current_revision(db)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return None
    backup = None
    path = db.sqlite_path
    if current is not None and path is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backup_dir or path.parent / "backups"
        backup = backup_sqlite(db, folder / f"{path.stem}-before-upgrade-{stamp}.db")
    _run(db, "upgrade", target)
    return backup


def downgrade(db: Database, target: str) -> None:
    _run(db, "downgrade", target)
