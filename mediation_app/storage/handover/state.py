"""Where hand-over stands: this site's identity, its peers, bundles made and applied, the last
exchanged version of each row, kept conflicts, other sites' audit chains and what changed since."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediation_app.storage.audit import entry_hash_of
from mediation_app.storage.base import Base
from mediation_app.storage.models import (
    AppInfoRecord,
    AuditRecord,
    CaseRecord,
    CommitteeRecord,
    HandoverBaseRecord,
    HandoverBundleRecord,
    HandoverConflictRecord,
    HandoverPeerRecord,
    ImportedAuditRecord,
    SiteIdentityRecord,
)

# actions that record a hand-over itself: the rows it applied are not this site's changes
HANDOVER_ACTIONS = ("handover.import", "handover.export", "handover.pair", "handover.revoke")


def identity(session: Session) -> SiteIdentityRecord | None:
    return session.scalar(select(SiteIdentityRecord).limit(1))


def first_committee(session: Session) -> CommitteeRecord | None:
    return session.scalar(select(CommitteeRecord).order_by(CommitteeRecord.created_at).limit(1))


def committee(session: Session, committee_id: uuid.UUID) -> CommitteeRecord | None:
    return session.get(CommitteeRecord, committee_id)


def peer(session: Session, site_id: uuid.UUID) -> HandoverPeerRecord | None:
    return session.get(HandoverPeerRecord, site_id)


def peers(session: Session) -> list[HandoverPeerRecord]:
    return list(session.scalars(select(HandoverPeerRecord).order_by(HandoverPeerRecord.trusted_at)))


def audit_head_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(AuditRecord.seq))) or 0)


def changed_cases(session: Session, after_seq: int, upto_seq: int, committee_id: uuid.UUID) -> list[uuid.UUID]:
    """Cases of ``committee_id`` with a change audited in (after_seq, upto_seq], hand-over imports
    aside: the audit log is the change journal (every change to case data writes its entry with
    the case id in the same transaction), read by its primary key."""
    changed = (select(AuditRecord.case_id).where(AuditRecord.seq > after_seq, AuditRecord.seq <= upto_seq,
                                                 AuditRecord.case_id.is_not(None),
                                                 AuditRecord.action.not_in(HANDOVER_ACTIONS))
               .distinct().subquery())
    stmt = (select(CaseRecord.id).where(CaseRecord.id.in_(select(changed.c.case_id)),
                                        CaseRecord.committee_id == committee_id)
            .order_by(CaseRecord.registered_on, CaseRecord.id))
    return list(session.scalars(stmt))


def all_cases(session: Session, committee_id: uuid.UUID) -> list[uuid.UUID]:
    """Every case of the committee (the first hand-over carries them all, audited or not)."""
    stmt = select(CaseRecord.id).where(CaseRecord.committee_id == committee_id).order_by(CaseRecord.registered_on,
                                                                                         CaseRecord.id)
    return list(session.scalars(stmt))


def case_count(session: Session, committee_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.count()).select_from(CaseRecord)
                              .where(CaseRecord.committee_id == committee_id)) or 0)


def change_count(session: Session, after_seq: int, committee_id: uuid.UUID) -> tuple[int, int]:
    """(changes, cases) audited after ``after_seq`` on cases of the committee, not yet handed over."""
    stmt = (select(func.count(), func.count(AuditRecord.case_id.distinct()))
            .join(CaseRecord, CaseRecord.id == AuditRecord.case_id)
            .where(AuditRecord.seq > after_seq, CaseRecord.committee_id == committee_id,
                   AuditRecord.action.not_in(HANDOVER_ACTIONS)))
    row = session.execute(stmt).one()
    return int(row[0]), int(row[1])


def bundle(session: Session, direction: str, site_id: uuid.UUID, seq: int) -> HandoverBundleRecord | None:
    return session.scalar(select(HandoverBundleRecord).where(HandoverBundleRecord.direction == direction,
                                                             HandoverBundleRecord.peer_site_id == site_id,
                                                             HandoverBundleRecord.seq == seq))


def record_bundle(session: Session, *, direction: str, site_id: uuid.UUID, seq: int, watermark: int, sha256: str,
                  counts: dict[str, Any], at: dt.datetime) -> None:
    old = bundle(session, direction, site_id, seq)
    if old is not None:  # a bundle made again under the same number (never acknowledged): the newest counts
        old.watermark, old.sha256, old.counts, old.at = watermark, sha256, json.dumps(counts), at
        return
    session.add(HandoverBundleRecord(direction=direction, peer_site_id=site_id, seq=seq, watermark=watermark,
                                     sha256=sha256, counts=json.dumps(counts), at=at))


# -- the last exchanged version of each row -------------------------------------------------------
def bases(session: Session, site_id: uuid.UUID, case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, str]]:
    out: dict[uuid.UUID, dict[str, str]] = {}
    for start in range(0, len(case_ids), 500):
        stmt = select(HandoverBaseRecord.case_id, HandoverBaseRecord.hashes).where(
            HandoverBaseRecord.peer_site_id == site_id, HandoverBaseRecord.case_id.in_(case_ids[start:start + 500]))
        for case_id, hashes in session.execute(stmt):
            out[case_id] = json.loads(hashes)
    return out


Hashes = dict[str, str] | str  # a case's fingerprints, or already as their JSON text


def _text(hashes: Hashes) -> str:
    return hashes if isinstance(hashes, str) else json.dumps(hashes, separators=(",", ":"))


def save_bases(session: Session, site_id: uuid.UUID, changed: Mapping[uuid.UUID, Hashes],
               existing: set[uuid.UUID]) -> None:
    from sqlalchemy import bindparam, update

    t = Base.metadata.tables["handover_base"]
    new = [{"peer_site_id": site_id, "case_id": k, "hashes": _text(v)} for k, v in changed.items() if k not in existing]
    old = [{"_site": site_id, "_case": k, "hashes": _text(v)} for k, v in changed.items() if k in existing]
    if new:
        session.execute(t.insert(), new)
    if old:
        stmt = update(t).where(t.c.peer_site_id == bindparam("_site"), t.c.case_id == bindparam("_case")).values(
            hashes=bindparam("hashes"))
        session.connection().execute(stmt, old)


# -- conflicts --------------------------------------------------------------------------------------
def open_conflicts(session: Session, case_id: uuid.UUID | None = None, offset: int = 0,
                   limit: int | None = None) -> list[HandoverConflictRecord]:
    stmt = select(HandoverConflictRecord).where(HandoverConflictRecord.resolved_at.is_(None))
    if case_id is not None:
        stmt = stmt.where(HandoverConflictRecord.case_id == case_id)
    stmt = stmt.order_by(HandoverConflictRecord.found_at, HandoverConflictRecord.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def open_conflict_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(HandoverConflictRecord)
                              .where(HandoverConflictRecord.resolved_at.is_(None))) or 0)


def open_conflict_for(session: Session, site_id: uuid.UUID, row_id: uuid.UUID) -> HandoverConflictRecord | None:
    return session.scalar(select(HandoverConflictRecord).where(
        HandoverConflictRecord.peer_site_id == site_id, HandoverConflictRecord.row_id == row_id,
        HandoverConflictRecord.resolved_at.is_(None)))


def conflict(session: Session, conflict_id: uuid.UUID) -> HandoverConflictRecord | None:
    return session.get(HandoverConflictRecord, conflict_id)


# -- other sites' audit chains ---------------------------------------------------------------------
def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """The hash an audit entry must carry (the same rule as this site's own chain)."""
    return entry_hash_of(prev_hash, **{k: v for k, v in entry.items() if k not in ("prev_hash", "hash", "id")})


def imported_chains(session: Session) -> list[tuple[uuid.UUID, str, int, str | None]]:
    """(site id, name, last seq imported, its hash) of every site whose audit entries were imported
    here (a site no longer paired is listed by its id)."""
    names = {p.site_id: p for p in peers(session)}
    sites = session.scalars(select(ImportedAuditRecord.site_id).distinct())
    out = []
    for site_id in sorted(set(sites) | {p.site_id for p in names.values() if p.in_audit_seq}):
        p = names.get(site_id)
        out.append((site_id, p.name if p else str(site_id), p.in_audit_seq if p else 0,
                    p.in_audit_hash if p else None))
    return out


def verify_imported_chain(session: Session, site_id: uuid.UUID) -> tuple[bool, int, int | None]:
    """(ok, entries, first bad seq) for the chain imported from ``site_id``: each entry follows the
    one before it and carries the hash of its content."""
    prev: str | None = None
    last_seq: int | None = None
    count = 0
    stmt = select(ImportedAuditRecord).where(ImportedAuditRecord.site_id == site_id).order_by(ImportedAuditRecord.seq)
    for rec in session.scalars(stmt).yield_per(2000):
        count += 1
        fields = {c: getattr(rec, c) for c in ("seq", "id", "at", "user_id", "username", "action", "object_type",
                                                "object_id", "case_id", "success", "details")}
        linked = prev is None or (rec.prev_hash == prev and rec.seq == (last_seq or 0) + 1)
        if not linked or entry_hash(rec.prev_hash, fields) != rec.hash:
            return False, count, rec.seq
        prev, last_seq = rec.hash, rec.seq
    return True, count, None


def imported_chain_tail(session: Session, site_id: uuid.UUID) -> tuple[int, str] | None:
    """(seq, hash) of the newest entry imported from ``site_id``."""
    row = session.execute(select(ImportedAuditRecord.seq, ImportedAuditRecord.hash)
                          .where(ImportedAuditRecord.site_id == site_id)
                          .order_by(ImportedAuditRecord.seq.desc()).limit(1)).first()
    return (int(row[0]), str(row[1])) if row else None


# -- settings ------------------------------------------------------------------------------------
def setting(session: Session, key: str) -> str | None:
    rec = session.get(AppInfoRecord, key)
    return rec.value if rec is not None else None


def set_setting(session: Session, key: str, value: str) -> None:
    rec = session.get(AppInfoRecord, key)
    if rec is None:
        session.add(AppInfoRecord(key=key, value=value))
    else:
        rec.value = value
