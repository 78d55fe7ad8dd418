"""Hash-chained, append-only audit log written in the same transaction as the change it records.

entry_hash = SHA-256(prev_hash || canonical JSON of the entry), seq strictly increasing
(reliability.md §5.2). ``verify_chain`` recomputes it; an edited, deleted or reordered row breaks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from mediation_app.storage.base import utcnow
from mediation_app.storage.models import AuditRecord
from mediation_app.storage.numbers import serialize_writes

GENESIS = "0" * 64
_HEAD = "audit_head"  # session.info: (the transaction, the entry this session appended last in it)


def _canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _entry_hash(prev_hash: str, rec: AuditRecord) -> str:
    return entry_hash_of(prev_hash, seq=rec.seq, at=rec.at, user_id=rec.user_id, username=rec.username,
                         action=rec.action, object_type=rec.object_type, object_id=rec.object_id,
                         case_id=rec.case_id, success=rec.success, details=rec.details)


def entry_hash_of(prev_hash: str, *, seq: int, at: dt.datetime, user_id: Any, username: str, action: str,
                  object_type: str, object_id: str | None, case_id: Any, success: bool, details: str) -> str:
    """The hash an entry with these fields carries after ``prev_hash`` (this site's chain, and the
    chains imported from other sites, which are checked by the same rule)."""
    body = {
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(),
        "user": str(user_id) if user_id else None,
        "username": username,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "case_id": str(case_id) if case_id else None,
        "success": success,
        "details": details,
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
    seq, prev = _next_after(session)
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
    session.info[_HEAD] = (session.get_transaction(), rec)
    return rec


def _next_after(session: Session) -> tuple[int, str]:
    """The next entry's seq and the hash it chains to. Within one transaction the entry this session
    appended last is the head (the transaction holds the write lock), unless a savepoint rolled it
    back or it left the session: then the head is read. A bulk import appends seven entries a row
    and read the head, flushing everything pending first, for each."""
    cached = session.info.get(_HEAD)
    if cached is not None:
        transaction, rec = cached
        state = inspect(rec)
        if transaction is session.get_transaction() and state.persistent and state.session_id == session.hash_key:
            return rec.seq + 1, rec.hash
        session.info.pop(_HEAD, None)
    last = session.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).first()
    return (last[0] + 1, last[1]) if last else (1, GENESIS)


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


# -- verification with reasons, reading and filtering (the auditor's view) --------------------------
@dataclass(frozen=True, kw_only=True)
class ChainReport:
    ok: bool
    count: int  # rows actually in the table
    first_seq: int | None
    head_seq: int  # 0 when empty
    head_hash: str
    bad_seq: int | None = None
    reason: str | None = None  # "edited" | "missing" | "unlinked" (does not follow its predecessor)


def chain_report(session: Session) -> ChainReport:
    """Walk the whole chain; name the first entry that breaks it and why."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    first: int | None = None
    head_seq, head_hash = 0, GENESIS
    bad: tuple[int, str] | None = None
    for rec in session.scalars(select(AuditRecord).order_by(AuditRecord.seq)).yield_per(2000):
        count += 1
        first = rec.seq if first is None else first
        if bad is None:
            if rec.seq != expected_seq:
                bad = (expected_seq, "missing")
            elif rec.prev_hash != prev:
                bad = (rec.seq, "unlinked")
            elif _entry_hash(prev, rec) != rec.hash:
                bad = (rec.seq, "edited")
        prev = rec.hash
        expected_seq = rec.seq + 1
        head_seq, head_hash = rec.seq, rec.hash
    if bad is None:
        return ChainReport(ok=True, count=count, first_seq=first, head_seq=head_seq, head_hash=head_hash)
    return ChainReport(ok=False, count=count, first_seq=first, head_seq=head_seq, head_hash=head_hash,
                       bad_seq=bad[0], reason=bad[1])


@dataclass(frozen=True, kw_only=True)
class AuditQuery:
    since: dt.datetime | None = None  # inclusive, UTC
    until: dt.datetime | None = None  # exclusive, UTC
    username: str | None = None
    case_id: uuid.UUID | None = None
    action: str | None = None  # exact, or a prefix ending in "."


def _filtered(stmt: Any, f: AuditQuery) -> Any:
    if f.since is not None:
        stmt = stmt.where(AuditRecord.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(AuditRecord.at < f.until)
    if f.username:
        stmt = stmt.where(AuditRecord.username == f.username)
    if f.case_id is not None:
        stmt = stmt.where(AuditRecord.case_id == f.case_id)
    if f.action:
        stmt = (stmt.where(AuditRecord.action.startswith(f.action)) if f.action.endswith(".")
                else stmt.where(AuditRecord.action == f.action))
    return stmt


def audit_page(session: Session, f: AuditQuery, offset: int, limit: int) -> list[AuditRecord]:
    stmt = _filtered(select(AuditRecord), f).order_by(AuditRecord.seq.desc()).offset(offset).limit(limit)
    return list(session.scalars(stmt))


def audit_iter(session: Session, f: AuditQuery) -> Iterator[AuditRecord]:
    """Every matching entry, oldest first, fetched in batches (for export)."""
    yield from session.scalars(_filtered(select(AuditRecord), f).order_by(AuditRecord.seq)).yield_per(2000)


def audit_count(session: Session, f: AuditQuery) -> int:
    return int(session.scalar(_filtered(select(func.count()).select_from(AuditRecord), f)) or 0)


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditRecord.action).distinct().order_by(AuditRecord.action)))


def audit_usernames(session: Session) -> list[str]:
    return list(session.scalars(select(AuditRecord.username).distinct().order_by(AuditRecord.username)))


def find_audit(session: Session, action: str, object_id: Any) -> AuditRecord | None:
    """The newest entry of ``action`` about ``object_id``."""
    return session.scalar(select(AuditRecord).where(AuditRecord.action == action,
                                                    AuditRecord.object_id == str(object_id))
                          .order_by(AuditRecord.seq.desc()).limit(1))


def details_by_object(session: Session, action: str) -> dict[str, str]:
    """object_id -> details JSON of the newest entry of ``action`` for each object."""
    out: dict[str, str] = {}
    stmt = select(AuditRecord.object_id, AuditRecord.details).where(AuditRecord.action == action).order_by(AuditRecord.seq)
    for object_id, details in session.execute(stmt):
        if object_id is not None:
            out[object_id] = details
    return out
