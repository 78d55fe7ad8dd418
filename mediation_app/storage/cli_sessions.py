"""Queries of the command line's short sign-ins (table ``cli_session``)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediation_app.storage.models import CliSessionRecord


def by_token_hash(session: Session, token_hash: str) -> CliSessionRecord | None:
    return session.scalar(select(CliSessionRecord).where(CliSessionRecord.token_hash == token_hash))


def open_sessions(session: Session, user_id: uuid.UUID, workstation: str) -> list[CliSessionRecord]:
    """The user's sessions at that workstation that have not ended."""
    return list(session.scalars(select(CliSessionRecord).where(
        CliSessionRecord.user_id == user_id, CliSessionRecord.workstation == workstation,
        CliSessionRecord.ended_at.is_(None))))
