"""What the hand-over service hands to the client and the command line."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from mediation_app.i18n import ngettext


@dataclass(frozen=True, kw_only=True)
class SiteView:
    site_id: uuid.UUID
    name: str
    code: str  # the key fingerprint as digit groups, compared when pairing
    public_key: str


@dataclass(frozen=True, kw_only=True)
class PeerView:
    site_id: uuid.UUID
    name: str
    code: str
    trusted_at: dt.datetime
    trusted_by: str
    revoked_at: dt.datetime | None
    received_seq: int  # its last bundle applied here
    sent_seq: int  # our last bundle made for it
    acknowledged_seq: int
    acknowledged_at: dt.datetime | None


@dataclass(frozen=True, kw_only=True)
class ExportResult:
    path: str
    seq: int
    to_site: str
    cases: int
    rows: int
    files: int
    audit_entries: int
    encrypted: bool
    missing_files: int = 0  # attachments left out: missing here, or damaged (no longer matching their hash)

    @property
    def left_out_note(self) -> str:
        """The sentence saying how many attachments were left out ("" when none was)."""
        if not self.missing_files:
            return ""
        return ngettext("{n} attachment file is missing or damaged on this computer and was not included.",
                        "{n} attachment files are missing or damaged on this computer and were not included.",
                        self.missing_files).format(n=self.missing_files)


@dataclass(frozen=True, kw_only=True)
class CaseOutcome:
    number: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    from_site: str
    seq: int
    dry_run: bool
    already_imported: bool = False
    new: tuple[CaseOutcome, ...] = ()
    updated: tuple[CaseOutcome, ...] = ()
    unchanged: int = 0
    conflicts: tuple[CaseOutcome, ...] = ()
    rejected: tuple[CaseOutcome, ...] = ()
    files: int = 0
    audit_entries: int = 0
    acknowledged_seq: int = 0  # our bundle the other site says it has applied
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, kw_only=True)
class FieldDiff:
    name: str  # the field's key (what a merge names)
    label: str  # the field's translated label
    local: str  # values as read: dates, codes as their labels, amounts, names of people
    incoming: str
    differs: bool


@dataclass(frozen=True, kw_only=True)
class ConflictView:
    id: uuid.UUID
    case_number: str | None
    record: str  # which kind of record (table)
    record_label: str  # that kind of record, translated
    kind: str  # changed / deleted_there
    from_site: str
    found_at: dt.datetime
    fields: tuple[FieldDiff, ...]


@dataclass(frozen=True, kw_only=True)
class HandoverStatus:
    peer_name: str | None
    last_acknowledged_at: dt.datetime | None
    days_since: int | None
    pending_changes: int
    pending_cases: int
    reminder_days: int
    reminder_due: bool
    open_conflicts: int
