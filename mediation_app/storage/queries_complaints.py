"""Consumer complaints handed over with a referral slip."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediation_app.storage.models import ComplaintReferralRecord, ReferralRecord


def complaint_of(session: Session, referral_id: uuid.UUID) -> ComplaintReferralRecord | None:
    return session.scalars(
        select(ComplaintReferralRecord).where(ComplaintReferralRecord.referral_id == referral_id)).one_or_none()


def complaints_of_case(session: Session, case_id: uuid.UUID) -> list[tuple[ReferralRecord, ComplaintReferralRecord]]:
    """The case's complaint hand-overs, oldest first."""
    stmt = (select(ReferralRecord, ComplaintReferralRecord)
            .join(ComplaintReferralRecord, ComplaintReferralRecord.referral_id == ReferralRecord.id)
            .where(ReferralRecord.case_id == case_id).order_by(ReferralRecord.issued_on, ReferralRecord.number))
    return [(r, c) for r, c in session.execute(stmt)]
