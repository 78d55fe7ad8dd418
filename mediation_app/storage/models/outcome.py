"""Outcomes: agreements (terms, obligations, executions), terminations, follow-ups,
performance events and judicial confirmation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.domain.schedule import is_recurring, next_open_due, schedule_last_due
from mediation_app.storage.base import Base, IdMixin


class AgreementRecord(IdMixin, Base):
    __tablename__ = "agreement"
    __table_args__ = (  # the today overview reads a case's agreements from this index alone
        Index("ix_agreement_case_terms", "case_id", "form", "superseded", "effective_on", "performance_deadline",
              "drafted_on", "personal_status", "id"),
    )
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))  # led index above
    form: Mapped[str] = mapped_column(String(10))  # written / oral
    number: Mapped[str | None] = mapped_column(String(80), unique=True)
    facts: Mapped[str] = mapped_column(Text, default="")
    issues: Mapped[str] = mapped_column(Text, default="")
    responsibilities: Mapped[str] = mapped_column(Text, default="")
    performance_method: Mapped[str] = mapped_column(Text, default="")
    performance_place: Mapped[str] = mapped_column(String(300), default="")
    performance_deadline: Mapped[dt.date | None] = mapped_column(Date)
    originals_override: Mapped[int | None] = mapped_column(Integer)
    personal_status: Mapped[bool] = mapped_column(default=False)  # marriage/adoption/personal status core
    recorder_name: Mapped[str | None] = mapped_column(String(100))
    interpreter_name: Mapped[str | None] = mapped_column(String(100))
    tibetan_text: Mapped[str | None] = mapped_column(Text)  # optional parallel text; Chinese governs
    drafted_on: Mapped[dt.date | None] = mapped_column(Date)
    reached_on: Mapped[dt.date | None] = mapped_column(Date)  # oral agreements: effective that day
    mediator_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    seal_affixed_on: Mapped[dt.date | None] = mapped_column(Date)
    effective_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    party_asked_written: Mapped[bool] = mapped_column(default=False)
    content_hash: Mapped[str | None] = mapped_column(String(64))  # fingerprint of the executed text
    superseded: Mapped[bool] = mapped_column(default=False)

    terms: Mapped[list[AgreementTermRecord]] = relationship(
        order_by="AgreementTermRecord.seq", cascade="all, delete-orphan"
    )
    obligations: Mapped[list[ObligationRecord]] = relationship(
        order_by="ObligationRecord.seq", cascade="all, delete-orphan"
    )
    executions: Mapped[list[ExecutionRecord]] = relationship(cascade="all, delete-orphan")


class AgreementTermRecord(IdMixin, Base):
    __tablename__ = "agreement_term"
    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ObligationRecord(IdMixin, Base):
    """One performance obligation; instalments are several obligations."""

    __tablename__ = "obligation"
    __table_args__ = (  # the today overview reads an agreement's open obligations from this index alone
        Index("ix_obligation_agreement_due", "agreement_id", "due_on", "seq", "amount_fen", "performed_fen",
              "performed_on", "obligor_id"),
    )
    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))  # led index above
    seq: Mapped[int] = mapped_column(Integer)
    obligor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_party.id"))
    obligee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_party.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(String(300))
    method: Mapped[str | None] = mapped_column(String(200))  # cash, bank transfer, WeChat …
    performed_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    performed_on: Mapped[dt.date | None] = mapped_column(Date)
    # A recurring obligation (domain.schedule.Period): due_on is the first due date, amount_fen the
    # amount per period, period_until the last due date (None: open-ended).
    period: Mapped[str | None] = mapped_column(String(10))
    period_until: Mapped[dt.date | None] = mapped_column(Date)
    # Of a recurring obligation, kept whenever it is saved (schedule_days below) so that Today's rules
    # read them in SQL: the day its first period not paid in full falls due (None: all paid), and
    # its schedule's last day (None: open-ended). A one-off obligation leaves both empty.
    next_due_on: Mapped[dt.date | None] = mapped_column(Date)
    last_due_on: Mapped[dt.date | None] = mapped_column(Date)


class ExecutionRecord(IdMixin, Base):
    """A party's execution of a written agreement (signature, seal or fingerprint)."""

    __tablename__ = "agreement_execution"
    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    case_party_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_party.id"))
    method: Mapped[str] = mapped_column(String(30))
    signer_name: Mapped[str] = mapped_column(String(100))
    executed_on: Mapped[dt.date] = mapped_column(Date)


class TerminationRecord(IdMixin, Base):
    __tablename__ = "termination"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    routes: Mapped[str] = mapped_column(Text)  # newline separated route codes told to the parties
    routes_told_on: Mapped[dt.date] = mapped_column(Date)
    reported_to: Mapped[str | None] = mapped_column(String(200))
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    on: Mapped[dt.date] = mapped_column(Date)


class FollowUpRecord(IdMixin, Base):
    """回访记录."""

    __tablename__ = "follow_up"
    __table_args__ = (Index("ix_follow_up_case_at", "case_id", "at"),)  # a case's last visit, from the index
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))  # led index above
    agreement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agreement.id"))
    person_visited: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime]
    mode: Mapped[str] = mapped_column(String(10))
    performance_status: Mapped[str] = mapped_column(String(20))
    satisfaction: Mapped[str | None] = mapped_column(String(40))
    lawsuit: Mapped[str | None] = mapped_column(Text)
    new_risk: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[str] = mapped_column(Text, default="")
    visitor_name: Mapped[str] = mapped_column(String(100))


class PerformanceEventRecord(IdMixin, Base):
    __tablename__ = "performance_event"
    __table_args__ = (Index("ix_performance_event_case_kind", "case_id", "kind"),)  # "performed in full?"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))  # led index above
    obligation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("obligation.id"))
    kind: Mapped[str] = mapped_column(String(20))  # PerformanceStatus code
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))


class ConfirmationRecord(IdMixin, Base):
    """司法确认: application and the court's outcome."""

    __tablename__ = "judicial_confirmation"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id"))
    court: Mapped[str] = mapped_column(String(200))
    court_basis: Mapped[str | None] = mapped_column(String(40))  # referring court / domicile / subject / committee
    applied_on: Mapped[dt.date] = mapped_column(Date)
    joint: Mapped[bool] = mapped_column(default=True)
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)
    court_case_number: Mapped[str | None] = mapped_column(String(80))  # 调确字号
    note: Mapped[str | None] = mapped_column(Text)


@event.listens_for(ObligationRecord, "before_insert")
@event.listens_for(ObligationRecord, "before_update")
def schedule_days(_mapper: Any, _connection: Any, ob: ObligationRecord) -> None:
    """The recurring obligation's next and last days, from the record as it is saved."""
    if is_recurring(ob.period):
        ob.next_due_on = next_open_due(ob.amount_fen, ob.performed_fen or 0, ob.performed_on, ob.due_on, ob.period,
                                       ob.period_until)
        ob.last_due_on = schedule_last_due(ob.due_on, ob.period, ob.period_until)
    else:
        ob.next_due_on = ob.last_due_on = None
