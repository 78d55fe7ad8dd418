"""The cases whose search index rows are still to be written.

A hand-over import commits its records and marks the cases it wrote here in the same transaction;
the index step then writes their index rows and takes the marks away in committed batches (each
batch whole), so that an import cut short after its commit is finished by the next run of the step.
A search says how many cases are still marked rather than leaving them out silently.

A mark may carry the case's terms, made by the import from records it wrote exactly as they came
(storage/handover/bundle_terms.py); the step uses them for a case that has no index rows yet when the
index is not tuned, and makes the terms from the records otherwise (a case changed since the import
was indexed by that change, and a later import marks it again without terms)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import CaseRecord, CaseSearchRecord, SearchPendingRecord
from mediation_app.storage.search import reindex_ids

CHUNK = 500  # case ids per statement


def _insert(session: Session):  # type: ignore[no-untyped-def]
    if session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
    # the table, not the mapped class: thousands of rows go as one statement, without the ORM's bulk path
    table: Any = SearchPendingRecord.__table__
    stmt = insert(table)
    return stmt.on_conflict_do_update(index_elements=["case_id"], set_={"terms": stmt.excluded.terms})


def mark(session: Session, case_ids: Iterable[uuid.UUID], now: dt.datetime,
         terms: Mapping[uuid.UUID, str] | None = None) -> None:
    """Mark the cases (a case already marked stays marked once, with the terms given now or none);
    ``terms``: the packed terms of those written exactly as they came."""
    ids = list(dict.fromkeys(case_ids))
    given = terms or {}
    for start in range(0, len(ids), 20_000):
        session.connection().execute(_insert(session), [{"case_id": i, "marked_at": now, "terms": given.get(i)}
                                                        for i in ids[start:start + 20_000]])


def count(session: Session) -> int:
    """How many cases are marked (one indexed look-up when none is, as nearly always)."""
    if session.scalar(select(SearchPendingRecord.case_id).limit(1)) is None:
        return 0
    return int(session.scalar(select(func.count()).select_from(SearchPendingRecord)) or 0)


def index_batch(session: Session, limit: int) -> int:
    """Write the index rows of up to ``limit`` marked cases and take their marks away (the caller
    commits); returns how many were indexed, 0 when none is marked. On PostgreSQL the marks taken
    are locked (skipping those another index step holds); on SQLite the write transaction is the lock."""
    p = SearchPendingRecord
    stmt = select(p.case_id, p.terms).order_by(p.marked_at, p.case_id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    marks = [(row.case_id, row.terms) for row in session.execute(stmt)]
    if not marks:
        return 0
    ids = [case_id for case_id, _ in marks]
    given = {case_id: terms for case_id, terms in marks if terms is not None}
    # cases without index rows yet (new here) are written in sorted runs, without looking for old rows
    indexed: set[uuid.UUID] = set()
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        indexed.update(session.scalars(select(CaseRecord.id).where(
            CaseRecord.id.in_(part), exists().where(CaseSearchRecord.search_id == CaseRecord.search_id))))
    # the terms a mark carries serve only a case without index rows (one indexed since was changed)
    reindex_ids(session.connection(), ids, frozenset(i for i in ids if i not in indexed), given=given)
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(p).where(p.case_id.in_(ids[start:start + CHUNK])))
    return len(ids)
