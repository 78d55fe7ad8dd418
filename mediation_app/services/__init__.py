"""Use cases. ``build_services`` wires them over one database; the GUI and the CLI share them.

Importing this package must work without Qt (import-linter checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mediation_app.services.accounts import AccountService
from mediation_app.services.agreements import AgreementService
from mediation_app.services.assignment import AssignmentService
from mediation_app.services.board import BoardService
from mediation_app.services.cases import CaseQueryService
from mediation_app.services.centre import CommitteeService, RoutingService
from mediation_app.services.clock import Clock
from mediation_app.services.confirmation import ConfirmationService
from mediation_app.services.context import Actor, Changes
from mediation_app.services.demo import DemoService
from mediation_app.services.documents import DocumentService
from mediation_app.services.drafts import DraftService
from mediation_app.services.encryption import database_url
from mediation_app.services.errors import ServiceError, from_storage
from mediation_app.services.exports import CaseExportService
from mediation_app.services.followup import FollowUpService
from mediation_app.services.handover import HandoverService
from mediation_app.services.imports import LedgerImportService
from mediation_app.services.intake import IntakeService
from mediation_app.services.ledger import LedgerService
from mediation_app.services.maintenance import AuditLogService, MaintenanceService
from mediation_app.services.market import MarketClockService, MarketStatsService, MerchantService
from mediation_app.services.meetings import MeetingService
from mediation_app.services.outcomes import OutcomeService
from mediation_app.services.overview import OverviewService
from mediation_app.services.parties import PartyService
from mediation_app.services.reference import ReferenceAdminService, ReferenceService
from mediation_app.services.referrals import ReferralService
from mediation_app.services.risk import RiskService
from mediation_app.services.screening import ScreeningService
from mediation_app.services.setup import SetupService
from mediation_app.services.stats import StatsService
from mediation_app.services.stats.recording import StatsRecordingService
from mediation_app.services.stats.submissions import SubmissionService
from mediation_app.storage.db import Database
from mediation_app.storage.errors import StorageError
from mediation_app.storage.files import FileStore
from mediation_app.storage.migrate import ensure_known, upgrade
from mediation_app.storage.private_files import make_database_private, make_private


@dataclass
class Services:
    db: Database
    clock: Clock
    data_dir: Path
    setup: SetupService
    accounts: AccountService
    parties: PartyService
    intake: IntakeService
    cases: CaseQueryService
    assignment: AssignmentService
    meetings: MeetingService
    agreements: AgreementService
    outcomes: OutcomeService
    reference: ReferenceService
    reference_admin: ReferenceAdminService
    overview: OverviewService
    demo: DemoService
    followups: FollowUpService
    confirmation: ConfirmationService
    referrals: ReferralService
    risk: RiskService
    ledger: LedgerService
    documents: DocumentService
    maintenance: MaintenanceService
    audit_log: AuditLogService
    committees: CommitteeService
    routing: RoutingService
    stats: StatsService
    stats_recording: StatsRecordingService
    stats_submissions: SubmissionService

    @property
    def read_only(self) -> bool:
        """The file or its folder cannot be written: the client shows a banner and disables editing."""
        return self.db.read_only

    def set_write_listener(self, listener: Callable[[str | None], None] | None) -> None:
        """``listener(holder)`` when a save has to wait for another desk ("" when unknown), then
        ``listener(None)`` once it goes ahead: the client shows "saving…" meanwhile."""
        self.db.on_wait = listener
    drafts: DraftService
    screening: ScreeningService
    board: BoardService
    ledger_import: LedgerImportService
    exports: CaseExportService
    handover: HandoverService
    merchants: MerchantService
    market_clock: MarketClockService
    market_stats: MarketStatsService

    def close(self) -> None:
        self.db.dispose()


def open_database(url: str, data_dir: Path, *, migrate: bool = True, create: bool = True,
                  read_only: bool = False, passphrase: str | None = None, encrypt_new: bool = False) -> Database:
    """Look at the file without writing, refuse a damaged, empty or newer one, then upgrade it
    (after a verified backup). Storage errors leave as translated service errors (from_storage).
    An encrypted SQLite file needs its ``passphrase``; ``encrypt_new`` creates a new file
    encrypted with it (services/encryption.py)."""
    backups = Path(data_dir) / "backups"
    url = database_url(url, passphrase, encrypt_new=encrypt_new)
    try:
        db = Database(url, create=create, read_only=read_only, backup_dir=backups)
    except StorageError as exc:
        raise from_storage(exc) from exc
    db.error_hook = from_storage
    try:
        if migrate and not db.read_only:
            upgrade(db, backup_dir=backups)
        else:
            ensure_known(db)
    except StorageError as exc:
        db.dispose()
        raise from_storage(exc) from exc
    except BaseException:
        db.dispose()
        raise
    return db


def build_services(url: str, data_dir: Path, clock: Clock | None = None, migrate: bool = True, *,
                   create: bool = True, read_only: bool = False, passphrase: str | None = None,
                   encrypt_new: bool = False) -> Services:
    """Open (and upgrade, after a verified backup) the database at ``url``; attachments and
    backups live under ``data_dir``. ``create=False`` refuses a missing file (only ``init`` and
    the first-run window create one)."""
    from mediation_app.config import default_data_dir

    clock = clock or Clock()
    if create or Path(data_dir).is_dir():  # personal data: the folder 0700, its files 0600 (POSIX)
        make_private(Path(data_dir), own_folder=Path(data_dir).resolve() == default_data_dir().resolve())
    db = open_database(url, data_dir, migrate=migrate, create=create, read_only=read_only,
                       passphrase=passphrase, encrypt_new=encrypt_new)
    if not db.read_only:
        make_database_private(db.sqlite_path)
    files = FileStore(Path(data_dir) / "attachments")
    parties = PartyService(db, clock)
    cases = CaseQueryService(db, clock)
    intake = IntakeService(db, clock, parties)
    meetings = MeetingService(db, clock, files)
    referrals = ReferralService(db, clock)
    stats = StatsService(db, clock)
    ledger = LedgerService(db, clock, intake)
    merchants = MerchantService(db, clock)
    svc = Services(
        db=db, clock=clock, data_dir=Path(data_dir),
        setup=SetupService(db, clock), accounts=AccountService(db, clock), parties=parties,
        intake=intake, cases=cases, assignment=AssignmentService(db, clock),
        meetings=meetings, agreements=AgreementService(db, clock),
        outcomes=OutcomeService(db, clock), reference=ReferenceService(db, clock),
        reference_admin=ReferenceAdminService(db, clock),
        overview=OverviewService(db, clock, cases), demo=DemoService(db, clock, files),
        followups=FollowUpService(db, clock), confirmation=ConfirmationService(db, clock),
        referrals=referrals, risk=RiskService(db, clock), ledger=ledger,
        documents=DocumentService(db, clock, cases, meetings),
        maintenance=MaintenanceService(db, clock, Path(data_dir)), audit_log=AuditLogService(db, clock, Path(data_dir)),
        drafts=DraftService(db, clock), committees=CommitteeService(db, clock),
        routing=RoutingService(db, clock, intake, referrals), stats=stats, stats_recording=StatsRecordingService(db, clock),
        stats_submissions=SubmissionService(db, clock, stats),
        screening=ScreeningService(db, clock), board=BoardService(db, clock, referrals),
        ledger_import=LedgerImportService(db, clock, intake, ledger, merchants),
        exports=CaseExportService(db, clock, cases),
        handover=HandoverService(db, clock, Path(data_dir), files),
        merchants=merchants, market_clock=MarketClockService(db, clock), market_stats=MarketStatsService(db, clock),
    )
    svc.demo.routing = svc.routing
    return svc


__all__ = ["Actor", "Changes", "ServiceError", "Services", "build_services"]
