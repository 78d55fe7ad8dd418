"""The audit log as the audit administrator reads it: filter (dates, user, case number, action), page,
export to CSV, verify against the anchors; and the two read events every other role leaves in it:
opening a case and revealing a full ID number (PIPL Art. 28; reliability.md §3.5)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path
from typing import Any

from mediation_app.domain.enums import Role
from mediation_app.fileio import atomic_open
from mediation_app.i18n import N_, _
from mediation_app.services.base import ServiceBase
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor
from mediation_app.services.maintenance import integrity
from mediation_app.services.maintenance.read_models import AuditEntryView, AuditFilter, AuditPage, AuditVerification
from mediation_app.storage import maintenance_queries as mq
from mediation_app.storage.audit import (
    AuditQuery,
    audit_actions,
    audit_count,
    audit_iter,
    audit_page,
    audit_usernames,
    chain_report,
)
from mediation_app.storage.db import Database
from mediation_app.storage.models import AuditRecord

AUDIT_READERS = (Role.AUDITOR,)  # the audit administrator reads the log; nobody changes it
VIEW_ACTION = "case.view"
REVEAL_ACTION = "pi.reveal"  # written by AccountService.reveal_identity
PAGE_LIMIT = 500

_ACTION_LABELS = {
    "case.view": N_("Opened a case"), "pi.reveal": N_("Revealed a full ID number"),
    "maintenance.restore": N_("Restored a backup"), "maintenance.backup": N_("Made a backup"),
    "maintenance.archive": N_("Wrote an archive"), "setup.initialise": N_("Set up the committee"),
    "audit.export": N_("Exported the audit log"),
}


def action_label(action: str) -> str:
    text = _ACTION_LABELS.get(action)
    return _(text) if text else action


class AuditLogService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, data_dir: Path) -> None:
        super().__init__(db, clock)
        self.data_dir = Path(data_dir)

    # -- the two read events ------------------------------------------------------------------
    def record_view(self, actor: Actor, case_id: uuid.UUID) -> None:
        """One small append per case opened (the client calls it when a case opens; ``case show`` too)."""
        with self.db.write() as s:
            self.load_case(s, actor, case_id, for_write=False)
            self.audit(s, actor, VIEW_ACTION, "case", case_id, case_id)

    # -- reading ------------------------------------------------------------------------------------
    def _query(self, s: Any, flt: AuditFilter) -> AuditQuery | None:
        def utc(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC)

        case_id = None
        if flt.case_number.strip():
            case_id = mq.case_id_by_number(s, flt.case_number.strip())
            if case_id is None:
                return None
        return AuditQuery(since=utc(flt.since) if flt.since else None,
                          until=utc(flt.until + dt.timedelta(days=1)) if flt.until else None,
                          username=flt.username.strip() or None, case_id=case_id, action=flt.action.strip() or None)

    def entries(self, actor: Actor, flt: AuditFilter, offset: int = 0, limit: int = 200) -> AuditPage:
        """Newest first, one page; ``total`` says how many match so the caller can page on."""
        self.require_role(actor, AUDIT_READERS)
        limit = max(1, min(limit, PAGE_LIMIT))
        with self.db.read() as s:
            query = self._query(s, flt)
            if query is None:
                return AuditPage(rows=(), total=0, offset=offset)
            records = audit_page(s, query, offset, limit)
            numbers = mq.case_numbers(s, {r.case_id for r in records if r.case_id})
            rows = tuple(self._view(r, numbers) for r in records)
            return AuditPage(rows=rows, total=audit_count(s, query), offset=offset)

    @staticmethod
    def _view(r: AuditRecord, numbers: dict[uuid.UUID, str]) -> AuditEntryView:
        at = r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC)
        return AuditEntryView(seq=r.seq, at=at.astimezone(), username=r.username, action=r.action,
                              action_label=action_label(r.action), object_type=r.object_type, object_id=r.object_id,
                              case_number=numbers.get(r.case_id) if r.case_id else None, success=bool(r.success),
                              details=r.details)

    def choices(self, actor: Actor) -> tuple[list[str], list[str]]:
        """(user names, actions) that occur in the log, for the filter boxes."""
        self.require_role(actor, AUDIT_READERS)
        with self.db.read() as s:
            return audit_usernames(s), audit_actions(s)

    def export_csv(self, actor: Actor, flt: AuditFilter, path: Path) -> int:
        """All matching entries, oldest first, UTF-8 with BOM (opens in Excel); written atomically. The
        export itself is audited. Returns the number of entries written."""
        self.require_role(actor, AUDIT_READERS)
        count = 0
        with self.db.read() as s:
            query = self._query(s, flt)
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(["seq", "time", "user", "action", "object_type", "object_id", "case_number", "success",
                             "details", "hash"])
            if query is not None:
                numbers: dict[uuid.UUID, str] = {}
                for r in audit_iter(s, query):
                    if r.case_id and r.case_id not in numbers:
                        numbers.update(mq.case_numbers(s, {r.case_id}))
                    at = r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC)
                    writer.writerow([r.seq, at.astimezone().isoformat(timespec="seconds"), r.username, r.action,
                                     r.object_type, r.object_id or "", numbers.get(r.case_id, "") if r.case_id else "",
                                     "1" if r.success else "0", _neutral(r.details), r.hash])
                    count += 1
        with atomic_open(path) as fh:
            fh.write(buf.getvalue().encode("utf-8-sig"))
        with self.db.write() as s:
            self.audit(s, actor, "audit.export", "audit_log", None, None, {"entries": count, "file": Path(path).name})
        return count

    def verify(self, actor: Actor | None) -> AuditVerification:
        """The chain recomputed and compared with every anchor of the present history."""
        if actor is not None:
            self.require_role(actor, AUDIT_READERS)
        with self.db.read() as s:
            report = chain_report(s)
            checked, anchor_problems = integrity.anchor_problems(s, report, self.data_dir / "backups")
            problems = integrity.chain_problems(report) + integrity.empty_log_problem(s, report) + anchor_problems
        return AuditVerification(ok=not problems, entries=report.count, head_seq=report.head_seq,
                                 anchors_checked=checked, problems=tuple(problems))


def _neutral(text: str) -> str:
    """Cells beginning with = + - @ are prefixed so a spreadsheet never runs them (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
