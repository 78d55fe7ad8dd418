"""What falls due in each case (storage/queries_due.py keeps it)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base


class DueItemRecord(Base):
    """One item of a case's deadline clock (domain/deadlines.py): the mediation deadline, an
    instalment, the follow-up visit, the window for judicial confirmation or enforcement, a referral
    slip's return, the market clock. Derived from the case's records and rewritten with them; never
    edited and never handed over (each site derives its own). Today and the centre's board count and
    page them by the index, whatever the number of cases."""

    __tablename__ = "due_item"
    __table_args__ = (
        # overdue items are one range of it, those due soon two (one of each kind), in the lists' order
        Index("ix_due_item_committee_due", "committee_id", "in_window", "due_on", "number", "rank", "seq", "ref"),
    )
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # the case's items in order
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    number: Mapped[str] = mapped_column(String(80))  # the case number: the order after the day
    rank: Mapped[int] = mapped_column(Integer)  # the order of deadlines.KINDS
    kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[dt.date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(80))
    obligor_id: Mapped[uuid.UUID | None] = mapped_column()
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(String(200))
    in_window: Mapped[bool] = mapped_column()  # shown from its window's first day only, never overdue
