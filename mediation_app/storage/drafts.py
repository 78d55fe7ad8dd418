"""Queries of the per-user form drafts."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediation_app.storage.models import FormDraftRecord


def draft_keys(session: Session, user_id: uuid.UUID) -> list[str]:
    stmt = select(FormDraftRecord.key).where(FormDraftRecord.user_id == user_id).order_by(FormDraftRecord.key)
    return list(session.scalars(stmt))
