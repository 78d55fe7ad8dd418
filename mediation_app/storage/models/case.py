"""The case, its parties and participants, consent records and status history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation_app.domain.statistics import WAGE_SUBTYPES
from mediation_app.storage.base import Base, IdMixin, utcnow

STATS_INDEX_COLUMNS = (
    "committee_id", "status", "source", "dispute_type", "subtype_code", "complexity", "migrant_wages",
    "resolved_form", "performed", "confirmation", "accepted_on", "closed_on", "persons_involved", "amount_fen", "id",
)


UNASSIGNED_STATUSES = ("registered", "accepted", "mediating")  # waiting for a mediator when none presides
UNASSIGNED_WHERE = "presiding_mediator_id IS NULL AND status IN ('registered', 'accepted', 'mediating')"


class CaseRecord(IdMixin, Base):
    __tablename__ = "mediation_case"
    __table_args__ = (
        UniqueConstraint("committee_id", "year", "serial"),
        Index("ix_case_list", "registered_on", "search_id"),
        Index("ix_case_committee_list", "committee_id", "registered_on", "search_id"),  # a committee's newest first
        Index("ix_case_status_list", "status", "registered_on", "search_id"),
        Index("ix_case_deadline_sort", text("coalesce(deadline_on, '0001-01-01')"), "id"),
        Index("ix_case_accepted_sort", text("coalesce(accepted_on, '0001-01-01')"), "id"),
        Index("ix_case_type_sort", "dispute_type", "id"),
        Index("ix_case_status_sort", "status", "id"),
        Index("ix_case_risk_sort", "risk_level", "id"),
        # one committee's list sorted by a column, in order (migration 0037)
        Index("ix_case_committee_accepted_sort", "committee_id", text("coalesce(accepted_on, '0001-01-01')"), "id"),
        Index("ix_case_committee_deadline_sort", "committee_id", text("coalesce(deadline_on, '0001-01-01')"), "id"),
        Index("ix_case_committee_number_sort", "committee_id", "number", "id"),
        Index("ix_case_committee_risk_sort", "committee_id", "risk_level", "id"),
        Index("ix_case_committee_status_sort", "committee_id", "status", "id"),
        # the today overview walks the open cases of one committee by status and deadline
        Index("ix_case_committee_status_deadline", "committee_id", "status", "deadline_on"),
        # the statistics report groups a period's cases by these, in this order, from the index alone
        Index("ix_case_stats", *STATS_INDEX_COLUMNS),
        Index("ix_case_type_page", "committee_id", "dispute_type", "year", "serial"),
        Index("ix_case_closed_on", "closed_on"),
        # the cases waiting for a mediator (Today), oldest first, without walking every case. Migration
        # 0031 gives PostgreSQL's copy the same condition; declaring it here as well (postgresql_where)
        # made SQLAlchemy import the PostgreSQL dialect, asyncpg and asyncio at every SQLite start (~90 ms)
        Index("ix_case_unassigned", "committee_id", "registered_on", "search_id", sqlite_where=text(UNASSIGNED_WHERE)),
    )
    committee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("committee.id"))  # led by the unique key
    number: Mapped[str] = mapped_column(String(80), unique=True)
    # the case's number in the search index; also the order of a day's cases in the list (migration 0037)
    search_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30))  # ix_case_status_list
    title: Mapped[str] = mapped_column(String(400))
    source: Mapped[str] = mapped_column(String(30))
    referrer_name: Mapped[str | None] = mapped_column(String(200))  # referring court/department/grid worker
    referrer_contact: Mapped[str | None] = mapped_column(String(200))
    referrer_deadline: Mapped[dt.date | None] = mapped_column(Date)
    application_form: Mapped[str | None] = mapped_column(String(10))  # written / oral
    dispute_type: Mapped[str] = mapped_column(String(30))  # ix_case_type_sort
    subtype_code: Mapped[str | None] = mapped_column(String(60))
    facts: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str | None] = mapped_column(String(300))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    persons_involved: Mapped[int | None] = mapped_column(Integer)
    complexity: Mapped[str | None] = mapped_column(String(20))  # simple / ordinary / difficult
    migrant_wages: Mapped[bool] = mapped_column(default=False, server_default=false())  # 涉及拖欠农民工工资
    # Kept up to date from the agreements, performance and confirmation records (storage/stats_facts.py):
    resolved_form: Mapped[str | None] = mapped_column(String(10))  # written / oral agreement in effect
    performed: Mapped[bool] = mapped_column(default=False, server_default=false())  # performed in full
    confirmation: Mapped[str | None] = mapped_column(String(10))  # judicial confirmation: applied / confirmed
    is_public: Mapped[bool] = mapped_column(default=False)
    quick_entry: Mapped[bool] = mapped_column(default=False)
    registered_on: Mapped[dt.date] = mapped_column(Date)
    accepted_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # The mediation deadline in force: set at acceptance (rule or referrer), moved by each agreed
    # extension; lists, the overdue filter and the reminders read it.
    deadline_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    extended_until: Mapped[dt.date | None] = mapped_column(Date)  # the latest agreed extension
    # The committee's additional clock for the case's sub-type (market clock), set at acceptance
    # from the calendar or working days in force; None when no such clock applies.
    market_due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    extension_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    risk_level: Mapped[str] = mapped_column(String(10), default="blue")  # ix_case_risk_sort
    presiding_mediator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mediator.id"), index=True)
    retention_period: Mapped[str | None] = mapped_column(String(40))
    file_compiler: Mapped[str | None] = mapped_column(String(100))
    file_compiled_on: Mapped[dt.date | None] = mapped_column(Date)  # 立卷日期
    file_checker: Mapped[str | None] = mapped_column(String(100))  # 检查人
    explanatory_note: Mapped[str | None] = mapped_column(Text)
    refusal_reason_code: Mapped[str | None] = mapped_column(String(60))
    refusal_reason_text: Mapped[str | None] = mapped_column(Text)
    refusal_routes: Mapped[str | None] = mapped_column(Text)  # newline separated route codes
    registered_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    parties_text: Mapped[str] = mapped_column(String(500), default="")  # denormalised for lists: "张三 诉 李四"

    links: Mapped[list[CasePartyRecord]] = relationship(
        back_populates="case", order_by="CasePartyRecord.position", cascade="all, delete-orphan"
    )


class PartyRecord(IdMixin, Base):
    """A person or organisation, shared across cases so repeat disputants can be counted."""

    __tablename__ = "party"
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_keys: Mapped[str] = mapped_column(String(400), default="")  # pinyin search keys
    sex: Mapped[str | None] = mapped_column(String(10))
    ethnicity: Mapped[str | None] = mapped_column(String(4))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    age: Mapped[int | None] = mapped_column(Integer)
    id_type: Mapped[str | None] = mapped_column(String(30))
    id_number: Mapped[str | None] = mapped_column(String(40), index=True)
    occupation: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))  # 单位或住址
    phone: Mapped[str | None] = mapped_column(String(40))  # normalised
    phone_raw: Mapped[str | None] = mapped_column(String(60))  # as entered
    preferred_language: Mapped[str | None] = mapped_column(String(40))
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    credit_code: Mapped[str | None] = mapped_column(String(20), index=True)
    legal_rep_name: Mapped[str | None] = mapped_column(String(100))
    legal_rep_title: Mapped[str | None] = mapped_column(String(100))
    stall_number: Mapped[str | None] = mapped_column(String(40), index=True)
    business_type: Mapped[str | None] = mapped_column(String(100))
    __table_args__ = (Index("ix_party_phone", "phone"),)


@event.listens_for(CaseRecord, "before_insert")
@event.listens_for(CaseRecord, "before_update")
def wages_by_subtype(_mapper: Any, _connection: Any, case: CaseRecord) -> None:
    """A case whose sub-type is unpaid migrant workers' wages is marked as such, however it was
    registered, imported or re-typed, so that every code list counts it in the wages column."""
    if case.subtype_code in WAGE_SUBTYPES and not case.migrant_wages:
        case.migrant_wages = True


class CasePartyRecord(IdMixin, Base):
    __tablename__ = "case_party"
    __table_args__ = (UniqueConstraint("case_id", "party_id"),)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"))  # the unique key
    party_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("party.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    agent_name: Mapped[str | None] = mapped_column(String(100))
    agent_phone: Mapped[str | None] = mapped_column(String(40))
    # who the agent is (domain.enums.AgentKind): authorised (委托代理人) or statutory (法定代理人, a minor's
    # parent); words of a power of attorney kept here before (一般授权) read as authorised
    agent_authority: Mapped[str | None] = mapped_column(String(200))
    wants_private: Mapped[bool] = mapped_column(default=False)  # asks for non-public mediation

    case: Mapped[CaseRecord] = relationship(back_populates="links")
    party: Mapped[PartyRecord] = relationship(lazy="joined")


class ParticipantRecord(IdMixin, Base):
    """Invited participants (参加人), interpreters, witnesses, recorders."""

    __tablename__ = "participant"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str | None] = mapped_column(String(200))
    relation: Mapped[str | None] = mapped_column(String(100))  # to which party, how
    languages: Mapped[str | None] = mapped_column(String(100))  # interpreter's language pair
    phone: Mapped[str | None] = mapped_column(String(40))
    parties_consented: Mapped[bool] = mapped_column(default=False)  # law Art. 20
    assists_link_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_party.id"))  # interpreter for


class ConsentRecord(IdMixin, Base):
    """Append-only per-party events: notice given, consent, refusal, withdrawal, extension consent."""

    __tablename__ = "consent_event"
    case_party_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_party.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    form: Mapped[str | None] = mapped_column(String(10))  # written / oral
    on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))


class StatusChangeRecord(Base):
    __tablename__ = "status_change"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str | None] = mapped_column(Text)


class ExternalRefRecord(IdMixin, Base):
    __tablename__ = "external_ref"
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(120))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
