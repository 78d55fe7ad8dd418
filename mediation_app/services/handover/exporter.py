"""Writing a bundle: the cases changed since the peer's last acknowledgement (every record of each,
read in batches), the committee, roster, accounts and lists they use, attachments by content hash
(streamed), this site's audit entries for that range, and the signed manifest."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediation_app.services.handover.bundle_file import BundleWriter, in_background
from mediation_app.storage.files import FileStore
from mediation_app.storage.handover import rows as R
from mediation_app.storage.handover import state as S

BATCH = 2000  # cases read per round of queries (memory stays bounded by it)
Progress = Callable[[int, int], None]


@dataclass(kw_only=True)
class ExportPlan:
    site_id: uuid.UUID
    peer_id: uuid.UUID
    committee_id: uuid.UUID
    seq: int
    covers_from: int
    after_audit: int
    head_audit: int
    include_audit: bool


def write_bundle(session: Any, plan: ExportPlan, writer: BundleWriter, files: FileStore,
                 progress: Progress | None) -> dict[str, Any]:
    """Write every part into ``writer`` (inside one read transaction: a consistent snapshot)."""
    if plan.after_audit == 0 and plan.include_audit:  # the first hand-over of our own cases: all of them
        ids = S.all_cases(session, plan.committee_id)
    else:
        ids = S.changed_cases(session, plan.after_audit, plan.head_audit, plan.committee_id)
    users: set[str] = set()
    mediators: set[str] = set()
    counts = {"cases": 0, "rows": 0, "files": 0, "audit": 0, "missing_files": 0}
    wanted_files: dict[str, None] = {}
    with writer.part("cases.jsonl") as out, in_background(out) as write:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            texts, rows = R.case_json(session, chunk)
            counts["rows"] += rows
            bases = S.bases(session, plan.peer_id, chunk)
            users.update(R.referenced(session, chunk, "user_account"))
            mediators.update(R.referenced(session, chunk, "mediator"))
            if bases:
                for case_id, row in R.evidence_rows(session, chunk):
                    if bases.get(case_id, {}).get(row[0]) != R.row_hash(row):  # the other site may not have it
                        wanted_files[row[R.CODECS["evidence"].columns.index("sha256")]] = None
            else:  # nothing of these cases was exchanged yet: every attachment goes
                wanted_files.update(dict.fromkeys(R.evidence_hashes(session, chunk)))
            lines = []
            for case_id in chunk:
                tables = texts[case_id.hex]
                base = json.dumps(bases[case_id], separators=(",", ":")) if case_id in bases else "{}"
                body = ",".join(f'"{name}":{tables[name]}' for name in R.CASE_TABLES if name in tables)
                lines.append(f'{{"case":"{case_id.hex}","rows":{{{body}}},"base":{base}}}\n')
            write("".join(lines).encode())  # one write per round: the deflate works on large blocks
            counts["cases"] += len(chunk)
            if progress:
                progress(min(start + BATCH, len(ids)), len(ids))
    for sha in wanted_files:
        if files.intact(sha):  # a damaged copy would make the receiving site refuse the whole bundle
            writer.add_file(f"files/{sha}", files.path_of(sha))
            counts["files"] += 1
        else:
            counts["missing_files"] += 1
    _write_reference(session, plan, writer, users, mediators)
    if plan.include_audit:
        with writer.part("audit.jsonl") as out:
            for entry in R.audit_rows(session, plan.after_audit, plan.head_audit):
                out.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                counts["audit"] += 1
    return counts


def _write_reference(session: Any, plan: ExportPlan, writer: BundleWriter, users: set[str],
                     mediators: set[str]) -> None:
    ref = R.reference_rows(session, plan.committee_id)
    users = users | R.referred(ref, "user_account")  # e.g. who recorded a screening round
    # accounts and mediators of other committees that the cases refer to (e.g. a centre's head who
    # recorded a confirmation), and the committees those belong to
    known_users = {r[0] for r in ref["user_account"]}
    known_meds = {r[0] for r in ref["mediator"]}
    ref["user_account"] += list(R.rows_by_id(session, "user_account",
                                             [uuid.UUID(u) for u in users - known_users]).values())
    ref["mediator"] += list(R.rows_by_id(session, "mediator",
                                         [uuid.UUID(m) for m in mediators - known_meds]).values())
    committees = {plan.committee_id.hex}
    for name in ("user_account", "mediator"):
        i = R.CODECS[name].columns.index("committee_id")
        committees.update(r[i] for r in ref[name])
    ref["committee"] = list(R.rows_by_id(session, "committee", [uuid.UUID(c) for c in sorted(committees)]).values())
    bases = S.bases(session, plan.peer_id, [R.NIL]).get(R.NIL, {})
    with writer.part("reference.jsonl") as out:
        for name in (*R.ALL_TABLES, R.LINKS):
            if name in ref:
                line = {"table": name, "rows": ref[name]}
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        out.write(json.dumps({"counters": R.counters(session, plan.committee_id)}).encode() + b"\n")
        out.write(json.dumps({"base": bases}, separators=(",", ":")).encode() + b"\n")


def columns_manifest() -> dict[str, list[str]]:
    return {name: list(codec.columns) for name, codec in R.CODECS.items()}


def target_path(path: Path) -> Path:
    return Path(path)
