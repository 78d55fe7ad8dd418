"""Queries for the after-agreement services: performance and follow-up, judicial confirmation,
referral slips, risk grading and the screening ledger. Services never build SQL themselves."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    AgreementRecord,
    CaseRecord,
    EvidenceRecord,
    FollowUpRecord,
    GeneratedDocumentRecord,
    LedgerItemRecord,
    ObligationRecord,
    PerformanceEventRecord,
    ReferralLogRecord,
    ReferralRecord,
)
from mediation_app.storage.scope import Scope, in_scope

OPEN_REFERRAL_STATUSES = ("assigned", "received", "in_progress")


# -- agreement and performance -----------------------------------------------------------------
def current_agreement(
    session: Session, case_id: uuid.UUID, form: str | None = None
) -> AgreementRecord | None:
    """The latest agreement of the case that is not superseded (optionally of one form)."""
    stmt = select(AgreementRecord).where(
        AgreementRecord.case_id == case_id, AgreementRecord.superseded.is_(False)
    )
    if form:
        stmt = stmt.where(AgreementRecord.form == form)
    return session.scalars(stmt.order_by(AgreementRecord.created_at.desc()).limit(1)).first()


def case_obligations(session: Session, case_id: uuid.UUID) -> list[ObligationRecord]:
    """Obligations of the case's current (not superseded) agreements, in agreement and term order."""
    stmt = (
        select(ObligationRecord)
        .join(AgreementRecord, AgreementRecord.id == ObligationRecord.agreement_id)
        .where(AgreementRecord.case_id == case_id, AgreementRecord.superseded.is_(False))
        .order_by(AgreementRecord.created_at, ObligationRecord.seq)
    )
    return list(session.scalars(stmt))


def obligation_case_id(session: Session, obligation_id: uuid.UUID) -> uuid.UUID | None:
    stmt = (
        select(AgreementRecord.case_id)
        .join(ObligationRecord, ObligationRecord.agreement_id == AgreementRecord.id)
        .where(ObligationRecord.id == obligation_id, AgreementRecord.superseded.is_(False))
    )
    return session.scalar(stmt)


def performance_kinds(session: Session, case_id: uuid.UUID) -> set[str]:
    stmt = select(PerformanceEventRecord.kind).where(PerformanceEventRecord.case_id == case_id).distinct()
    return set(session.scalars(stmt))


def performed_whole(session: Session, case_id: uuid.UUID) -> bool:
    """Is the agreement performed as a whole by the newest finding about it as a whole (a visit, or a
    record naming no obligation)? A later finding of non-performance undoes an earlier "performed"."""
    e = PerformanceEventRecord
    latest = session.scalar(select(e.kind).where(e.case_id == case_id, e.obligation_id.is_(None))
                            .order_by(e.on.desc(), e.created_at.desc()).limit(1))
    return latest == "performed"


def latest_follow_up(session: Session, case_id: uuid.UUID) -> FollowUpRecord | None:
    stmt = (
        select(FollowUpRecord)
        .where(FollowUpRecord.case_id == case_id)
        .order_by(FollowUpRecord.at.desc(), FollowUpRecord.created_at.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


# -- judicial confirmation ---------------------------------------------------------------------
def evidence_kind_counts(session: Session, case_id: uuid.UUID) -> dict[str, int]:
    stmt = (
        select(EvidenceRecord.kind, func.count())
        .where(EvidenceRecord.case_id == case_id)
        .group_by(EvidenceRecord.kind)
    )
    return {kind: count for kind, count in session.execute(stmt).all()}


def evidence_titles(session: Session, case_id: uuid.UUID, kind: str) -> list[tuple[str, str | None]]:
    """(title, source) of the case's evidence of one kind, oldest first."""
    stmt = (
        select(EvidenceRecord.title, EvidenceRecord.source)
        .where(EvidenceRecord.case_id == case_id, EvidenceRecord.kind == kind)
        .order_by(EvidenceRecord.created_at)
    )
    return [(t, s) for t, s in session.execute(stmt).all()]


def generated_kinds(session: Session, case_id: uuid.UUID) -> set[str]:
    stmt = select(GeneratedDocumentRecord.kind).where(GeneratedDocumentRecord.case_id == case_id).distinct()
    return set(session.scalars(stmt))


# -- referral slips ----------------------------------------------------------------------------
def referrals(
    session: Session, committee_id: Scope, open_only: bool = False
) -> list[ReferralRecord]:
    """Slips of one committee (all committees when ``committee_id`` is None), newest first."""
    stmt = select(ReferralRecord)
    if committee_id is not None:
        stmt = stmt.where(in_scope(ReferralRecord.committee_id, committee_id))
    if open_only:
        stmt = stmt.where(ReferralRecord.status != "closed")
    return list(session.scalars(stmt.order_by(ReferralRecord.issued_on.desc(), ReferralRecord.number.desc())))


def overdue_referrals(session: Session, committee_id: Scope, on: dt.date) -> list[ReferralRecord]:
    """Slips past their deadline on ``on`` with no feedback yet, most overdue first."""
    stmt = select(ReferralRecord).where(
        ReferralRecord.deadline.is_not(None),
        ReferralRecord.deadline < on,
        ReferralRecord.status.in_(OPEN_REFERRAL_STATUSES),
    )
    if committee_id is not None:
        stmt = stmt.where(in_scope(ReferralRecord.committee_id, committee_id))
    return list(session.scalars(stmt.order_by(ReferralRecord.deadline, ReferralRecord.number)))


def referral_logs(
    session: Session, referral_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ReferralLogRecord]]:
    out: dict[uuid.UUID, list[ReferralLogRecord]] = defaultdict(list)
    if referral_ids:
        stmt = (
            select(ReferralLogRecord)
            .where(ReferralLogRecord.referral_id.in_(list(referral_ids)))
            .order_by(ReferralLogRecord.on, ReferralLogRecord.created_at)
        )
        for rec in session.scalars(stmt):
            out[rec.referral_id].append(rec)
    return out


# -- screening ledger --------------------------------------------------------------------------
def ledger_items(
    session: Session, committee_id: Scope, status: str | None = None
) -> list[LedgerItemRecord]:
    stmt = select(LedgerItemRecord)
    if committee_id is not None:
        stmt = stmt.where(in_scope(LedgerItemRecord.committee_id, committee_id))
    if status:
        stmt = stmt.where(LedgerItemRecord.status == status)
    return list(
        session.scalars(
            stmt.order_by(LedgerItemRecord.screened_on.desc(), LedgerItemRecord.created_at.desc())
        )
    )


def case_numbers(session: Session, case_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    ids = {i for i in case_ids if i}
    if not ids:
        return {}
    return dict(session.execute(select(CaseRecord.id, CaseRecord.number).where(CaseRecord.id.in_(ids))).all())
