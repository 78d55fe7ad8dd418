"""Audit log (hash-chained, append-only) and generated-document records."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin, utcnow


class AuditRecord(Base):
    __tablename__ = "audit_event"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    success: Mapped[bool] = mapped_column(default=True)
    details: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class GeneratedDocumentRecord(IdMixin, Base):
    __tablename__ = "generated_document"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    template_version: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int | None]
    final: Mapped[bool] = mapped_column(default=True)
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    generated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AppInfoRecord(Base):
    """Facts about the file itself, e.g. ``app_version``: the version that last upgraded it, so a
    file from a newer version is refused by name (storage/migrate.py)."""

    __tablename__ = "app_info"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
