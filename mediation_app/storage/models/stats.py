"""Statistics: the versioned dispute-type code lists, screening rounds, prevention events, report
settings and submitted (frozen) reports."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class DisputeCodeVersionRecord(Base):
    """One official dispute-type list (15 types ≈2010; 18 types ≈2016; 01-17 + 99 ≈2020)."""

    __tablename__ = "dispute_code_version"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    sort: Mapped[int] = mapped_column(Integer, default=0)
    # Cases marked as migrant workers' wages count under this code (list B), or in an "of which"
    # column beside the types (list C: wage_attribute).
    wage_code: Mapped[str | None] = mapped_column(String(10))
    wage_attribute: Mapped[bool] = mapped_column(default=False)
    fallback_code: Mapped[str] = mapped_column(String(10))  # 其他纠纷


class DisputeCodeRecord(Base):
    __tablename__ = "dispute_code"
    version_code: Mapped[str] = mapped_column(ForeignKey("dispute_code_version.code", ondelete="CASCADE"),
                                              primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))  # Chinese, as the list prints it
    sort: Mapped[int] = mapped_column(Integer, default=0)


class DisputeCodeMapRecord(Base):
    """Our type or sub-type -> a code of one version. ``kind`` is "type" (DisputeType) or "subtype"
    (DisputeSubtypeRecord.code); a sub-type without a row counts under its type's code."""

    __tablename__ = "dispute_code_map"
    version_code: Mapped[str] = mapped_column(ForeignKey("dispute_code_version.code", ondelete="CASCADE"),
                                              primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    code: Mapped[str] = mapped_column(String(10))


class ScreeningRoundRecord(IdMixin, Base):
    """排查纠纷: one round of screening by a committee (counted in 次)."""

    __tablename__ = "screening_round"
    __table_args__ = (Index("ix_screening_round_committee_on", "committee_id", "held_on"),)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    area: Mapped[str] = mapped_column(String(200), default="")
    screeners: Mapped[str] = mapped_column(String(200), default="")
    found: Mapped[int] = mapped_column(Integer, default=0)  # disputes found in this round
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    concentrated: Mapped[bool] = mapped_column(default=False, server_default=sa.false())  # 开展集中排查


class PreventionEventRecord(IdMixin, Base):
    """预防纠纷: a dispute prevented from escalating, with the persons involved (件 and 人)."""

    __tablename__ = "prevention_event"
    __table_args__ = (Index("ix_prevention_event_committee_on", "committee_id", "on"),)
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"),
                                                      index=True)
    kind: Mapped[str] = mapped_column(String(20))  # domain.statistics.PreventionKind
    persons: Mapped[int] = mapped_column(Integer, default=0)
    on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))


class StatsSettingRecord(Base):
    """Report settings chosen by the administrator: ``version`` (code list), ``anchor`` (period date)."""

    __tablename__ = "stats_setting"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class StatsSubmissionRecord(IdMixin, Base):
    """A submitted report, frozen: the whole report as JSON, its hash, the version and definitions."""

    __tablename__ = "stats_submission"
    period: Mapped[str] = mapped_column(String(10), index=True)
    committees: Mapped[str] = mapped_column(Text)  # JSON list of committee ids (hex)
    version_code: Mapped[str] = mapped_column(String(20))
    definitions: Mapped[str] = mapped_column(Text)  # JSON
    report: Mapped[str] = mapped_column(Text)  # canonical JSON of the report as submitted
    hash: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime]
    submitted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class StatsSubmissionCellRecord(Base):
    """One cell of a submitted report with the cases (or records) behind it."""

    __tablename__ = "stats_submission_cell"
    submission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stats_submission.id", ondelete="CASCADE"),
                                                     primary_key=True)
    row_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    column_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    case_ids: Mapped[str] = mapped_column(Text, default="")  # space separated hex ids


class CaseStatsMonthRecord(Base):
    """The report's counts per committee, month and combination of case facts, kept up to date with
    every change of a case (storage/stats_facts.py) so that a year's report adds up a few thousand
    rows instead of scanning a year's cases. ``anchor``: the month of the date accepted or closed.
    Empty strings stand for "not recorded" (keys cannot be NULL)."""

    __tablename__ = "case_stats_month"
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"), primary_key=True)
    anchor: Mapped[str] = mapped_column(String(10), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)  # yyyymm
    counted: Mapped[bool] = mapped_column(primary_key=True)  # not registered-only, refused or voided
    source: Mapped[str] = mapped_column(String(30), primary_key=True)
    dispute_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    subtype_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    complexity: Mapped[str] = mapped_column(String(20), primary_key=True)
    migrant_wages: Mapped[bool] = mapped_column(primary_key=True)
    resolved_form: Mapped[str] = mapped_column(String(10), primary_key=True)
    performed: Mapped[bool] = mapped_column(primary_key=True)
    confirmation: Mapped[str] = mapped_column(String(10), primary_key=True)
    cases: Mapped[int] = mapped_column(BigInteger, default=0)
    persons: Mapped[int] = mapped_column(BigInteger, default=0)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
