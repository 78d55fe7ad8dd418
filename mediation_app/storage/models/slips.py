"""人民调解四联单: a four-part slip issued for a case or for a referral slip (交办单), numbered from
its own series, with the returned part (回执) recorded when it comes back."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class SlipRecord(IdMixin, Base):
    __tablename__ = "four_part_slip"
    __table_args__ = (
        UniqueConstraint("committee_id", "year", "serial"),
        Index("ix_four_part_slip_outstanding", "committee_id", "returned_on", "deadline"),
    )
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80), unique=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    # what the four parts print, as it stood when the slip was issued (a reprint is the same slip)
    parties: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    sent_to: Mapped[str] = mapped_column(String(200))  # the committee or department that takes it (承办单位)
    asked: Mapped[str] = mapped_column(Text, default="")  # what is asked of it
    deadline: Mapped[dt.date] = mapped_column(Date)
    printed_times: Mapped[int] = mapped_column(Integer, default=0)
    # the returned part (回执联)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    return_result: Mapped[str | None] = mapped_column(Text)
    returned_handler: Mapped[str | None] = mapped_column(String(100))  # who handled it (承办人)
    return_recorded_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
