"""The mediation process: assignment and recusal, meetings, investigations, evidence,
risk assessments, referral slips and screening-ledger items."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, IdMixin


class AssignmentRecord(IdMixin, Base):
    __tablename__ = "assignment"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediator.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20))
    assigned_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(200))
    conflict_note: Mapped[str | None] = mapped_column(Text)  # conflicts found and overridden


class RecusalRecord(IdMixin, Base):
    __tablename__ = "recusal_request"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    mediator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediator.id"))
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_party.id"))
    reason: Mapped[str] = mapped_column(Text)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(20), default="pending")
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)
    replacement_mediator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediator.id"))


class MeetingRecord(IdMixin, Base):
    """A mediation session (调解记录). Never called Session."""

    __tablename__ = "meeting"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    held_at: Mapped[dt.datetime | None]
    place: Mapped[str] = mapped_column(String(300), default="")
    mode: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300), default="")
    is_public: Mapped[bool] = mapped_column(default=False)
    notice_read: Mapped[bool] = mapped_column(default=False)  # rights notice given at the start
    record_text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    recorder_name: Mapped[str | None] = mapped_column(String(100))
    remote_identity_check: Mapped[str | None] = mapped_column(String(300))  # how identity was checked remotely
    platform: Mapped[str | None] = mapped_column(String(100))  # remote sessions: 腾讯会议, 微信视频, 电话 …
    statements: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON [[speaker, statement], …] in order
    evidence_checked: Mapped[str | None] = mapped_column(Text)  # 核实调查情况与证据
    risk_warning: Mapped[str | None] = mapped_column(Text)  # 风险提示 given to the parties


class MeetingAttendeeRecord(IdMixin, Base):
    __tablename__ = "meeting_attendee"
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # party / participant / mediator
    ref_id: Mapped[uuid.UUID]  # case_party.id, participant.id or mediator.id
    name: Mapped[str] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(200))  # for remote attendance
    remote: Mapped[bool | None]  # took part remotely (None: recorded before sessions could be remote)
    consent: Mapped[str | None] = mapped_column(String(20))  # a party's consent to remote mediation (RemoteConsent)
    identity_check: Mapped[str | None] = mapped_column(String(30))  # IdentityCheck code of a remote person


class InvestigationRecord(IdMixin, Base):
    __tablename__ = "investigation"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(String(300))
    investigators: Mapped[str] = mapped_column(String(300))
    interviewee: Mapped[str] = mapped_column(String(200))
    recorder_name: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)  # 问/答


class EvidenceRecord(IdMixin, Base):
    """An attachment stored by content hash inside the data directory."""

    __tablename__ = "evidence"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(200))
    pages: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))  # the file in the store; never looked up by it
    filename: Mapped[str] = mapped_column(String(300))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    added_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))


class RiskAssessmentRecord(IdMixin, Base):
    """Append-only risk level history (蓝/黄/橙/红) with flags and containment."""

    __tablename__ = "risk_assessment"
    case_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    ledger_item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_item.id"))
    level: Mapped[str] = mapped_column(String(10))
    flags: Mapped[str] = mapped_column(String(300), default="")  # comma separated RiskFlag codes
    reason: Mapped[str] = mapped_column(Text, default="")
    containment: Mapped[str | None] = mapped_column(Text)  # 稳控措施
    escalated_to: Mapped[str | None] = mapped_column(String(200))
    reported_to: Mapped[str | None] = mapped_column(String(200))  # police or other department
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    at: Mapped[dt.datetime]
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))


class ReferralRecord(IdMixin, Base):
    """转办交办单: a slip sending (part of) a dispute to a department."""

    __tablename__ = "referral"
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(80), unique=True)
    from_unit: Mapped[str] = mapped_column(String(200))
    to_department: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    instructions: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20))
    feedback: Mapped[str | None] = mapped_column(Text)
    feedback_on: Mapped[dt.date | None] = mapped_column(Date)


class ReferralLogRecord(IdMixin, Base):
    """Supervision (督办) log of a referral slip: each status change or reminder."""

    __tablename__ = "referral_log"
    referral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    on: Mapped[dt.date] = mapped_column(Date)
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))


class LedgerItemRecord(IdMixin, Base):
    """矛盾纠纷排查台账: a dispute spotted in screening, possibly before any case exists."""

    __tablename__ = "ledger_item"
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"), index=True)
    screened_on: Mapped[dt.date] = mapped_column(Date, index=True)
    area: Mapped[str] = mapped_column(String(200))
    screeners: Mapped[str] = mapped_column(String(200))
    facts: Mapped[str] = mapped_column(Text)
    parties_text: Mapped[str] = mapped_column(String(300))
    phones: Mapped[str | None] = mapped_column(String(200))
    dispute_type: Mapped[str] = mapped_column(String(30))
    cause: Mapped[str | None] = mapped_column(Text)
    persons_involved: Mapped[int | None] = mapped_column(Integer)
    risk_level: Mapped[str] = mapped_column(String(10), default="blue")
    responsible: Mapped[str | None] = mapped_column(String(200))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    measures: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    result: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediation_case.id"))
    # the screening report (矛盾纠纷排查情况表): its category when the dispute type does not say it,
    # the 重大矛盾纠纷 mark, and the day the item was handled (prevented, resolved or turned into a case)
    screening_category: Mapped[str | None] = mapped_column(String(40))
    major: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    handled_on: Mapped[dt.date | None] = mapped_column(Date)


class RoutingRecord(IdMixin, Base):
    """只进一个门: a dispute registered once at the centre's window and routed from there, to a
    committee (it becomes that committee's case, numbered by it) or to a department with a
    referral slip (交办单) the centre supervises. One per case; ``status`` is ``waiting`` until
    routed, then ``committee`` or ``department``."""

    __tablename__ = "case_routing"
    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), unique=True)
    window_committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))
    window_number: Mapped[str] = mapped_column(String(80))  # the window's registration number
    registered_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    to_committee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("committee.id"))
    to_department: Mapped[str | None] = mapped_column(String(200))
    referral_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referral.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    routed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    routed_at: Mapped[dt.datetime | None]
