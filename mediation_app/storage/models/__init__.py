"""All ORM tables. Importing this package registers every table on ``Base.metadata``."""

from mediation_app.storage.base import Base
from mediation_app.storage.models.case import (
    CasePartyRecord,
    CaseRecord,
    ConsentRecord,
    ExternalRefRecord,
    ParticipantRecord,
    PartyRecord,
    StatusChangeRecord,
)
from mediation_app.storage.models.org import (
    CommitteeRecord,
    DisputeSubtypeRecord,
    FormDraftRecord,
    LookupRecord,
    MediatorRecord,
    MembershipRecord,
    NumberCounterRecord,
    UserRecord,
)
from mediation_app.storage.models.outcome import (
    AgreementRecord,
    AgreementTermRecord,
    ConfirmationRecord,
    ExecutionRecord,
    FollowUpRecord,
    ObligationRecord,
    PerformanceEventRecord,
    TerminationRecord,
)
from mediation_app.storage.models.process import (
    AssignmentRecord,
    EvidenceRecord,
    InvestigationRecord,
    LedgerItemRecord,
    MeetingAttendeeRecord,
    MeetingRecord,
    RecusalRecord,
    ReferralLogRecord,
    ReferralRecord,
    RiskAssessmentRecord,
    RoutingRecord,
)
from mediation_app.storage.models.records import AppInfoRecord, AuditRecord, GeneratedDocumentRecord

__all__ = [
    "AgreementRecord", "AgreementTermRecord", "AppInfoRecord", "AssignmentRecord", "AuditRecord", "Base",
    "CasePartyRecord", "CaseRecord", "CommitteeRecord", "ConfirmationRecord", "ConsentRecord",
    "DisputeSubtypeRecord", "EvidenceRecord", "FormDraftRecord", "ExecutionRecord", "ExternalRefRecord", "FollowUpRecord",
    "GeneratedDocumentRecord", "InvestigationRecord", "LedgerItemRecord", "LookupRecord",
    "MediatorRecord", "MeetingAttendeeRecord", "MembershipRecord", "MeetingRecord", "NumberCounterRecord",
    "ObligationRecord", "ParticipantRecord", "PartyRecord", "PerformanceEventRecord", "RecusalRecord",
    "ReferralLogRecord", "ReferralRecord", "RiskAssessmentRecord", "RoutingRecord", "StatusChangeRecord",
    "TerminationRecord", "UserRecord",
]
