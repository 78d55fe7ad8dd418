"""Queries of the one-stop centre: committees, memberships and the window's routing records."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    CaseRecord,
    CommitteeRecord,
    MembershipRecord,
    RoutingRecord,
    UserRecord,
)


def committee_by_short_name(session: Session, short_name: str) -> CommitteeRecord | None:
    return session.scalars(select(CommitteeRecord).where(CommitteeRecord.short_name == short_name)).first()


def case_counts_by_committee(session: Session) -> dict[uuid.UUID, int]:
    stmt = select(CaseRecord.committee_id, func.count()).group_by(CaseRecord.committee_id)
    return {cid: n for cid, n in session.execute(stmt).all()}


def memberships(session: Session, user_id: uuid.UUID) -> list[tuple[MembershipRecord, CommitteeRecord]]:
    """The committees a user belongs to, oldest committee first."""
    stmt = (select(MembershipRecord, CommitteeRecord)
            .join(CommitteeRecord, CommitteeRecord.id == MembershipRecord.committee_id)
            .where(MembershipRecord.user_id == user_id)
            .order_by(CommitteeRecord.created_at, CommitteeRecord.short_name))
    return [(m, c) for m, c in session.execute(stmt).all()]


def membership(session: Session, user_id: uuid.UUID, committee_id: uuid.UUID) -> MembershipRecord | None:
    return session.get(MembershipRecord, (user_id, committee_id))


def members(session: Session, committee_id: uuid.UUID) -> list[UserRecord]:
    stmt = (select(UserRecord).join(MembershipRecord, MembershipRecord.user_id == UserRecord.id)
            .where(MembershipRecord.committee_id == committee_id).order_by(UserRecord.username))
    return list(session.scalars(stmt))


def routing_of(session: Session, case_id: uuid.UUID) -> RoutingRecord | None:
    return session.scalars(select(RoutingRecord).where(RoutingRecord.case_id == case_id)).first()


def routing_by_window_number(session: Session, number: str) -> RoutingRecord | None:
    return session.scalars(select(RoutingRecord).where(RoutingRecord.window_number == number)).first()


def waiting_routes(session: Session, window_committee_ids: list[uuid.UUID] | None,
                   after: tuple[str, uuid.UUID] | None, limit: int) -> list[tuple[RoutingRecord, CaseRecord]]:
    """Window registrations not yet routed, oldest first, one keyset page (by number, id)."""
    stmt = (select(RoutingRecord, CaseRecord).join(CaseRecord, CaseRecord.id == RoutingRecord.case_id)
            .where(RoutingRecord.status == "waiting", CaseRecord.status != "voided"))
    if window_committee_ids is not None:
        stmt = stmt.where(RoutingRecord.window_committee_id.in_(window_committee_ids))
    if after is not None:
        stmt = stmt.where((RoutingRecord.window_number > after[0])
                          | ((RoutingRecord.window_number == after[0]) & (RoutingRecord.id > after[1])))
    stmt = stmt.order_by(RoutingRecord.window_number, RoutingRecord.id).limit(limit)
    return [(r, c) for r, c in session.execute(stmt).all()]


def count_waiting_routes(session: Session, window_committee_ids: list[uuid.UUID] | None) -> int:
    stmt = (select(func.count()).select_from(RoutingRecord).join(CaseRecord, CaseRecord.id == RoutingRecord.case_id)
            .where(RoutingRecord.status == "waiting", CaseRecord.status != "voided"))
    if window_committee_ids is not None:
        stmt = stmt.where(RoutingRecord.window_committee_id.in_(window_committee_ids))
    return int(session.scalar(stmt) or 0)
