"""Risk early warnings computed from the records, their reviews, and the rules' settings."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class RiskWarningRecord(IdMixin, Base):
    """One warning: the rule, the evidence it rests on (a key naming the records, unique per case and
    rule, so that a reviewed warning never comes back for the same evidence), and its review."""

    __tablename__ = "risk_warning"
    __table_args__ = (
        UniqueConstraint("case_id", "rule", "evidence_key"),
        Index("ix_risk_warning_committee_open", "committee_id", "reviewed_at", "raised_at", "id"),  # list order
        Index("ix_risk_warning_raised", "raised_at"),
        Index("ix_risk_warning_reviewed", "reviewed_at"),
    )
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))  # the unique leads
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    rule: Mapped[str] = mapped_column(String(30))  # domain.warnings.WarningRule
    evidence_key: Mapped[str] = mapped_column(String(300))
    evidence_on: Mapped[dt.date | None] = mapped_column(Date)  # the date of the evidence
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON: record ids, words, dates (codes, never words)
    raised_at: Mapped[dt.datetime]
    reviewed_at: Mapped[dt.datetime | None]
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    decision: Mapped[str | None] = mapped_column(String(10))  # domain.warnings.ReviewDecision
    note: Mapped[str | None] = mapped_column(Text)  # why this decision
    containment: Mapped[str | None] = mapped_column(Text)  # 稳控措施
    police: Mapped[bool] = mapped_column(default=False, server_default=false())  # escalated to the police
    police_unit: Mapped[str | None] = mapped_column(String(200))
    risk_assessment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("risk_assessment.id", ondelete="SET NULL"))


class WarningPendingRecord(Base):
    """A case whose records changed since its warnings were last computed: a save marks it in its own
    transaction, and the warnings are computed after the save (and before any list of warnings is
    read), so that a save does not wait for the rules."""

    __tablename__ = "warning_pending"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), primary_key=True)
    marked_at: Mapped[dt.datetime]


class WarningSettingRecord(Base):
    """The rules' settings and the edited word list, by key (one value each)."""

    __tablename__ = "warning_setting"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
