"""Queries of the market's advance compensation fund: the entries of a case or a merchant, the
live (not reversed) movements, what each payment still has outstanding, the balance and the
figures of a period."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from mediation_app.storage.models import CaseRecord, FundEntryRecord, MerchantRecord

E = FundEntryRecord
MOVES = ("payment", "recovery", "topup")


def reversed_ids() -> Any:
    r = aliased(FundEntryRecord)
    return select(r.reverses_id).where(r.reverses_id.is_not(None))


def has_entries(session: Session, committee_id: uuid.UUID) -> bool:
    """Anything ever recorded in the committee's fund (reversed entries too)."""
    return session.scalar(select(select(E.id).where(E.committee_id == committee_id).exists())) is True


def is_reversed(session: Session, entry_id: uuid.UUID) -> bool:
    return session.scalar(select(func.count()).select_from(E).where(E.reverses_id == entry_id)) != 0


def recovered_of(session: Session, payment_id: uuid.UUID) -> int:
    """What live recoveries have brought back of one payment."""
    return int(session.scalar(select(func.coalesce(func.sum(E.amount_fen), 0)).where(
        E.kind == "recovery", E.payment_id == payment_id, E.id.not_in(reversed_ids()))) or 0)


def live_recoveries(session: Session, payment_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.count()).select_from(E).where(
        E.kind == "recovery", E.payment_id == payment_id, E.id.not_in(reversed_ids()))) or 0)


def totals(session: Session, committee_id: uuid.UUID, start: dt.date | None = None,
           end: dt.date | None = None) -> dict[str, int]:
    """Live movements per kind (payment, recovery, topup), dated within [start, end] when given."""
    stmt = (select(E.kind, func.coalesce(func.sum(E.amount_fen), 0))
            .where(E.committee_id == committee_id, E.kind.in_(MOVES), E.id.not_in(reversed_ids())))
    if start is not None:
        stmt = stmt.where(E.entry_on >= start)
    if end is not None:
        stmt = stmt.where(E.entry_on <= end)
    out = dict.fromkeys(MOVES, 0)
    for kind, total in session.execute(stmt.group_by(E.kind)):
        out[kind] = int(total)
    return out


def scope_totals(session: Session, committees: frozenset[uuid.UUID] | None, start: dt.date | None,
                 end: dt.date) -> dict[str, int]:
    stmt = (select(E.kind, func.coalesce(func.sum(E.amount_fen), 0))
            .where(E.kind.in_(MOVES), E.id.not_in(reversed_ids()), E.entry_on <= end))
    if committees is not None:
        stmt = stmt.where(E.committee_id.in_(committees))
    if start is not None:
        stmt = stmt.where(E.entry_on >= start)
    out = dict.fromkeys(MOVES, 0)
    for kind, total in session.execute(stmt.group_by(E.kind)):
        out[kind] = int(total)
    return out


def _recovered_sub() -> Any:
    return (select(E.payment_id.label("payment_id"), func.sum(E.amount_fen).label("recovered"))
            .where(E.kind == "recovery", E.id.not_in(reversed_ids()))
            .group_by(E.payment_id).subquery())


def outstanding_stmt(committee_id: uuid.UUID) -> Any:
    """(payment, recovered, merchant, case number) of live payments not yet recovered in full."""
    rec = _recovered_sub()
    recovered = func.coalesce(rec.c.recovered, 0)
    return (select(E, recovered.label("recovered"), MerchantRecord, CaseRecord.number)
            .outerjoin(rec, rec.c.payment_id == E.id)
            .outerjoin(MerchantRecord, MerchantRecord.id == E.merchant_id)
            .outerjoin(CaseRecord, CaseRecord.id == E.case_id)
            .where(E.committee_id == committee_id, E.kind == "payment", E.id.not_in(reversed_ids()),
                   E.amount_fen > recovered))


def outstanding_page(session: Session, committee_id: uuid.UUID, offset: int, limit: int) -> list[Any]:
    """By merchant (stall), and within a merchant the oldest payment first."""
    stmt = outstanding_stmt(committee_id).order_by(MerchantRecord.stall_key, MerchantRecord.id, E.entry_on, E.serial)
    return list(session.execute(stmt.offset(offset).limit(limit)))


def outstanding_count(session: Session, committee_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.count()).select_from(outstanding_stmt(committee_id).subquery())) or 0)


def entries_stmt(committee_id: uuid.UUID | None, case_id: uuid.UUID | None, merchant_id: uuid.UUID | None) -> Any:
    stmt = select(E)
    if committee_id is not None:
        stmt = stmt.where(E.committee_id == committee_id)
    if case_id is not None:
        stmt = stmt.where(E.case_id == case_id)
    if merchant_id is not None:
        stmt = stmt.where(E.merchant_id == merchant_id)
    return stmt


def entries_page(session: Session, committee_id: uuid.UUID | None, case_id: uuid.UUID | None,
                 merchant_id: uuid.UUID | None, offset: int, limit: int) -> list[FundEntryRecord]:
    stmt = entries_stmt(committee_id, case_id, merchant_id).order_by(E.entry_on, E.created_at, E.serial)
    return list(session.scalars(stmt.offset(offset).limit(limit)))


def entries_count(session: Session, committee_id: uuid.UUID | None, case_id: uuid.UUID | None,
                  merchant_id: uuid.UUID | None) -> int:
    stmt = entries_stmt(committee_id, case_id, merchant_id).subquery()
    return int(session.scalar(select(func.count()).select_from(stmt)) or 0)


def reversal_numbers(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The number of the reversal that cancelled each of ``ids`` (those reversed)."""
    if not ids:
        return {}
    rows = session.execute(select(E.reverses_id, E.number).where(E.reverses_id.in_(ids)))
    return {rid: number for rid, number in rows if rid is not None}


def numbers_of(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return {i: n for i, n in session.execute(select(E.id, E.number).where(E.id.in_(ids)))}


def recovered_by_payment(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not ids:
        return {}
    rows = session.execute(select(E.payment_id, func.sum(E.amount_fen))
                           .where(E.kind == "recovery", E.payment_id.in_(ids), E.id.not_in(reversed_ids()))
                           .group_by(E.payment_id))
    return {pid: int(total) for pid, total in rows if pid is not None}


def case_numbers(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return {i: n for i, n in session.execute(select(CaseRecord.id, CaseRecord.number).where(CaseRecord.id.in_(ids)))}


def merchants(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, MerchantRecord]:
    if not ids:
        return {}
    return {m.id: m for m in session.scalars(select(MerchantRecord).where(MerchantRecord.id.in_(ids)))}



def by_number(session: Session, committee_id: uuid.UUID, number: str) -> FundEntryRecord | None:
    stmt = select(E).where(E.committee_id == committee_id, E.number == number)
    found: FundEntryRecord | None = session.scalars(stmt).first()
    return found
