"""Queries the maintenance checks need: every effective agreement with its case, every generated
document record, the case number of a set of case ids, users that exist."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import (
    AgreementRecord,
    CaseRecord,
    EvidenceRecord,
    GeneratedDocumentRecord,
    UserRecord,
)


def effective_agreements(session: Session) -> Iterator[tuple[CaseRecord, AgreementRecord]]:
    stmt = (select(AgreementRecord).where(AgreementRecord.content_hash.is_not(None),
                                          AgreementRecord.superseded.is_(False))
            .order_by(AgreementRecord.created_at))
    for a in session.scalars(stmt):
        case = session.get(CaseRecord, a.case_id)
        if case is not None:
            yield case, a


def agreement_with_case(session: Session, agreement_id: uuid.UUID) -> tuple[CaseRecord, AgreementRecord] | None:
    a = session.get(AgreementRecord, agreement_id)
    case = session.get(CaseRecord, a.case_id) if a is not None else None
    return (case, a) if case is not None and a is not None else None


def generated_documents(session: Session) -> Iterator[GeneratedDocumentRecord]:
    yield from session.scalars(select(GeneratedDocumentRecord).order_by(GeneratedDocumentRecord.generated_at)
                               ).yield_per(2000)


def evidence_files(session: Session) -> list[tuple[str, uuid.UUID, str]]:
    """(content hash, case id, file name) of every attachment a case lists."""
    stmt = select(EvidenceRecord.sha256, EvidenceRecord.case_id, EvidenceRecord.filename).order_by(
        EvidenceRecord.filename)
    return [(sha, case_id, name) for sha, case_id, name in session.execute(stmt)]


def case_numbers(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    return dict(session.execute(select(CaseRecord.id, CaseRecord.number).where(CaseRecord.id.in_(wanted))).all())


def case_id_by_number(session: Session, number: str) -> uuid.UUID | None:
    return session.scalar(select(CaseRecord.id).where(CaseRecord.number == number))


def user_exists(session: Session, user_id: uuid.UUID) -> bool:
    return session.get(UserRecord, user_id) is not None


def user_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(UserRecord)) or 0)


def case_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(CaseRecord)) or 0)
