"""What the maintenance services hand to the client and the CLI: plain frozen values, words not codes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class BackupView:
    path: Path
    name: str
    kind: str  # auto / manual / before-upgrade / before-restore / damaged / archive
    kind_label: str
    created_at: dt.datetime | None  # local time
    size: int
    cases: int | None
    audit_seq: int | None
    verified: bool
    problem: str | None  # translated; None when verified


@dataclass(frozen=True, kw_only=True)
class BackupResult:
    backup: BackupView
    deleted: tuple[str, ...] = ()  # older automatic backups removed by the rotation
    partials_removed: int = 0
    partial_bytes: int = 0


@dataclass(frozen=True, kw_only=True)
class RestoreResult:
    restored_from: str
    backup_created_at: dt.datetime | None
    cases: int | None
    safety_copy: Path | None
    safety_verified: bool
    moved_aside: tuple[Path, ...]
    attachments: int = 0
    message: str = ""  # translated summary


@dataclass(frozen=True, kw_only=True)
class ArchiveView:
    path: Path
    created_at: str
    attachments: int
    size: int
    cases: int | None


@dataclass(frozen=True, kw_only=True)
class CheckReport:
    lines: tuple[tuple[str, str], ...]  # (what, result) for the record
    problems: tuple[str, ...]  # translated, each one sentence
    audit_entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, kw_only=True)
class AuditFilter:
    since: dt.date | None = None  # local dates, inclusive
    until: dt.date | None = None
    username: str = ""
    case_number: str = ""
    action: str = ""  # exact action, or a prefix ending in "."


@dataclass(frozen=True, kw_only=True)
class AuditEntryView:
    seq: int
    at: dt.datetime  # local time
    username: str
    action: str
    action_label: str
    object_type: str
    object_id: str | None
    case_number: str | None
    success: bool
    details: str


@dataclass(frozen=True, kw_only=True)
class AuditPage:
    rows: tuple[AuditEntryView, ...]
    total: int
    offset: int


@dataclass(frozen=True, kw_only=True)
class AuditVerification:
    ok: bool
    entries: int
    head_seq: int
    anchors_checked: int
    problems: tuple[str, ...] = field(default_factory=tuple)
    case_ids: tuple[uuid.UUID, ...] = ()
