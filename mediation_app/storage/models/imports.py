"""Ledgers imported from Excel or CSV: one batch per confirmed import, one row per record it created
(the provenance of every imported case or screening item, and the fingerprint that keeps a second
import of the same rows from creating anything)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class ImportBatchRecord(IdMixin, Base):
    __tablename__ = "import_batch"
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # cases / screening
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    mapping: Mapped[str] = mapped_column(Text, default="{}")  # JSON: header text -> field key
    rows_created: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[dt.datetime]
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))


class ImportedRowRecord(IdMixin, Base):
    __tablename__ = "imported_row"
    __table_args__ = (UniqueConstraint("committee_id", "kind", "fingerprint"),)
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    kind: Mapped[str] = mapped_column(String(20))
    fingerprint: Mapped[str] = mapped_column(String(64))  # the mapped values of the row
    raw_fingerprint: Mapped[str] = mapped_column(String(64), index=True)  # every cell under its header
    row_number: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    ledger_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_item.id", ondelete="CASCADE"))
    merchant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("merchant.id", ondelete="CASCADE"))
