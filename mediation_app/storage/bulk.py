"""Bulk inserts for generated demo data and imports: executemany per table, in foreign-key order,
plus the search index rows. The caller owns the transaction and may call :func:`insert_rows` once per
chunk, so memory stays bounded however many rows are written in total.

A row names only the columns it sets; every other column gets the model's scalar default (or
NULL), and ``created_at``/``updated_at`` the time of the insert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import Date, Table, Uuid, insert, text
from sqlalchemy.orm import Session

from mediation_app.storage.base import UTCDateTime
from mediation_app.storage.db import PAGE_CACHE_KIB
from mediation_app.storage.models import Base
from mediation_app.storage.search import write_index

ORDER = (
    "mediator", "party", "mediation_case", "case_party", "participant", "consent_event", "status_change",
    "assignment", "meeting", "meeting_attendee", "investigation", "evidence", "agreement", "agreement_term",
    "obligation", "agreement_execution", "performance_event", "termination", "follow_up", "judicial_confirmation",
    "risk_assessment", "external_ref", "referral", "referral_log",
)
CHUNK = 20_000
_STAMPS = ("created_at", "updated_at")


@lru_cache(maxsize=65536)
def _sqlite_datetime(value: dt.datetime) -> str:
    """Naive UTC text as UTCDateTime stores it: 2026-11-01 01:00:00.000000."""
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _converter(column: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy's SQLite types bind a value: UUID hex, naive-UTC text, ISO dates (booleans
    are integers to sqlite3 already)."""
    kind = type(column.type)
    if kind is Uuid:
        return attrgetter("hex")
    if kind is UTCDateTime:
        return _sqlite_datetime
    if kind is Date:
        return dt.date.isoformat
    return None


@lru_cache(maxsize=64)
def _layout(name: str) -> tuple[tuple[str, ...], dict[str, Any], tuple[tuple[int, Callable[[Any], Any]], ...]]:
    """(columns, scalar defaults, (index, SQLite converter) of the columns that need one)."""
    table: Table = Base.metadata.tables[name]
    columns: list[str] = []
    defaults: dict[str, Any] = {}
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for i, column in enumerate(table.columns):
        default = column.default
        columns.append(column.name)
        scalar = default is not None and getattr(default, "is_scalar", False)
        defaults[column.name] = getattr(default, "arg", None) if scalar else None
        convert = _converter(column)
        if convert is not None:
            converters.append((i, convert))
    return tuple(columns), defaults, tuple(converters)


def _insert(session: Session, name: str, batch: Sequence[Mapping[str, Any]], sqlite: bool, now: dt.datetime) -> None:
    columns, table_defaults, converters = _layout(name)
    unknown = set().union(*batch) - set(columns)
    if unknown:
        raise KeyError(f"{name} has no column {sorted(unknown)}")
    defaults = {**table_defaults, **{c: now for c in _STAMPS if c in table_defaults and table_defaults[c] is None}}
    getter = itemgetter(*columns)
    tuples = [getter({**defaults, **row}) for row in batch]
    if not sqlite:
        session.execute(insert(Base.metadata.tables[name]), [dict(zip(columns, t, strict=True)) for t in tuples])
        return
    # Plain DB-API executemany over converted columns: several times faster than Core for millions of rows.
    cols: list[Sequence[Any]] = list(zip(*tuples, strict=True))
    for i, convert in converters:
        cols[i] = [None if v is None else convert(v) for v in cols[i]]
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {name} ({quoted}) VALUES ({', '.join('?' * len(columns))})"
    session.connection().exec_driver_sql(sql, list(zip(*cols, strict=True)))


def begin_bulk(session: Session) -> None:
    """A larger page cache for a long run of inserts in one transaction (SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA cache_size=-200000")


def end_bulk(session: Session) -> None:
    """The connection's own page cache again (it goes back to the pool and serves every later read)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")


def insert_rows(
    session: Session, rows: Mapping[str, Sequence[Mapping[str, Any]]],
    index: Iterable[tuple[int, dt.date, set[str], list[str]]] = (), now: dt.datetime | None = None,
) -> None:
    """Insert one chunk of rows (tables in foreign-key order) and the search index rows of its cases
    ((search id, registered on, terms, field texts), storage/search.py)."""
    unknown = set(rows) - set(ORDER)
    if unknown:
        raise KeyError(f"no bulk order for {sorted(unknown)}")
    sqlite = session.get_bind().dialect.name == "sqlite"
    stamp = now or dt.datetime.now(dt.UTC)
    for name in ORDER:
        batch = rows.get(name) or ()
        for start in range(0, len(batch), CHUNK):
            _insert(session, name, batch[start:start + CHUNK], sqlite, stamp)
    write_index(session, list(index))


def max_search_id(session: Session) -> int:
    """The highest search id in use (a deleted case's index rows keep theirs until reindexed)."""
    cases = session.execute(text("SELECT coalesce(max(search_id), 0) FROM mediation_case")).scalar() or 0
    indexed = session.execute(text("SELECT coalesce(max(search_id), 0) FROM case_search")).scalar() or 0
    return int(max(cases, indexed))
