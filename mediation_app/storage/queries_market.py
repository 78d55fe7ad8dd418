"""Queries of the market room: merchants (search, paging, dispute counts through their linked
parties), the holiday calendar's corrections, the committee's additional clocks, and the small
market statistics (disputes per business type, repeat merchants, the market clock kept or missed)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, and_, case, cast, distinct, func, or_, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    CalendarDayRecord,
    CasePartyRecord,
    CaseRecord,
    MarketClockRecord,
    MarketSettingRecord,
    MerchantPartyRecord,
    MerchantRecord,
    PartyRecord,
    StatusChangeRecord,
)
from mediation_app.storage.scope import Scope, in_scope

COUNTED = ("voided", "registered", "refused")  # never a dispute of the merchant's record
OPEN = ("accepted", "mediating", "agreement_drafted")
RESULT = ("agreement_effective", "oral_agreement", "performing", "closed", "archived", "terminated", "withdrawn")


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def merchant_cases(merchant_ids: Any) -> Any:
    """(merchant_id, case_id) of the disputes of merchants: cases with a linked party, not voided,
    refused or only registered."""
    c, cp, mp = CaseRecord, CasePartyRecord, MerchantPartyRecord
    return (select(mp.merchant_id.label("merchant_id"), c.id.label("case_id"))
            .join(cp, cp.party_id == mp.party_id).join(c, c.id == cp.case_id)
            .where(mp.merchant_id.in_(merchant_ids), c.status.not_in(COUNTED)).distinct())


def dispute_counts(session: Session, merchant_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not merchant_ids:
        return {}
    sub = merchant_cases(merchant_ids).subquery()
    rows = session.execute(select(sub.c.merchant_id, func.count()).group_by(sub.c.merchant_id))
    return {m: int(n) for m, n in rows}


def _matches(text: str, key: str) -> Any:
    """``text`` in the stall (as typed, or as compared: ``key``), name, operator, business type or code."""
    m, pat = MerchantRecord, _like(text)
    found = [m.stall_number.like(pat, escape="\\"), m.name.like(pat, escape="\\"),
             m.operator_name.like(pat, escape="\\"), m.credit_code.like(pat, escape="\\"),
             m.business_type.like(pat, escape="\\")]
    if key:
        found.append(m.stall_key.like(_like(key), escape="\\"))
    return or_(*found)


def list_merchants(session: Session, scope: Scope, text: str, include_left: bool,
                   after: tuple[str, str] | None, limit: int, key: str = "") -> list[MerchantRecord]:
    """Merchants by stall then id, keyset-paged; ``text`` matches the stall, name, operator or code."""
    m = MerchantRecord
    stmt = select(m).where(in_scope(m.committee_id, scope))
    if not include_left:
        stmt = stmt.where(m.active.is_(True))
    if text:
        stmt = stmt.where(_matches(text, key))
    if after is not None:
        stmt = stmt.where(or_(m.stall_key > after[0], and_(m.stall_key == after[0], m.id > uuid.UUID(after[1]))))
    return list(session.scalars(stmt.order_by(m.stall_key, m.id).limit(limit)))


def count_merchants(session: Session, scope: Scope, text: str, include_left: bool, key: str = "") -> int:
    m = MerchantRecord
    stmt = select(func.count()).select_from(m).where(in_scope(m.committee_id, scope))
    if not include_left:
        stmt = stmt.where(m.active.is_(True))
    if text:
        stmt = stmt.where(_matches(text, key))
    return int(session.scalar(stmt) or 0)


def merchants_at_stall(session: Session, scope: Scope, key: str) -> list[MerchantRecord]:
    m = MerchantRecord
    return list(session.scalars(select(m).where(in_scope(m.committee_id, scope), m.stall_key == key)
                                .order_by(m.active.desc(), m.created_at.desc())))


def merchants_named(session: Session, scope: Scope, name: str, limit: int = 20) -> list[MerchantRecord]:
    m = MerchantRecord
    pat = _like(name)
    return list(session.scalars(select(m).where(in_scope(m.committee_id, scope), or_(
        m.name.like(pat, escape="\\"), m.operator_name.like(pat, escape="\\"))).order_by(m.stall_key).limit(limit)))


def merchant_history(session: Session, merchant_id: uuid.UUID, scope: Scope) -> list[Any]:
    """(case id, number, title, status, registered_on, party name, role) of the merchant's disputes,
    newest first, in the committees the user sees."""
    c, cp, mp, p = CaseRecord, CasePartyRecord, MerchantPartyRecord, PartyRecord
    return list(session.execute(
        select(c.id, c.number, c.title, c.status, c.registered_on, p.name, cp.role)
        .join(cp, cp.case_id == c.id).join(mp, mp.party_id == cp.party_id).join(p, p.id == cp.party_id)
        .where(mp.merchant_id == merchant_id, c.status.not_in(COUNTED), in_scope(c.committee_id, scope))
        .order_by(c.registered_on.desc(), c.number.desc())).all())


def linked_parties(session: Session, merchant_id: uuid.UUID) -> list[PartyRecord]:
    return list(session.scalars(select(PartyRecord).join(MerchantPartyRecord, MerchantPartyRecord.party_id == PartyRecord.id)
                                .where(MerchantPartyRecord.merchant_id == merchant_id).order_by(PartyRecord.name)))


def merchants_of_parties(session: Session, party_ids: list[uuid.UUID]) -> dict[uuid.UUID, MerchantRecord]:
    if not party_ids:
        return {}
    rows = session.execute(select(MerchantPartyRecord.party_id, MerchantRecord)
                           .join(MerchantRecord, MerchantRecord.id == MerchantPartyRecord.merchant_id)
                           .where(MerchantPartyRecord.party_id.in_(party_ids)))
    return {pid: m for pid, m in rows}


def repeat_threshold(session: Session, committee_id: uuid.UUID, default: int) -> int:
    rec = session.get(MarketSettingRecord, committee_id)
    return rec.repeat_threshold if rec is not None else default


# -- the calendar and the clocks --------------------------------------------------------------------
def calendar_overrides(session: Session) -> dict[dt.date, str]:
    return {r.day: r.kind for r in session.scalars(select(CalendarDayRecord))}


def calendar_override_rows(session: Session, year: int | None) -> list[CalendarDayRecord]:
    stmt = select(CalendarDayRecord).order_by(CalendarDayRecord.day)
    if year is not None:
        stmt = stmt.where(CalendarDayRecord.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return list(session.scalars(stmt))


def clocks(session: Session, committee_id: uuid.UUID) -> list[MarketClockRecord]:
    return list(session.scalars(select(MarketClockRecord).where(MarketClockRecord.committee_id == committee_id)
                                .order_by(MarketClockRecord.subtype_code)))


def clock_for(session: Session, committee_id: uuid.UUID, subtype_code: str | None) -> MarketClockRecord | None:
    if not subtype_code:
        return None
    return session.scalar(select(MarketClockRecord).where(MarketClockRecord.committee_id == committee_id,
                                                          MarketClockRecord.subtype_code == subtype_code))


def cases_on_clock(session: Session, committee_id: uuid.UUID | None, subtype_code: str | None,
                   open_only: bool) -> list[CaseRecord]:
    """Accepted cases of a sub-type (or of every sub-type with a clock) whose market deadline may
    have to be set again: the open ones, or every accepted one."""
    c = CaseRecord
    stmt = select(c).where(c.accepted_on.is_not(None), c.status != "voided")
    if committee_id is not None:
        stmt = stmt.where(c.committee_id == committee_id)
    if subtype_code is not None:
        stmt = stmt.where(c.subtype_code == subtype_code)
    else:
        stmt = stmt.where(or_(c.market_due_on.is_not(None), c.subtype_code.in_(
            select(MarketClockRecord.subtype_code).where(MarketClockRecord.committee_id == c.committee_id))))
    if open_only:
        stmt = stmt.where(c.status.in_(OPEN))
    return list(session.scalars(stmt))


# -- statistics ---------------------------------------------------------------------------------------
def _result_on() -> Any:
    """The day a case left mediation with a result (the first move to an outcome state)."""
    sc = StatusChangeRecord
    return (select(func.min(sc.at)).where(sc.case_id == CaseRecord.id, sc.to_status.in_(RESULT))
            .correlate(CaseRecord).scalar_subquery())


def business_type_rows(session: Session, scope: Scope, start: dt.date, end: dt.date) -> list[Any]:
    """(business type, disputes, merchants) of the disputes accepted in the period with a linked
    merchant; a case with merchants of two types counts once under each."""
    c, cp, mp, m = CaseRecord, CasePartyRecord, MerchantPartyRecord, MerchantRecord
    sub = (select(m.business_type.label("btype"), c.id.label("case_id"), m.id.label("merchant_id"))
           .join(mp, mp.merchant_id == m.id).join(cp, cp.party_id == mp.party_id).join(c, c.id == cp.case_id)
           .where(in_scope(c.committee_id, scope), c.status.not_in(COUNTED), c.accepted_on.between(start, end))
           .distinct().subquery())
    return list(session.execute(
        select(sub.c.btype, func.count(distinct(sub.c.case_id)), func.count(distinct(sub.c.merchant_id)))
        .group_by(sub.c.btype).order_by(func.count(distinct(sub.c.case_id)).desc(), sub.c.btype)).all())


def merchant_dispute_counts(session: Session, scope: Scope, start: dt.date, end: dt.date) -> list[tuple[uuid.UUID, int]]:
    """(merchant id, disputes accepted in the period) for merchants with at least one."""
    c, cp, mp = CaseRecord, CasePartyRecord, MerchantPartyRecord
    sub = (select(mp.merchant_id.label("merchant_id"), c.id.label("case_id"))
           .join(cp, cp.party_id == mp.party_id).join(c, c.id == cp.case_id)
           .where(in_scope(c.committee_id, scope), c.status.not_in(COUNTED), c.accepted_on.between(start, end))
           .distinct().subquery())
    return [(mid, int(n)) for mid, n in session.execute(
        select(sub.c.merchant_id, func.count()).group_by(sub.c.merchant_id))]


def clock_rows(session: Session, scope: Scope, start: dt.date, end: dt.date, today: dt.date) -> list[Any]:
    """(sub-type, kept, missed, open within, open overdue) of the cases accepted in the period that
    run on a market clock. Kept: a result on or before the market deadline."""
    c = CaseRecord
    result_at = _result_on()
    result_day = func.date(result_at, type_=Date) if session.get_bind().dialect.name == "sqlite" \
        else cast(func.timezone("UTC", result_at), Date)
    has_result = result_at.is_not(None)
    kept = func.sum(case((and_(has_result, result_day <= c.market_due_on), 1), else_=0))
    missed = func.sum(case((and_(has_result, result_day > c.market_due_on), 1), else_=0))
    open_in = func.sum(case((and_(~has_result, c.market_due_on >= today), 1), else_=0))
    open_late = func.sum(case((and_(~has_result, c.market_due_on < today), 1), else_=0))
    stmt = (select(c.subtype_code, kept, missed, open_in, open_late)
            .where(in_scope(c.committee_id, scope), c.market_due_on.is_not(None), c.status.not_in(COUNTED),
                   c.accepted_on.between(start, end))
            .group_by(c.subtype_code).order_by(c.subtype_code))
    return [(r[0], int(r[1] or 0), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0)) for r in session.execute(stmt)]


# -- demo data ----------------------------------------------------------------------------------------
def stall_parties(session: Session, committee_id: uuid.UUID, after_search_id: int, limit: int) -> list[PartyRecord]:
    """Parties naming a stall on the committee's cases added after ``after_search_id``, not linked yet."""
    c, cp, p = CaseRecord, CasePartyRecord, PartyRecord
    ids = (select(cp.party_id).join(c, c.id == cp.case_id)
           .where(c.committee_id == committee_id, c.search_id > after_search_id))
    linked = select(MerchantPartyRecord.party_id)
    return list(session.scalars(select(p).where(p.id.in_(ids), p.stall_number.is_not(None), p.kind == "natural",
                                                p.id.not_in(linked)).order_by(p.stall_number, p.id).limit(limit)))


def accepted_on_clock(session: Session, committee_id: uuid.UUID, after_search_id: int) -> list[Any]:
    """(case, accepted_on, sub-type) of the committee's accepted cases added after ``after_search_id``
    whose sub-type has a market clock."""
    c = CaseRecord
    return list(session.execute(select(c.id, c.accepted_on, c.subtype_code).where(
        c.committee_id == committee_id, c.search_id > after_search_id, c.accepted_on.is_not(None),
        c.subtype_code.in_(select(MarketClockRecord.subtype_code).where(MarketClockRecord.committee_id == committee_id))
    )).all())


def set_market_due(session: Session, dues: list[tuple[uuid.UUID, dt.date]]) -> None:
    from sqlalchemy import Table, bindparam, update

    if dues:
        t: Table = CaseRecord.__table__  # type: ignore[assignment]
        session.execute(update(t).where(t.c.id == bindparam("cid")).values(market_due_on=bindparam("due")),
                        [{"cid": cid, "due": due} for cid, due in dues])
