"""Queries the services need. Services never build SQL themselves; they call these."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Date, and_, bindparam, exists, func, literal_column, or_, select, tuple_, union_all, update
from sqlalchemy.orm import Session, aliased

from mediation_app.storage.models import (
    AgreementRecord,
    AssignmentRecord,
    CasePartyRecord,
    CaseRecord,
    CaseTermRecord,
    CommitteeRecord,
    ConfirmationRecord,
    ConsentRecord,
    DisputeSubtypeRecord,
    EvidenceRecord,
    ExternalRefRecord,
    FollowUpRecord,
    FundEntryRecord,
    GeneratedDocumentRecord,
    InvestigationRecord,
    LookupRecord,
    MediatorRecord,
    MeetingAttendeeRecord,
    MeetingRecord,
    MembershipRecord,
    MerchantPartyRecord,
    NumberCounterRecord,
    ParticipantRecord,
    PartyRecord,
    PerformanceEventRecord,
    RecusalRecord,
    ReferralLogRecord,
    ReferralRecord,
    RiskAssessmentRecord,
    RoutingRecord,
    StatusChangeRecord,
    TerminationRecord,
    UserRecord,
)
from mediation_app.storage.models.case import UNASSIGNED_STATUSES
from mediation_app.storage.scope import Scope, in_scope
from mediation_app.storage.search_query import SearchPlan, checks_of, plan_search, probes_of, search_predicate

OPEN_STATUSES = ("accepted", "mediating", "agreement_drafted")


# -- organisation ------------------------------------------------------------------------------
def committee_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CommitteeRecord)) or 0


def committees(session: Session) -> list[CommitteeRecord]:
    return list(session.scalars(select(CommitteeRecord).order_by(CommitteeRecord.created_at)))


def user_by_username(session: Session, username: str) -> UserRecord | None:
    return session.scalars(select(UserRecord).where(UserRecord.username == username)).first()


def users(session: Session, committee_id: uuid.UUID | None = None) -> list[UserRecord]:
    """Every account, or the members of one committee."""
    stmt = select(UserRecord).order_by(UserRecord.username)
    if committee_id:
        member = select(MembershipRecord.user_id).where(MembershipRecord.committee_id == committee_id)
        stmt = stmt.where(UserRecord.id.in_(member))
    return list(session.scalars(stmt))


def mediators(session: Session, committee_id: uuid.UUID, active_only: bool = True) -> list[MediatorRecord]:
    stmt = select(MediatorRecord).where(MediatorRecord.committee_id == committee_id).order_by(MediatorRecord.name)
    if active_only:
        stmt = stmt.where(MediatorRecord.active.is_(True))
    return list(session.scalars(stmt))


def lookups(session: Session, kind: str) -> list[LookupRecord]:
    return list(
        session.scalars(
            select(LookupRecord).where(LookupRecord.kind == kind, LookupRecord.active.is_(True)).order_by(LookupRecord.sort)
        )
    )


def subtypes(session: Session) -> list[DisputeSubtypeRecord]:
    return list(
        session.scalars(
            select(DisputeSubtypeRecord).where(DisputeSubtypeRecord.active.is_(True)).order_by(DisputeSubtypeRecord.code)
        )
    )


def all_list_entries(session: Session) -> list[LookupRecord]:
    """Every entry of every configurable list, including those no longer offered (old cases keep them)."""
    return list(session.scalars(select(LookupRecord).order_by(LookupRecord.kind, LookupRecord.sort)))


def all_subtypes(session: Session) -> list[DisputeSubtypeRecord]:
    """Every dispute sub-type, including those no longer offered."""
    return list(session.scalars(select(DisputeSubtypeRecord).order_by(DisputeSubtypeRecord.code)))


def subtype(session: Session, code: str) -> DisputeSubtypeRecord | None:
    return session.scalars(select(DisputeSubtypeRecord).where(DisputeSubtypeRecord.code == code)).first()


# -- cases -------------------------------------------------------------------------------------
def case_by_number(session: Session, number: str) -> CaseRecord | None:
    return session.scalars(select(CaseRecord).where(CaseRecord.number == number)).first()


def next_search_id(session: Session) -> int:
    from mediation_app.storage.bulk import max_search_id

    return max_search_id(session) + 1


_SORTS = {
    "registered_on": CaseRecord.registered_on,
    "accepted_on": CaseRecord.accepted_on,
    "deadline_on": CaseRecord.deadline_on,
    "number": CaseRecord.number,
    "status": CaseRecord.status,
    "risk_level": CaseRecord.risk_level,
    "dispute_type": CaseRecord.dispute_type,
}
_DATE_SORTS = ("registered_on", "accepted_on", "deadline_on")
# The literal must match the expression indexes of migration 0004 exactly, so that the keyset
# query on a nullable date walks an index instead of sorting a million rows.
_NULL_DATE_SQL: Any = literal_column("'0001-01-01'")


def _sort_column(sort: str) -> Any:
    col = _SORTS.get(sort)
    if col is None:
        raise ValueError(f"unknown sort {sort!r}")
    if sort in ("accepted_on", "deadline_on"):
        return func.coalesce(col, _NULL_DATE_SQL, type_=Date)
    return col


def _filtered(session: Session, flt: Any, committee_scope: Scope, today: dt.date,
              search: SearchPlan | None = None) -> Any:
    conds = []
    if committee_scope is not None:
        conds.append(in_scope(CaseRecord.committee_id, committee_scope))
    if flt.statuses:
        conds.append(CaseRecord.status.in_(flt.statuses))
    if flt.dispute_type:
        conds.append(CaseRecord.dispute_type == flt.dispute_type)
    if flt.mediator_id:
        conds.append(CaseRecord.presiding_mediator_id == flt.mediator_id)
    if flt.date_from:
        conds.append(CaseRecord.registered_on >= flt.date_from)
    if flt.date_to:
        conds.append(CaseRecord.registered_on <= flt.date_to)
    if flt.overdue_only:  # deadline_on is the deadline in force: an agreed extension moves it
        conds.append(and_(CaseRecord.status.in_(OPEN_STATUSES), CaseRecord.deadline_on < today))
    if getattr(flt, "unassigned_only", False):  # a dispute at the centre's window or sent to a department is not
        at_window = exists().where(RoutingRecord.case_id == CaseRecord.id, RoutingRecord.status != "committee")
        # the statuses inline, as the partial index ix_case_unassigned states them, so that it is used
        statuses: Any = bindparam("unassigned_statuses", list(UNASSIGNED_STATUSES), expanding=True, literal_execute=True)
        conds.append(and_(CaseRecord.presiding_mediator_id.is_(None), CaseRecord.status.in_(statuses), ~at_window))
        # always true; a range on the partial index's second column makes SQLite (without statistics)
        # read the few waiting cases from it instead of every open case of the committee: Today's
        # count of them at 100,000 cases 37 -> 0.7 ms
        conds.append(CaseRecord.registered_on >= dt.date.min)
    if flt.risk_levels:
        conds.append(CaseRecord.risk_level.in_(flt.risk_levels))
    ids = getattr(flt, "case_ids", ())
    if ids:  # inline literals: a cell of a year's report may name more cases than a statement has parameters
        conds.append(CaseRecord.id.in_(bindparam("case_ids", list(ids), expanding=True, literal_execute=True)))
    pred = search_predicate(session, search)
    if pred is not None:
        conds.append(pred)
    return conds


def list_cases(
    session: Session,
    flt: Any,
    committee_scope: Scope,
    today: dt.date,
    after: tuple[str, uuid.UUID, int | None] | None,
    limit: int,
) -> list[Any]:
    """One keyset page of case rows (tuples), sorted in SQL, each ending in the committee's short name
    and the case's search id. By registration date the cases of one day come in the order they were
    entered here (their search ids, as the search index keeps them); by another column, by id."""
    by_day = flt.sort == "registered_on"
    if after is not None and by_day and after[2] is None:  # a key made before it carried the search id
        found = session.scalar(select(CaseRecord.search_id).where(CaseRecord.id == after[1]))
        after = (after[0], after[1], int(found) if found is not None else None)
    plan = plan_search(session, flt.text, walked=by_day) if flt.text else None
    if plan is not None and not plan.empty and by_day:
        return _list_by_term(session, flt, plan, committee_scope, today, after, limit)
    if isinstance(committee_scope, frozenset) and 1 < len(committee_scope) <= MERGED_COMMITTEES_MAX:
        # an account working in several committees: each committee's page read in order from its
        # own index, then merged (with all of them in one condition the database takes every case
        # of those committees and sorts them: 0.2 s a page at 100,000 cases)
        pages = [select(_page(session, flt, frozenset({c}), today, after, plan).limit(limit).subquery())
                 for c in sorted(committee_scope, key=str)]
        merged = union_all(*pages).subquery()
        order = _order(merged.c.sort_value, merged.c.search_id if by_day else merged.c.id, flt.descending)
        return list(session.execute(select(merged).order_by(*order).limit(limit)).all())
    return list(session.execute(_page(session, flt, committee_scope, today, after, plan).limit(limit)).all())


MERGED_COMMITTEES_MAX = 16  # more committees than this are read in one condition


def _order(sort_col: Any, tiebreak: Any, descending: bool) -> tuple[Any, Any]:
    return (sort_col.desc(), tiebreak.desc()) if descending else (sort_col.asc(), tiebreak.asc())


def _page(session: Session, flt: Any, committee_scope: Scope, today: dt.date,
          after: tuple[str, uuid.UUID, int | None] | None, plan: SearchPlan | None) -> Any:
    """The list's statement in its order, from the key on, without its limit. By registration date
    the key's search id is the tiebreak (None: that case is gone), by another column its id."""
    sort_col = _sort_column(flt.sort)
    by_day = flt.sort == "registered_on"
    tiebreak = CaseRecord.search_id if by_day else CaseRecord.id
    med = aliased(MediatorRecord)
    stmt = (
        select(*_row_columns(med), sort_col.label("sort_value"), CommitteeRecord.short_name, CaseRecord.search_id)
        .outerjoin(med, med.id == CaseRecord.presiding_mediator_id)
        .outerjoin(CommitteeRecord, CommitteeRecord.id == CaseRecord.committee_id)
        .where(*_filtered(session, flt, committee_scope, today, plan))
    )
    if after is not None:
        key = _coerce_key(flt.sort, after[0])
        last = after[2] if by_day else after[1]
        if last is None:  # the last case shown is gone: the next value on
            stmt = stmt.where(sort_col < key if flt.descending else sort_col > key)
        elif flt.descending:
            stmt = stmt.where(tuple_(sort_col, tiebreak) < tuple_(key, last))
        else:
            stmt = stmt.where(tuple_(sort_col, tiebreak) > tuple_(key, last))
    return stmt.order_by(*_order(sort_col, tiebreak, flt.descending))


def _row_columns(med: Any) -> tuple[Any, ...]:
    return (
        CaseRecord.id, CaseRecord.number, CaseRecord.title, CaseRecord.parties_text, CaseRecord.dispute_type,
        CaseRecord.status, med.name, CaseRecord.registered_on, CaseRecord.accepted_on, CaseRecord.deadline_on,
        CaseRecord.risk_level,
    )


def _list_by_term(session: Session, flt: Any, plan: SearchPlan, committee_scope: Scope, today: dt.date,
                  after: tuple[str, uuid.UUID, int | None] | None, limit: int) -> list[Any]:
    """Search in registration order: walk the index rows of the plan's rarest term, already in the
    list's order (registration day, then search id), and stop when the page is full: a one-character
    query never gathers every match, nor every match of one day (as ordering a day's cases by their
    random ids did)."""
    t = aliased(CaseTermRecord)
    med = aliased(MediatorRecord)
    stmt = (
        select(*_row_columns(med), CaseRecord.registered_on.label("sort_value"), CommitteeRecord.short_name,
               t.search_id)
        .select_from(t)
        .join(CaseRecord, CaseRecord.search_id == t.search_id)
        .outerjoin(med, med.id == CaseRecord.presiding_mediator_id)
        .outerjoin(CommitteeRecord, CommitteeRecord.id == CaseRecord.committee_id)
        .where(t.term == plan.driver, *probes_of(plan, t.reg_day, t.search_id), *checks_of(plan),
               *_filtered(session, flt, committee_scope, today))
    )
    if after is not None:
        day = dt.date.fromisoformat(after[0]).toordinal()
        last_sid = after[2]
        if last_sid is None:  # the last case shown is gone: the next day on
            stmt = stmt.where(t.reg_day < day if flt.descending else t.reg_day > day)
        elif flt.descending:
            stmt = stmt.where(or_(t.reg_day < day, and_(t.reg_day == day, t.search_id < last_sid)))
        else:
            stmt = stmt.where(or_(t.reg_day > day, and_(t.reg_day == day, t.search_id > last_sid)))
    return list(session.execute(stmt.order_by(*_order(t.reg_day, t.search_id, flt.descending)).limit(limit)).all())


def _coerce_key(sort: str, value: str) -> Any:
    return dt.date.fromisoformat(value) if sort in _DATE_SORTS else value


def count_cases(session: Session, flt: Any, committee_scope: Scope, today: dt.date) -> int:
    plan = plan_search(session, flt.text) if flt.text else None
    if plan is not None and not plan.empty:  # count the term's index rows joined to their cases
        t = aliased(CaseTermRecord)
        stmt = (select(func.count()).select_from(t).join(CaseRecord, CaseRecord.search_id == t.search_id)
                .where(t.term == plan.driver, *probes_of(plan, t.reg_day, t.search_id), *checks_of(plan),
                       *_filtered(session, flt, committee_scope, today)))
        return session.scalar(stmt) or 0
    stmt = select(func.count()).select_from(CaseRecord).where(*_filtered(session, flt, committee_scope, today, plan))
    return session.scalar(stmt) or 0


# -- parties -----------------------------------------------------------------------------------
def duplicate_parties(
    session: Session,
    *,
    id_number: str | None,
    credit_code: str | None,
    name: str,
    phone: str | None,
    committee_id: uuid.UUID,
    exclude: uuid.UUID | None = None,
) -> list[tuple[PartyRecord, str, int, bool]]:
    """Existing parties that look like the same person: (party, reason code, number of cases, is it
    on a case of ``committee_id``). Only such a party may be reused there (party_in_committee)."""
    found: dict[uuid.UUID, tuple[PartyRecord, str]] = {}
    if id_number:
        for p in session.scalars(select(PartyRecord).where(PartyRecord.id_number == id_number)):
            found.setdefault(p.id, (p, "same_id"))
    if credit_code:
        for p in session.scalars(select(PartyRecord).where(PartyRecord.credit_code == credit_code)):
            found.setdefault(p.id, (p, "same_credit_code"))
    if name and phone:
        stmt = select(PartyRecord).where(PartyRecord.name == name, PartyRecord.phone == phone)
        for p in session.scalars(stmt):
            found.setdefault(p.id, (p, "same_name_phone"))
    if exclude:
        found.pop(exclude, None)
    if not found:
        return []
    mine = set(session.scalars(
        select(CasePartyRecord.party_id).join(CaseRecord, CaseRecord.id == CasePartyRecord.case_id)
        .where(CasePartyRecord.party_id.in_(found), CaseRecord.committee_id == committee_id)
    ))
    counts = dict(
        session.execute(
            select(CasePartyRecord.party_id, func.count())
            .where(CasePartyRecord.party_id.in_(found))
            .group_by(CasePartyRecord.party_id)
        ).all()
    )
    return [(p, reason, counts.get(pid, 0), pid in mine) for pid, (p, reason) in found.items()]


def party_in_committee(session: Session, party_id: uuid.UUID, committee_id: uuid.UUID) -> bool:
    """Is the party on one of ``committee_id``'s cases? Parties are reached through a committee's
    cases; one committee's records never feed another's (duplicate_parties offers only these)."""
    return session.scalar(
        select(CasePartyRecord.id).join(CaseRecord, CaseRecord.id == CasePartyRecord.case_id)
        .where(CasePartyRecord.party_id == party_id, CaseRecord.committee_id == committee_id).limit(1)
    ) is not None


def party_in_other_cases(session: Session, party_id: uuid.UUID, case_id: uuid.UUID) -> bool:
    """Is the party also a party of another case than ``case_id``?"""
    return session.scalar(select(CasePartyRecord.id).where(
        CasePartyRecord.party_id == party_id, CasePartyRecord.case_id != case_id).limit(1)) is not None


def move_party_of_case(session: Session, old: uuid.UUID, new: uuid.UUID, case_id: uuid.UUID) -> None:
    """Make ``new`` (a copy of ``old`` for one case) stand where ``old`` stood in that case: the
    merchant it is linked to, and the case's fund entries paid to it."""
    link = session.get(MerchantPartyRecord, old)
    if link is not None:
        session.add(MerchantPartyRecord(party_id=new, merchant_id=link.merchant_id, linked_at=link.linked_at))
    session.execute(update(FundEntryRecord).where(FundEntryRecord.party_id == old, FundEntryRecord.case_id == case_id)
                    .values(party_id=new).execution_options(synchronize_session="fetch"))


def consent_events(session: Session, case_id: uuid.UUID) -> dict[uuid.UUID, list[ConsentRecord]]:
    stmt = (
        select(ConsentRecord)
        .join(CasePartyRecord, CasePartyRecord.id == ConsentRecord.case_party_id)
        .where(CasePartyRecord.case_id == case_id)
        .order_by(ConsentRecord.on, ConsentRecord.created_at)
    )
    out: dict[uuid.UUID, list[ConsentRecord]] = defaultdict(list)
    for ev in session.scalars(stmt):
        out[ev.case_party_id].append(ev)
    return out



def mediator_sides(session: Session, mediator_id: uuid.UUID, party_ids: Collection[uuid.UUID],
                   other_than: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """(case id, party id, role) of these parties in the cases, other than ``other_than``, that this
    mediator presided over or co-mediated. Found from the parties (a few rows), never from the
    mediator's cases (every party of thousands of cases on a large register)."""
    if not party_ids:
        return []
    stmt = (
        select(CasePartyRecord.case_id, CasePartyRecord.party_id, CasePartyRecord.role)
        .where(CasePartyRecord.party_id.in_(list(party_ids)), CasePartyRecord.case_id != other_than,
               exists().where(AssignmentRecord.case_id == CasePartyRecord.case_id,
                              AssignmentRecord.mediator_id == mediator_id))
    )
    return [(r[0], r[1], r[2]) for r in session.execute(stmt)]


# -- per-case collections ----------------------------------------------------------------------
def _by_case(session: Session, model: Any, case_id: uuid.UUID, *order: Any) -> list[Any]:
    return list(session.scalars(select(model).where(model.case_id == case_id).order_by(*order)))


def participants(session: Session, case_id: uuid.UUID) -> list[ParticipantRecord]:
    return _by_case(session, ParticipantRecord, case_id, ParticipantRecord.created_at)


def status_history(session: Session, case_id: uuid.UUID) -> list[StatusChangeRecord]:
    return _by_case(session, StatusChangeRecord, case_id, StatusChangeRecord.at)


def assignments(session: Session, case_id: uuid.UUID) -> list[AssignmentRecord]:
    return _by_case(session, AssignmentRecord, case_id, AssignmentRecord.assigned_at)


def recusals(session: Session, case_id: uuid.UUID) -> list[RecusalRecord]:
    return _by_case(session, RecusalRecord, case_id, RecusalRecord.requested_on, RecusalRecord.created_at)


def meetings(session: Session, case_id: uuid.UUID) -> list[MeetingRecord]:
    return _by_case(session, MeetingRecord, case_id, MeetingRecord.created_at)


def held_meeting_count(session: Session, case_id: uuid.UUID) -> int:
    stmt = select(func.count()).where(MeetingRecord.case_id == case_id, MeetingRecord.status == "held")
    return session.scalar(stmt) or 0


def attendees(session: Session, meeting_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[MeetingAttendeeRecord]]:
    out: dict[uuid.UUID, list[MeetingAttendeeRecord]] = defaultdict(list)
    if meeting_ids:
        for a in session.scalars(
            select(MeetingAttendeeRecord).where(MeetingAttendeeRecord.meeting_id.in_(meeting_ids))
        ):
            out[a.meeting_id].append(a)
    return out


def investigations(session: Session, case_id: uuid.UUID) -> list[InvestigationRecord]:
    return _by_case(session, InvestigationRecord, case_id, InvestigationRecord.at)


def evidence(session: Session, case_id: uuid.UUID) -> list[EvidenceRecord]:
    return _by_case(session, EvidenceRecord, case_id, EvidenceRecord.created_at)


def agreements(session: Session, case_id: uuid.UUID, include_superseded: bool = False) -> list[AgreementRecord]:
    stmt = select(AgreementRecord).where(AgreementRecord.case_id == case_id).order_by(AgreementRecord.created_at)
    if not include_superseded:
        stmt = stmt.where(AgreementRecord.superseded.is_(False))
    return list(session.scalars(stmt))


def terminations(session: Session, case_id: uuid.UUID) -> list[TerminationRecord]:
    return _by_case(session, TerminationRecord, case_id, TerminationRecord.created_at)


def follow_ups(session: Session, case_id: uuid.UUID) -> list[FollowUpRecord]:
    return _by_case(session, FollowUpRecord, case_id, FollowUpRecord.at, FollowUpRecord.created_at)


def performance_events(session: Session, case_id: uuid.UUID) -> list[PerformanceEventRecord]:
    return _by_case(session, PerformanceEventRecord, case_id, PerformanceEventRecord.on, PerformanceEventRecord.created_at)


def confirmations(session: Session, case_id: uuid.UUID) -> list[ConfirmationRecord]:
    return _by_case(session, ConfirmationRecord, case_id, ConfirmationRecord.applied_on, ConfirmationRecord.created_at)


def referrals(session: Session, case_id: uuid.UUID) -> list[ReferralRecord]:
    return _by_case(session, ReferralRecord, case_id, ReferralRecord.issued_on, ReferralRecord.created_at)


def referral_log(session: Session, referral_id: uuid.UUID) -> list[ReferralLogRecord]:
    return list(
        session.scalars(
            select(ReferralLogRecord)
            .where(ReferralLogRecord.referral_id == referral_id)
            .order_by(ReferralLogRecord.on, ReferralLogRecord.created_at)
        )
    )


def risk_history(session: Session, case_id: uuid.UUID) -> list[RiskAssessmentRecord]:
    return _by_case(session, RiskAssessmentRecord, case_id, RiskAssessmentRecord.at, RiskAssessmentRecord.created_at)


def external_refs(session: Session, case_id: uuid.UUID) -> list[ExternalRefRecord]:
    return _by_case(session, ExternalRefRecord, case_id, ExternalRefRecord.created_at)


def generated_documents(session: Session, case_id: uuid.UUID) -> list[GeneratedDocumentRecord]:
    return _by_case(session, GeneratedDocumentRecord, case_id, GeneratedDocumentRecord.generated_at)


def user_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(UserRecord.id, UserRecord.display_name).where(UserRecord.id.in_(ids))).all())


def mediator_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(session.execute(select(MediatorRecord.id, MediatorRecord.name).where(MediatorRecord.id.in_(ids))).all())



# -- overviews ---------------------------------------------------------------------------------
def meetings_between(session: Session, committee_id: Scope, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """The scheduled meetings between ``start`` and ``end``, as rows of (case_id, number, title,
    scheduled_at, place, mode): the columns Today shows, not whole records (a busy day has hundreds)."""
    committee = in_scope(CaseRecord.committee_id, committee_id)
    if session.get_bind().dialect.name == "sqlite":
        # Without statistics SQLite would walk every case of the committee (all of them, in a
        # one-committee file) and their meetings; the day's meetings by their time are few.
        committee = func.likely(committee)
    m = MeetingRecord
    stmt = (
        select(CaseRecord.id.label("case_id"), CaseRecord.number, CaseRecord.title, m.scheduled_at, m.place, m.mode)
        .join(CaseRecord, CaseRecord.id == MeetingRecord.case_id)
        .where(
            committee,
            MeetingRecord.status == "scheduled",
            MeetingRecord.scheduled_at >= start,
            MeetingRecord.scheduled_at < end,
        )
        .order_by(MeetingRecord.scheduled_at)
    )
    return list(session.execute(stmt).all())


def agreements_to_sign(session: Session, committee_id: Scope, day: dt.date) -> list[str]:
    """Case numbers with a written agreement awaiting signature that was drafted on ``day`` or
    whose case has a session scheduled that day (the day's print run)."""
    start = dt.datetime.combine(day, dt.time.min, dt.UTC) - dt.timedelta(hours=14)
    end = start + dt.timedelta(days=1, hours=28)
    meeting_today = (
        select(MeetingRecord.case_id)
        .where(MeetingRecord.scheduled_at >= start, MeetingRecord.scheduled_at < end)
        .scalar_subquery()
    )
    stmt = (
        select(CaseRecord.number)
        .join(AgreementRecord, AgreementRecord.case_id == CaseRecord.id)
        .where(
            in_scope(CaseRecord.committee_id, committee_id),
            CaseRecord.status == "agreement_drafted",
            AgreementRecord.form == "written",
            AgreementRecord.effective_on.is_(None),
            AgreementRecord.superseded.is_(False),
            or_(AgreementRecord.drafted_on == day, CaseRecord.id.in_(meeting_today)),
        )
        .order_by(CaseRecord.number)
    )
    return list(dict.fromkeys(session.scalars(stmt)))


def counters(session: Session, committee_id: uuid.UUID) -> list[NumberCounterRecord]:
    return list(session.scalars(select(NumberCounterRecord).where(NumberCounterRecord.committee_id == committee_id)))
