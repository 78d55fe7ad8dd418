"""Everything due or overdue in a committee, kept in SQL.

The rules are those of ``domain/deadlines.py`` (one case's clock); this module states the same
rules as one UNION ALL over cases, whose rows are kept in the table ``due_item`` for every case:
rewritten for a case whenever one of the records they come from is written (storage/stats_facts.py,
in the same transaction), and for all cases after bulk writes and by the migration that made the
table. The today overview and the centre's board then count every item of every case exactly and
page through them from one index, at any number of cases. A service test holds the two to the same
answers on every day of a case's life.

One row per item: case id, its committee and number, kind rank (the order of ``deadlines.KINDS``),
kind, due date, a sequence and reference that order items of one case and kind, the obligor
(case-party id) and the amount of an obligation, a detail code ("extended" / "referred" for the
mediation deadline, the slip's number) and whether it is shown only from its window's first day on
(the confirmation and enforcement windows, which are never overdue: they end on their due date).
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
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    literal_column,
    null,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from mediation_app.domain.deadlines import CONFIRMATION_REAPPLY_AFTER, REFERRAL_ANSWERED, REFERRING_BODIES
from mediation_app.storage.models import (
    AgreementRecord,
    CasePartyRecord,
    CaseRecord,
    ConfirmationRecord,
    DueItemRecord,
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
CONFIRMABLE = ("agreement_effective", "performing")  # an application can be recorded (domain.lifecycle)
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


def local_offset_seconds() -> int:
    """This computer's offset from UTC now (China keeps no daylight saving time)."""
    return int((dt.datetime.now().astimezone().utcoffset() or dt.timedelta()).total_seconds())


def _local_date(session: Session, col: Any) -> Any:
    """The calendar day of a stored instant (kept in UTC) on this computer's clock, as the services
    date what happens (a visit at 07:30 in Xining is on that day, not on the day before in UTC)."""
    offset = local_offset_seconds()
    if _sqlite(session):
        return func.date(col, f"{offset:+d} seconds", type_=Date)
    return cast(func.timezone("UTC", col) + func.make_interval(0, 0, 0, 0, 0, 0, offset), Date)


def _const(value: int | str) -> Any:
    if isinstance(value, int):
        return literal_column(str(value), Integer)
    return literal_column("'" + value.replace("'", "''") + "'", String)


def _row(case_id: Any, rank: int, kind: str, due: Any, seq: Any = 0, ref: Any = "", obligor: Any = None,
         amount: Any = None, detail: Any = "", window: bool = False) -> list[Any]:
    c = CaseRecord
    return [
        case_id.label("case_id"),
        c.committee_id.label("committee_id"),
        c.number.label("number"),
        _const(rank).label("rank"),
        _const(kind).label("kind"),
        type_coerce(due, Date).label("due_on"),
        (_const(seq) if isinstance(seq, int) else seq).label("seq"),
        (_const(ref) if isinstance(ref, str) else ref).label("ref"),
        (obligor if obligor is not None else cast(null(), Uuid)).label("obligor_id"),
        (amount if amount is not None else cast(null(), BigInteger)).label("amount_fen"),
        (_const(detail) if isinstance(detail, str) else detail).label("detail"),
        (true() if window else false()).label("in_window"),
    ]


def _obligation_open() -> Any:
    """Not performed in full (services/followup.obligation_done)."""
    money = and_(ObligationRecord.amount_fen.is_not(None), ObligationRecord.amount_fen != 0)
    return or_(
        and_(money, func.coalesce(ObligationRecord.performed_fen, 0) < ObligationRecord.amount_fen),
        and_(~money, ObligationRecord.performed_on.is_(None)),
    )


def _performed_whole(c: Any) -> Any:
    """The newest finding about the agreement as a whole (a follow-up's, or a performance record
    naming no obligation; queries_followup.performed_whole) is that it was performed: nothing of it
    is due any more. A later finding that it is not performed brings its instalments back; a record
    of one obligation performed counts for that obligation only."""
    e = PerformanceEventRecord
    newest = (select(e.kind).where(e.case_id == c.id, e.obligation_id.is_(None))
              .order_by(e.on.desc(), e.created_at.desc()).limit(1).scalar_subquery())
    return func.coalesce(newest, "") == "performed"


def _with_court(c: Any) -> Any:
    """A party sued over performance (law Art. 32), or enforcement of the whole agreement was applied
    for: the court decides performance, no instalment or visit is the committee's task."""
    e = PerformanceEventRecord
    return exists().where(e.case_id == c.id, or_(e.kind == "sued", and_(e.kind == "enforced",
                                                                        e.obligation_id.is_(None))))


def item_parts(session: Session, cases: Any) -> list[Any]:
    """Every item of the cases matching ``cases`` (a condition on CaseRecord), whatever the day: a
    SELECT per rule, each giving the columns of ``due_item`` but its key."""
    c, a, o = CaseRecord, AgreementRecord, ObligationRecord
    kept = and_(cases, c.status != "voided")
    # an agreement a court confirmed invalid has no force: nothing of it falls due (law Art. 33)
    effective = and_(a.case_id == c.id, a.form == "written", a.effective_on.is_not(None), a.superseded.is_(False))
    in_force = ~exists().where(ConfirmationRecord.agreement_id == a.id, ConfirmationRecord.outcome == "invalid")
    performing = and_(kept, c.status.in_(PERFORMING))
    supervised = and_(performing, ~_with_court(c))
    performed_in_full = _performed_whole(c)
    has_rows = exists().where(o.agreement_id == a.id)
    once = func.coalesce(o.period, "") == ""  # a one-off obligation (else recurring: domain.schedule)
    # the day an obligation's open part falls due (NULL: performed in full, or undated): a one-off
    # obligation's day while it is open, a recurring one's first period not paid in full
    # (models.outcome.schedule_days)
    open_due = case((and_(once, _obligation_open()), o.due_on), (~once, o.next_due_on))
    pe = PerformanceEventRecord
    instalment_enforced = exists().where(pe.case_id == c.id, pe.kind == "enforced", pe.obligation_id == o.id)
    parts = []

    detail = case((c.extended_until.is_not(None), "extended"),
                  (or_(c.referrer_deadline.is_not(None), c.source.in_(REFERRING_BODIES)), "referred"), else_="")
    parts.append(select(*_row(c.id, 0, "mediation", c.deadline_on, detail=detail)).where(
        kept, c.status.in_(MEDIATING), c.deadline_on.is_not(None)))

    parts.append(select(*_row(c.id, 1, "execution", _plus_days(session, a.drafted_on, EXECUTION_DAYS))).join(
        a, a.case_id == c.id).where(
        kept, c.status == "agreement_drafted", a.form == "written", a.effective_on.is_(None),
        a.superseded.is_(False), a.drafted_on.is_not(None)))

    # the window for judicial confirmation: 30 days from the agreement's effect, until applied for (an
    # application withdrawn, or not accepted by the court, leaves it open: the parties may apply again)
    applied = exists().where(ConfirmationRecord.agreement_id == a.id,
                             ConfirmationRecord.outcome.not_in(CONFIRMATION_REAPPLY_AFTER))
    parts.append(select(*_row(c.id, 2, "confirmation", _plus_days(session, a.effective_on, CONFIRMATION_DAYS),
                              window=True)).join(a, effective).where(in_force)
                 .where(kept, c.status.in_(CONFIRMABLE), a.personal_status.is_(False), ~applied))

    parts.append(select(*_row(c.id, 3, "obligation", open_due, seq=o.seq, obligor=o.obligor_id, amount=o.amount_fen))
                 .join(a, effective).where(in_force).join(o, o.agreement_id == a.id)
                 .where(supervised, ~performed_in_full, open_due.is_not(None), ~instalment_enforced))
    parts.append(select(*_row(c.id, 3, "obligation", a.performance_deadline)).join(a, effective).where(in_force).where(
        supervised, ~has_rows, ~performed_in_full, a.performance_deadline.is_not(None)))

    last_due = (select(func.max(case((once, o.due_on), else_=func.coalesce(o.last_due_on, o.next_due_on))))
                .where(o.agreement_id == a.id).scalar_subquery())
    visit_on = func.coalesce(last_due, a.performance_deadline, a.effective_on, type_=Date)
    last_visit = select(func.max(FollowUpRecord.at)).where(FollowUpRecord.case_id == c.id).scalar_subquery()
    # a visit before the day that found the agreement performed leaves no visit due
    # (by the newest visit's finding)
    newest_visit = (select(FollowUpRecord.performance_status).where(FollowUpRecord.case_id == c.id)
                    .order_by(FollowUpRecord.at.desc(), FollowUpRecord.created_at.desc()).limit(1).scalar_subquery())
    found_performed = func.coalesce(newest_visit, "") == "performed"
    parts.append(select(*_row(c.id, 4, "follow_up", visit_on)).join(a, effective).where(in_force).where(
        supervised, or_(last_visit.is_(None), and_(_local_date(session, last_visit) < visit_on, ~found_performed))))

    # an oral agreement recorded in full (not by quick entry) is visited too, from the day it was reached
    w = aliased(AgreementRecord)
    written_in_force = exists().where(w.case_id == c.id, w.form == "written", w.effective_on.is_not(None),
                                      w.superseded.is_(False))
    oral = and_(a.case_id == c.id, a.form == "oral", a.effective_on.is_not(None), a.superseded.is_(False))
    parts.append(select(*_row(c.id, 4, "follow_up", a.effective_on)).join(a, oral).where(
        supervised, c.quick_entry.is_(False), ~written_in_force,
        or_(last_visit.is_(None), and_(_local_date(session, last_visit) < a.effective_on, ~found_performed))))

    # applying for enforcement: two years from each open obligation's day once the agreement is
    # confirmed by a court (the window ends on that day), until it is applied for (for that
    # obligation, or for the whole agreement)
    confirmed = exists().where(ConfirmationRecord.case_id == c.id, ConfirmationRecord.outcome == "confirmed")
    e = PerformanceEventRecord
    enforced = and_(e.case_id == c.id, e.kind == "enforced")
    whole_enforced = exists().where(enforced, e.obligation_id.is_(None))
    obligation_enforced = exists().where(enforced, or_(e.obligation_id.is_(None), e.obligation_id == o.id))
    ruling_on = (select(func.max(ConfirmationRecord.outcome_on))
                 .where(ConfirmationRecord.case_id == c.id, ConfirmationRecord.outcome == "confirmed")
                 .scalar_subquery())
    parts.append(select(*_row(c.id, 5, "enforcement", _plus_years(session, open_due, ENFORCEMENT_YEARS),
                              seq=o.seq, obligor=o.obligor_id, window=True))
                 .join(a, effective).where(in_force).join(o, o.agreement_id == a.id)
                 .where(kept, confirmed, ~performed_in_full, open_due.is_not(None), ~obligation_enforced))
    parts.append(select(*_row(c.id, 5, "enforcement", _plus_years(session, a.performance_deadline,
                                                                  ENFORCEMENT_YEARS), window=True))
                 .join(a, effective).where(in_force).where(kept, confirmed, ~has_rows, ~performed_in_full, ~whole_enforced,
                                           a.performance_deadline.is_not(None)))
    parts.append(select(*_row(c.id, 5, "enforcement", _plus_years(session, ruling_on, ENFORCEMENT_YEARS),
                              window=True))
                 .join(a, effective).where(in_force).where(kept, confirmed, ~has_rows, ~performed_in_full, ~whole_enforced,
                                           a.performance_deadline.is_(None), ruling_on.is_not(None)))

    r = ReferralRecord
    parts.append(select(*_row(c.id, 6, "referral", r.deadline, ref=r.number, detail=r.number))
                 .join(r, r.case_id == c.id).where(kept, r.deadline.is_not(None), r.status.not_in(REFERRAL_ANSWERED)))

    parts.append(select(*_row(c.id, 7, "market", c.market_due_on)).where(
        kept, c.status.in_(MARKET_OPEN), c.market_due_on.is_not(None)))
    return parts


_ITEM_COLUMNS = ("case_id", "committee_id", "number", "rank", "kind", "due_on", "seq", "ref", "obligor_id",
                 "amount_fen", "detail", "in_window")
_OF_IDS: dict[tuple[str, int], Any] = {}  # (dialect, UTC offset) -> the INSERT of a list of cases' items, built once (saves run it)


def _insert_items(session: Session, cases: Any) -> Any:
    u = union_all(*item_parts(session, cases)).subquery("item")
    n = func.row_number().over(partition_by=u.c.case_id, order_by=(u.c.rank, u.c.due_on, u.c.seq, u.c.ref))
    table: Any = DueItemRecord.__table__
    return insert(table).from_select(["n", *_ITEM_COLUMNS], select(n, *(u.c[k] for k in _ITEM_COLUMNS)))


_CHUNK = 500


def refresh_items(session: Session, case_ids: list[uuid.UUID]) -> None:
    """Rewrite the items of these cases from their records (a save, an import)."""
    table: Any = DueItemRecord.__table__
    con = session.connection()
    dialect = con.dialect.name
    stmt = _OF_IDS.get((dialect, local_offset_seconds()))
    if stmt is None:
        stmt = _OF_IDS[(dialect, local_offset_seconds())] = _insert_items(session, CaseRecord.id.in_(bindparam("case_ids", expanding=True)))
    for i in range(0, len(case_ids), _CHUNK):
        chunk = sorted(case_ids[i:i + _CHUNK], key=str)
        if dialect != "sqlite":
            # PostgreSQL: two desks rewriting one case's items wait for each other at the case row
            # (in one order), so the second sees the first's rows and replaces them; without it both
            # would delete the old rows and insert the same keys. SQLite writes one at a time anyway.
            con.execute(select(CaseRecord.id).where(CaseRecord.id.in_(chunk)).order_by(CaseRecord.id).with_for_update())
        con.execute(delete(table).where(table.c.case_id.in_(chunk)))
        con.execute(stmt, {"case_ids": chunk})


def refresh_items_where(session: Session, cases: Any = None) -> None:
    """Rewrite the items of the cases matching ``cases`` (a condition on CaseRecord; None: every case)
    in two statements: for bulk writes by one writer (demo data, the migration, a rebuild), where a
    list of ids would take hundreds."""
    table: Any = DueItemRecord.__table__
    con = session.connection()
    if cases is None:
        con.execute(delete(table))
    else:
        con.execute(delete(table).where(table.c.case_id.in_(select(CaseRecord.id).where(cases))))
    con.execute(_insert_items(session, true() if cases is None else cases))


def rebuild_items(session: Session) -> tuple[int, int]:
    """Every case's items derived again: (rows before, rows after)."""
    count = select(func.count()).select_from(DueItemRecord)
    before = session.execute(count).scalar_one()
    refresh_items_where(session)
    return int(before), int(session.execute(count).scalar_one())


def stale_cases(session: Session) -> tuple[int, list[uuid.UUID]]:
    """(items kept, the cases whose kept items differ from what the rules give from their records
    now), compared in SQL: a row kept that the rules do not give, a row they give that is not kept,
    or a different number of rows."""
    d: Any = DueItemRecord.__table__
    u = union_all(*item_parts(session, true())).cte("derived")  # read once (used four times)
    kept = select(*(d.c[k] for k in _ITEM_COLUMNS))
    derived = select(*(u.c[k] for k in _ITEM_COLUMNS))
    counts_kept = select(d.c.case_id, func.count()).group_by(d.c.case_id)
    counts_derived = select(u.c.case_id, func.count()).group_by(u.c.case_id)
    differ = union_all(
        select(kept.except_(derived).subquery().c.case_id),
        select(derived.except_(kept).subquery().c.case_id),
        select(counts_kept.except_(counts_derived).subquery().c.case_id),
        select(counts_derived.except_(counts_kept).subquery().c.case_id),
    ).subquery("differ")
    ids = sorted(set(session.execute(select(differ.c.case_id)).scalars()), key=str)
    total = session.execute(select(func.count()).select_from(d)).scalar_one()
    return int(total), ids


def _shown(committee_id: Scope, today: dt.date, until: dt.date, overdue: bool) -> Any:
    """The overdue items (a window's item never is: it ends on its day), or those due from today to
    ``until``; each one range of the index (two for the latter, one of each kind of item)."""
    d = DueItemRecord
    if overdue:
        return and_(in_scope(d.committee_id, committee_id), d.in_window.is_(False), d.due_on < today)
    return and_(in_scope(d.committee_id, committee_id), d.in_window.in_([False, True]), d.due_on >= today,
                d.due_on <= until)


def _detail() -> Any:
    """The item's detail; a market clock's label as the committee calls it now."""
    d, c, mc = DueItemRecord, CaseRecord, MarketClockRecord
    label = (select(mc.label).where(mc.committee_id == d.committee_id, mc.subtype_code == c.subtype_code)
             .scalar_subquery())
    return case((d.kind == "market", func.coalesce(label, "")), else_=d.detail).label("detail")


def due_counts(session: Session, committee_id: Scope, today: dt.date, until: dt.date) -> tuple[int, int]:
    """(overdue, due from today to ``until``): exact counts of items, not of cases."""
    def count(overdue: bool) -> int:
        return int(session.execute(select(func.count()).select_from(DueItemRecord)
                                   .where(_shown(committee_id, today, until, overdue))).scalar_one())

    return count(True), count(False)


def _page_rows(session: Session, where: Any, limit: int) -> list[Any]:
    d, c = DueItemRecord, CaseRecord
    return list(session.execute(
        select(d.case_id, d.number, c.title, c.parties_text, d.kind, d.due_on, d.seq, d.ref, d.obligor_id,
               d.amount_fen, _detail(), d.rank)
        .join(c, c.id == d.case_id).where(where)
        .order_by(d.due_on, d.number, d.rank, d.seq, d.ref).limit(limit)).all())


def due_page(
    session: Session, committee_id: Scope, today: dt.date, until: dt.date, overdue: bool,
    after: tuple[dt.date, str, int, int, str] | None, limit: int,
) -> list[Any]:
    """One keyset page of items, by due date then case number: rows of (case_id, number, title,
    parties_text, kind, due_on, seq, ref, obligor_id, amount_fen, detail, rank)."""
    d = DueItemRecord
    where = _shown(committee_id, today, until, overdue)
    if after is not None:
        where = and_(where, tuple_(d.due_on, d.number, d.rank, d.seq, d.ref) > tuple_(*(literal(v) for v in after)))
    return _page_rows(session, where, limit)


def due_first_pages(
    session: Session, committee_id: Scope, today: dt.date, until: dt.date, limit: int,
) -> tuple[list[Any], int, list[Any], int]:
    """The first page of overdue items, their total, the first page of upcoming items and their
    total. Rows as :func:`due_page`."""
    late_total, soon_total = due_counts(session, committee_id, today, until)
    late = due_page(session, committee_id, today, until, True, None, limit) if late_total else []
    soon = due_page(session, committee_id, today, until, False, None, limit) if soon_total else []
    return late, late_total, soon, soon_total


def case_party_names(session: Session, link_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not link_ids:
        return {}
    stmt = (select(CasePartyRecord.id, PartyRecord.name)
            .join(PartyRecord, PartyRecord.id == CasePartyRecord.party_id)
            .where(CasePartyRecord.id.in_(link_ids)))
    return dict(session.execute(stmt).all())
