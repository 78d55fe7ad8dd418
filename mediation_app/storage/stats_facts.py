"""The statistics facts kept on each case: which agreement form is in effect, whether it was
performed in full, and how far judicial confirmation went.

They are derived from the agreement, performance, follow-up and confirmation records, refreshed in
the same transaction whenever one of those (or the case) is written through the ORM, and by
:func:`refresh_all` after bulk inserts (demo data, imports). The report then groups the cases by
plain indexed columns instead of joining four tables for every case.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import case, event, exists, false, func, or_, select, update
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    AgreementRecord,
    CaseRecord,
    ConfirmationRecord,
    FollowUpRecord,
    PerformanceEventRecord,
    TerminationRecord,
)

_WATCHED = (AgreementRecord, PerformanceEventRecord, FollowUpRecord, ConfirmationRecord, TerminationRecord)
CHUNK = 500


def _values() -> dict[str, Any]:
    cid = CaseRecord.__table__.c.id
    agreement = AgreementRecord.__table__.c
    form = (
        select(agreement.form)
        .where(agreement.case_id == cid, agreement.superseded == false(), agreement.effective_on.is_not(None))
        .order_by(agreement.effective_on.desc(), agreement.form.desc())
        .limit(1)
        .scalar_subquery()
    )
    pe, fu, jc = PerformanceEventRecord.__table__.c, FollowUpRecord.__table__.c, ConfirmationRecord.__table__.c
    performed = or_(
        exists().where(pe.case_id == cid, pe.kind == "performed"),
        exists().where(fu.case_id == cid, fu.performance_status == "performed"),
    )
    confirmation = (
        select(
            case(
                (func.count() == 0, None),
                (func.sum(case((jc.outcome == "confirmed", 1), else_=0)) > 0, "confirmed"),
                else_="applied",
            )
        )
        .where(jc.case_id == cid)
        .scalar_subquery()
    )
    return {"resolved_form": form, "performed": performed, "confirmation": confirmation}


def refresh_cases(session: Session, case_ids: Iterable[uuid.UUID]) -> None:
    ids = sorted(set(case_ids))
    table = CaseRecord.__table__
    for i in range(0, len(ids), CHUNK):
        session.connection().execute(update(table).where(table.c.id.in_(ids[i:i + CHUNK])).values(**_values()))


def refresh_all(session: Session, committee_id: uuid.UUID | None = None) -> None:
    """Every case's facts (after bulk inserts that bypass the ORM)."""
    table = CaseRecord.__table__
    stmt = update(table).values(**_values())
    if committee_id is not None:
        stmt = stmt.where(table.c.committee_id == committee_id)
    session.connection().execute(stmt)


def _touched(session: Session) -> set[uuid.UUID]:
    ids: set[uuid.UUID] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            case_id = getattr(obj, "case_id", None)
            if case_id is not None:
                ids.add(case_id)
        elif isinstance(obj, CaseRecord) and obj.id is not None and obj in session.new:
            ids.add(obj.id)
    return ids


@event.listens_for(Session, "before_flush")
def _remember(session: Session, _flush_context: Any, _instances: Any) -> None:
    touched = _touched(session)
    if touched:
        session.info.setdefault("stats_cases", set()).update(touched)


@event.listens_for(Session, "after_flush_postexec")
def _refresh(session: Session, _flush_context: Any) -> None:
    pending: set[uuid.UUID] = session.info.pop("stats_cases", set())
    if pending:
        refresh_cases(session, pending)
