"""Full-text search over cases.

SQLite: an FTS5 table ``case_fts`` (unicode61) whose rows the application writes as per-character
tokens, pinyin name keys and phone tails; rowid = ``mediation_case.search_id`` (tech.md §2 measured
exact recall at millisecond speed). PostgreSQL: case-insensitive LIKE over the case columns and the parties' names, phones and
pinyin keys.
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, ColumnElement, and_, column, exists, false, func, or_, select, text
from sqlalchemy.orm import Session

from mediation_app.domain.pinyin import name_search_keys, query_is_pinyin
from mediation_app.domain.search_text import fts_phrase, phone_tokens, unigram
from mediation_app.storage.models import CasePartyRecord, CaseRecord, PartyRecord


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def case_body(case: CaseRecord, parties: list[PartyRecord]) -> str:
    words = [case.number, case.title, case.parties_text, case.facts, case.requests, case.place or ""]
    words += [case.referrer_name or ""]
    extra: list[str] = []
    for p in parties:
        words += [p.name, p.stall_number or "", p.legal_rep_name or ""]
        extra.append(p.name_keys or name_search_keys(p.name))
        if p.phone:
            extra.append(phone_tokens(p.phone))
        if p.id_number and len(p.id_number) >= 4:
            extra.append(p.id_number[-4:].lower())
    return " ".join([unigram(" ".join(words)), *extra])


def reindex_case(session: Session, case: CaseRecord) -> None:
    if not _is_sqlite(session):
        return
    parties = list(
        session.scalars(
            select(PartyRecord)
            .join(CasePartyRecord, CasePartyRecord.party_id == PartyRecord.id)
            .where(CasePartyRecord.case_id == case.id)
        )
    )
    body = case_body(case, parties)
    session.execute(text("DELETE FROM case_fts WHERE rowid = :r"), {"r": case.search_id})
    session.execute(text("INSERT INTO case_fts(rowid, body) VALUES (:r, :b)"), {"r": case.search_id, "b": body})


def remove_from_index(session: Session, search_id: int) -> None:
    if _is_sqlite(session):
        session.execute(text("DELETE FROM case_fts WHERE rowid = :r"), {"r": search_id})


def fts_expression(query: str) -> str | None:
    """MATCH expression: pinyin words become prefix queries, everything else exact phrases."""
    terms = query.split()
    parts: list[str] = []
    for term in terms:
        if query_is_pinyin(term):
            parts.append(f'"{term.lower()}"*')
        else:
            phrase = fts_phrase(term)
            if phrase:
                parts.append(phrase)
    return " AND ".join(parts) if parts else None


def search_predicate(session: Session, query: str) -> ColumnElement[bool] | None:
    """A WHERE clause on CaseRecord for the user's search text (None when the text is empty)."""
    query = query.strip()
    if not query:
        return None
    if _is_sqlite(session):
        expr = fts_expression(query)
        if expr is None:
            return false()
        ids = text("SELECT rowid FROM case_fts WHERE case_fts MATCH :q").bindparams(q=expr)
        return CaseRecord.search_id.in_(ids.columns(column("rowid", BigInteger)))
    clauses = []
    for term in query.split():
        like = f"%{term}%"
        party_match = exists().where(
            CasePartyRecord.case_id == CaseRecord.id,
            CasePartyRecord.party_id == PartyRecord.id,
            or_(
                PartyRecord.name.ilike(like),
                PartyRecord.phone.like(f"%{term}"),
                func.lower(PartyRecord.name_keys).like(f"%{term.lower()}%"),
            ),
        )
        clauses.append(
            or_(
                CaseRecord.number.ilike(like),
                CaseRecord.title.ilike(like),
                CaseRecord.parties_text.ilike(like),
                CaseRecord.facts.ilike(like),
                party_match,
            )
        )
    return and_(*clauses)


def case_ids_matching(session: Session, query: str) -> set[uuid.UUID]:
    pred = search_predicate(session, query)
    if pred is None:
        return set()
    return set(session.scalars(select(CaseRecord.id).where(pred)))
