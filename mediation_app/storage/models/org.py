"""Committees, user accounts, mediators and the configurable lookup lists."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class CommitteeRecord(IdMixin, Base):
    __tablename__ = "committee"
    __table_args__ = (UniqueConstraint("short_name"),)  # the short name makes the case numbers unique
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    number_pattern: Mapped[str] = mapped_column(String(120))
    case_word: Mapped[str] = mapped_column(String(20), default="人调字")
    agreement_word: Mapped[str] = mapped_column(String(20), default="人调协字")
    deadline_rule: Mapped[str] = mapped_column(String(20), default="calendar_month")
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    supervising_unit: Mapped[str | None] = mapped_column(String(200))  # 司法所/司法局
    # A retired committee keeps its cases and numbers; it takes no new cases and no routing.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    form_body: Mapped[str | None] = mapped_column(String(20))  # 主体 on the statistics form (FormBody)


class MembershipRecord(Base):
    """A user's place in one committee: the roles held there and, for a mediator, the roster
    entry (mediators are kept per committee). ``UserRecord.committee_id`` is the home committee,
    whose roles ``UserRecord.roles`` mirrors."""

    __tablename__ = "committee_membership"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"), primary_key=True, index=True)
    roles: Mapped[str] = mapped_column(String(80))  # comma separated
    mediator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediator.id"))


class UserRecord(IdMixin, Base):
    __tablename__ = "user_account"
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # the main role (shown first)
    roles: Mapped[str] = mapped_column(String(80), default="", server_default="")  # every role, comma separated
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    mediator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediator.id"))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]


class FormDraftRecord(Base):
    """An unfinished form of one user (kept in the database, never as a plain file)."""

    __tablename__ = "form_draft"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    body: Mapped[str] = mapped_column(Text)  # JSON
    saved_at: Mapped[dt.datetime]


class MediatorRecord(IdMixin, Base):
    __tablename__ = "mediator"
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(10), default="unknown")
    ethnicity: Mapped[str | None] = mapped_column(String(4))
    languages: Mapped[str] = mapped_column(String(200), default="")  # comma separated
    full_time: Mapped[bool] = mapped_column(default=False)
    specialties: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    id_number: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)


class LookupRecord(IdMixin, Base):
    """Configurable lists: case refusal reasons, termination routes, …"""

    __tablename__ = "lookup_item"
    __table_args__ = (UniqueConstraint("kind", "code"),)
    kind: Mapped[str] = mapped_column(String(40))  # looked up through the unique (kind, code)
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))  # English msgid for seeded items, free text for custom
    sort: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)


class DisputeSubtypeRecord(IdMixin, Base):
    __tablename__ = "dispute_subtype"
    __table_args__ = (UniqueConstraint("code"),)
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    core_type: Mapped[str] = mapped_column(String(30))  # DisputeType code it rolls up into
    committee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("committee.id"))
    active: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str | None] = mapped_column(Text)
    # Agreements of this sub-type usually concern a personal-status relation: flagged not eligible
    # for judicial confirmation by default, and the user is asked to confirm.
    personal_status: Mapped[bool] = mapped_column(default=False, server_default=false())


class NumberCounterRecord(Base):
    """Last serial issued per committee, year and series. Serials are never reused."""

    __tablename__ = "number_counter"
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)
