"""Bulk inserts for generated demo data and imports: executemany per table, in foreign-key order,
plus the full-text rows. The caller owns the transaction and may call :func:`insert_rows` once per
chunk, so memory stays bounded however many rows are written in total.

A row names only the columns it sets; every other column gets the model's scalar default (or
NULL), and ``created_at``/``updated_at`` the time of the insert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, Date, Table, Uuid, insert, text
from sqlalchemy.orm import Session

from mediation_app.storage.base import UTCDateTime
from mediation_app.storage.models import Base

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
    return value.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _converter(column: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy's SQLite types bind a value: UUID hex, naive-UTC text, ISO dates, 0/1."""
    kind = type(column.type)
    if kind is Uuid:
        return lambda v: None if v is None else v.hex
    if kind is UTCDateTime:
        return lambda v: None if v is None else _sqlite_datetime(v)
    if kind is Date:
        return lambda v: None if v is None else v.isoformat()
    if kind is Boolean:
        return lambda v: None if v is None else int(v)
    return None


@lru_cache(maxsize=64)
def _defaults(name: str) -> tuple[tuple[str, Any], ...]:
    """(column, scalar default or None) of every column of the table, in table order."""
    table: Table = Base.metadata.tables[name]
    out = []
    for column in table.columns:
        default = column.default
        value = default.arg if default is not None and getattr(default, "is_scalar", False) else None
        out.append((column.name, value))
    return tuple(out)


def _complete(name: str, batch: Sequence[Mapping[str, Any]], now: dt.datetime) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every row of the batch as a full tuple of the table's columns."""
    defaults = _defaults(name)
    unknown = set().union(*batch) - {c for c, _v in defaults}
    if unknown:
        raise KeyError(f"{name} has no column {sorted(unknown)}")
    filled = [(c, now if c in _STAMPS and v is None else v) for c, v in defaults]
    columns = [c for c, _v in filled]
    return columns, [tuple(row.get(c, v) for c, v in filled) for row in batch]


def _insert(session: Session, name: str, batch: Sequence[Mapping[str, Any]], sqlite: bool, now: dt.datetime) -> None:
    table = Base.metadata.tables[name]
    columns, values = _complete(name, batch, now)
    if not sqlite:
        session.execute(insert(table), [dict(zip(columns, v, strict=True)) for v in values])
        return
    # Plain DB-API executemany: several times faster than Core for millions of generated rows.
    convert = [_converter(table.c[c]) for c in columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {name} ({quoted}) VALUES ({', '.join('?' * len(columns))})"
    rows = [tuple(f(v) if f else v for f, v in zip(convert, row, strict=True)) for row in values]
    session.connection().exec_driver_sql(sql, rows)


def begin_bulk(session: Session) -> None:
    """A larger page cache for a long run of inserts in one transaction (SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA cache_size=-200000")


def end_bulk(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA cache_size=-2000")


def insert_rows(
    session: Session, rows: Mapping[str, Sequence[Mapping[str, Any]]], fts: Iterable[tuple[int, str]] = (),
    now: dt.datetime | None = None,
) -> None:
    """Insert one chunk of rows (tables in foreign-key order) and its full-text rows."""
    unknown = set(rows) - set(ORDER)
    if unknown:
        raise KeyError(f"no bulk order for {sorted(unknown)}")
    sqlite = session.get_bind().dialect.name == "sqlite"
    stamp = now or dt.datetime.now(dt.UTC)
    for name in ORDER:
        batch = rows.get(name) or ()
        for start in range(0, len(batch), CHUNK):
            _insert(session, name, batch[start:start + CHUNK], sqlite, stamp)
    if sqlite:
        fts_rows = list(fts)
        for start in range(0, len(fts_rows), CHUNK):
            session.connection().exec_driver_sql(
                "INSERT INTO case_fts(rowid, body) VALUES (?, ?)", fts_rows[start:start + CHUNK]
            )


def max_search_id(session: Session) -> int:
    return int(session.execute(text("SELECT coalesce(max(search_id), 0) FROM mediation_case")).scalar() or 0)
