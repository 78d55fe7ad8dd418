"""What ``check`` verifies beyond the file's structure: the audit chain against the anchors kept
outside the database, and the stored fingerprints of effective agreements and generated documents
(reliability.md §1.7: ``integrity_check`` cannot see a changed amount; these can)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mediation_app.domain.fingerprint import changed_parts, content_hash
from mediation_app.i18n import _
from mediation_app.services.agreements import fingerprint_content
from mediation_app.storage import maintenance_queries as mq
from mediation_app.storage import queries_due as qd
from mediation_app.storage.anchors import anchor_file, current_anchors, interrupted_restore, read_anchors
from mediation_app.storage.audit import ChainReport, details_by_object, hash_at
from mediation_app.storage.backup import list_backups, newest_anchor
from mediation_app.storage.files import FileStore


def _part_label(part: str) -> str:
    labels = {
        "parties": _("the parties"), "facts": _("the facts"), "issues": _("the matters in dispute"),
        "responsibilities": _("the responsibilities"), "terms": _("the terms"),
        "obligations": _("the obligations (amounts, dates)"), "performance": _("the manner of performance"),
        "originals": _("the number of originals"), "case": _("the case number"),
        "agreement": _("the agreement number"),
    }
    return labels.get(part, part)


def _when(anchor: Mapping[str, Any]) -> str:
    return str(anchor.get("at", "?")).replace("T", " ")[:16]


def chain_problems(report: ChainReport) -> list[str]:
    if report.ok:
        return []
    if report.reason == "missing":
        return [_("Audit entry {seq} is missing: entries were deleted from the middle of the audit log.").format(
            seq=report.bad_seq)]
    if report.reason == "unlinked":
        return [_("Audit entry {seq} does not follow the entry before it: entries were removed, inserted or "
                  "rewritten.").format(seq=report.bad_seq)]
    return [_("Audit entry {seq} was changed after it was written.").format(seq=report.bad_seq)]


def imported_chain_problems(session: Any) -> tuple[int, list[str]]:
    """(sites checked, problems): the audit chain imported from each other site (hand-over) links
    entry to entry, each entry carries the hash of its content, and it ends where the last bundle
    applied here left it."""
    from mediation_app.storage.handover import state as handover_state

    problems: list[str] = []
    sites = handover_state.imported_chains(session)
    for site_id, name, last_seq, last_hash in sites:
        ok, _count, bad = handover_state.verify_imported_chain(session, site_id)
        if not ok:
            problems.append(_("Audit entry {seq} imported from “{site}” was changed, removed or inserted after it "
                              "was imported.").format(seq=bad, site=name))
            continue
        tail = handover_state.imported_chain_tail(session, site_id)
        if last_seq and (tail is None or tail != (last_seq, last_hash)):
            problems.append(_("The audit log imported from “{site}” no longer ends at entry {seq}, where the last "
                              "hand-over left it: entries were removed or rewritten.").format(site=name, seq=last_seq))
    return len(sites), problems


def anchor_problems(session: Any, report: ChainReport, backups: Path) -> tuple[int, list[str]]:
    """(anchors compared, problems). Every anchor of the present history is compared, not only the newest:
    a recomputed chain matches no anchor taken before the rewrite."""
    anchors, unreadable = read_anchors(backups)
    problems: list[str] = []
    if unreadable:
        problems.append(_("{n} lines of the audit anchor file cannot be read.").format(n=unreadable))
    stopped = interrupted_restore(anchors)
    if stopped is not None:
        problems.append(_("The restore of {file} started on {at} did not finish: the database is either the one "
                          "before it or the restored one without the record of the restore. Run that restore "
                          "again, or undo it.").format(file=stopped.get("file", "?"), at=_when(stopped)))
    if not anchors:
        legacy = newest_anchor(backups)  # backups made before the anchor file existed
        if legacy and legacy.get("audit_seq"):
            anchors = [{"seq": legacy["audit_seq"], "hash": legacy.get("audit_hash"), "at": legacy.get("created_at"),
                        "event": "backup", "file": legacy.get("file")}]
            if any(read_manifest_kind(p) == "auto" for p in list_backups(backups)):
                problems.append(_("The audit anchor file {file} is missing although automatic backups exist.").format(
                    file=anchor_file(backups).name))
    checked = 0
    reported_tail = reported_rewrite = False
    for anchor in current_anchors(anchors):
        seq, want = int(anchor["seq"]), anchor.get("hash")
        if seq <= 0:
            continue
        checked += 1
        if seq > report.head_seq:
            if not reported_tail:
                text = (_("The audit log is empty but the anchor of {at} recorded {seq} entries: the whole log was "
                          "deleted.") if report.count == 0 else
                        _("The audit log ends at entry {head} but the anchor of {at} recorded {seq} entries: the newest "
                          "entries were deleted."))
                problems.append(text.format(at=_when(anchor), seq=seq, head=report.head_seq))
                reported_tail = True
            continue
        if hash_at(session, seq) != want and not reported_rewrite:
            problems.append(_("Audit entry {seq} differs from the anchor written on {at}: the audit log was rewritten "
                              "(its chain recomputed) or entries were deleted.").format(seq=seq, at=_when(anchor)))
            reported_rewrite = True
    return checked, problems


def read_manifest_kind(path: Path) -> str | None:
    from mediation_app.storage.backup import read_manifest

    manifest = read_manifest(path)
    return str(manifest.get("kind")) if manifest else None


def _recorded(details: str | None) -> dict[str, Any]:
    try:
        data = json.loads(details or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def agreement_changes(content: Mapping[str, Any], stored_hash: str | None, details: str | None) -> list[str] | None:
    """None when the content still matches the hash stored when it took effect; otherwise the
    translated names of what changed (from the part hashes the audit entry recorded)."""
    recorded = _recorded(details)
    audited_hash = recorded.get("hash")
    if stored_hash is not None and content_hash(content) == stored_hash and audited_hash in (None, stored_hash):
        return None
    parts = recorded.get("parts")
    if isinstance(parts, dict):
        changed = changed_parts(content, parts)
        if changed:
            return [_part_label(p) for p in changed]
    if audited_hash is not None and audited_hash != stored_hash:
        return [_("its stored fingerprint")]
    return [_("its content")]


def tampered_agreement_text(number: str, case_number: str, parts: list[str]) -> str:
    return _("Agreement {number} of case {case} was changed outside the application after it took effect "
             "({parts}); it cannot be printed until a backup is restored.").format(
                 number=number or "-", case=case_number, parts="、".join(parts))


def agreement_problems(session: Any) -> tuple[int, list[str], list[uuid.UUID]]:
    recorded = details_by_object(session, "agreement.effective")
    checked, problems, cases = 0, [], []
    for case, a in mq.effective_agreements(session):
        checked += 1
        parts = agreement_changes(fingerprint_content(case, a), a.content_hash, recorded.get(str(a.id)))
        if parts is not None:
            problems.append(tampered_agreement_text(a.number or "", case.number, parts))
            cases.append(case.id)
    return checked, problems, cases


def document_problems(session: Any) -> tuple[int, list[str]]:
    recorded = details_by_object(session, "document.generate")
    docs = list(mq.generated_documents(session))
    numbers = mq.case_numbers(session, {d.case_id for d in docs})
    problems = []
    for d in docs:
        if _recorded(recorded.get(str(d.id))).get("sha256") != d.sha256:
            problems.append(_("The record of document {kind} generated on {date} for case {case} does not match the "
                              "audit log: it was changed outside the application.").format(
                                  kind=d.kind, date=d.generated_at.date().isoformat(), case=numbers.get(d.case_id, "?")))
    return len(docs), problems


def attachment_problems(session: Any, store: FileStore) -> tuple[int, list[str]]:
    """Every attachment a case lists, read back and hashed: a stored copy that is gone or whose bytes
    no longer match its hash is named here (reading it is refused, so it is never served silently)."""
    files = mq.evidence_files(session)
    bad = [(case_id, name) for sha, case_id, name in files if not store.intact(sha)]
    numbers = mq.case_numbers(session, {case_id for case_id, _name in bad})
    return len(files), [_("The stored copy of the material {name} of case {case} is missing or damaged (it no longer "
                          "matches the file that was added). Add the file again, or restore a verified backup.").format(
                              name=name, case=numbers.get(case_id, "?")) for case_id, name in bad]


def due_item_problems(session: Any) -> tuple[int, list[str]]:
    """What falls due in each case, as kept for Today and the board, against the rules applied to its
    records afresh (storage/queries_due.py): a difference means a reminder may be missing or wrong."""
    items, stale = qd.stale_cases(session)
    if not stale:
        return items, []
    numbers = mq.case_numbers(session, set(stale[:5]))
    shown = ", ".join(numbers.get(c, "?") for c in stale[:5])
    return items, [_("What falls due in {n} cases (among them {cases}) differs from their records: Today may miss "
                     "or repeat a reminder. An administrator runs: mediation-app reminders rebuild").format(
                         n=len(stale), cases=shown)]


def empty_log_problem(session: Any, report: ChainReport) -> list[str]:
    if report.count == 0 and mq.user_count(session) > 0:
        return [_("The audit log is empty although the database holds user accounts: it was deleted.")]
    return []
