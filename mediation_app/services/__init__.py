"""Use cases. ``build_services`` wires them over one database; the GUI and the CLI share them.

Importing this package must work without Qt (import-linter checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mediation_app.services.accounts import AccountService
from mediation_app.services.agreements import AgreementService
from mediation_app.services.assignment import AssignmentService
from mediation_app.services.cases import CaseQueryService
from mediation_app.services.clock import Clock
from mediation_app.services.confirmation import ConfirmationService
from mediation_app.services.context import Actor, Changes
from mediation_app.services.demo import DemoService
from mediation_app.services.documents import DocumentService
from mediation_app.services.errors import ServiceError
from mediation_app.services.followup import FollowUpService
from mediation_app.services.intake import IntakeService
from mediation_app.services.ledger import LedgerService
from mediation_app.services.maintenance import AuditLogService, MaintenanceService
from mediation_app.services.meetings import MeetingService
from mediation_app.services.outcomes import OutcomeService
from mediation_app.services.overview import OverviewService
from mediation_app.services.parties import PartyService
from mediation_app.services.reference import ReferenceAdminService, ReferenceService
from mediation_app.services.referrals import ReferralService
from mediation_app.services.risk import RiskService
from mediation_app.services.setup import SetupService
from mediation_app.storage.db import Database, preflight_sqlite
from mediation_app.storage.files import FileStore
from mediation_app.storage.migrate import upgrade


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

    def close(self) -> None:
        self.db.dispose()


def build_services(url: str, data_dir: Path, clock: Clock | None = None, migrate: bool = True) -> Services:
    """Open (and upgrade, after a verified backup) the database at ``url``; attachments and
    backups live under ``data_dir``."""
    clock = clock or Clock()
    db = Database(url)
    if db.sqlite_path is not None:
        preflight_sqlite(db.sqlite_path, Path(data_dir) / "backups")
    if migrate:
        upgrade(db, backup_dir=Path(data_dir) / "backups")
    files = FileStore(Path(data_dir) / "attachments")
    parties = PartyService(db, clock)
    cases = CaseQueryService(db, clock)
    intake = IntakeService(db, clock, parties)
    meetings = MeetingService(db, clock, files)
    svc = Services(
        db=db, clock=clock, data_dir=Path(data_dir),
        setup=SetupService(db, clock), accounts=AccountService(db, clock), parties=parties,
        intake=intake, cases=cases, assignment=AssignmentService(db, clock),
        meetings=meetings, agreements=AgreementService(db, clock),
        outcomes=OutcomeService(db, clock), reference=ReferenceService(db, clock),
        reference_admin=ReferenceAdminService(db, clock),
        overview=OverviewService(db, clock, cases), demo=DemoService(db, clock, files),
        followups=FollowUpService(db, clock), confirmation=ConfirmationService(db, clock),
        referrals=ReferralService(db, clock), risk=RiskService(db, clock), ledger=LedgerService(db, clock, intake),
        documents=DocumentService(db, clock, cases, meetings),
        maintenance=MaintenanceService(db, clock, Path(data_dir)), audit_log=AuditLogService(db, clock, Path(data_dir)),
    )
    return svc


__all__ = ["Actor", "Changes", "ServiceError", "Services", "build_services"]
