"""A case and every record under it as plain JSON values, read in batches and written back with
SQLAlchemy Core (no ORM objects: 10,000 cases go out and in within seconds).

A row travels as the list of its columns' values in the order the bundle's manifest names; its
hash (SHA-256 of that list as canonical JSON) compares versions across sites. Columns that only
mean something on this site (the full-text rowid, password hashes, sign-in counters) never travel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Table, Uuid, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from mediation_app.storage.base import Base
from mediation_app.storage.models import CasePartyRecord, CaseRecord, PartyRecord
from mediation_app.storage.search import case_body

NIL = uuid.UUID(int=0)  # the bucket of rows that belong to no one case (committee, roster, lists)
LOCAL_ONLY: dict[str, frozenset[str]] = {
    "mediation_case": frozenset({"search_id"}),
    "user_account": frozenset({"password_hash", "failed_logins", "locked_until", "last_login_at",
                               "must_change_password", "active"}),
}
# the tables of a case: (table, column holding the case id | (fk column, parent table))
_DIRECT = ("case_party", "participant", "status_change", "external_ref", "assignment", "recusal_request", "meeting",
           "investigation", "evidence", "ledger_item", "risk_assessment", "referral", "agreement", "termination",
           "follow_up", "performance_event", "judicial_confirmation", "generated_document")
_CHILD = {"consent_event": ("case_party_id", "case_party"), "meeting_attendee": ("meeting_id", "meeting"),
          "referral_log": ("referral_id", "referral"), "agreement_term": ("agreement_id", "agreement"),
          "obligation": ("agreement_id", "agreement"), "agreement_execution": ("agreement_id", "agreement")}
REFERENCE_TABLES = ("committee", "mediator", "user_account", "lookup_item", "dispute_subtype")
_CASE_SET = {"mediation_case", "party", *_DIRECT, *_CHILD}
CASE_TABLES: tuple[str, ...] = tuple(t.name for t in Base.metadata.sorted_tables if t.name in _CASE_SET)
ALL_TABLES: tuple[str, ...] = tuple(t.name for t in Base.metadata.sorted_tables
                                    if t.name in _CASE_SET or t.name in REFERENCE_TABLES)


def _encoder(col: Any) -> Callable[[Any], Any] | None:
    if isinstance(col.type, Uuid):
        return lambda v: None if v is None else str(v)
    if isinstance(col.type, DateTime) or getattr(col.type, "impl", None) is not None and isinstance(
            col.type.impl, DateTime):
        return lambda v: None if v is None else v.astimezone(dt.UTC).isoformat()
    if isinstance(col.type, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(col.type, Boolean):
        return lambda v: None if v is None else bool(v)
    return None


def _decoder(col: Any) -> Callable[[Any], Any] | None:
    if isinstance(col.type, Uuid):
        return lambda v: None if v is None else uuid.UUID(v)
    if isinstance(col.type, DateTime) or getattr(col.type, "impl", None) is not None and isinstance(
            col.type.impl, DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(col.type, Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    return None


@dataclass(frozen=True)
class TableCodec:
    """How the rows of one table travel: the columns in order, and value converters both ways."""

    name: str
    table: Table
    columns: tuple[str, ...]
    encoders: tuple[tuple[int, Callable[[Any], Any]], ...]
    decoders: tuple[tuple[int, Callable[[Any], Any]], ...]

    def encode(self, row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for i, fn in self.encoders:
            values[i] = fn(values[i])
        return values

    def decode(self, values: Sequence[Any]) -> dict[str, Any]:
        out = list(values)
        for i, fn in self.decoders:
            out[i] = fn(out[i])
        return dict(zip(self.columns, out, strict=True))


def _codec(name: str) -> TableCodec:
    table = Base.metadata.tables[name]
    cols = [c for c in table.columns if c.name not in LOCAL_ONLY.get(name, frozenset())]
    enc = tuple((i, fn) for i, c in enumerate(cols) if (fn := _encoder(c)) is not None)
    dec = tuple((i, fn) for i, c in enumerate(cols) if (fn := _decoder(c)) is not None)
    return TableCodec(name, table, tuple(c.name for c in cols), enc, dec)


CODECS: dict[str, TableCodec] = {name: _codec(name) for name in ALL_TABLES}


def row_hash(values: Sequence[Any]) -> str:
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()[:32]


def _case_select(name: str, ids: Sequence[uuid.UUID]) -> Any:
    codec = CODECS[name]
    t = codec.table
    cols = [t.c[c] for c in codec.columns]
    if name == "mediation_case":
        return select(t.c.id, *cols).where(t.c.id.in_(ids))
    if name == "party":
        link = Base.metadata.tables["case_party"]
        return select(link.c.case_id, *cols).join(link, link.c.party_id == t.c.id).where(link.c.case_id.in_(ids))
    if name in _CHILD:
        fk, parent_name = _CHILD[name]
        parent = Base.metadata.tables[parent_name]
        return select(parent.c.case_id, *cols).join(parent, parent.c.id == t.c[fk]).where(parent.c.case_id.in_(ids))
    return select(t.c.case_id, *cols).where(t.c.case_id.in_(ids))


def case_rows(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, list[list[Any]]]]:
    """Every row of each case (encoded), per case, per table in insert order."""
    out: dict[uuid.UUID, dict[str, list[list[Any]]]] = {i: {} for i in ids}
    for name in CASE_TABLES:
        codec = CODECS[name]
        for row in session.execute(_case_select(name, ids)):
            out[row[0]].setdefault(name, []).append(codec.encode(row[1:]))
    return out


def reference_rows(session: Session, committee_id: uuid.UUID) -> dict[str, list[list[Any]]]:
    """The committee, its roster and accounts (without secrets) and the lists its cases use."""
    out: dict[str, list[list[Any]]] = {}
    for name in REFERENCE_TABLES:
        codec = CODECS[name]
        t = codec.table
        stmt = select(*[t.c[c] for c in codec.columns])
        if name == "committee":
            stmt = stmt.where(t.c.id == committee_id)
        elif name in ("mediator", "user_account"):
            stmt = stmt.where(t.c.committee_id == committee_id)
        out[name] = [codec.encode(r) for r in session.execute(stmt.order_by(t.c.id))]
    return out


def rows_by_id(session: Session, name: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    codec = CODECS[name]
    t = codec.table
    wanted = list(ids)
    out: dict[uuid.UUID, list[Any]] = {}
    for start in range(0, len(wanted), 500):
        stmt = select(*[t.c[c] for c in codec.columns]).where(t.c.id.in_(wanted[start:start + 500]))
        for r in session.execute(stmt):
            values = codec.encode(r)
            out[uuid.UUID(values[0])] = values
    return out


def natural_keys(session: Session, name: str) -> set[tuple[Any, ...]]:
    t = Base.metadata.tables[name]
    cols = (t.c.kind, t.c.code) if name == "lookup_item" else (t.c.code,)
    return {tuple(r) for r in session.execute(select(*cols))}


def usernames(session: Session) -> set[str]:
    t = Base.metadata.tables["user_account"]
    return set(session.scalars(select(t.c.username)))


# -- writing --------------------------------------------------------------------------------------
def insert(session: Session, name: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(CODECS[name].table.insert(), rows)


def update_by_id(session: Session, name: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    t = CODECS[name].table
    cols = [c for c in CODECS[name].columns if c != "id"]
    stmt = update(t).where(t.c.id == bindparam("_id")).values({c: bindparam(c) for c in cols})
    session.connection().execute(stmt, [{"_id": r["id"], **{c: r[c] for c in cols}} for r in rows])


def delete_by_id(session: Session, name: str, ids: list[uuid.UUID]) -> None:
    t = CODECS[name].table
    for start in range(0, len(ids), 500):
        session.execute(delete(t).where(t.c.id.in_(ids[start:start + 500])))


def next_search_ids(session: Session, count: int) -> Iterator[int]:
    start = (session.scalar(select(func.max(CaseRecord.search_id))) or 0) + 1
    yield from range(start, start + count)


def search_ids(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    t = CODECS["mediation_case"].table
    return {r[0]: r[1] for r in session.execute(select(t.c.id, t.c.search_id).where(t.c.id.in_(ids)))}


def reindex_cases(session: Session, ids: Sequence[uuid.UUID]) -> None:
    """Rebuild the full-text entries of these cases (SQLite), a batch at a time."""
    if session.get_bind().dialect.name != "sqlite":
        return
    from sqlalchemy import text

    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cases = list(session.scalars(select(CaseRecord).where(CaseRecord.id.in_(chunk))))
        parties: dict[uuid.UUID, list[PartyRecord]] = {}
        for case_id, party in session.execute(
                select(CasePartyRecord.case_id, PartyRecord)
                .join(PartyRecord, PartyRecord.id == CasePartyRecord.party_id)
                .where(CasePartyRecord.case_id.in_(chunk)).order_by(CasePartyRecord.position)):
            parties.setdefault(case_id, []).append(party)
        rowids = [{"r": c.search_id} for c in cases]
        if rowids:
            session.execute(text("DELETE FROM case_fts WHERE rowid = :r"), rowids)
            session.execute(text("INSERT INTO case_fts(rowid, body) VALUES (:r, :b)"),
                            [{"r": c.search_id, "b": case_body(c, parties.get(c.id, []))} for c in cases])


def counters(session: Session, committee_id: uuid.UUID) -> list[list[Any]]:
    t = Base.metadata.tables["number_counter"]
    stmt = select(t.c.year, t.c.series, t.c.last_serial).where(t.c.committee_id == committee_id)
    return [list(r) for r in session.execute(stmt.order_by(t.c.year, t.c.series))]


def merge_counters(session: Session, committee_id: uuid.UUID, rows: list[list[Any]]) -> None:
    """Serials of the committee's numbers: never below what either site has issued."""
    t = Base.metadata.tables["number_counter"]
    for year, series, last in rows:
        current = session.scalar(select(t.c.last_serial).where(t.c.committee_id == committee_id, t.c.year == year,
                                                                t.c.series == series))
        if current is None:
            session.execute(t.insert().values(committee_id=committee_id, year=year, series=series, last_serial=last))
        elif current < last:
            session.execute(update(t).where(t.c.committee_id == committee_id, t.c.year == year,
                                            t.c.series == series).values(last_serial=last))


def case_numbers(session: Session, numbers: Sequence[str]) -> dict[str, uuid.UUID]:
    t = CODECS["mediation_case"].table
    return {r[0]: r[1] for r in session.execute(select(t.c.number, t.c.id).where(t.c.number.in_(numbers)))}
