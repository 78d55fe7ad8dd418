"""Queries of the four-part slips (人民调解四联单): a case's and a referral's slip, and the slips whose
returned part (回执) is overdue, counted exactly and read a page at a time."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from mediation_app.storage.models import CaseRecord, ReferralRecord, SlipRecord
from mediation_app.storage.scope import Scope, in_scope


def slip_by_number(session: Session, number: str) -> SlipRecord | None:
    return session.scalars(select(SlipRecord).where(SlipRecord.number == number.strip())).first()


def case_slip(session: Session, case_id: uuid.UUID) -> SlipRecord | None:
    """The slip issued for the case itself (at intake), not those of its referral slips."""
    stmt = select(SlipRecord).where(SlipRecord.case_id == case_id, SlipRecord.referral_id.is_(None))
    return session.scalars(stmt.order_by(SlipRecord.serial)).first()


def referral_slip(session: Session, referral_id: uuid.UUID) -> SlipRecord | None:
    return session.scalars(select(SlipRecord).where(SlipRecord.referral_id == referral_id)).first()


def slips_of_case(session: Session, case_id: uuid.UUID) -> list[SlipRecord]:
    """Every slip of a case: its own and those of its referral slips, oldest first."""
    stmt = select(SlipRecord).where(SlipRecord.case_id == case_id)
    return list(session.scalars(stmt.order_by(SlipRecord.year, SlipRecord.serial)))


def _overdue(scope: Scope, on: dt.date):  # type: ignore[no-untyped-def]
    return (SlipRecord.returned_on.is_(None), SlipRecord.deadline < on, in_scope(SlipRecord.committee_id, scope))


def overdue_count(session: Session, scope: Scope, on: dt.date) -> int:
    return int(session.scalar(select(func.count()).select_from(SlipRecord).where(*_overdue(scope, on))) or 0)


def overdue_page(
    session: Session, scope: Scope, on: dt.date, after: tuple[dt.date, str] | None, limit: int
) -> list[SlipRecord]:
    """Slips not returned by their deadline, the longest overdue first, after ``after`` (deadline,
    number) of the previous page."""
    stmt = select(SlipRecord).where(*_overdue(scope, on))
    if after is not None:
        stmt = stmt.where(tuple_(SlipRecord.deadline, SlipRecord.number) > tuple_(*after))
    return list(session.scalars(stmt.order_by(SlipRecord.deadline, SlipRecord.number).limit(limit)))


def case_numbers(session: Session, case_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not case_ids:
        return {}
    rows = session.execute(select(CaseRecord.id, CaseRecord.number).where(CaseRecord.id.in_(list(case_ids))))
    return {r.id: r.number for r in rows}


def referral_numbers(session: Session, referral_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not referral_ids:
        return {}
    rows = session.execute(select(ReferralRecord.id, ReferralRecord.number)
                           .where(ReferralRecord.id.in_(list(referral_ids))))
    return {r.id: r.number for r in rows}


__all__ = ["case_numbers", "case_slip", "overdue_count", "overdue_page", "referral_numbers", "referral_slip",
           "slip_by_number", "slips_of_case"]
