"""Maintenance: backups, restore, the USB archive, ``check`` and the audit log (read, filter, export,
verify). A small face over ``storage``'s backup, restore, archive and audit modules."""

from __future__ import annotations

from pathlib import Path

from mediation_app.services.clock import Clock
from mediation_app.services.maintenance.audit_log import AuditLogService
from mediation_app.services.maintenance.read_models import (
    ArchiveView,
    AuditEntryView,
    AuditFilter,
    AuditPage,
    AuditVerification,
    BackupResult,
    BackupView,
    CheckReport,
    RestoreResult,
)
from mediation_app.services.maintenance.service import BackupFailed, MaintenanceService, RestoreRefused
from mediation_app.storage.db import Database


def open_maintenance(url: str, data_dir: Path, clock: Clock | None = None) -> tuple[MaintenanceService,
                                                                                     AuditLogService]:
    """The maintenance services over a database opened without the start-up preflight or upgrade, so
    that ``check`` and ``restore`` work on a file the application refuses to open."""
    db = Database(url)
    clock = clock or Clock()
    return MaintenanceService(db, clock, data_dir), AuditLogService(db, clock, data_dir)


__all__ = [
    "ArchiveView", "AuditEntryView", "AuditFilter", "AuditLogService", "AuditPage", "AuditVerification",
    "BackupFailed", "BackupResult", "BackupView", "CheckReport", "MaintenanceService", "RestoreRefused",
    "RestoreResult", "open_maintenance",
]
