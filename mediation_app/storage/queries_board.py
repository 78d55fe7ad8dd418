"""Grouped counts behind the centre's board: one query per kind of work, grouped by committee."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from mediation_app.domain.enums import LedgerStatus, RiskLevel
from mediation_app.storage.models import CaseRecord, LedgerItemRecord, ReferralRecord, RoutingRecord
from mediation_app.storage.queries import OPEN_STATUSES
from mediation_app.storage.queries_followup import OPEN_REFERRAL_STATUSES

# "open" as the case list's Open filter shows it: registered and not yet concluded
LISTED_OPEN = ("registered", *OPEN_STATUSES)


def _sum(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def case_counts(
    session: Session, committee_ids: Collection[uuid.UUID], today: dt.date
) -> dict[uuid.UUID, tuple[int, int, int, int]]:
    """{committee: (open, overdue, orange, red)}: open cases, open cases past the deadline in force,
    open cases graded orange and red."""
    c = CaseRecord
    is_open = c.status.in_(LISTED_OPEN)
    stmt = (
        select(c.committee_id, _sum(is_open),
               _sum(and_(c.status.in_(OPEN_STATUSES), c.deadline_on < today)),
               _sum(and_(is_open, c.risk_level == RiskLevel.ORANGE.value)),
               _sum(and_(is_open, c.risk_level == RiskLevel.RED.value)))
        .where(c.committee_id.in_(list(committee_ids)), c.status.in_(LISTED_OPEN))
        .group_by(c.committee_id)
    )
    return {r[0]: (int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in session.execute(stmt)}


def referral_counts(
    session: Session, committee_ids: Collection[uuid.UUID], today: dt.date
) -> dict[uuid.UUID, tuple[int, int]]:
    """{committee: (waiting, overdue)}: slips whose department has not fed back, and those of them
    past their deadline."""
    r = ReferralRecord
    stmt = (
        select(r.committee_id, func.count(), _sum(and_(r.deadline.is_not(None), r.deadline < today)))
        .where(r.committee_id.in_(list(committee_ids)), r.status.in_(OPEN_REFERRAL_STATUSES))
        .group_by(r.committee_id)
    )
    return {row[0]: (int(row[1]), int(row[2])) for row in session.execute(stmt)}


def waiting_referrals(session: Session, committee_id: uuid.UUID) -> list[ReferralRecord]:
    """The slips waiting for feedback, the most urgent first (no deadline last)."""
    r = ReferralRecord
    return list(session.scalars(
        select(r).where(r.committee_id == committee_id, r.status.in_(OPEN_REFERRAL_STATUSES))
        .order_by(r.deadline.is_(None), r.deadline, r.number)))


def overdue_ledger_counts(
    session: Session, committee_ids: Collection[uuid.UUID], today: dt.date
) -> dict[uuid.UUID, int]:
    i = LedgerItemRecord
    stmt = (
        select(i.committee_id, func.count())
        .where(i.committee_id.in_(list(committee_ids)), i.status == LedgerStatus.OPEN.value,
               i.deadline.is_not(None), i.deadline < today)
        .group_by(i.committee_id)
    )
    return {row[0]: int(row[1]) for row in session.execute(stmt)}


def overdue_ledger_items(session: Session, committee_id: uuid.UUID, today: dt.date) -> list[LedgerItemRecord]:
    i = LedgerItemRecord
    return list(session.scalars(
        select(i).where(i.committee_id == committee_id, i.status == LedgerStatus.OPEN.value,
                        i.deadline.is_not(None), i.deadline < today)
        .order_by(i.deadline, i.screened_on, i.id)))


def waiting_to_route(session: Session, committee_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Registrations at the centre's window waiting to be routed (to a committee or, with a referral
    slip, to a department), per window committee."""
    stmt = (select(RoutingRecord.window_committee_id, func.count())
            .join(CaseRecord, CaseRecord.id == RoutingRecord.case_id)
            .where(RoutingRecord.status == "waiting", CaseRecord.status != "voided",
                   RoutingRecord.window_committee_id.in_(list(committee_ids)))
            .group_by(RoutingRecord.window_committee_id))
    return {cid: int(n) for cid, n in session.execute(stmt).all()}


def waiting_route_case_ids(session: Session, committee_id: uuid.UUID) -> list[uuid.UUID]:
    """The cases behind :func:`waiting_to_route`'s count for one window committee."""
    stmt = (select(RoutingRecord.case_id).join(CaseRecord, CaseRecord.id == RoutingRecord.case_id)
            .where(RoutingRecord.status == "waiting", CaseRecord.status != "voided",
                   RoutingRecord.window_committee_id == committee_id))
    return list(session.scalars(stmt))
