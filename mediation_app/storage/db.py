"""Engine construction, per-connection pragmas and the read/write unit of work.

SQLite rules (reliability.md §1): WAL, synchronous=FULL, foreign keys on, a busy timeout,
trusted_schema off, and every write transaction begins IMMEDIATE so lock upgrades cannot
deadlock. Any other SQLAlchemy URL (PostgreSQL for a multi-desk centre) works too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 10_000
MIN_SQLITE = (3, 35, 0)  # RETURNING, DROP COLUMN; FTS5 checked separately
SQLITE_PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=FULL",
    "foreign_keys=ON",
    f"busy_timeout={BUSY_TIMEOUT_MS}",
    "trusted_schema=OFF",
    "cache_size=-32000",  # 32 MB page cache
)


class StorageError(Exception):
    """A storage problem the user must be told about (message is plain English; services translate)."""


def sqlite_url(path: Path | str) -> str:
    return URL.create("sqlite+pysqlite", database=str(Path(path).expanduser().resolve())).render_as_string()


def check_sqlite_library() -> tuple[int, ...]:
    """Refuse to run on an SQLite that lacks what the app relies on (version, FTS5 with unicode61)."""
    version = sqlite3.sqlite_version_info
    if version < MIN_SQLITE:
        raise StorageError(
            f"SQLite {sqlite3.sqlite_version} is too old; {'.'.join(map(str, MIN_SQLITE))} or newer is needed"
        )
    con = sqlite3.connect(":memory:")
    try:
        con.execute("create virtual table t using fts5(body, tokenize='unicode61')")
        con.execute("insert into t values ('调 解 张 伟 zhangwei zw')")
        hits = con.execute("""select count(*) from t where t match '"调 解" AND zw*'""").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise StorageError(f"this SQLite library has no usable FTS5 full-text search: {exc}") from exc
    finally:
        con.close()
    if hits != 1:
        raise StorageError("this SQLite library's FTS5 phrase or prefix search does not work")
    return version


SQLITE_HEADER = b"SQLite format 3\x00"


def newest_backup(folder: Path) -> Path | None:
    backups = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    return backups[-1] if backups else None


def preflight_sqlite(path: Path, backup_dir: Path | None = None) -> None:
    """Before anything writes to ``path``: refuse a file that is not an SQLite database, and after an
    unclean shutdown (a non-empty ``-wal`` file) run ``quick_check`` first (reliability.md §0 rules 6, 7).
    The damaged file is never written to; the message names the newest backup to restore."""
    from mediation_app.i18n import _

    if not path.exists() or path.stat().st_size == 0:
        return
    backup = newest_backup(backup_dir) if backup_dir else None
    hint = (_("The newest verified backup is {path}.").format(path=backup) if backup
            else _("No backup was found beside it."))
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise StorageError(_("{path} is not a Mediation Desk database (or it is badly damaged); nothing was "
                                 "changed.").format(path=path) + " " + hint)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:  # the last session did not close cleanly
        try:
            con = sqlite3.connect(path)
            try:
                result = con.execute("PRAGMA quick_check").fetchall()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            result = [(str(exc),)]
        if result != [("ok",)]:
            raise StorageError(_("{path} is damaged ({detail}); nothing was changed. Keep the file for "
                                 "recovery and restore a backup.").format(path=path, detail=result[0][0])
                               + " " + hint)


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (correct savepoints and DDL)
    cur = dbapi_conn.cursor()
    for pragma in SQLITE_PRAGMAS:
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("mediation_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def build_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        check_sqlite_library()
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, poolclass=NullPool if not parsed.database else None)
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """Owns the engine; hands out one session per service call (one user action)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = build_engine(url)
        self._writer = self.engine.execution_options(mediation_write=True)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        database = self.engine.url.database
        return Path(database) if self.is_sqlite and database and database != ":memory:" else None

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any exception."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction: always rolled back."""
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def pragmas(self) -> dict[str, Any]:
        if not self.is_sqlite:
            return {}
        with self.engine.connect() as conn:
            return {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "trusted_schema")
            }

    def dispose(self) -> None:
        self.engine.dispose()
