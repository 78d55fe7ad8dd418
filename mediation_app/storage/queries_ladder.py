"""Queries of the ladder of levels and of the supervision of referral slips."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    CaseLevelEventRecord,
    CaseLevelRecord,
    CaseRecord,
    LadderLevelRecord,
    ReferralLogRecord,
    ReferralRecord,
    ReferralSignInRecord,
    StatusChangeRecord,
    SupervisionSettingRecord,
)
from mediation_app.storage.queries_board import LISTED_OPEN
from mediation_app.storage.queries_followup import OPEN_REFERRAL_STATUSES


def levels(session: Session, active_only: bool = True) -> list[LadderLevelRecord]:
    stmt = select(LadderLevelRecord).order_by(LadderLevelRecord.position)
    if active_only:
        stmt = stmt.where(LadderLevelRecord.active.is_(True))
    return list(session.scalars(stmt))


def cases_at(session: Session, level_id: uuid.UUID, open_only: bool = True) -> list[CaseLevelRecord]:
    stmt = select(CaseLevelRecord).where(CaseLevelRecord.level_id == level_id)
    if open_only:
        stmt = stmt.join(CaseRecord, CaseRecord.id == CaseLevelRecord.case_id).where(CaseRecord.status.in_(LISTED_OPEN))
    return list(session.scalars(stmt))


def events(session: Session, case_id: uuid.UUID) -> list[CaseLevelEventRecord]:
    return list(session.scalars(select(CaseLevelEventRecord).where(CaseLevelEventRecord.case_id == case_id)
                                .order_by(CaseLevelEventRecord.at, CaseLevelEventRecord.id)))


def _scoped(stmt: Any, committee_ids: Collection[uuid.UUID] | None) -> Any:
    return stmt if committee_ids is None else stmt.where(CaseRecord.committee_id.in_(list(committee_ids)))


def flagged(session: Session, committee_ids: Collection[uuid.UUID] | None, today: dt.date) -> list[Any]:
    """(case, case level) of every open case whose days at its level are over, the longest overdue first."""
    stmt = (select(CaseRecord, CaseLevelRecord).join(CaseLevelRecord, CaseLevelRecord.case_id == CaseRecord.id)
            .where(CaseRecord.status.in_(LISTED_OPEN), CaseLevelRecord.due_on < today)
            .order_by(CaseLevelRecord.due_on, CaseRecord.number))
    return list(session.execute(_scoped(stmt, committee_ids)))


def flagged_counts(session: Session, committee_ids: Collection[uuid.UUID], today: dt.date) -> dict[uuid.UUID, int]:
    stmt = (select(CaseRecord.committee_id, func.count()).join(CaseLevelRecord, CaseLevelRecord.case_id == CaseRecord.id)
            .where(CaseRecord.status.in_(LISTED_OPEN), CaseLevelRecord.due_on < today,
                   CaseRecord.committee_id.in_(list(committee_ids)))
            .group_by(CaseRecord.committee_id))
    return {r[0]: int(r[1]) for r in session.execute(stmt)}


def concluded_on_ladder(session: Session, committee_ids: Collection[uuid.UUID] | None,
                        results: Collection[str]) -> list[Any]:
    """(case id, level id, status reached, when) of every first move into a result of the cases on the
    ladder; the caller keeps each case's first and filters by period."""
    stmt = (select(CaseLevelRecord.case_id, CaseLevelRecord.level_id, StatusChangeRecord.to_status,
                   StatusChangeRecord.at)
            .join(CaseRecord, CaseRecord.id == CaseLevelRecord.case_id)
            .join(StatusChangeRecord, StatusChangeRecord.case_id == CaseLevelRecord.case_id)
            .where(StatusChangeRecord.to_status.in_(list(results)))
            .order_by(StatusChangeRecord.at))
    return list(session.execute(_scoped(stmt, committee_ids)))


# -- referral slips ---------------------------------------------------------------------------------
def setting(session: Session) -> SupervisionSettingRecord | None:
    return session.get(SupervisionSettingRecord, 1)


def sign_ins(session: Session, referral_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, ReferralSignInRecord]:
    if not referral_ids:
        return {}
    rows = session.scalars(select(ReferralSignInRecord).where(ReferralSignInRecord.referral_id.in_(list(referral_ids))))
    return {r.referral_id: r for r in rows}


def to_supervise(session: Session, committee_ids: Collection[uuid.UUID] | None, today: dt.date) -> list[ReferralRecord]:
    """Open slips that are past their deadline or not yet signed in (the caller applies the hours)."""
    r, si = ReferralRecord, ReferralSignInRecord
    stmt = (select(r).outerjoin(si, si.referral_id == r.id)
            .where(r.status.in_(OPEN_REFERRAL_STATUSES),
                   or_(and_(r.deadline.is_not(None), r.deadline < today), si.signed_in_at.is_(None)))
            .order_by(r.issued_on, r.number))
    if committee_ids is not None:
        stmt = stmt.where(r.committee_id.in_(list(committee_ids)))
    return list(session.scalars(stmt))


def reminders(session: Session, referral_ids: Collection[uuid.UUID], code: str) -> dict[uuid.UUID, tuple[int, Any]]:
    """{slip: (number of 督办 reminders, when the last was recorded)}."""
    if not referral_ids:
        return {}
    lg = ReferralLogRecord
    stmt = (select(lg.referral_id, func.count(), func.max(lg.on))
            .where(lg.referral_id.in_(list(referral_ids)), lg.status == code).group_by(lg.referral_id))
    return {row[0]: (int(row[1]), row[2]) for row in session.execute(stmt)}
