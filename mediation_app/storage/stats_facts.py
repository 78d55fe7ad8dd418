"""The statistics facts kept on each case: which agreement form is in effect, whether it was
performed in full, and how far judicial confirmation went; and, for Today, what falls due in it
(the table ``due_item``, storage/queries_due.py).

They are derived from the agreement, obligation, performance, follow-up, confirmation and referral records, refreshed in
the same transaction whenever one of those (or the case) is written through the ORM, and by
:func:`refresh_all` after bulk inserts (demo data, imports). The report then groups the cases by
plain indexed columns instead of joining four tables for every case.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import case, delete, event, exists, false, func, inspect, or_, select, update
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    AgreementRecord,
    CasePartyRecord,
    CaseRecord,
    CaseStatsMonthRecord,
    ConfirmationRecord,
    FollowUpRecord,
    ObligationRecord,
    PerformanceEventRecord,
    ReferralRecord,
    TerminationRecord,
)

# a party joining or leaving a case moves its persons involved while none is recorded
_WATCHED = (AgreementRecord, PerformanceEventRecord, FollowUpRecord, ConfirmationRecord, TerminationRecord,
            CasePartyRecord)
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
    # "not recorded" is always NULL (never ''), so the drill-down can seek it in the index
    blank = {name: func.nullif(CaseRecord.__table__.c[name], "") for name in ("subtype_code", "complexity")}
    # derived values only: the case itself did not change, so its change time stays (the column's
    # onupdate would otherwise fire, and a hand-over would see a change the user never made)
    kept = {"updated_at": CaseRecord.__table__.c.updated_at}
    return {"resolved_form": form, "performed": performed, "confirmation": confirmation, **blank, **kept}


def refresh_cases(session: Session, case_ids: Iterable[uuid.UUID], due_ids: Collection[uuid.UUID] | None = None) -> None:
    """The facts of ``case_ids``, and the due items (storage/queries_due.py) of ``due_ids`` (of
    ``case_ids`` when None)."""
    ids = sorted(set(case_ids))
    table: Any = CaseRecord.__table__
    for i in range(0, len(ids), CHUNK):
        session.connection().execute(update(table).where(table.c.id.in_(ids[i:i + CHUNK])).values(**_values()))
    due = ids if due_ids is None else sorted(set(due_ids))
    if due:
        from mediation_app.storage.queries_due import refresh_items  # it imports the models, which import this

        refresh_items(session, due)


def refresh_all(session: Session, committee_id: uuid.UUID | None = None, after_search_id: int | None = None) -> None:
    """Every case's facts and due items (after bulk inserts that bypass the ORM); ``after_search_id``:
    only the cases inserted after that full-text row id."""
    table: Any = CaseRecord.__table__
    stmt = update(table).values(**_values())
    if committee_id is not None:
        stmt = stmt.where(table.c.committee_id == committee_id)
    if after_search_id is not None:
        stmt = stmt.where(table.c.search_id > after_search_id)
    session.connection().execute(stmt)
    from mediation_app.storage.queries_due import refresh_items_where

    refresh_items_where(session, stmt.whereclause)


# what a case's due items are derived from: a new or deleted row of these, or a change of these columns
_DUE_INPUTS: dict[type, tuple[str, ...]] = {
    CaseRecord: ("status", "deadline_on", "extended_until", "referrer_deadline", "source", "committee_id", "number",
                 "market_due_on", "quick_entry"),
    AgreementRecord: ("case_id", "form", "effective_on", "superseded", "drafted_on", "performance_deadline",
                      "personal_status"),
    ObligationRecord: ("agreement_id", "seq", "obligor_id", "due_on", "amount_fen", "performed_fen", "performed_on"),
    PerformanceEventRecord: ("case_id", "kind"),
    FollowUpRecord: ("case_id", "at", "performance_status"),
    ConfirmationRecord: ("case_id", "outcome", "outcome_on"),
    ReferralRecord: ("case_id", "deadline", "status", "number"),
}


def _due_cases(session: Session, obj: Any) -> set[uuid.UUID]:
    """The cases whose due items this new, changed or deleted record may move."""
    names = _DUE_INPUTS.get(type(obj))
    if names is None:
        return set()
    if obj in session.new or obj in session.deleted:
        moved = True
        attrs = None
    else:
        attrs = inspect(obj).attrs
        moved = any(attrs[name].history.has_changes() for name in names)
    if not moved:
        return set()
    if isinstance(obj, CaseRecord):
        return {obj.id} if obj.id is not None else set()
    if isinstance(obj, ObligationRecord):
        if obj.agreement_id is None:
            return set()
        with session.no_autoflush:
            agreement = session.get(AgreementRecord, obj.agreement_id)
        return {agreement.case_id} if agreement is not None else set()
    out = {obj.case_id} if obj.case_id is not None else set()
    if attrs is not None:  # moved to another case: the one it left too
        out.update(v for v in attrs["case_id"].history.deleted if v is not None)
    return out


def _touched(session: Session) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """The cases whose facts may have changed, and those whose due items may have."""
    ids: set[uuid.UUID] = set()
    due: set[uuid.UUID] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            case_id = getattr(obj, "case_id", None)
            if case_id is not None:
                ids.add(case_id)
        elif isinstance(obj, CaseRecord) and obj.id is not None:
            ids.add(obj.id)
        due |= _due_cases(session, obj)
    return ids, due


_DEFERRED = "stats_deferred"  # session.info: cases touched while deferred -> their counts before


def defer(session: Session) -> None:
    """From now on, the facts and monthly counts of the cases this session writes are settled by
    :func:`settle` (once per batch of a bulk import) instead of at every flush: a past case imported
    from a ledger is flushed a dozen times on its way from intake to closing."""
    session.info.setdefault(_DEFERRED, (set(), {}))


def settle(session: Session) -> None:
    """Refresh the facts of the cases touched since :func:`defer` (or the last settle) and move the
    monthly counts from what they counted for before to what they count for now; stays deferred."""
    state = session.info.get(_DEFERRED)
    if state is None:
        return
    ids, deltas = state
    if ids:
        refresh_cases(session, ids)
        _accumulate(deltas, _case_rows(session, ids), +1)
        _apply(session, deltas)
    session.info[_DEFERRED] = (set(), {})


def stop_deferring(session: Session) -> None:
    settle(session)
    session.info.pop(_DEFERRED, None)


@event.listens_for(Session, "before_flush")
def _remember(session: Session, _flush_context: Any, _instances: Any) -> None:
    touched, due = _touched(session)
    deferred = session.info.get(_DEFERRED)
    if deferred is not None:  # counted off once, at first sight; settled later
        first = touched - deferred[0]
        if first:
            _accumulate(deferred[1], _case_rows(session, first), -1)
            deferred[0].update(first)
        return
    if due:
        session.info.setdefault("stats_due_cases", set()).update(due)
    if touched:
        session.info.setdefault("stats_cases", set()).update(touched)
        # what these cases counted for before this flush, taken off the monthly counts afterwards
        deltas = session.info.setdefault("stats_deltas", {})
        _accumulate(deltas, _case_rows(session, touched), -1)


@event.listens_for(Session, "after_flush")
def _new_cases(session: Session, _flush_context: Any) -> None:
    """Cases inserted by this flush have their ids only now."""
    ids = {obj.id for obj in session.new if isinstance(obj, CaseRecord) and obj.id is not None}
    deferred = session.info.get(_DEFERRED)
    if deferred is not None:
        deferred[0].update(ids)  # new: nothing counted before
        return
    if ids:
        session.info.setdefault("stats_cases", set()).update(ids)
        session.info.setdefault("stats_due_cases", set()).update(ids)


@event.listens_for(Session, "after_flush_postexec")
def _refresh(session: Session, _flush_context: Any) -> None:
    pending: set[uuid.UUID] = session.info.pop("stats_cases", set())
    due: set[uuid.UUID] = session.info.pop("stats_due_cases", set())
    deltas: dict[tuple[Any, ...], list[int]] = session.info.pop("stats_deltas", {})
    if pending or due:
        refresh_cases(session, pending, due_ids=due)
        _accumulate(deltas, _case_rows(session, pending), +1)
        _apply(session, deltas)


# -- the monthly counts (case_stats_month) -------------------------------------------------------
_ROW = ("committee_id", "accepted_on", "closed_on", "status", "source", "dispute_type", "subtype_code", "complexity",
        "migrant_wages", "resolved_form", "performed", "confirmation", "persons_involved", "amount_fen")
SUMMARY_KEYS = ("committee_id", "anchor", "month", "counted", "source", "dispute_type", "subtype_code", "complexity",
                "migrant_wages", "resolved_form", "performed", "confirmation")
NOT_COUNTED = frozenset({"registered", "refused", "voided"})


def _persons(table: Any) -> Any:
    """涉及当事人数: the number recorded for the case, or else its parties (applicants, respondents and
    third parties), so that a case nobody counted is not counted as nobody."""
    link: Any = CasePartyRecord.__table__
    parties = select(func.count()).where(link.c.case_id == table.c.id).scalar_subquery()
    return func.coalesce(table.c.persons_involved, parties)


def _case_rows(session: Session, ids: Iterable[uuid.UUID] | None = None, where: Any = None) -> list[Any]:
    table: Any = CaseRecord.__table__
    columns = [_persons(table) if name == "persons_involved" else table.c[name] for name in _ROW]
    if ids is None:
        return list(session.connection().execute(select(*columns).where(where)))
    out: list[Any] = []
    unique = sorted(set(ids))
    for i in range(0, len(unique), CHUNK):
        out += session.connection().execute(select(*columns).where(table.c.id.in_(unique[i:i + CHUNK]))).all()
    return out


def _accumulate(deltas: dict[tuple[Any, ...], list[int]], rows: Iterable[Any], sign: int) -> None:
    for (committee_id, accepted_on, closed_on, status, source, dispute_type, subtype, complexity, wages, form,
         performed, confirmation, persons, amount) in rows:
        # counted: a case mediated, i.e. accepted; a refused case closed for filing never was (footnote 1)
        counted = status not in NOT_COUNTED and accepted_on is not None
        facts = (counted, source, dispute_type, subtype or "", complexity or "", bool(wages), form or "",
                 bool(performed), confirmation or "")
        for anchor, day in (("accepted", accepted_on), ("closed", closed_on)):
            if day is None:
                continue
            key = (committee_id, anchor, day.year * 100 + day.month, *facts)
            entry = deltas.setdefault(key, [0, 0, 0])
            entry[0] += sign
            entry[1] += sign * (persons or 0)
            entry[2] += sign * (amount or 0)


def _apply(session: Session, deltas: dict[tuple[Any, ...], list[int]]) -> None:
    """Add the deltas to the monthly counts (insert or update). A row that falls to zero stays (it
    adds nothing); deleting it would cost a scan of the table on every save."""
    changes = [dict(zip(SUMMARY_KEYS, k, strict=True), cases=v[0], persons=v[1], amount=v[2])
               for k, v in deltas.items() if any(v)]
    if not changes:
        return
    conn = session.connection()
    table: Any = CaseStatsMonthRecord.__table__
    from sqlalchemy.dialects import postgresql, sqlite

    stmt: Any = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)
    stmt = stmt.on_conflict_do_update(index_elements=list(SUMMARY_KEYS), set_={
        "cases": table.c.cases + stmt.excluded.cases, "persons": table.c.persons + stmt.excluded.persons,
        "amount": table.c.amount + stmt.excluded.amount})
    for i in range(0, len(changes), CHUNK):
        conn.execute(stmt, changes[i:i + CHUNK])


def summarise_bulk(session: Session, after_search_id: int | None = None) -> None:
    """Count cases written by bulk inserts (which bypass the ORM): those after ``after_search_id``,
    or all cases (the monthly counts are then rebuilt from nothing)."""
    table: Any = CaseRecord.__table__
    if after_search_id is None:
        month: Any = CaseStatsMonthRecord.__table__
        session.connection().execute(delete(month))
        start = 0
    else:
        start = after_search_id
    top = session.connection().execute(select(func.coalesce(func.max(table.c.search_id), 0))).scalar() or 0
    step = 50_000
    while start < top:
        deltas: dict[tuple[Any, ...], list[int]] = {}
        _accumulate(deltas, _case_rows(session, where=(table.c.search_id > start) & (table.c.search_id <= start + step)),
                    +1)
        _apply(session, deltas)
        start += step


def counts_before(session: Session, case_ids: Iterable[uuid.UUID]) -> dict[tuple[Any, ...], list[int]]:
    """Before writing cases by bulk statements (a hand-over import): what they count for now, to be
    taken off the monthly counts by :func:`counts_after`."""
    deltas: dict[tuple[Any, ...], list[int]] = {}
    _accumulate(deltas, _case_rows(session, case_ids), -1)
    return deltas


def counts_after(session: Session, case_ids: Iterable[uuid.UUID], deltas: dict[tuple[Any, ...], list[int]], *,
                 as_sent: Collection[uuid.UUID] = ()) -> None:
    """After such bulk writes: the cases' facts refreshed and the monthly counts moved to what they
    count for now. ``as_sent``: cases that were not here before and were written with every record
    exactly as their sender keeps them; their facts came with them, derived by the sender from those
    same records, so they are not derived again."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    refresh_cases(session, [i for i in ids if i not in as_sent], due_ids=ids)  # due items: never sent, derived here
    _accumulate(deltas, _case_rows(session, ids), +1)
    _apply(session, deltas)
