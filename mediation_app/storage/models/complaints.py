"""A consumer complaint handed over to market supervision, 12315 or the consumer association: the
fields their complaint registers use, beside the referral slip (交办单) that carries it."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class ComplaintReferralRecord(IdMixin, Base):
    __tablename__ = "complaint_referral"
    referral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), unique=True)
    body: Mapped[str] = mapped_column(String(30))  # ComplaintBody code
    complainant_name: Mapped[str] = mapped_column(String(100))
    complainant_phone: Mapped[str | None] = mapped_column(String(40))
    complainant_id_number: Mapped[str | None] = mapped_column(String(40))
    # the registry's merchant on the site that issued the slip (the registry stays on that computer,
    # so no foreign key: the name, stall and code below are what travels and prints)
    merchant_id: Mapped[uuid.UUID | None]
    merchant_name: Mapped[str] = mapped_column(String(200))
    stall_number: Mapped[str | None] = mapped_column(String(40))
    credit_code: Mapped[str | None] = mapped_column(String(20))
    goods: Mapped[str] = mapped_column(String(300))  # goods or service
    purchased_on: Mapped[dt.date | None] = mapped_column(Date)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    request: Mapped[str] = mapped_column(Text)  # 诉求
    facts: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON list of items
    register_number: Mapped[str | None] = mapped_column(String(60))  # the 12315 registration number
    feedback_on: Mapped[dt.date | None] = mapped_column(Date)
    feedback_result: Mapped[str | None] = mapped_column(Text)
    handling_number: Mapped[str | None] = mapped_column(String(60))  # the body's own handling number
