"""Everything due or overdue in a committee, computed in SQL.

The rules are those of ``domain/deadlines.py`` (one case's clock); this module states the same
rules as one UNION ALL over all cases so that the today overview counts every item of every case
exactly and pages through them, at any number of cases, without loading the cases. A service test
holds the two to the same answers.

One row per item: case id, kind rank (the order of ``deadlines.KINDS``), kind, due date, a
sequence and reference that order items of one case and kind, the obligor (case-party id) and the
amount of an obligation, and a detail code ("extended" / "referred" for the mediation deadline).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    String,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    AgreementRecord,
    CasePartyRecord,
    CaseRecord,
    ConfirmationRecord,
    FollowUpRecord,
    MarketClockRecord,
    ObligationRecord,
    PartyRecord,
    PerformanceEventRecord,
    ReferralRecord,
)
from mediation_app.storage.scope import Scope, in_scope

MEDIATING = ("accepted", "mediating")
PERFORMING = ("agreement_effective", "oral_agreement", "performing")  # agreement in force, not ended
MARKET_OPEN = ("accepted", "mediating", "agreement_drafted")  # the market clock runs until a result
CONFIRMATION_DAYS = 30
EXECUTION_DAYS = 7
ENFORCEMENT_YEARS = 2


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _plus_days(session: Session, col: Any, days: int) -> Any:
    if _sqlite(session):
        return func.date(col, f"+{days} days", type_=Date)
    return cast(col + days, Date)


def _plus_years(session: Session, col: Any, years: int) -> Any:
    """Same day ``years`` later; 29 February becomes 28 February (as ``deadlines.add_years``)."""
    if _sqlite(session):
        return case(
            (func.strftime("%m-%d", col) == "02-29", func.date(col, "-1 day", f"+{years} years", type_=Date)),
            else_=func.date(col, f"+{years} years", type_=Date),
        )
    return cast(col + literal_column(f"interval '{years} years'"), Date)


def _utc_date(session: Session, col: Any) -> Any:
    if _sqlite(session):
        return func.date(col, type_=Date)
    return cast(func.timezone("UTC", col), Date)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _earliest_with(target: dt.date, years: int) -> dt.date:
    """The earliest day d with add_years(d, years) >= target (add_years never decreases)."""
    d = _add_years(target, -years) - dt.timedelta(days=3)
    while _add_years(d, years) < target:
        d += dt.timedelta(days=1)
    return d


def _latest_with(target: dt.date, years: int) -> dt.date:
    """The latest day d with add_years(d, years) <= target."""
    d = _add_years(target, -years) + dt.timedelta(days=3)
    while _add_years(d, years) > target:
        d -= dt.timedelta(days=1)
    return d


def _const(value: int | str) -> Any:
    if isinstance(value, int):
        return literal_column(str(value), Integer)
    return literal_column("'" + value.replace("'", "''") + "'", String)


def _row(case_id: Any, rank: int, kind: str, due: Any, seq: Any = 0, ref: Any = "", obligor: Any = None,
         amount: Any = None, detail: Any = "") -> list[Any]:
    return [
        case_id.label("case_id"),
        _const(rank).label("rank"),
        _const(kind).label("kind"),
        type_coerce(due, Date).label("due_on"),
        (_const(seq) if isinstance(seq, int) else seq).label("seq"),
        (_const(ref) if isinstance(ref, str) else ref).label("ref"),
        (obligor if obligor is not None else cast(null(), Uuid)).label("obligor_id"),
        (amount if amount is not None else cast(null(), BigInteger)).label("amount_fen"),
        (_const(detail) if isinstance(detail, str) else detail).label("detail"),
    ]


def _obligation_open() -> Any:
    """Not performed in full (services/followup.obligation_done)."""
    money = and_(ObligationRecord.amount_fen.is_not(None), ObligationRecord.amount_fen != 0)
    return or_(
        and_(money, func.coalesce(ObligationRecord.performed_fen, 0) < ObligationRecord.amount_fen),
        and_(~money, ObligationRecord.performed_on.is_(None)),
    )


def _performing_parts(session: Session, cases: Any, until: dt.date) -> list[Any]:
    """The items of agreements in force, of the cases matching ``cases``, due by ``until``: open
    obligations, the performance deadline of an agreement without obligation rows, and the visit
    after the last due date (回访) unless a later visit was recorded."""
    c, a, o = CaseRecord, AgreementRecord, ObligationRecord
    effective = and_(a.case_id == c.id, a.form == "written", a.effective_on.is_not(None), a.superseded.is_(False))
    performed_in_full = exists().where(PerformanceEventRecord.case_id == c.id, PerformanceEventRecord.kind == "performed")
    has_rows = exists().where(o.agreement_id == a.id)
    parts = [
        select(*_row(c.id, 3, "obligation", o.due_on, seq=o.seq, obligor=o.obligor_id, amount=o.amount_fen))
        .join(a, effective).join(o, o.agreement_id == a.id)
        .where(cases, _obligation_open(), o.due_on.is_not(None), o.due_on <= until),
        select(*_row(c.id, 3, "obligation", a.performance_deadline)).join(a, effective).where(
            cases, ~has_rows, ~performed_in_full, a.performance_deadline.is_not(None), a.performance_deadline <= until),
    ]
    last_due = select(func.max(o.due_on)).where(o.agreement_id == a.id).scalar_subquery()
    visit_on = func.coalesce(last_due, a.performance_deadline, a.effective_on, type_=Date)
    last_visit = select(func.max(FollowUpRecord.at)).where(FollowUpRecord.case_id == c.id).scalar_subquery()
    parts.append(select(*_row(c.id, 4, "follow_up", visit_on)).join(a, effective).where(
        cases, visit_on <= until, or_(last_visit.is_(None), _utc_date(session, last_visit) < visit_on)))
    return parts


def _earliest(session: Session, where: Any) -> Any:
    u = union_all(*_performing_parts(session, where, dt.date.max)).subquery("item")
    return select(u.c.case_id, func.min(u.c.due_on)).group_by(u.c.case_id)


_OF_IDS: dict[str, Any] = {}  # dialect -> the statement for a list of case ids, built once (every save reads it)


def perform_due_dates(session: Session, cases: Any) -> dict[uuid.UUID, dt.date]:
    """The earliest performance item of each case that has one, whatever its status, of ``cases``:
    a list of case ids or a condition on the cases. The value kept in
    ``mediation_case.perform_due_on`` (storage/stats_facts.py), which lets Today skip the performing
    cases with nothing due."""
    if isinstance(cases, list):
        dialect = session.get_bind().dialect.name
        stmt = _OF_IDS.get(dialect)
        if stmt is None:
            stmt = _OF_IDS[dialect] = _earliest(session, CaseRecord.id.in_(bindparam("case_ids", expanding=True)))
        rows = session.execute(stmt, {"case_ids": cases}).all()
    else:
        rows = session.execute(_earliest(session, cases)).all()
    return {case_id: due for case_id, due in rows}


def due_items_query(session: Session, committee_id: Scope, today: dt.date, until: dt.date) -> Any:
    """The UNION ALL of every item due on or before ``until`` (overdue ones included)."""
    c, a, o = CaseRecord, AgreementRecord, ObligationRecord
    mine = and_(in_scope(c.committee_id, committee_id), c.status != "voided")
    has_rows = exists().where(o.agreement_id == a.id)
    parts = []

    detail = case((c.extended_until.is_not(None), "extended"),
                  (or_(c.referrer_deadline.is_not(None), c.source == "court"), "referred"), else_="")
    parts.append(select(*_row(c.id, 0, "mediation", c.deadline_on, detail=detail)).where(
        mine, c.status.in_(MEDIATING), c.deadline_on.is_not(None), c.deadline_on <= until))

    parts.append(select(*_row(c.id, 1, "execution", _plus_days(session, a.drafted_on, EXECUTION_DAYS))).join(
        a, a.case_id == c.id).where(
        mine, c.status == "agreement_drafted", a.form == "written", a.effective_on.is_(None),
        a.superseded.is_(False), a.drafted_on.is_not(None),
        a.drafted_on <= until - dt.timedelta(days=EXECUTION_DAYS)))

    # Items of few agreements (the confirmation window, confirmed agreements) and of referral slips
    # are found from those rows, checking the case by its key, rather than by walking every case.
    def in_committee(case_id: Any) -> Any:
        return exists().where(c.id == case_id, in_scope(c.committee_id, committee_id), c.status != "voided")

    written = and_(a.form == "written", a.effective_on.is_not(None), a.superseded.is_(False))
    no_application = ~exists().where(ConfirmationRecord.case_id == a.case_id)
    parts.append(select(*_row(a.case_id, 2, "confirmation", _plus_days(session, a.effective_on, CONFIRMATION_DAYS)))
                 .where(written, a.personal_status.is_(False), no_application, in_committee(a.case_id),
                        a.effective_on >= today - dt.timedelta(days=CONFIRMATION_DAYS),
                        a.effective_on <= until - dt.timedelta(days=CONFIRMATION_DAYS)))

    # performing cases: only those whose earliest performance item (kept on the case) falls due
    parts += _performing_parts(session, and_(mine, c.status.in_(PERFORMING), c.perform_due_on <= until), until)

    lo, hi = _earliest_with(today, ENFORCEMENT_YEARS), _latest_with(until, ENFORCEMENT_YEARS)
    confirmed_cases = select(ConfirmationRecord.case_id).where(ConfirmationRecord.outcome == "confirmed")
    confirmed_agreement = and_(written, a.case_id.in_(confirmed_cases), in_committee(a.case_id))
    performed = exists().where(PerformanceEventRecord.case_id == a.case_id, PerformanceEventRecord.kind == "performed")
    ruling_on = (select(func.max(ConfirmationRecord.outcome_on))
                 .where(ConfirmationRecord.case_id == a.case_id, ConfirmationRecord.outcome == "confirmed")
                 .scalar_subquery())
    # obligations due in the few days two years back, read from their date's index
    confirmed = exists().where(ConfirmationRecord.case_id == a.case_id, ConfirmationRecord.outcome == "confirmed")
    parts.append(select(*_row(a.case_id, 5, "enforcement", _plus_years(session, o.due_on, ENFORCEMENT_YEARS),
                              seq=o.seq, obligor=o.obligor_id)).select_from(o).join(a, a.id == o.agreement_id).where(
        written, confirmed, in_committee(a.case_id), _obligation_open(), o.due_on.between(lo, hi)))
    parts.append(select(*_row(a.case_id, 5, "enforcement", _plus_years(session, a.performance_deadline,
                                                                       ENFORCEMENT_YEARS))).where(
        confirmed_agreement, ~has_rows, ~performed, a.performance_deadline.between(lo, hi)))
    parts.append(select(*_row(a.case_id, 5, "enforcement", _plus_years(session, ruling_on, ENFORCEMENT_YEARS))).where(
        confirmed_agreement, ~has_rows, ~performed, a.performance_deadline.is_(None), ruling_on.between(lo, hi)))

    r = ReferralRecord
    parts.append(select(*_row(r.case_id, 6, "referral", r.deadline, ref=r.number, detail=r.number)).where(
        r.case_id.is_not(None), r.deadline.is_not(None), r.deadline <= until, r.status != "closed",
        in_committee(r.case_id)))

    mc = MarketClockRecord
    clock_label = (select(mc.label).where(mc.committee_id == c.committee_id, mc.subtype_code == c.subtype_code)
                   .correlate(c).scalar_subquery())
    parts.append(select(*_row(c.id, 7, "market", c.market_due_on, detail=func.coalesce(clock_label, ""))).where(
        mine, c.status.in_(MARKET_OPEN), c.market_due_on.is_not(None), c.market_due_on <= until))
    return union_all(*parts).subquery("due_item")


def due_counts(session: Session, committee_id: Scope, today: dt.date, until: dt.date) -> tuple[int, int]:
    """(overdue, due from today to ``until``): exact counts of items, not of cases."""
    u = due_items_query(session, committee_id, today, until)
    overdue = func.coalesce(func.sum(case((u.c.due_on < today, 1), else_=0)), 0)
    row = session.execute(select(overdue, func.count()).select_from(u)).one()
    return int(row[0]), int(row[1]) - int(row[0])


def due_page(
    session: Session, committee_id: Scope, today: dt.date, until: dt.date, overdue: bool,
    after: tuple[dt.date, str, int, int, str] | None, limit: int,
) -> list[Any]:
    """One keyset page of items, by due date then case number: rows of (case_id, number, title,
    parties_text, kind, due_on, seq, ref, obligor_id, amount_fen, detail, rank)."""
    u = due_items_query(session, committee_id, today, until)
    c = CaseRecord
    key = tuple_(u.c.due_on, c.number, u.c.rank, u.c.seq, u.c.ref)
    stmt = (
        select(u.c.case_id, c.number, c.title, c.parties_text, u.c.kind, u.c.due_on, u.c.seq, u.c.ref,
               u.c.obligor_id, u.c.amount_fen, u.c.detail, u.c.rank)
        .join(c, c.id == u.c.case_id)
        .where(u.c.due_on < today if overdue else u.c.due_on >= today)
        .order_by(u.c.due_on, c.number, u.c.rank, u.c.seq, u.c.ref)
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(key > tuple_(*(literal(v) for v in after)))
    return list(session.execute(stmt).all())


def due_first_pages(
    session: Session, committee_id: Scope, today: dt.date, until: dt.date, limit: int,
) -> tuple[list[Any], int, list[Any], int]:
    """The first page of overdue items, their total, the first page of upcoming items and their
    total, in one pass over the items (window functions). Rows as :func:`due_page`."""
    u = due_items_query(session, committee_id, today, until)
    c = CaseRecord
    late = case((u.c.due_on < today, 1), else_=0)
    order = (u.c.due_on, c.number, u.c.rank, u.c.seq, u.c.ref)
    inner = (  # rank narrow rows; the titles are read for the rows kept only
        select(u.c.case_id, c.number, u.c.kind, u.c.due_on, u.c.seq, u.c.ref, u.c.obligor_id, u.c.amount_fen,
               u.c.detail, u.c.rank, late.label("late"),
               func.row_number().over(partition_by=late, order_by=order).label("n"),
               func.count().over(partition_by=late).label("total"))
        .join(c, c.id == u.c.case_id)
        .subquery("ranked")
    )
    r = inner.c
    rows = session.execute(
        select(r.case_id, r.number, c.title, c.parties_text, r.kind, r.due_on, r.seq, r.ref, r.obligor_id,
               r.amount_fen, r.detail, r.rank, r.late, r.total)
        .join(c, c.id == r.case_id)
        .where(r.n <= limit).order_by(r.late.desc(), r.n)).all()
    overdue = [r for r in rows if r.late]
    upcoming = [r for r in rows if not r.late]
    return (overdue, overdue[0].total if overdue else 0, upcoming, upcoming[0].total if upcoming else 0)


def case_party_names(session: Session, link_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not link_ids:
        return {}
    stmt = (select(CasePartyRecord.id, PartyRecord.name)
            .join(PartyRecord, PartyRecord.id == CasePartyRecord.party_id)
            .where(CasePartyRecord.id.in_(link_ids)))
    return dict(session.execute(stmt).all())
