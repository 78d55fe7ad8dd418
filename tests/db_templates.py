"""Databases for tests, built once per test process and copied for each test.

Every database a test gets was built the way the application builds one: ``build_services`` runs
the Alembic migrations on a new file (or schema), and the standard committee is set up through
``setup.initialise``. Doing that for every test took most of the suite's time, so it is done once
per process and each test gets a copy of the result:

- SQLite: the migrated (or set-up) file is copied; opening the copy with ``build_services`` takes
  the application's path for an existing file at the head revision (nothing left to migrate).
- PostgreSQL: the process's schema is migrated once. Before each test its rows are deleted and
  the rows of the wanted state (as the migrations, or the set-up after them, left them) are put
  back, with the sequences' positions. When the schema's definition no longer matches the
  migrated one (a test changed it), the schema is dropped and migrated again.

tests/storage/test_db_templates.py checks that a copy holds what a freshly built database holds.
"""

from __future__ import annotations

import graphlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from mediation_app.services import Services, build_services
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.storage.db import sqlite_url

Builder = Callable[[Services], Actor]
MIGRATED = "migrated"

_root: Path | None = None
_sqlite: dict[str, tuple[Path, Actor | None]] = {}
_pg: dict[str, _PgSchema] = {}


def _workdir() -> Path:
    global _root
    if _root is None:
        _root = Path(tempfile.mkdtemp(prefix=f"mediation-templates-{os.getpid()}-"))
    return _root


def _copy_sqlite(source: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):  # closed cleanly: the file alone holds everything
        assert not Path(f"{source}{suffix}").exists(), f"template left {source}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _sqlite_template(key: str, clock: Clock | None, builder: Builder | None) -> tuple[Path, Actor | None]:
    if key not in _sqlite:
        folder = _workdir() / key
        file = folder / "mediation.db"
        if key == MIGRATED:
            build_services(sqlite_url(file), folder, clock).close()
            _sqlite[key] = (file, None)
        else:
            assert builder is not None, "a set-up template needs its builder"
            _copy_sqlite(_sqlite_template(MIGRATED, clock, None)[0], file)
            svc = build_services(sqlite_url(file), folder, clock)
            try:
                result = builder(svc)
            finally:
                svc.close()
            _sqlite[key] = (file, result)
    return _sqlite[key]


def sqlite_services(path: Path, data_dir: Path, clock: Clock | None = None, *, key: str = MIGRATED,
                    builder: Builder | None = None) -> tuple[Services, Actor | None]:
    """Services on the SQLite file at ``path`` (as ``build_services`` opens it when it exists; else
    a new one): a copy of one migrated by ``build_services``
    and, with ``key`` and ``builder``, on which ``builder`` (e.g. the standard set-up) has run
    once; ``key`` names that state (the same key must mean the same builder and clock).
    Returns the services and what ``builder`` returned (None without one)."""
    if path.exists():  # a test opening its file again: opened as it is (and upgraded when older)
        assert key == MIGRATED, f"{path} exists already"
        return build_services(sqlite_url(path), data_dir, clock), None
    source, result = _sqlite_template(key, clock, builder)
    _copy_sqlite(source, path)
    return build_services(sqlite_url(path), data_dir, clock), result


def pg_services(base_url: str, data_dir: Path, clock: Clock | None = None, *, key: str = MIGRATED,
                builder: Builder | None = None) -> tuple[Services, Actor | None]:
    """The same on this process's PostgreSQL schema (see the module's text)."""
    schema = _pg.get(base_url)
    if schema is None:
        schema = _pg[base_url] = _PgSchema(base_url)
    result = schema.reset(key, clock, builder)
    return build_services(schema.url, data_dir, clock), result


def cleanup() -> None:
    """Drop what this process built (at the end of the session)."""
    global _root
    for schema in _pg.values():
        schema.drop()
    _pg.clear()
    _sqlite.clear()
    if _root is not None:
        shutil.rmtree(_root, ignore_errors=True)
        _root = None


_FINGERPRINT = """
select md5(coalesce(string_agg(x, '|' order by x), '')) from (
  select 'c:' || c.relname || ':' || c.relkind::text || ':' || c.oid::text as x
    from pg_class c where c.relnamespace = :ns
  union all
  select 'a:' || c.relname || ':' || a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':'
         || a.attnotnull::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
   where c.relnamespace = :ns and a.attnum > 0 and not a.attisdropped
  union all
  select 'k:' || conname || ':' || pg_get_constraintdef(oid) from pg_constraint where connamespace = :ns
  union all
  select 'i:' || pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid
   where c.relnamespace = :ns
  union all
  select 't:' || typname from pg_type where typnamespace = :ns
  union all
  select 'p:' || proname from pg_proc where pronamespace = :ns
  union all
  select 'g:' || t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid where c.relnamespace = :ns
) q
"""


class _PgSchema:
    """This process's schema on one server, and copies of its rows in named states."""

    def __init__(self, base_url: str) -> None:
        import sqlalchemy as sa

        self.name = f"test_{os.getpid()}"
        separator = "&" if "?" in base_url else "?"
        self.url = f"{base_url}{separator}options=-csearch_path%3D{self.name}"
        self.engine = sa.create_engine(base_url)
        self.states: dict[str, tuple[list[str], dict[str, tuple[int, bool]], Actor | None]] = {}
        self.fingerprint = ""
        self.order: list[str] = []  # tables, each after those it refers to
        self.columns: dict[str, str] = {}
        self._migrate()

    def _q(self, table: str, schema: str | None = None) -> str:
        return f'"{schema or self.name}"."{table}"'

    def _current_fingerprint(self) -> str:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            ns = conn.execute(text("select oid from pg_namespace where nspname = :n"), {"n": self.name}).scalar()
            if ns is None:
                return ""
            return str(conn.execute(text(_FINGERPRINT), {"ns": ns}).scalar())

    def _migrate(self) -> None:
        """Drop the schema and build it anew with the migrations (as ``build_services`` does)."""
        from sqlalchemy import text

        with self.engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA "{self.name}"')
        build_services(self.url, _workdir() / "pg-migrated").close()
        self.fingerprint = self._current_fingerprint()
        with self.engine.connect() as conn:
            tables = [r[0] for r in conn.execute(
                text("select tablename from pg_tables where schemaname = :s"), {"s": self.name})]
            refs = conn.execute(text(
                "select c.conrelid::regclass::text, c.confrelid::regclass::text from pg_constraint c "
                "where c.contype = 'f' and c.connamespace = (select oid from pg_namespace where nspname = :s)"),
                {"s": self.name}).fetchall()
            self.columns = {}
            for table in tables:
                cols = [r[0] for r in conn.execute(text(
                    "select attname from pg_attribute where attrelid = cast(:t as regclass) and attnum > 0 "
                    "and not attisdropped order by attnum"), {"t": self._q(table)})]
                self.columns[table] = ", ".join(f'"{c}"' for c in cols)
        graph: dict[str, set[str]] = {t: set() for t in tables}

        def bare(name: str) -> str:
            return name.split(".")[-1].strip('"')

        for child, parent in refs:
            if bare(child) != bare(parent):
                graph[bare(child)].add(bare(parent))
        self.order = list(graphlib.TopologicalSorter(graph).static_order())
        if MIGRATED not in self.states:
            self._snapshot(MIGRATED, None)

    def _snapshot(self, key: str, result: Actor | None) -> None:
        """Copy the schema's rows and sequence positions as state ``key``."""
        from sqlalchemy import text

        snap = f"{self.name}_{key}"
        with self.engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{snap}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA "{snap}"')
            filled = []
            for table in self.order:
                if conn.exec_driver_sql(f"select exists (select 1 from {self._q(table)})").scalar():
                    conn.exec_driver_sql(f"CREATE TABLE {self._q(table, snap)} AS "
                                         f"SELECT {self.columns[table]} FROM {self._q(table)}")
                    filled.append(table)
            sequences = {}
            for (seq,) in conn.execute(text("select sequencename from pg_sequences where schemaname = :s"),
                                       {"s": self.name}):
                last, called = conn.exec_driver_sql(
                    f"select last_value, is_called from {self._q(seq)}").one()
                sequences[seq] = (int(last), bool(called))
        self.states[key] = (filled, sequences, result)

    def reset(self, key: str, clock: Clock | None, builder: Builder | None) -> Actor | None:
        if self._current_fingerprint() != self.fingerprint:
            self._migrate()  # a test changed the schema's definition: build it anew
        if key not in self.states:
            assert builder is not None, "a set-up state needs its builder"
            self._restore(MIGRATED)
            svc = build_services(self.url, _workdir() / f"pg-{key}", clock)
            try:
                result = builder(svc)
            finally:
                svc.close()
            self._snapshot(key, result)
        self._restore(key)
        return self.states[key][2]

    def _restore(self, key: str) -> None:
        filled, sequences, _ = self.states[key]
        snap = f"{self.name}_{key}"
        statements = [f"DELETE FROM {self._q(t)}" for t in reversed(self.order)]
        statements += [f"INSERT INTO {self._q(t)} ({self.columns[t]}) SELECT {self.columns[t]} "
                       f"FROM {self._q(t, snap)}" for t in self.order if t in filled]
        statements += [f"SELECT setval('{self._q(seq)}', {last}, {'true' if called else 'false'})"
                       for seq, (last, called) in sequences.items()]
        with self.engine.begin() as conn:
            conn.exec_driver_sql(";\n".join(statements))

    def drop(self) -> None:
        with self.engine.begin() as conn:
            for key in self.states:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{self.name}_{key}" CASCADE')
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')
        self.engine.dispose()
