"""Which cases a transaction changed in a way their lists show.

A ``before_flush`` listener looks at every case written through the ORM and notes, in the
session's ``info``, the ids of those whose list-visible fields (status, presiding mediator,
deadlines, risk, committee, number, parties…) were inserted, changed or deleted. The services read
the note (:func:`changed_case_rows`) to mark their ``Changes`` with the case-row kind, so the views
hear of every such change, whichever action made it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from mediation_app.storage.models import CaseRecord

# The case columns that a case list, the today view or the centre board shows or sorts by.
LIST_FIELDS = (
    "number", "title", "parties_text", "dispute_type", "status", "presiding_mediator_id", "registered_on",
    "accepted_on", "deadline_on", "extended_until", "closed_on", "risk_level", "committee_id",
)
_KEY = "case_rows_changed"


def _row_changed(obj: CaseRecord) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in LIST_FIELDS)


@event.listens_for(Session, "before_flush")
def _note_rows(session: Session, _flush_context: Any, _instances: Any) -> None:
    ids: set[uuid.UUID] = session.info.setdefault(_KEY, set())
    for obj in session.dirty:
        if isinstance(obj, CaseRecord) and obj.id is not None and _row_changed(obj):
            ids.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, CaseRecord) and obj.id is not None:
            ids.add(obj.id)


@event.listens_for(Session, "after_flush")
def _note_new_rows(session: Session, _flush_context: Any) -> None:
    """Cases inserted by this flush have their ids only now."""
    new = {obj.id for obj in session.new if isinstance(obj, CaseRecord) and obj.id is not None}
    if new:
        session.info.setdefault(_KEY, set()).update(new)


def changed_case_rows(session: Session) -> frozenset[uuid.UUID]:
    """The cases whose list-visible fields this transaction has changed so far (it flushes first)."""
    session.flush()
    return frozenset(session.info.get(_KEY, ()))
