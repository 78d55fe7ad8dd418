"""Human numbers: serials per committee, year and series, allocated inside the caller's write
transaction and never reused (a voided case keeps its number; the counter only goes up)."""

from __future__ import annotations

import uuid

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from mediation_app.storage.models import NumberCounterRecord

_PG_LOCK_KEY = 731_001


def serialize_writes(session: Session) -> None:
    """Serialise allocators across writers. SQLite writes already begin IMMEDIATE (one writer at a
    time); PostgreSQL takes a transaction-scoped advisory lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def next_serial(session: Session, committee_id: uuid.UUID, year: int, series: str) -> int:
    serialize_writes(session)
    counter = session.scalars(
        select(NumberCounterRecord)
        .where(
            NumberCounterRecord.committee_id == committee_id,
            NumberCounterRecord.year == year,
            NumberCounterRecord.series == series,
        )
        .with_for_update()
    ).first()
    if counter is None:
        counter = NumberCounterRecord(committee_id=committee_id, year=year, series=series, last_serial=0)
        session.add(counter)
    counter.last_serial += 1
    session.flush()
    return counter.last_serial
