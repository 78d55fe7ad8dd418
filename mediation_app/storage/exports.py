"""What the register export needs beyond the list's own columns: each case's parties with their
contact details, and the amount involved."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediation_app.storage.models import CasePartyRecord, CaseRecord, PartyRecord


@dataclass(frozen=True, kw_only=True)
class PartyLine:
    role: str
    kind: str
    name: str
    id_number: str | None
    phone: str | None
    address: str | None


def case_extras(session: Session, case_ids: Iterable[uuid.UUID]) -> tuple[dict[uuid.UUID, list[PartyLine]],
                                                                          dict[uuid.UUID, int | None]]:
    """(case id -> its parties in order, case id -> amount involved in fen)."""
    ids = list(case_ids)
    parties: dict[uuid.UUID, list[PartyLine]] = {i: [] for i in ids}
    amounts: dict[uuid.UUID, int | None] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = session.execute(
            select(CasePartyRecord.case_id, CasePartyRecord.role, PartyRecord.kind, PartyRecord.name,
                   PartyRecord.id_number, PartyRecord.credit_code, PartyRecord.phone, PartyRecord.address)
            .join(PartyRecord, PartyRecord.id == CasePartyRecord.party_id)
            .where(CasePartyRecord.case_id.in_(chunk))
            .order_by(CasePartyRecord.case_id, CasePartyRecord.position))
        for case_id, role, kind, name, id_number, credit_code, phone, address in rows:
            parties[case_id].append(PartyLine(role=role, kind=kind, name=name, id_number=id_number or credit_code,
                                              phone=phone, address=address))
        for case_id, amount in session.execute(select(CaseRecord.id, CaseRecord.amount_fen)
                                               .where(CaseRecord.id.in_(chunk))):
            amounts[case_id] = amount
    return parties, amounts
