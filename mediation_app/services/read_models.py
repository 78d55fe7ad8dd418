"""Plain frozen dataclasses that services return. Never ORM objects."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from mediation_app.domain.deadlines import DueItem
from mediation_app.services.centre_views import RoutingView


@dataclass(frozen=True, kw_only=True)
class Workplace:
    """The committees a database keeps and where it is (a file, or a server and database name)."""

    committees: tuple[str, ...]
    database: str
    server: bool = False


@dataclass(frozen=True)
class CommitteeView:
    id: uuid.UUID
    name: str
    short_name: str
    kind: str
    number_pattern: str
    case_word: str
    agreement_word: str
    deadline_rule: str
    address: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class MediatorView:
    id: uuid.UUID
    name: str
    sex: str
    ethnicity: str | None
    languages: str
    full_time: bool
    specialties: str
    phone: str | None
    active: bool


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    username: str
    display_name: str
    role: str
    active: bool
    mediator_id: uuid.UUID | None
    roles: tuple[str, ...] = ()  # every role of the account
    must_change_password: bool = False


@dataclass(frozen=True)
class PageKey:
    """Keyset position: the sort value and id of the last row shown (and, in a search's pages, its
    search id: they are in the order of the search index, registration day then search id)."""

    value: str
    id: uuid.UUID
    search_id: int | None = None


@dataclass(frozen=True)
class CaseFilter:
    statuses: tuple[str, ...] = ()
    dispute_type: str | None = None
    mediator_id: uuid.UUID | None = None
    committee_id: uuid.UUID | None = None  # narrow to one of the committees the account sees
    date_from: dt.date | None = None  # registered on or after
    date_to: dt.date | None = None
    overdue_only: bool = False  # past the deadline in force (an agreed extension counts)
    unassigned_only: bool = False  # open cases without a presiding mediator
    risk_levels: tuple[str, ...] = ()
    text: str = ""
    case_ids: tuple[uuid.UUID, ...] = ()  # exactly these cases (a statistics cell, a board number)
    sort: str = "registered_on"  # registered_on | accepted_on | deadline_on | number | status | risk_level | dispute_type
    descending: bool = True


@dataclass(frozen=True)
class CaseRow:
    id: uuid.UUID
    number: str
    title: str
    parties: str
    dispute_type: str
    status: str
    presiding_mediator: str | None
    registered_on: dt.date
    accepted_on: dt.date | None
    deadline_on: dt.date | None
    overdue: bool
    risk_level: str
    committee: str = ""  # the short name of the case's committee
    matched: str = ""  # with a search: the field it matched in and what it found there ("Party: 马福海")


@dataclass(frozen=True)
class CasePage:
    rows: tuple[CaseRow, ...]
    next_key: PageKey | None
    still_indexing: int = 0  # with a search: cases imported whose search index is still being written


@dataclass(frozen=True)
class PartyView:
    link_id: uuid.UUID
    party_id: uuid.UUID
    role: str
    kind: str
    name: str
    sex: str | None
    ethnicity: str | None
    birth_date: dt.date | None
    age: int | None
    id_type: str | None
    id_number: str | None
    id_masked: str
    occupation: str | None
    address: str | None
    phone: str | None
    phone_masked: str
    preferred_language: str | None
    interpreter_needed: bool
    credit_code: str | None
    legal_rep_name: str | None
    legal_rep_title: str | None
    stall_number: str | None
    business_type: str | None
    agent_name: str | None
    agent_phone: str | None
    notice_given_on: dt.date | None
    notice_form: str | None
    consent: str  # "pending" | "consent" | "refusal" | "withdrawal"
    consent_on: dt.date | None
    wants_private: bool
    agent_kind: str = "authorised"  # domain.enums.AgentKind: authorised (委托) or statutory (法定代理人)


@dataclass(frozen=True)
class DuplicateCandidate:
    party_id: uuid.UUID
    name: str
    reason: str  # translated: why it looks like the same person
    id_masked: str
    phone_masked: str
    case_count: int
    reusable: bool = True  # on a case of the committee asked about: may be linked to its cases


@dataclass(frozen=True)
class ParticipantView:
    id: uuid.UUID
    role: str
    name: str
    organisation: str | None
    relation: str | None
    languages: str | None
    phone: str | None
    parties_consented: bool
    assists_link_id: uuid.UUID | None = None  # the party an interpreter assists


@dataclass(frozen=True)
class ConsentView:
    link_id: uuid.UUID
    party_name: str
    kind: str
    form: str | None
    on: dt.date
    note: str | None


@dataclass(frozen=True)
class StatusChangeView:
    from_status: str | None
    to_status: str
    at: dt.datetime
    by: str
    reason: str | None


@dataclass(frozen=True)
class AssignmentView:
    id: uuid.UUID
    mediator_id: uuid.UUID
    mediator_name: str
    role: str
    method: str
    assigned_at: dt.datetime
    ended_at: dt.datetime | None
    end_reason: str | None


@dataclass(frozen=True)
class ConflictFinding:
    mediator_id: uuid.UUID
    reason: str  # translated


@dataclass(frozen=True)
class RecusalView:
    id: uuid.UUID
    mediator_id: uuid.UUID
    mediator_name: str
    requested_by: str | None
    reason: str
    requested_on: dt.date
    decision: str
    decided_on: dt.date | None
    replacement_name: str | None


@dataclass(frozen=True)
class AttendeeView:
    kind: str
    ref_id: uuid.UUID
    name: str
    location: str | None
    remote: bool | None = None  # took part remotely
    consent: str | None = None  # RemoteConsent code (parties of a remote or mixed session)
    identity_check: str | None = None  # IdentityCheck code (remote persons)


@dataclass(frozen=True)
class MeetingView:
    id: uuid.UUID
    status: str
    scheduled_at: dt.datetime | None
    held_at: dt.datetime | None
    place: str
    mode: str
    subject: str
    is_public: bool
    notice_read: bool
    record_text: str
    outcome: str | None
    failure_reason: str | None
    recorder_name: str | None
    attendees: tuple[AttendeeView, ...]
    statements: tuple[tuple[str, str], ...] = ()  # (speaker, what they said), in order
    evidence_checked: str | None = None
    risk_warning: str | None = None
    platform: str | None = None  # remote and mixed sessions
    remote_identity_check: str | None = None  # a note on the identity checks (older records: the only one)


@dataclass(frozen=True)
class InvestigationView:
    id: uuid.UUID
    at: dt.datetime
    place: str
    investigators: str
    interviewee: str
    recorder_name: str | None
    content: str


@dataclass(frozen=True)
class EvidenceView:
    id: uuid.UUID
    kind: str
    title: str
    source: str | None
    pages: int | None
    sha256: str
    filename: str
    mime: str
    size: int
    added_at: dt.datetime


@dataclass(frozen=True)
class ObligationView:
    id: uuid.UUID
    seq: int
    obligor_link_id: uuid.UUID
    obligor_name: str
    obligee_link_id: uuid.UUID | None
    obligee_name: str | None
    description: str
    amount_fen: int | None
    due_on: dt.date | None
    place: str | None
    method: str | None
    performed_fen: int
    performed_on: dt.date | None
    period: str = ""  # domain.schedule.Period of a recurring obligation
    period_until: dt.date | None = None


@dataclass(frozen=True)
class ExecutionView:
    link_id: uuid.UUID
    party_name: str
    method: str
    signer_name: str
    executed_on: dt.date


@dataclass(frozen=True)
class AgreementView:
    id: uuid.UUID
    form: str
    number: str | None
    facts: str
    issues: str
    responsibilities: str
    terms: tuple[str, ...]
    obligations: tuple[ObligationView, ...]
    performance_method: str
    performance_place: str
    performance_deadline: dt.date | None
    originals: int
    originals_override: int | None
    personal_status: bool
    recorder_name: str | None
    interpreter_name: str | None
    tibetan_text: str | None
    drafted_on: dt.date | None
    reached_on: dt.date | None
    mediator_signed_on: dt.date | None
    seal_affixed_on: dt.date | None
    effective_on: dt.date | None
    executions: tuple[ExecutionView, ...]
    content_hash: str | None
    missing: tuple[str, ...] = ()  # agreement checker: required elements still missing
    warnings: tuple[str, ...] = ()
    confirmation_eligible: bool = True
    total_fen: int = 0


@dataclass(frozen=True)
class TerminationView:
    kind: str
    reason: str
    routes: tuple[str, ...]
    routes_told_on: dt.date
    reported_to: str | None
    reported_on: dt.date | None
    on: dt.date


@dataclass(frozen=True)
class FollowUpView:
    id: uuid.UUID
    person_visited: str
    at: dt.datetime
    mode: str
    performance_status: str
    satisfaction: str | None
    lawsuit: str | None
    new_risk: str | None
    measures: str | None
    findings: str
    visitor_name: str


@dataclass(frozen=True)
class PerformanceView:
    id: uuid.UUID
    obligation_id: uuid.UUID | None
    kind: str
    amount_fen: int | None
    on: dt.date
    note: str | None


@dataclass(frozen=True)
class ConfirmationView:
    id: uuid.UUID
    court: str
    court_basis: str | None
    applied_on: dt.date
    joint: bool
    outcome: str
    outcome_on: dt.date | None
    court_case_number: str | None
    deadline: dt.date | None  # effective + 30 days
    agreement_id: uuid.UUID | None = None  # the agreement the application was about


@dataclass(frozen=True)
class ReferralView:
    id: uuid.UUID
    number: str
    case_id: uuid.UUID | None
    from_unit: str
    to_department: str
    reason: str
    instructions: str | None
    issued_on: dt.date
    deadline: dt.date | None
    status: str
    feedback: str | None
    feedback_on: dt.date | None
    log: tuple[tuple[dt.date, str, str | None], ...] = ()


@dataclass(frozen=True)
class RiskView:
    level: str
    flags: tuple[str, ...]
    reason: str
    containment: str | None
    escalated_to: str | None
    reported_to: str | None
    reported_on: dt.date | None
    at: dt.datetime
    by: str


@dataclass(frozen=True)
class ExternalRefView:
    kind: str
    value: str
    issued_on: dt.date | None


@dataclass(frozen=True)
class DocumentRecordView:
    kind: str
    template_version: str
    sha256: str
    pages: int | None
    final: bool
    generated_at: dt.datetime
    by: str


@dataclass(frozen=True)
class CaseDetail:
    id: uuid.UUID
    number: str
    committee: CommitteeView
    status: str
    title: str
    source: str
    referrer_name: str | None
    referrer_contact: str | None
    referrer_deadline: dt.date | None
    application_form: str | None
    dispute_type: str
    subtype_code: str | None
    subtype_label: str | None
    facts: str
    requests: str
    place: str | None
    amount_fen: int | None
    persons_involved: int | None
    is_public: bool
    quick_entry: bool
    registered_on: dt.date
    accepted_on: dt.date | None
    deadline_on: dt.date | None
    extended_until: dt.date | None
    closed_on: dt.date | None
    archived_on: dt.date | None
    risk_level: str
    retention_period: str | None
    file_compiler: str | None
    file_compiled_on: dt.date | None
    file_checker: str | None
    explanatory_note: str | None
    refusal_reason: str | None
    refusal_routes: tuple[str, ...]
    registered_by: str
    presiding_mediator_id: uuid.UUID | None
    presiding_mediator: str | None
    parties: tuple[PartyView, ...]
    participants: tuple[ParticipantView, ...]
    consents: tuple[ConsentView, ...]
    history: tuple[StatusChangeView, ...]
    assignments: tuple[AssignmentView, ...]
    recusals: tuple[RecusalView, ...]
    meetings: tuple[MeetingView, ...]
    investigations: tuple[InvestigationView, ...]
    evidence: tuple[EvidenceView, ...]
    agreements: tuple[AgreementView, ...]
    termination: TerminationView | None
    follow_ups: tuple[FollowUpView, ...]
    performance: tuple[PerformanceView, ...]
    confirmations: tuple[ConfirmationView, ...]
    referrals: tuple[ReferralView, ...]
    risk_history: tuple[RiskView, ...]
    external_refs: tuple[ExternalRefView, ...]
    documents: tuple[DocumentRecordView, ...]
    due: tuple[DueItem, ...]
    blocked: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Action -> reasons (empty = allowed)
    performance_status: str = "not_due"
    # the sub-type usually concerns a personal-status relation: a new agreement starts flagged
    personal_status_suggested: bool = False
    refusal_reason_code: str | None = None  # the list entry chosen on refusal
    refusal_note: str | None = None  # the note typed beside it
    routing: RoutingView | None = None  # registered at the centre's window: how it was routed
    keeps_fund: bool = False  # its committee keeps an advance compensation fund: the case has a Fund part

    @property
    def current_agreement(self) -> AgreementView | None:
        return self.agreements[-1] if self.agreements else None

    def allowed(self, action: str) -> bool:
        return not self.blocked.get(action)
