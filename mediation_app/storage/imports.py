"""Queries of the ledger import: fingerprints already imported, the last mapping used, the roster
looked up by name, case numbers already taken and the number counter raised past kept numbers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    CaseRecord,
    ImportBatchRecord,
    ImportedRowRecord,
    MediatorRecord,
    NumberCounterRecord,
)
from mediation_app.storage.numbers import serialize_writes


def imported(session: Session, committee_id: uuid.UUID, kind: str,
             fingerprints: Iterable[str]) -> dict[str, tuple[str, int, dt.datetime, str | None]]:
    """fingerprint -> (file name, row number, when, case number) for rows imported before, found by
    their mapped values or by their raw cells (the same row mapped another way is still found)."""
    found: dict[str, tuple[str, int, dt.datetime, str | None]] = {}
    wanted = list(dict.fromkeys(fingerprints))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        rows = session.execute(
            select(ImportedRowRecord.fingerprint, ImportedRowRecord.raw_fingerprint, ImportBatchRecord.file_name,
                   ImportedRowRecord.row_number, ImportBatchRecord.imported_at, CaseRecord.number)
            .join(ImportBatchRecord, ImportBatchRecord.id == ImportedRowRecord.batch_id)
            .outerjoin(CaseRecord, CaseRecord.id == ImportedRowRecord.case_id)
            .where(ImportedRowRecord.committee_id == committee_id, ImportedRowRecord.kind == kind,
                   or_(ImportedRowRecord.fingerprint.in_(chunk), ImportedRowRecord.raw_fingerprint.in_(chunk)))
        )
        for fp, raw_fp, name, number, at, case_number in rows:
            found[fp] = found[raw_fp] = (name, number, at, case_number)
    return found


def batches_of_file(session: Session, committee_id: uuid.UUID, sha256: str) -> list[ImportBatchRecord]:
    return list(session.scalars(
        select(ImportBatchRecord).where(ImportBatchRecord.committee_id == committee_id,
                                        ImportBatchRecord.file_sha256 == sha256)
        .order_by(ImportBatchRecord.imported_at)))


def last_mapping(session: Session, committee_id: uuid.UUID, kind: str) -> str | None:
    """The JSON mapping of the committee's latest import of this kind."""
    return session.scalars(
        select(ImportBatchRecord.mapping).where(ImportBatchRecord.committee_id == committee_id,
                                                ImportBatchRecord.kind == kind)
        .order_by(ImportBatchRecord.imported_at.desc()).limit(1)).first()


def mediators_by_name(session: Session, committee_id: uuid.UUID) -> dict[str, list[uuid.UUID]]:
    out: dict[str, list[uuid.UUID]] = {}
    for mid, name in session.execute(select(MediatorRecord.id, MediatorRecord.name)
                                     .where(MediatorRecord.committee_id == committee_id)):
        out.setdefault("".join(name.split()), []).append(mid)
    return out


def case_number_taken(session: Session, committee_id: uuid.UUID, number: str, year: int | None = None,
                      serial: int | None = None) -> bool:
    clause = CaseRecord.number == number
    if year is not None and serial is not None:
        clause = or_(clause, (CaseRecord.committee_id == committee_id) & (CaseRecord.year == year)
                     & (CaseRecord.serial == serial))
    return session.scalars(select(CaseRecord.id).where(clause).limit(1)).first() is not None


def raise_serial(session: Session, committee_id: uuid.UUID, year: int, series: str, serial: int) -> None:
    """A kept number's serial is never issued again: the counter moves up to it when behind."""
    serialize_writes(session)
    counter = session.get(NumberCounterRecord, (committee_id, year, series))
    if counter is None:
        session.add(NumberCounterRecord(committee_id=committee_id, year=year, series=series, last_serial=serial))
    elif counter.last_serial < serial:
        counter.last_serial = serial
    session.flush()
