"""The market's advance compensation fund (先行赔付): one append-only ledger per committee.

Every movement is one row and no row is ever changed or deleted: a payment to a buyer (out of the
fund, on a case, to be recovered from a merchant), a recovery from that merchant against one
payment, a top-up into the fund, and a reversal that cancels one earlier entry with its reason."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class FundEntryRecord(IdMixin, Base):
    __tablename__ = "fund_entry"
    __table_args__ = (
        Index("ix_fund_entry_committee_kind_on", "committee_id", "kind", "entry_on"),
        UniqueConstraint("committee_id", "number"),
    )
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    kind: Mapped[str] = mapped_column(String(12))  # payment / recovery / topup / reversal
    number: Mapped[str] = mapped_column(String(40))  # 先赔〔2026〕第001号, 追偿…, 注资…, 冲正…
    amount_fen: Mapped[int] = mapped_column(BigInteger)  # always positive; the kind gives the direction
    entry_on: Mapped[dt.date] = mapped_column(Date)  # the day the money moved
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediation_case.id"), index=True)
    merchant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("merchant.id"), index=True)
    party_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("party.id"))  # paid to (payment)
    payee: Mapped[str] = mapped_column(String(200), default="")  # the party's name as paid
    payment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("fund_entry.id"), index=True)  # recovered
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("fund_entry.id"), unique=True)
    approver: Mapped[str] = mapped_column(String(100), default="")  # who approved a payment out
    receipt: Mapped[str] = mapped_column(String(100), default="")  # the merchant's receipt / bank slip
    source: Mapped[str] = mapped_column(String(200), default="")  # where a top-up came from
    note: Mapped[str] = mapped_column(Text, default="")  # the reason of a reversal, or a note
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    serial: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
