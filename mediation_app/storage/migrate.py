"""Schema upgrades on start, after a verified backup of an existing SQLite file.

Alembic (and Mako, which it brings) is imported only when a file has to be created or upgraded:
on a start whose file is already at the head revision, the revision stored in ``alembic_version``
is read with one query and compared with the head read from the version files' own
``revision`` / ``down_revision`` lines (the same files Alembic reads, so the answer cannot drift
from Alembic's, which a test checks).
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from mediation_app import __version__
from mediation_app.storage.backup import backup_sqlite
from mediation_app.storage.db import Database
from mediation_app.storage.errors import NewerSchema, StorageError
from mediation_app.storage.revisions import MIGRATIONS, quick_head, revision_graph

if TYPE_CHECKING:
    from alembic.config import Config



def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = quick_head()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def alembic_head_revision() -> str | None:
    """The head as Alembic itself finds it (tests compare it with :func:`head_revision`)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    """The revision stored in the file (None for a file without Alembic's table)."""
    with db.engine.connect() as conn:
        if not conn.dialect.has_table(conn, "alembic_version"):
            return None
        rows = [str(r[0]) for r in conn.execute(text("select version_num from alembic_version"))]
    if len(rows) == 1:
        return rows[0]
    if not rows:
        return None
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:  # several heads stored: Alembic says what that means
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    graph = revision_graph()
    if graph is not None:
        return set(graph)
    from alembic.script import ScriptDirectory

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
    from alembic import command

    cfg = _config()
    with db.engine.connect() as conn:
        if db.is_sqlite:
            conn.commit()
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            cfg.attributes["connection"] = conn
            with warnings.catch_warnings():
                # SQLite batch steps reflect the tables they touch; the expression indexes of the case
                # table cannot be reflected and need not be (the steps never rebuild that table).
                warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
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
