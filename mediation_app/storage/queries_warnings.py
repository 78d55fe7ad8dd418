"""Risk early warnings: each rule's candidates found in one set-based query over every case (or
over the cases just changed), the warnings already raised, and the lists and counts of the views.

A candidate is ``(case_id, committee_id, rule, evidence_key, evidence_on, detail)``; the evidence
key names the records a warning rests on, so the same evidence never raises a second warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    AgreementRecord,
    CasePartyRecord,
    CaseRecord,
    CommitteeRecord,
    ExternalRefRecord,
    FollowUpRecord,
    InvestigationRecord,
    MeetingRecord,
    ObligationRecord,
    PartyRecord,
    PerformanceEventRecord,
    PreventionEventRecord,
    ReferralRecord,
    RiskAssessmentRecord,
    RiskWarningRecord,
    TerminationRecord,
    WarningSettingRecord,
)
from mediation_app.storage.queries_due import _obligation_open

Candidate = tuple[uuid.UUID, uuid.UUID, str, str, dt.date | None, dict[str, Any]]
# cases a warning is raised on: not refused, voided, closed or archived (a closed case's follow-up
# and a terminated one keep theirs: see ``ENDED_TOO``)
NOT_WATCHED = ("refused", "voided", "archived")
ENDED = ("closed",)
SCOPE_CHUNK = 500  # case ids per IN list when only some cases are scanned


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _months_before(session: Session, column: Any, months: int) -> Any:
    if _sqlite(session):
        return func.date(column, f"-{int(months)} months")
    return column - func.make_interval(0, int(months))


def _watched(c: Any, ended_too: bool = False) -> Any:
    statuses = NOT_WATCHED if ended_too else NOT_WATCHED + ENDED
    return c.status.not_in(statuses)


def _in_scope(column: Any, scope: Sequence[uuid.UUID] | None) -> Any:
    return sa.true() if scope is None else column.in_(scope)


def party_key() -> Any:
    """Who a party is across cases: the ID number, else the credit code, else name and phone, else the
    party record itself (services/parties.find_duplicates matches the same way)."""
    p = PartyRecord
    return case(
        (and_(p.id_number.is_not(None), p.id_number != ""), literal("i:") + p.id_number),
        (and_(p.credit_code.is_not(None), p.credit_code != ""), literal("c:") + p.credit_code),
        (and_(p.phone.is_not(None), p.phone != ""), literal("n:") + p.name + literal("|") + p.phone),
        else_=literal("p:") + cast(p.id, String),
    )


def _key_columns() -> tuple[Any, ...]:
    return (CasePartyRecord.case_id, party_key(), PartyRecord.name, CaseRecord.registered_on, CaseRecord.created_at,
            CaseRecord.committee_id, CaseRecord.status, CaseRecord.dispute_type, CaseRecord.number)


def _months_back(day: dt.date, months: int) -> dt.date:
    month = day.year * 12 + day.month - 1 - months
    year, month = divmod(month, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _scoped_repeats(session: Session, scope: Sequence[uuid.UUID], rule: str, months: int,
                    types: Sequence[str] | None) -> list[Candidate]:
    """The same for a few changed cases: their parties' keys first, then the parties with those ID
    numbers, credit codes or names and phones through their indexes (no pass over every case)."""
    c, p = CaseRecord, PartyRecord
    base = (select(*_key_columns(), p.id, p.id_number, p.credit_code, p.phone)
            .join(p, p.id == CasePartyRecord.party_id).join(c, c.id == CasePartyRecord.case_id)
            .where(c.status.not_in(("refused", "voided"))))
    if types is not None:
        base = base.where(c.dispute_type.in_(types))
    new_rows = session.execute(base.where(CasePartyRecord.case_id.in_(scope), c.status.not_in(NOT_WATCHED + ENDED))).all()
    if not new_rows:
        return []
    ids = {r.id_number for r in new_rows if r.id_number}
    codes = {r.credit_code for r in new_rows if r.credit_code}
    names = {r.name for r in new_rows if r.phone}
    phones = {r.phone for r in new_rows if r.phone}
    parties = {r.id for r in new_rows}
    wanted: list[Any] = [p.id.in_(parties)]
    if ids:
        wanted.append(p.id_number.in_(ids))
    if codes:
        wanted.append(p.credit_code.in_(codes))
    if names:
        wanted.append(and_(p.name.in_(names), p.phone.in_(phones)))
    by_key: dict[str, list[Any]] = {}
    for r in session.execute(base.where(or_(*wanted))):
        by_key.setdefault(r[1], []).append(r)
    found: dict[tuple[uuid.UUID, uuid.UUID], tuple[Any, Any, str]] = {}
    for new in new_rows:
        since = _months_back(new.registered_on, months)
        for old in by_key.get(new[1], ()):
            if old.case_id == new.case_id or old.registered_on < since:
                continue
            if not (old.registered_on < new.registered_on
                    or (old.registered_on == new.registered_on and old.created_at < new.created_at)):
                continue
            pair = (new.case_id, old.case_id)
            name = min(new.name, found[pair][2]) if pair in found else new.name
            found[pair] = (new, old, name)
    return [(new.case_id, new.committee_id, rule, f"case:{old.case_id}", new.registered_on, {
        "other_case": str(old.case_id), "other_number": old.number, "other_on": old.registered_on.isoformat(),
        "other_committee": str(old.committee_id), "party": name, "months": months})
        for new, old, name in found.values()]


def repeat_candidates(session: Session, scope: Sequence[uuid.UUID] | None, rule: str, months: int,
                      types: Sequence[str] | None = None) -> list[Candidate]:
    """A case (open) sharing a party with an earlier case registered within ``months`` before it;
    with ``types``, both cases are of those dispute types."""
    if scope is not None:
        return _scoped_repeats(session, scope, rule, months, types)
    keys = (select(CasePartyRecord.case_id.label("case_id"), party_key().label("key"),
                   PartyRecord.name.label("name"), CaseRecord.registered_on.label("on"),
                   CaseRecord.created_at.label("made"), CaseRecord.committee_id.label("committee_id"),
                   CaseRecord.status.label("status"), CaseRecord.dispute_type.label("dtype"),
                   CaseRecord.number.label("number"))
            .join(PartyRecord, PartyRecord.id == CasePartyRecord.party_id)
            .join(CaseRecord, CaseRecord.id == CasePartyRecord.case_id)
            .where(CaseRecord.status.not_in(("refused", "voided"))))
    if types is not None:
        keys = keys.where(CaseRecord.dispute_type.in_(types))
    k = keys.cte("party_keys")
    new, old = k.alias("new"), k.alias("old")
    stmt = (select(new.c.case_id, new.c.committee_id, old.c.case_id, old.c.number, old.c.on, old.c.committee_id,
                   func.min(new.c.name), new.c.on)
            .join(old, and_(old.c.key == new.c.key, old.c.case_id != new.c.case_id))
            .where(new.c.status.not_in(NOT_WATCHED + ENDED), _in_scope(new.c.case_id, scope),
                   old.c.on >= _months_before(session, new.c.on, months),
                   or_(old.c.on < new.c.on, and_(old.c.on == new.c.on, old.c.made < new.c.made)))
            .group_by(new.c.case_id, new.c.committee_id, old.c.case_id, old.c.number, old.c.on, old.c.committee_id,
                      new.c.on))
    out: list[Candidate] = []
    for case_id, committee_id, other_id, number, other_on, other_committee, name, on in session.execute(stmt):
        out.append((case_id, committee_id, rule, f"case:{other_id}", on, {
            "other_case": str(other_id), "other_number": number, "other_on": other_on.isoformat(),
            "other_committee": str(other_committee), "party": name, "months": months}))
    return out


def text_sources(session: Session, scope: Sequence[uuid.UUID] | None, words: Sequence[str]) -> list[tuple[Any, ...]]:
    """The facts, session records and statements and investigation records of watched cases that
    hold at least one of ``words`` (over every case the database looks for them; for a few changed
    cases every text is returned): ``(source, record id, case id, committee id, day, text)``."""
    if not words:
        return []
    c, m, i = CaseRecord, MeetingRecord, InvestigationRecord

    def any_word(*columns: Any) -> Any:
        if scope is not None:  # a few cases: their texts are read and searched in Python
            return sa.true()
        return or_(*(col.contains(w, autoescape=True) for col in columns for w in words))

    rows: list[tuple[Any, ...]] = []
    stmt_case = select(literal("facts"), c.id, c.id, c.committee_id, c.registered_on, c.facts + literal("\n") +
                       c.requests).where(_watched(c), _in_scope(c.id, scope), any_word(c.facts, c.requests))
    rows += session.execute(stmt_case).all()
    stmt_meeting = (select(literal("meeting"), m.id, m.case_id, c.committee_id,
                           func.coalesce(m.held_at, m.scheduled_at), m.record_text + literal("\n") + m.statements)
                    .join(c, c.id == m.case_id)
                    .where(_watched(c), _in_scope(m.case_id, scope), any_word(m.record_text, m.statements)))
    rows += session.execute(stmt_meeting).all()
    stmt_inv = (select(literal("investigation"), i.id, i.case_id, c.committee_id, i.at, i.content)
                .join(c, c.id == i.case_id)
                .where(_watched(c), _in_scope(i.case_id, scope), any_word(i.content)))
    rows += session.execute(stmt_inv).all()
    return rows


SUPPORT_TYPES = ("labour",)


def overdue_support_candidates(session: Session, scope: Sequence[uuid.UUID] | None, today: dt.date,
                               subtypes: Sequence[str], words: Sequence[str], rule: str) -> list[Candidate]:
    """Obligations not performed in full past their due day, of agreements in effect on maintenance or
    wages (sub-type, labour disputes, migrant workers' wages, or the obligation's own words)."""
    c, a, o = CaseRecord, AgreementRecord, ObligationRecord
    about_support = or_(c.subtype_code.in_(subtypes), c.dispute_type.in_(SUPPORT_TYPES), c.migrant_wages.is_(True),
                        *(o.description.contains(w, autoescape=True) for w in words))
    stmt = (select(c.id, c.committee_id, o.id, o.due_on, o.amount_fen, o.performed_fen, o.description)
            .join(a, a.case_id == c.id).join(o, o.agreement_id == a.id)
            .where(_watched(c, ended_too=True), _in_scope(c.id, scope), a.effective_on.is_not(None),
                   a.superseded.is_(False), _obligation_open(), o.due_on.is_not(None), o.due_on < today,
                   about_support))
    return [(cid, com, rule, f"obligation:{oid}:{due}", due, {
        "obligation": str(oid), "due_on": str(due), "amount_fen": amount, "performed_fen": performed or 0,
        "description": (desc or "")[:200]}) for cid, com, oid, due, amount, performed, desc in session.execute(stmt)]


RANKS = {"blue": 0, "yellow": 1, "orange": 2, "red": 3}


def risk_rose_candidates(session: Session, scope: Sequence[uuid.UUID] | None, since: dt.datetime,
                         rule: str) -> list[Candidate]:
    """Gradings since ``since`` that raised the level over the case's previous grading (not those made
    by reviewing a warning: that review is the response)."""
    r, c = RiskAssessmentRecord, CaseRecord
    rank = case(*((r.level == k, v) for k, v in RANKS.items()), else_=0)
    graded = (select(r.id.label("id"), r.case_id.label("case_id"), r.level.label("level"), r.at.label("at"),
                     rank.label("rank"),
                     func.lag(rank).over(partition_by=r.case_id, order_by=(r.at, r.created_at)).label("prev"),
                     func.lag(r.level).over(partition_by=r.case_id, order_by=(r.at, r.created_at)).label("prev_level"))
              .where(r.case_id.is_not(None), _in_scope(r.case_id, scope))).subquery()
    by_review = select(RiskWarningRecord.risk_assessment_id).where(RiskWarningRecord.risk_assessment_id.is_not(None))
    stmt = (select(graded.c.case_id, c.committee_id, graded.c.id, graded.c.at, graded.c.level, graded.c.prev_level)
            .join(c, c.id == graded.c.case_id)
            .where(_watched(c), graded.c.prev.is_not(None), graded.c.rank > graded.c.prev, graded.c.at >= since,
                   graded.c.id.not_in(by_review)))
    return [(cid, com, rule, f"risk:{rid}", at.date(), {"from": prev, "to": level, "at": at.isoformat()})
            for cid, com, rid, at, level, prev in session.execute(stmt)]


def no_route_candidates(session: Session, scope: Sequence[uuid.UUID] | None, until: dt.date,
                        rule: str) -> list[Candidate]:
    """Terminations (failed, or a party refused) on or before ``until`` after which no route is on record:
    no referral slip, no report to the police, no court or police number, no lawsuit in a follow-up."""
    c, t = CaseRecord, TerminationRecord
    referral = select(ReferralRecord.id).where(ReferralRecord.case_id == c.id).exists()
    court = select(ExternalRefRecord.id).where(ExternalRefRecord.case_id == c.id,
                                               ExternalRefRecord.kind.in_(("court_case", "police_case"))).exists()
    sued = select(FollowUpRecord.id).where(FollowUpRecord.case_id == c.id, FollowUpRecord.lawsuit.is_not(None),
                                           FollowUpRecord.lawsuit != "").exists()
    sued_event = select(PerformanceEventRecord.id).where(PerformanceEventRecord.case_id == c.id,
                                                         PerformanceEventRecord.kind.in_(("sued", "enforced"))).exists()
    stmt = (select(c.id, c.committee_id, t.id, t.on, t.kind, t.routes).join(t, t.case_id == c.id)
            .where(_watched(c, ended_too=True), c.status.in_(("terminated", "closed")), _in_scope(c.id, scope),
                   t.kind.in_(("failed", "no_consent")), t.on <= until, t.reported_to.is_(None),
                   ~referral, ~court, ~sued, ~sued_event))
    return [(cid, com, rule, f"termination:{tid}", on, {"terminated_on": on.isoformat(), "kind": kind,
                                                        "routes_told": [x for x in (routes or "").split("\n") if x]})
            for cid, com, tid, on, kind, routes in session.execute(stmt)]


# -- the warnings themselves -------------------------------------------------------------------------
def existing_keys(session: Session, case_ids: Iterable[uuid.UUID]) -> set[tuple[uuid.UUID, str, str]]:
    ids = list(dict.fromkeys(case_ids))
    found: set[tuple[uuid.UUID, str, str]] = set()
    w = RiskWarningRecord
    for start in range(0, len(ids), SCOPE_CHUNK):
        chunk = ids[start:start + SCOPE_CHUNK]
        found.update(session.execute(select(w.case_id, w.rule, w.evidence_key).where(w.case_id.in_(chunk))).all())
    return found


def all_keys(session: Session) -> set[tuple[uuid.UUID, str, str]]:
    w = RiskWarningRecord
    return set(session.execute(select(w.case_id, w.rule, w.evidence_key)).all())


def insert_warnings(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert new warnings; one another desk raised for the same evidence meanwhile is left as it is
    (a save never fails on it)."""
    if not rows:
        return
    if _sqlite(session):
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        from sqlalchemy.dialects.postgresql import insert as dialect_insert  # type: ignore[assignment]
    stmt = dialect_insert(RiskWarningRecord).on_conflict_do_nothing(
        index_elements=["case_id", "rule", "evidence_key"])
    session.execute(stmt, rows)


def _visible(committees: Sequence[uuid.UUID] | None) -> Any:
    return sa.true() if committees is None else RiskWarningRecord.committee_id.in_(committees)


def open_warnings(session: Session, committees: Sequence[uuid.UUID] | None, after: tuple[dt.datetime, uuid.UUID] | None,
                  limit: int) -> list[tuple[RiskWarningRecord, str, str]]:
    """Open warnings, newest first, a page at a time: (warning, case number, parties)."""
    w, c = RiskWarningRecord, CaseRecord
    stmt = (select(w, c.number, c.parties_text).join(c, c.id == w.case_id)
            .where(_visible(committees), w.reviewed_at.is_(None)))
    if after is not None:
        stmt = stmt.where(sa.tuple_(w.raised_at, w.id) < sa.tuple_(*after))
    stmt = stmt.order_by(w.raised_at.desc(), w.id.desc()).limit(limit)
    return [(rec, number, parties) for rec, number, parties in session.execute(stmt)]


def open_counts(session: Session, committees: Sequence[uuid.UUID] | None) -> dict[uuid.UUID, int]:
    w = RiskWarningRecord
    stmt = select(w.committee_id, func.count()).where(_visible(committees), w.reviewed_at.is_(None)).group_by(
        w.committee_id)
    return {cid: n for cid, n in session.execute(stmt).all()}


def case_warnings(session: Session, case_id: uuid.UUID) -> list[RiskWarningRecord]:
    w = RiskWarningRecord
    return list(session.scalars(select(w).where(w.case_id == case_id).order_by(
        w.reviewed_at.is_not(None), w.raised_at.desc(), w.id)))


def period_counts(session: Session, committees: Sequence[uuid.UUID] | None, start: dt.datetime,
                  end: dt.datetime) -> dict[str, int]:
    """Raised in the period; reviewed, escalated to the police and prevented (a prevention event recorded
    on the case on or after the warning was raised) among those reviewed in the period."""
    w = RiskWarningRecord
    raised = session.scalar(select(func.count()).select_from(w).where(
        _visible(committees), w.raised_at >= start, w.raised_at < end)) or 0
    reviewed_in = and_(_visible(committees), w.reviewed_at.is_not(None), w.reviewed_at >= start, w.reviewed_at < end)
    reviewed = session.scalar(select(func.count()).select_from(w).where(reviewed_in)) or 0
    police = session.scalar(select(func.count()).select_from(w).where(reviewed_in, w.police.is_(True))) or 0
    prevented_exists = select(PreventionEventRecord.id).where(
        PreventionEventRecord.case_id == w.case_id, PreventionEventRecord.on >= func.date(w.raised_at)
        if _sqlite(session) else PreventionEventRecord.on >= cast(w.raised_at, sa.Date)).exists()
    prevented = session.scalar(select(func.count()).select_from(w).where(reviewed_in, prevented_exists)) or 0
    return {"raised": raised, "reviewed": reviewed, "police": police, "prevented": prevented}


def committee_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(CommitteeRecord.id, CommitteeRecord.name).where(
        CommitteeRecord.id.in_(ids))).all())


# -- settings ------------------------------------------------------------------------------------------
def settings(session: Session) -> dict[str, str]:
    return dict(session.execute(select(WarningSettingRecord.key, WarningSettingRecord.value)).all())


def put_setting(session: Session, key: str, value: str) -> None:
    rec = session.get(WarningSettingRecord, key)
    if rec is None:
        session.add(WarningSettingRecord(key=key, value=value))
    else:
        rec.value = value


def delete_setting(session: Session, key: str) -> None:
    rec = session.get(WarningSettingRecord, key)
    if rec is not None:
        session.delete(rec)
