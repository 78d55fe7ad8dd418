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

from mediation_app.services.handover.bundle_file import BundleWriter
from mediation_app.storage.files import FileStore
from mediation_app.storage.handover import rows as R
from mediation_app.storage.handover import state as S

BATCH = 500
Progress = Callable[[int, int], None]


def _fk_indexes(target: str) -> dict[str, list[int]]:
    """Per table, the positions of the columns that refer to ``target``'s id."""
    out: dict[str, list[int]] = {}
    for name, codec in R.CODECS.items():
        idx = [i for i, c in enumerate(codec.columns)
               if any(fk.column.table.name == target for fk in codec.table.c[c].foreign_keys)]
        if idx:
            out[name] = idx
    return out


USER_FKS, MEDIATOR_FKS = _fk_indexes("user_account"), _fk_indexes("mediator")


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
    with writer.part("cases.jsonl") as out:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            snapshot = R.case_rows(session, chunk)
            bases = S.bases(session, plan.peer_id, chunk)
            for case_id in chunk:
                tables = snapshot[case_id.hex]
                base = bases.get(case_id, {})
                for name, rows in tables.items():
                    counts["rows"] += len(rows)
                    for i in USER_FKS.get(name, ()):
                        users.update(r[i] for r in rows if r[i] is not None)
                    for i in MEDIATOR_FKS.get(name, ()):
                        mediators.update(r[i] for r in rows if r[i] is not None)
                for ev in tables.get("evidence", ()):
                    values = dict(zip(R.CODECS["evidence"].columns, ev, strict=True))
                    if base.get(values["id"]) != R.row_hash(ev):  # the other site may not have it yet
                        wanted_files[values["sha256"]] = None
                line = {"case": case_id.hex, "rows": tables, "base": base}
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                counts["cases"] += 1
            if progress:
                progress(min(start + BATCH, len(ids)), len(ids))
    for sha in wanted_files:
        path = files.path_of(sha)
        if path.is_file():
            writer.add_file(f"files/{sha}", path)
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
        for name in R.ALL_TABLES:
            if name in ref:
                line = {"table": name, "rows": ref[name]}
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        out.write(json.dumps({"counters": R.counters(session, plan.committee_id)}).encode() + b"\n")
        out.write(json.dumps({"base": bases}, separators=(",", ":")).encode() + b"\n")


def columns_manifest() -> dict[str, list[str]]:
    return {name: list(codec.columns) for name, codec in R.CODECS.items()}


def target_path(path: Path) -> Path:
    return Path(path)
