"""The centre's ladder of levels, the level each case stands at and its append-only history, and
the departments' sign-in (报到) on referral slips with the centre's supervision setting."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin, utcnow


class LadderLevelRecord(IdMixin, Base):
    """One level of the centre's ladder (网格员, 村调委会 …), lowest first by ``position``."""

    __tablename__ = "ladder_level"
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    days: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))  # calendar / working
    active: Mapped[bool] = mapped_column(default=True, server_default=true())  # removed levels stay for history


class CaseLevelRecord(Base):
    """The level a case stands at now, since when, and the day its days there run out."""

    __tablename__ = "case_level"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), primary_key=True)
    level_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ladder_level.id"), index=True)
    since: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)


class CaseLevelEventRecord(Base):
    """One move of a case on the ladder (append-only): who, when, from and to which level, why."""

    __tablename__ = "case_level_event"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    move: Mapped[str] = mapped_column(String(12))  # set / escalate / deescalate / clear
    from_level_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ladder_level.id"))
    to_level_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ladder_level.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    on: Mapped[dt.date] = mapped_column(Date)
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str | None] = mapped_column(Text)  # what was written, or the code days_ran_out


class ReferralSignInRecord(Base):
    """When a slip was issued (by the clock) and when the department reported for duty (报到), who
    came, and who recorded it."""

    __tablename__ = "referral_sign_in"
    referral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), primary_key=True)
    issued_at: Mapped[dt.datetime | None]
    signed_in_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    signed_in_by: Mapped[str | None] = mapped_column(String(100))  # the department's person
    recorded_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))


class SupervisionSettingRecord(Base):
    """The centre's supervision setting (one row): hours a department has to sign in."""

    __tablename__ = "supervision_setting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sign_in_hours: Mapped[int] = mapped_column(Integer, default=24)
