"""Declarative base, column types and mixins shared by every table."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import MetaData, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mediation_app.storage.types import UTCDateTime as UTCDateTime  # re-exported: its old home

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, uuid.UUID: Uuid, str: String}


class IdMixin:
    """UUID primary key (records travel between offices) and row timestamps."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4, sort_order=-10)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, sort_order=90)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, sort_order=91)
