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
from mediation_app.storage.models.cli_signin import CliSessionRecord
from mediation_app.storage.models.complaints import ComplaintReferralRecord
from mediation_app.storage.models.due import DueItemRecord
from mediation_app.storage.models.fund import FundEntryRecord
from mediation_app.storage.models.handover import (
    HandoverBaseRecord,
    HandoverBundleRecord,
    HandoverConflictRecord,
    HandoverPeerRecord,
    ImportedAuditRecord,
    SiteIdentityRecord,
)
from mediation_app.storage.models.imports import ImportBatchRecord, ImportedRowRecord
from mediation_app.storage.models.ladder import (
    CaseLevelEventRecord,
    CaseLevelRecord,
    LadderLevelRecord,
    ReferralSignInRecord,
    SupervisionSettingRecord,
)
from mediation_app.storage.models.market import (
    CalendarDayRecord,
    MarketClockRecord,
    MarketSettingRecord,
    MerchantPartyRecord,
    MerchantRecord,
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
from mediation_app.storage.models.search import (
    CaseSearchRecord,
    CaseTermRecord,
    SearchPendingRecord,
    SearchTuneRecord,
)
from mediation_app.storage.models.slips import SlipRecord
from mediation_app.storage.models.stats import (
    CaseStatsMonthRecord,
    DisputeCodeMapRecord,
    DisputeCodeRecord,
    DisputeCodeVersionRecord,
    PreventionEventRecord,
    ScreeningRoundRecord,
    StatsSettingRecord,
    StatsSubmissionCellRecord,
    StatsSubmissionRecord,
)
from mediation_app.storage.models.warnings import RiskWarningRecord, WarningPendingRecord, WarningSettingRecord

__all__ = [
    "AgreementRecord", "AgreementTermRecord", "AppInfoRecord", "AssignmentRecord", "AuditRecord", "Base",
    "CasePartyRecord", "CaseRecord", "ComplaintReferralRecord", "DueItemRecord", "CaseSearchRecord", "CaseTermRecord", "SearchPendingRecord",
    "SearchTuneRecord", "CommitteeRecord", "ConfirmationRecord", "ConsentRecord",
    "DisputeSubtypeRecord", "EvidenceRecord", "FormDraftRecord", "ExecutionRecord", "ExternalRefRecord", "FollowUpRecord",
    "GeneratedDocumentRecord", "HandoverBaseRecord", "HandoverBundleRecord", "HandoverConflictRecord",
    "HandoverPeerRecord", "ImportBatchRecord", "ImportedAuditRecord", "ImportedRowRecord", "InvestigationRecord",
    "LedgerItemRecord", "LookupRecord", "MediatorRecord", "MeetingAttendeeRecord", "MembershipRecord", "MeetingRecord",
    "NumberCounterRecord", "SiteIdentityRecord",
    "ObligationRecord", "ParticipantRecord", "PartyRecord", "PerformanceEventRecord", "RecusalRecord",
    "ReferralLogRecord", "ReferralRecord", "RiskAssessmentRecord", "RoutingRecord", "StatusChangeRecord",
    "TerminationRecord", "UserRecord",
    "CaseStatsMonthRecord", "DisputeCodeMapRecord", "DisputeCodeRecord", "DisputeCodeVersionRecord", "PreventionEventRecord",
    "ScreeningRoundRecord", "StatsSettingRecord", "StatsSubmissionCellRecord", "StatsSubmissionRecord",
    "CalendarDayRecord", "MarketClockRecord", "MarketSettingRecord", "MerchantPartyRecord", "MerchantRecord",
    "FundEntryRecord",
    "CaseLevelEventRecord", "CaseLevelRecord", "LadderLevelRecord", "ReferralSignInRecord", "SupervisionSettingRecord",
    "SlipRecord",
    "RiskWarningRecord", "WarningPendingRecord", "WarningSettingRecord",
    "CliSessionRecord",
]

# Keeps each case's statistics facts up to date on every flush (registered once, on import).
from mediation_app.storage import stats_facts as _stats_facts  # noqa: E402,F401

# Refuses a text longer than its column before the flush writes anything (registered once, on import).
from mediation_app.storage import text_limits as _text_limits  # noqa: E402,F401
