"""The cases whose records changed since their risk warnings were last computed.

A save marks its cases in its own transaction (one small insert, whatever the rules cost); the
warnings are computed for the marked cases after the save, and before any warning is read, and
the marks are then taken away in the transaction that raised the warnings."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import WarningPendingRecord

CHUNK = 500  # case ids per statement


def _insert(session: Session):  # type: ignore[no-untyped-def]
    if session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
    return insert(WarningPendingRecord).on_conflict_do_nothing(index_elements=["case_id"])


def mark(session: Session, case_ids: Iterable[uuid.UUID], now: dt.datetime) -> None:
    """Mark the cases (a case already marked stays marked once)."""
    ids = list(dict.fromkeys(case_ids))
    if ids:
        session.execute(_insert(session), [{"case_id": i, "marked_at": now} for i in ids])


def any_marked(session: Session) -> bool:
    return session.scalar(select(WarningPendingRecord.case_id).limit(1)) is not None


def marked(session: Session, limit: int | None = None) -> list[uuid.UUID]:
    """The marked cases, oldest mark first (all of them, or the first ``limit``)."""
    p = WarningPendingRecord
    stmt = select(p.case_id).order_by(p.marked_at, p.case_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def unmark(session: Session, case_ids: Iterable[uuid.UUID]) -> None:
    ids = list(dict.fromkeys(case_ids))
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(WarningPendingRecord).where(WarningPendingRecord.case_id.in_(ids[start:start + CHUNK])))


def unmark_all(session: Session) -> None:
    session.execute(delete(WarningPendingRecord))
