"""Engine construction, per-connection pragmas and the read/write unit of work.

SQLite rules (reliability.md §1): WAL, synchronous=FULL, foreign keys on, a busy timeout,
trusted_schema off, and every write transaction begins IMMEDIATE so lock upgrades cannot
deadlock. Any other SQLAlchemy URL (PostgreSQL for a multi-desk centre) works too.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from mediation_app.storage.desks import WAIT_LIMIT_S, Presence, WriteQueue
from mediation_app.storage.encryption import ENCRYPTED_DRIVER
from mediation_app.storage.errors import Conflict, Damaged, ReadOnly, StorageError, classify
from mediation_app.storage.preflight import (
    Preflight,
    drop_stamp,
    newest_verified_backup,
    preflight,
    write_stamp,
)

log = logging.getLogger(__name__)

__all__ = ["Database", "StorageError", "build_engine", "check_sqlite_library", "sqlite_url"]

BUSY_TIMEOUT_MS = 10_000
MIN_SQLITE = (3, 35, 0)  # RETURNING, DROP COLUMN; FTS5 checked separately
PAGE_CACHE_KIB = 32_000  # each connection's page cache (storage/bulk.py enlarges it for a long run of inserts)
SQLITE_PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=FULL",
    "foreign_keys=ON",
    f"busy_timeout={BUSY_TIMEOUT_MS}",
    "trusted_schema=OFF",
    f"cache_size=-{PAGE_CACHE_KIB}",
)


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


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (correct savepoints and DDL)
    cur = dbapi_conn.cursor()
    for pragma in SQLITE_PRAGMAS:
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("mediation_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")



def _on_connect_read_only(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    for pragma in ("foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}", "trusted_schema=OFF", "query_only=1"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _file_url(path: Path, mode: str) -> URL:
    """A URI filename, so SQLite itself refuses to create a file unless ``mode`` says so."""
    extra = "&immutable=1" if mode == "ro" else ""
    return URL.create("sqlite+pysqlite", database=f"{path.as_uri()}?mode={mode}{extra}", query={"uri": "true"})


def build_engine(url: str, *, create: bool = True, read_only: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        check_sqlite_library()
        path = _plain_path(parsed)
        if path is not None:
            if create and not read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            if parsed.drivername != ENCRYPTED_DRIVER:  # the SQLCipher URL keeps its key and path
                parsed = _file_url(path, "ro" if read_only else ("rwc" if create else "rw"))
            elif not create and not path.exists():
                raise StorageError(f"no database at {path}")
        engine = create_engine(parsed, poolclass=NullPool if not parsed.database else None, hide_parameters=True)
        event.listen(engine, "connect", _on_connect_read_only if read_only else _on_connect)
        event.listen(engine, "begin", _on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _plain_path(parsed: URL) -> Path | None:
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


ErrorHook = Callable[[StorageError], Exception]
WaitHook = Callable[[str | None], None]


class Database:
    """Owns the engine; hands out one session per service call (one user action).

    Opening a SQLite file first looks at it without writing (storage/preflight.py): ``create``
    says whether a missing file may be created; a file that cannot be written is opened
    read-only (``read_only``) and every write is refused with :class:`ReadOnly`. Database errors
    leave here as the typed errors of storage/errors.py (one place: :meth:`_typed`), passed
    through ``error_hook`` when the services installed one.
    """

    def __init__(self, url: str, *, create: bool = True, read_only: bool = False,
                 backup_dir: Path | None = None, look: bool = True) -> None:
        self.url = url
        self.error_hook: ErrorHook | None = None
        self.on_wait: WaitHook | None = None
        self.damaged: Damaged | None = None
        self.wait_limit = WAIT_LIMIT_S  # how long a write waits for its turn before Locked
        self.backup_dir = backup_dir
        parsed = make_url(url)
        self._path = _plain_path(parsed) if parsed.get_backend_name() == "sqlite" else None
        self.presence = Presence(self._path) if self._path is not None else None
        self.preflight: Preflight | None = None
        if self._path is not None and look:  # look=False: restore over a file that fails the look
            alone = self.presence.alone() if self.presence else True
            self.preflight = preflight(self._path, backup_dir or self._path.parent / "backups",
                                       create=create, alone=alone)
            read_only = read_only or self.preflight.read_only
        if self.presence and not read_only:
            self.presence.join()
        self.read_only = read_only
        self.engine = build_engine(url, create=create, read_only=read_only)
        event.listen(self.engine, "handle_error", self._on_error)
        self.queue = WriteQueue(self._path if not read_only else None)
        self._writer = self.engine.execution_options(mediation_write=True)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return self._path

    def location(self) -> str:
        """Where the data is, for people: the file, or the server and database (never a password)."""
        if self._path is not None:
            return str(self._path)
        parsed = make_url(self.url)
        server = parsed.host or "localhost"
        if parsed.port:
            server = f"{server}:{parsed.port}"
        return f"{server}/{parsed.database or ''}"

    # -- errors ---------------------------------------------------------------------------------
    def _on_error(self, ctx: Any) -> None:
        """SQLAlchemy's ``handle_error`` event: every failed statement, connect and commit."""
        typed = classify(ctx.original_exception, self._path, self._homes())
        if typed is not None and not isinstance(typed, Conflict):
            self._note(typed)
            raise typed from ctx.original_exception

    def _homes(self) -> list[Path]:
        """The folders of the database's own files: the file's, and the data folder (attachments, backups)."""
        return [p for p in (self._path.parent if self._path else None,
                            self.backup_dir.parent if self.backup_dir else None) if p is not None]

    def _note(self, typed: StorageError) -> None:
        if isinstance(typed, Damaged) and self.damaged is None:
            typed.backup = typed.backup or newest_verified_backup(self.backup_dir or (
                self._path.parent / "backups" if self._path else None))
            self.damaged = typed
            if self._path is not None:
                drop_stamp(self._path)  # the next start checks the file again
            log.error("database damaged: %s", typed)

    def _typed(self, exc: BaseException) -> Exception:
        typed = exc if isinstance(exc, StorageError) else classify(exc, self._path, self._homes())
        if typed is None:
            return exc if isinstance(exc, Exception) else RuntimeError(str(exc))
        self._note(typed)
        return self.error_hook(typed) if self.error_hook else typed

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (StorageError, sqlite3.Error, OSError, DBAPIError) as exc:
            if isinstance(exc, DBAPIError) and isinstance(exc.orig, sqlite3.IntegrityError) and not self.error_hook:
                raise
            typed = self._typed(exc)
            if typed is exc:
                raise
            raise typed from exc

    # -- units of work --------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any exception. Writers take
        turns (storage/desks.py); a damaged or read-only file is never written to."""
        with self._guard():
            if self.damaged is not None:
                raise self.damaged
            if self.read_only:
                folder = bool(self.preflight and self.preflight.read_only_folder)
                raise ReadOnly(self._path.parent if folder and self._path else self._path, folder=folder)
            with self.queue.turn(self.on_wait, self.wait_limit), self._write_sessions() as session, session.begin():
                yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction: always rolled back."""
        with self._guard(), self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def has_committee(self) -> bool:
        """Whether a committee exists, read without the ORM models (see Services.is_set_up)."""
        with self._guard(), self.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT 1 FROM committee LIMIT 1").first() is not None

    def pragmas(self) -> dict[str, Any]:
        if not self.is_sqlite:
            return {}
        with self._guard(), self.engine.connect() as conn:
            return {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "trusted_schema")
            }

    def dispose(self) -> None:
        self.engine.dispose()
        self.queue.close()
        if self.presence is not None:
            alone_now = self.presence.alone_besides_me() if not self.read_only else False
            self.presence.leave()
            if alone_now and self.damaged is None and self._path is not None:
                write_stamp(self._path)
