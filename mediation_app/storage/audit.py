"""Hash-chained, append-only audit log written in the same transaction as the change it records.

entry_hash = SHA-256(prev_hash || canonical JSON of the entry), seq strictly increasing
(reliability.md §5.2). ``verify_chain`` recomputes it; an edited, deleted or reordered row breaks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediation_app.storage.base import utcnow
from mediation_app.storage.models import AuditRecord
from mediation_app.storage.numbers import serialize_writes

GENESIS = "0" * 64


def _canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _entry_hash(prev_hash: str, rec: AuditRecord) -> str:
    body = {
        "seq": rec.seq,
        "at": rec.at.astimezone(dt.UTC).isoformat(),
        "user": str(rec.user_id) if rec.user_id else None,
        "username": rec.username,
        "action": rec.action,
        "object_type": rec.object_type,
        "object_id": rec.object_id,
        "case_id": str(rec.case_id) if rec.case_id else None,
        "success": rec.success,
        "details": rec.details,
    }
    return hashlib.sha256((prev_hash + _canonical(body)).encode()).hexdigest()


def append_audit(
    session: Session,
    *,
    user_id: uuid.UUID | None,
    username: str,
    action: str,
    object_type: str,
    object_id: Any = None,
    case_id: uuid.UUID | None = None,
    success: bool = True,
    details: dict[str, Any] | None = None,
) -> AuditRecord:
    serialize_writes(session)
    last = session.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    rec = AuditRecord(
        seq=seq,
        at=utcnow().replace(microsecond=0),
        user_id=user_id,
        username=username,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        case_id=case_id,
        success=success,
        details=_canonical(details or {}),
        prev_hash=prev,
        hash="",
    )
    rec.hash = _entry_hash(prev, rec)
    session.add(rec)
    session.flush()
    return rec


def verify_chain(session: Session) -> tuple[bool, int | None, int]:
    """(ok, first bad seq or None, entries checked)."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for rec in session.scalars(select(AuditRecord).order_by(AuditRecord.seq)).yield_per(2000):
        count += 1
        if rec.seq != expected_seq or rec.prev_hash != prev or _entry_hash(prev, rec) != rec.hash:
            return False, rec.seq, count
        prev = rec.hash
        expected_seq += 1
    return True, None, count


def hash_at(session: Session, seq: int) -> str | None:
    """The stored hash of entry ``seq`` (None when there is no such entry)."""
    return session.scalar(select(AuditRecord.hash).where(AuditRecord.seq == seq))


def audit_head(session: Session) -> tuple[int, str]:
    last = session.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).first()
    return (last[0], last[1]) if last else (0, GENESIS)
