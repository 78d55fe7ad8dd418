"""Maintenance: backups, restore, the USB archive, ``check`` and the audit log (read, filter, export,
verify). A small face over ``storage``'s backup, restore, archive and audit modules."""

from __future__ import annotations

from pathlib import Path

from mediation_app.services.clock import Clock
from mediation_app.services.errors import from_storage
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
from mediation_app.storage.errors import StorageError


def open_maintenance(url: str, data_dir: Path, clock: Clock | None = None, *, read_only: bool = False,
                     look: bool = True) -> tuple[MaintenanceService, AuditLogService]:
    """The maintenance services over a database that is never created here and not upgraded.
    ``read_only`` (check): nothing can be written, no -wal replayed. ``look=False`` (restore): the
    file is not looked at first, so that a file the application refuses can still be replaced.
    A file that fails the look raises the typed storage error."""
    try:
        db = Database(url, create=False, read_only=read_only, backup_dir=Path(data_dir) / "backups", look=look)
    except StorageError as exc:
        raise from_storage(exc) from exc
    db.error_hook = from_storage
    clock = clock or Clock()
    return MaintenanceService(db, clock, data_dir), AuditLogService(db, clock, data_dir)


__all__ = [
    "ArchiveView", "AuditEntryView", "AuditFilter", "AuditLogService", "AuditPage", "AuditVerification",
    "BackupFailed", "BackupResult", "BackupView", "CheckReport", "MaintenanceService", "RestoreRefused",
    "RestoreResult", "open_maintenance",
]
