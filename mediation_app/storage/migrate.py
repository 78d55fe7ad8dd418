"""Schema upgrades on start, after a verified backup of an existing SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from mediation_app import __version__
from mediation_app.storage.backup import backup_sqlite
from mediation_app.storage.db import Database
from mediation_app.storage.errors import NewerSchema, StorageError

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


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def written_by(db: Database) -> str | None:
    """The application version that last upgraded the file (None before revision 0007)."""
    with db.engine.connect() as conn:
        has_table = conn.dialect.has_table(conn, "app_info")
        if not has_table:
            return None
        value = conn.execute(text("select value from app_info where key = 'app_version'")).scalar()
        return str(value) if value is not None else None


def ensure_known(db: Database) -> str | None:
    """The current revision; :class:`NewerSchema` (naming the version that wrote it) when this
    version of the application does not know it. Reads only."""
    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise NewerSchema(current, written_by(db))
    return current


def _stamp_version(db: Database) -> None:
    with db.engine.connect() as conn:
        if not conn.dialect.has_table(conn, "app_info"):
            return
        stored = conn.execute(text("select value from app_info where key = 'app_version'")).scalar()
        if stored == __version__:
            return
        if stored is None:
            conn.execute(text("insert into app_info (key, value) values ('app_version', :v)"), {"v": __version__})
        else:
            conn.execute(text("update app_info set value = :v where key = 'app_version'"), {"v": __version__})
        conn.commit()


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
    current = ensure_known(db)  # a newer version's file: refuse before any backup or write
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        if not db.read_only and target == "head":
            _stamp_version(db)
        return None
    backup = None
    path = db.sqlite_path
    if current is not None and path is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backup_dir or path.parent / "backups"
        backup = backup_sqlite(db, folder / f"{path.stem}-before-upgrade-{stamp}.db")
    _run(db, "upgrade", target)
    if target == "head":
        _stamp_version(db)
    return backup


def downgrade(db: Database, target: str) -> None:
    _run(db, "downgrade", target)
