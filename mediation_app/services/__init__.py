"""Use cases. ``build_services`` wires them over one database; the GUI and the CLI share them.

Importing this package must work without Qt (import-linter checks it).

Each service is built, and its module imported, the first time it is used: a command or a window
imports only what it uses (the sign-in needs the accounts, not the statistics, documents or
hand-over code and the libraries behind them).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from mediation_app.services.context import Actor, Changes
from mediation_app.services.errors import ServiceError

if TYPE_CHECKING:
    from mediation_app.services.accounts import AccountService
    from mediation_app.services.agreements import AgreementService
    from mediation_app.services.assignment import AssignmentService
    from mediation_app.services.board import BoardService
    from mediation_app.services.cases import CaseQueryService
    from mediation_app.services.centre import CommitteeService, RoutingService
    from mediation_app.services.clock import Clock
    from mediation_app.services.command_sessions import CommandSessionService
    from mediation_app.services.confirmation import ConfirmationService
    from mediation_app.services.demo import DemoService
    from mediation_app.services.documents import DocumentService
    from mediation_app.services.drafts import DraftService
    from mediation_app.services.exports import CaseExportService
    from mediation_app.services.followup import FollowUpService
    from mediation_app.services.handover import HandoverService
    from mediation_app.services.imports import LedgerImportService
    from mediation_app.services.intake import IntakeService
    from mediation_app.services.ladder import LadderService, SupervisionService
    from mediation_app.services.ledger import LedgerService
    from mediation_app.services.maintenance import AuditLogService, MaintenanceService
    from mediation_app.services.market import FundReceipts, MarketClockService, MarketStatsService, MerchantService
    from mediation_app.services.market.complaints import ComplaintService
    from mediation_app.services.meetings import MeetingService
    from mediation_app.services.outcomes import OutcomeService
    from mediation_app.services.overview import OverviewService
    from mediation_app.services.parties import PartyService
    from mediation_app.services.reference import ReferenceAdminService, ReferenceService
    from mediation_app.services.referrals import ReferralService
    from mediation_app.services.risk import RiskService
    from mediation_app.services.screening import ScreeningService
    from mediation_app.services.setup import SetupService
    from mediation_app.services.slips import SlipService
    from mediation_app.services.stats import StatsService
    from mediation_app.services.stats.recording import StatsRecordingService
    from mediation_app.services.stats.submissions import SubmissionService
    from mediation_app.services.warnings import WarningService
    from mediation_app.storage.db import Database
    from mediation_app.storage.files import FileStore

T = TypeVar("T")


class _Service(Generic[T]):
    """One service of :class:`Services`, built on first use (once, whichever thread asks first) as
    ``module.cls(db, clock, *needs)``; ``needs`` names other services or ``files`` / ``data_dir``."""

    def __init__(self, module: str, cls: str, *needs: str) -> None:
        self.module, self.cls, self.needs = module, cls, needs
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _Service[T]: ...
    @overload
    def __get__(self, obj: Services, owner: type | None = None) -> T: ...

    def __get__(self, obj: Services | None, owner: type | None = None) -> _Service[T] | T:
        if obj is None:
            return self
        with obj._building:  # the built service lands in the instance, which answers from then on
            built = obj.__dict__.get(self.name)
            if built is None:
                cls = getattr(importlib.import_module(f"mediation_app.services.{self.module}"), self.cls)
                built = cls(obj.db, obj.clock, *(getattr(obj, need) for need in self.needs))
                obj.__dict__[self.name] = built
        return built  # type: ignore[no-any-return]


class Services:
    """The use cases over one database (see ``build_services``)."""

    setup: _Service[SetupService] = _Service("setup", "SetupService")
    accounts: _Service[AccountService] = _Service("accounts", "AccountService")
    parties: _Service[PartyService] = _Service("parties", "PartyService")
    intake: _Service[IntakeService] = _Service("intake", "IntakeService", "parties")
    cases: _Service[CaseQueryService] = _Service("cases", "CaseQueryService")
    assignment: _Service[AssignmentService] = _Service("assignment", "AssignmentService")
    meetings: _Service[MeetingService] = _Service("meetings", "MeetingService", "files")
    agreements: _Service[AgreementService] = _Service("agreements", "AgreementService")
    outcomes: _Service[OutcomeService] = _Service("outcomes", "OutcomeService")
    reference: _Service[ReferenceService] = _Service("reference", "ReferenceService")
    reference_admin: _Service[ReferenceAdminService] = _Service("reference", "ReferenceAdminService")
    overview: _Service[OverviewService] = _Service("overview", "OverviewService", "cases")
    followups: _Service[FollowUpService] = _Service("followup", "FollowUpService")
    confirmation: _Service[ConfirmationService] = _Service("confirmation", "ConfirmationService")
    referrals: _Service[ReferralService] = _Service("referrals", "ReferralService")
    risk: _Service[RiskService] = _Service("risk", "RiskService")
    ledger: _Service[LedgerService] = _Service("ledger", "LedgerService", "intake")
    documents: _Service[DocumentService] = _Service("documents", "DocumentService", "cases", "meetings")
    maintenance: _Service[MaintenanceService] = _Service("maintenance", "MaintenanceService", "data_dir")
    audit_log: _Service[AuditLogService] = _Service("maintenance", "AuditLogService", "data_dir")
    committees: _Service[CommitteeService] = _Service("centre", "CommitteeService")
    routing: _Service[RoutingService] = _Service("centre", "RoutingService", "intake", "referrals")
    stats: _Service[StatsService] = _Service("stats", "StatsService")
    stats_recording: _Service[StatsRecordingService] = _Service("stats.recording", "StatsRecordingService")
    stats_submissions: _Service[SubmissionService] = _Service("stats.submissions", "SubmissionService", "stats")
    drafts: _Service[DraftService] = _Service("drafts", "DraftService")
    screening: _Service[ScreeningService] = _Service("screening", "ScreeningService")
    board: _Service[BoardService] = _Service("board", "BoardService", "referrals")
    ledger_import: _Service[LedgerImportService] = _Service("imports", "LedgerImportService", "intake", "ledger",
                                                            "merchants")
    exports: _Service[CaseExportService] = _Service("exports", "CaseExportService", "cases")
    handover: _Service[HandoverService] = _Service("handover", "HandoverService", "data_dir", "files")
    merchants: _Service[MerchantService] = _Service("market", "MerchantService")
    market_clock: _Service[MarketClockService] = _Service("market", "MarketClockService")
    market_stats: _Service[MarketStatsService] = _Service("market", "MarketStatsService")
    fund: _Service[FundReceipts] = _Service("market", "FundReceipts")
    ladder: _Service[LadderService] = _Service("ladder", "LadderService")
    supervision: _Service[SupervisionService] = _Service("ladder", "SupervisionService")
    slips: _Service[SlipService] = _Service("slips", "SlipService")
    warnings: _Service[WarningService] = _Service("warnings", "WarningService")
    complaints: _Service[ComplaintService] = _Service("market.complaints", "ComplaintService")
    command_sessions: _Service[CommandSessionService] = _Service("command_sessions", "CommandSessionService")

    def __init__(self, db: Database, clock: Clock, data_dir: Path) -> None:
        self.db, self.clock, self.data_dir = db, clock, Path(data_dir)
        self._building = threading.RLock()
        self._files: FileStore | None = None

    @property
    def files(self) -> FileStore:
        """The attachment store (evidence files by content hash) beside the database."""
        if self._files is None:
            from mediation_app.storage.files import FileStore

            self._files = FileStore(self.data_dir / "attachments")
        return self._files

    @property
    def demo(self) -> DemoService:
        with self._building:
            built: DemoService | None = self.__dict__.get("_demo")
            if built is None:
                from mediation_app.services.demo import DemoService

                built = DemoService(self.db, self.clock, self.files)
                built.routing = self.routing
                self.__dict__["_demo"] = built
            return built

    @property
    def read_only(self) -> bool:
        """The file or its folder cannot be written: the client shows a banner and disables editing."""
        return self.db.read_only

    def set_write_listener(self, listener: Callable[[str | None], None] | None) -> None:
        """``listener(holder)`` when a save has to wait for another desk ("" when unknown), then
        ``listener(None)`` once it goes ahead: the client shows "saving…" meanwhile."""
        self.db.on_wait = listener

    def is_set_up(self) -> bool:
        """A committee has been set up (as ``setup.is_initialised``, answered without loading the
        services and the data model, so that the first window needs neither)."""
        return self.db.has_committee()

    def close(self) -> None:
        self.db.dispose()


def ready_to_sign_in(path: Path | None) -> bool:
    """A plain SQLite file closed cleanly by this application, unchanged since, writable, current and
    set up: the client may paint its sign-in window before the services (and SQLAlchemy) load, and
    open them while the user types (storage/quick_start.py). Anything else opens first, as always."""
    from mediation_app.storage.quick_start import ready

    return ready(path)


def open_database(url: str, data_dir: Path, *, migrate: bool = True, create: bool = True,
                  read_only: bool = False, passphrase: str | None = None, encrypt_new: bool = False) -> Database:
    """Look at the file without writing, refuse a damaged, empty or newer one, then upgrade it
    (after a verified backup). Storage errors leave as translated service errors (from_storage).
    An encrypted SQLite file needs its ``passphrase``; ``encrypt_new`` creates a new file
    encrypted with it (services/encryption.py)."""
    from mediation_app.services.encryption import database_url
    from mediation_app.services.errors import from_storage
    from mediation_app.storage.db import Database
    from mediation_app.storage.errors import StorageError
    from mediation_app.storage.migrate import ensure_known, upgrade

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
    the first-run window create one). The services themselves are built on first use."""
    from mediation_app.config import default_data_dir
    from mediation_app.services.clock import Clock
    from mediation_app.storage.private_files import make_database_private, make_private

    clock = clock or Clock()
    if create or Path(data_dir).is_dir():  # personal data: the folder 0700, its files 0600 (POSIX)
        make_private(Path(data_dir), own_folder=Path(data_dir).resolve() == default_data_dir().resolve())
    db = open_database(url, data_dir, migrate=migrate, create=create, read_only=read_only,
                       passphrase=passphrase, encrypt_new=encrypt_new)
    if not db.read_only:
        make_database_private(db.sqlite_path)
    return Services(db, clock, Path(data_dir))


__all__ = ["Actor", "Changes", "ServiceError", "Services", "build_services"]
