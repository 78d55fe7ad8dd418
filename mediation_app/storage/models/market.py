"""The market room's records: the registry of merchants (商户) and the parties linked to them, the
committee's additional clocks per dispute sub-type, the administrator's edits to the shipped
holiday calendar, and the market settings of a committee (repeat-disputant threshold)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin, utcnow


class MerchantRecord(IdMixin, Base):
    """One business at one stall. A stall that changes hands keeps the old merchant (marked left)
    and gets a new one, so that each keeps its own dispute history."""

    __tablename__ = "merchant"
    __table_args__ = (Index("ix_merchant_committee_stall", "committee_id", "stall_key"),)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))  # ix_merchant_committee_stall
    stall_number: Mapped[str] = mapped_column(String(40))  # as written: "A区-012"
    stall_key: Mapped[str] = mapped_column(String(40))  # compared: NFKC, upper case, no spaces or dashes
    name: Mapped[str] = mapped_column(String(200), index=True)  # 字号 / shop name
    business_type: Mapped[str] = mapped_column(String(100), default="")  # 经营类别: 蔬菜, 水果, 干货 …
    credit_code: Mapped[str | None] = mapped_column(String(20), index=True)  # 统一社会信用代码 of the licence
    operator_name: Mapped[str] = mapped_column(String(100), default="")  # 经营者
    operator_phone: Mapped[str | None] = mapped_column(String(40))
    contacts: Mapped[str] = mapped_column(Text, default="")  # other contacts, free text
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class MerchantPartyRecord(Base):
    """A party (person or organisation on cases) linked to the merchant it is or acts for."""

    __tablename__ = "merchant_party"
    party_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), primary_key=True)
    merchant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("merchant.id", ondelete="CASCADE"), index=True)
    linked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MarketClockRecord(IdMixin, Base):
    """A committee's additional clock for one dispute sub-type: N calendar or working days from
    acceptance (e.g. a consumer complaint within 10 working days)."""

    __tablename__ = "market_clock"
    __table_args__ = (UniqueConstraint("committee_id", "subtype_code"),)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    subtype_code: Mapped[str] = mapped_column(String(60))
    days: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))  # calendar / working
    label: Mapped[str] = mapped_column(String(100), default="")  # what the clock is called, e.g. 市场监管时限


class CalendarDayRecord(Base):
    """The administrator's correction of one day of the shipped holiday calendar."""

    __tablename__ = "calendar_day"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # off (a day off) / work (a working day)
    name: Mapped[str] = mapped_column(String(60), default="")


class MarketSettingRecord(Base):
    __tablename__ = "market_setting"
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"), primary_key=True)
    repeat_threshold: Mapped[int] = mapped_column(Integer, default=2)  # disputes that make a repeat disputant
