"""Command-line sign-ins that last a few idle minutes (``mediation-app signin``)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base


class CliSessionRecord(Base):
    """One command-line session of a user at a workstation. Only a hash of its token is kept (the
    token itself is in a file only the operating-system user can read); ``user_stamp`` is a hash of
    what the sign-in rested on (password hash, roles, memberships): when any of it changes, the
    session ends. ``ended_at`` is set when it is signed out, expires or is revoked (``end_reason``)."""

    __tablename__ = "cli_session"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("committee.id"))
    workstation: Mapped[str] = mapped_column(String(200))  # host name and operating-system user
    user_stamp: Mapped[str] = mapped_column(String(64))
    idle_minutes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(20))  # signed_out / expired / revoked
