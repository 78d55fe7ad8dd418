"""A case and every record under it as plain JSON values, read in batches and written back with
SQLAlchemy Core (no ORM objects: 10,000 cases go out and in within seconds).

A row travels as the list of its columns' values in the order the bundle's manifest names; its
hash (SHA-256 of that list as canonical JSON) compares versions across sites. Columns that only
mean something on this site (the full-text rowid, password hashes, sign-in counters) never travel.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Table, Uuid, bindparam, delete, func, select, type_coerce, update
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from mediation_app.storage.base import Base
from mediation_app.storage.handover.fingerprint import KEYED_BY as KEYED_BY  # used here, and by the merge
from mediation_app.storage.handover.fingerprint import row_hash as row_hash  # for the merge and the export
from mediation_app.storage.handover.fingerprint import row_key as row_key
from mediation_app.storage.search import reindex_ids

NIL = uuid.UUID(int=0)  # the bucket of rows that belong to no one case (committee, roster, lists)
LOCAL_ONLY: dict[str, frozenset[str]] = {
    "mediation_case": frozenset({"search_id"}),
    "user_account": frozenset({"password_hash", "failed_logins", "locked_until", "last_login_at",
                               "must_change_password", "active"}),
    # the ladder is each site's own: another site's levels come for the cases standing at them, and
    # are kept as removed levels (shown by name in a case's history, never offered on this ladder)
    "ladder_level": frozenset({"active"}),
}
# the tables of a case: (table, column holding the case id | (fk column, parent table))
_DIRECT = ("case_party", "participant", "status_change", "external_ref", "assignment", "recusal_request", "meeting",
           "investigation", "evidence", "ledger_item", "risk_assessment", "referral", "agreement", "termination",
           "follow_up", "performance_event", "judicial_confirmation", "generated_document", "risk_warning",
           "four_part_slip", "case_level", "case_level_event", "fund_entry", "prevention_event")
_CHILD = {"consent_event": ("case_party_id", "case_party"), "meeting_attendee": ("meeting_id", "meeting"),
          "referral_log": ("referral_id", "referral"), "complaint_referral": ("referral_id", "referral"),
          "agreement_term": ("agreement_id", "agreement"),
          "obligation": ("agreement_id", "agreement"), "agreement_execution": ("agreement_id", "agreement"),
          "referral_sign_in": ("referral_id", "referral")}
REFERENCE_TABLES = ("committee", "mediator", "user_account", "lookup_item", "dispute_subtype", "merchant",
                    "market_clock", "ladder_level", "fund_entry", "prevention_event", "screening_round")
_COMMITTEE_OWNED = ("mediator", "user_account", "merchant", "market_clock", "fund_entry", "prevention_event",
                    "screening_round")
# rows of a case travel with it; the same tables' rows without a case (the fund's top-ups and their
# reversals, a prevented dispute recorded without a case) travel with the committee's own records
_WITHOUT_CASE = ("fund_entry", "prevention_event")
LINKS = "merchant_party"  # a party's link to its merchant: keyed by the party, merged after the cases
_CASE_SET = {"mediation_case", "party", *_DIRECT, *_CHILD}
CASE_TABLES: tuple[str, ...] = tuple(t.name for t in Base.metadata.sorted_tables if t.name in _CASE_SET)
ALL_TABLES: tuple[str, ...] = tuple(t.name for t in Base.metadata.sorted_tables
                                    if t.name in _CASE_SET or t.name in REFERENCE_TABLES)


def _kind(col: Any) -> str:
    impl = getattr(col.type, "impl", None)
    if isinstance(col.type, Uuid):
        return "uuid"
    if isinstance(col.type, DateTime) or isinstance(impl, DateTime):
        return "datetime"
    if isinstance(col.type, Date):
        return "date"
    if isinstance(col.type, Boolean):
        return "bool"
    return "plain"


def _stamp(v: dt.datetime | None) -> str | None:
    return None if v is None else v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


# How values travel (the same on every backend, so that a row's hash is the same at both sites):
# exactly as SQLite stores them — UUIDs as 32 hex digits, datetimes as naive UTC text with
# microseconds, dates ISO, booleans 0/1 — so SQLite's rows go out and in untouched, and only
# PostgreSQL's Python values are converted.
_READ: dict[str, dict[str, Callable[[Any], Any]]] = {
    "sqlite": {},
    "postgresql": {"uuid": lambda v: None if v is None else v.hex, "datetime": _stamp,
                   "date": lambda v: None if v is None else v.isoformat(),
                   "bool": lambda v: None if v is None else int(v)},
}
_WRITE: dict[str, dict[str, Callable[[Any], Any]]] = {
    "sqlite": {},
    "postgresql": {"uuid": lambda v: None if v is None else uuid.UUID(v),
                   "datetime": lambda v: None if v is None else dt.datetime.fromisoformat(v).replace(tzinfo=dt.UTC),
                   "date": lambda v: None if v is None else dt.date.fromisoformat(v),
                   "bool": lambda v: None if v is None else bool(v)},
}


def travelling(value: uuid.UUID) -> str:
    """A UUID as it travels."""
    return value.hex


@dataclass(frozen=True)
class TableCodec:
    """How the rows of one table travel: the columns in order and their kinds."""

    name: str
    table: Table
    columns: tuple[str, ...]
    kinds: tuple[str, ...]

    def readers(self, dialect: str) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        table = _READ.get(dialect, _READ["postgresql"])
        return tuple((i, table[k]) for i, k in enumerate(self.kinds) if k in table)

    def writers(self, dialect: str) -> dict[str, Callable[[Any], Any]]:
        table = _WRITE.get(dialect, _WRITE["postgresql"])
        return {c: table[k] for c, k in zip(self.columns, self.kinds, strict=True) if k in table}

    def raw_columns(self) -> list[Any]:
        return [type_coerce(self.table.c[c], NullType()) for c in self.columns]


def _codec(name: str) -> TableCodec:
    table = Base.metadata.tables[name]
    cols = [c for c in table.columns if c.name not in LOCAL_ONLY.get(name, frozenset())]
    return TableCodec(name, table, tuple(c.name for c in cols), tuple(_kind(c) for c in cols))


CODECS: dict[str, TableCodec] = {name: _codec(name) for name in (*ALL_TABLES, LINKS, "audit_event",
                                                                  "imported_audit_event")}


assert all(CODECS[n].columns[0] == c for n, c in KEYED_BY.items())  # the key travels first


def key_column(name: str) -> str:
    return KEYED_BY.get(name, "id")


def row_of_key(session: Session, name: str, key: uuid.UUID, case_id: uuid.UUID | None) -> list[Any] | None:
    """This site's row (as it travels) known by ``key`` (see ``row_key``)."""
    if name not in KEYED_BY:
        return rows_by_id(session, name, [key]).get(key)
    if case_id is None:
        return None
    mine = case_rows(session, [case_id]).get(case_id.hex, {}).get(name, [])
    return next((r for r in mine if row_key(name, r) == key.hex), None)


# tables whose rows refer to rows of the same table: written referred rows first (a recovery after
# its payment, a reversal after what it reverses), then by id
SELF_REFERRING = {"fund_entry": ("reverses_id", "payment_id")}


def insert_order(name: str) -> Callable[[Sequence[Any]], Any]:
    """Sort key of rows (lists in the codec's column order) for inserting them into ``name``."""
    refs = [CODECS[name].columns.index(c) for c in SELF_REFERRING.get(name, ())]
    if not refs:
        return lambda r: r[0]
    return lambda r: (*(r[i] is not None for i in refs), r[0])


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _encoded(rows: Iterable[Sequence[Any]], readers: tuple[tuple[int, Callable[[Any], Any]], ...],
             skip: int = 0) -> Iterator[tuple[Any, list[Any]]]:
    if not readers:
        for row in rows:
            yield (row[0] if skip else None), list(row[skip:])
        return
    for row in rows:
        values = list(row[skip:])
        for i, fn in readers:
            values[i] = fn(values[i])
        yield (row[0] if skip else None), values


class IdList(list[uuid.UUID]):
    """Case ids with their JSON text made once (SQLite reads them as one parameter in every query)."""

    def __init__(self, ids: Sequence[uuid.UUID]) -> None:
        super().__init__(ids)
        self.json = json.dumps([i.hex for i in ids])


def _among(col: Any, ids: Sequence[uuid.UUID], sqlite: bool) -> Any:
    """``col IN ids``; on SQLite as one JSON parameter (hundreds of ids without hundreds of parameters)."""
    if not sqlite:
        return col.in_(ids)
    from sqlalchemy import column, literal

    listed = literal(ids.json if isinstance(ids, IdList) else json.dumps([i.hex for i in ids]))
    return type_coerce(col, NullType()).in_(select(column("value")).select_from(func.json_each(listed)))


def _case_select(name: str, ids: Sequence[uuid.UUID], sqlite: bool = False) -> Any:
    codec = CODECS[name]
    t = codec.table
    cols = codec.raw_columns()
    if name == "mediation_case":
        return select(type_coerce(t.c.id, NullType()), *cols).where(_among(t.c.id, ids, sqlite))
    if name == "party":
        link = Base.metadata.tables["case_party"]
        key = type_coerce(link.c.case_id, NullType())
        return select(key, *cols).join(link, link.c.party_id == t.c.id).where(_among(link.c.case_id, ids, sqlite))
    if name in _CHILD:
        fk, parent_name = _CHILD[name]
        parent = Base.metadata.tables[parent_name]
        key = type_coerce(parent.c.case_id, NullType())
        return select(key, *cols).join(parent, parent.c.id == t.c[fk]).where(_among(parent.c.case_id, ids, sqlite))
    return select(type_coerce(t.c.case_id, NullType()), *cols).where(_among(t.c.case_id, ids, sqlite))


def case_rows(session: Session, ids: Sequence[uuid.UUID]) -> dict[str, dict[str, list[list[Any]]]]:
    """Every row of each case (as it travels), per case id (text), per table in insert order."""
    dialect = _dialect(session)
    key = _READ.get(dialect, _READ["postgresql"]).get("uuid") or (lambda v: v)
    out: dict[str, dict[str, list[list[Any]]]] = {i.hex: {} for i in ids}
    t = CODECS["mediation_case"].table
    present = list(session.scalars(select(t.c.id).where(_among(t.c.id, IdList(ids), dialect == "sqlite"))))
    if not present:  # cases new here (a first hand-over): nothing to read
        return out
    ids = IdList(present)
    for name in CASE_TABLES:
        readers = CODECS[name].readers(dialect)
        for case_key, values in _encoded(session.execute(_case_select(name, ids, dialect == "sqlite")).all(), readers, skip=1):
            out[key(case_key)].setdefault(name, []).append(values)
    return out


def case_json(session: Session, ids: Sequence[uuid.UUID]) -> tuple[dict[str, dict[str, str]], int]:
    """Every row of each case as JSON text made by the database (SQLite: json_array, the same values as
    ``case_rows``), per case id, per table: the bulk of a bundle without a Python object per value."""
    if _dialect(session) != "sqlite":
        rows = case_rows(session, ids)
        return ({k: {n: json.dumps(r, ensure_ascii=False, separators=(",", ":")) for n, r in v.items()}
                 for k, v in rows.items()}, sum(len(r) for v in rows.values() for r in v.values()))
    from sqlalchemy import literal_column

    ids = IdList(ids)
    out: dict[str, dict[str, str]] = {i.hex: {} for i in ids}
    total = 0
    for name in CASE_TABLES:
        codec = CODECS[name]
        cols = ", ".join(f'{name}."{c}"' for c in codec.columns)
        key: Any = literal_column(_case_key_sql(name))
        stmt = _case_select(name, ids, True).with_only_columns(
            key, literal_column(f"json_group_array(json_array({cols}))"), func.count()).group_by(key)
        for key, text, n in session.execute(stmt):
            out[key][name] = text
            total += n
    return out, total


def evidence_rows(session: Session, ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, list[Any]]]:
    """(case id, evidence row as it travels) of these cases."""
    dialect = _dialect(session)
    readers = CODECS["evidence"].readers(dialect)
    stmt = _case_select("evidence", ids, dialect == "sqlite")
    return [(uuid.UUID(str(k)) if not isinstance(k, uuid.UUID) else k, v)
            for k, v in _encoded(session.execute(stmt).all(), readers, skip=1)]


def evidence_hashes(session: Session, ids: Sequence[uuid.UUID]) -> list[str]:
    """The content hashes of these cases' attachments."""
    t = CODECS["evidence"].table
    stmt = _case_select("evidence", ids, _dialect(session) == "sqlite").with_only_columns(t.c.sha256).distinct()
    return [sha for sha in session.scalars(stmt) if sha]


def _case_key_sql(name: str) -> str:
    if name == "mediation_case":
        return "mediation_case.id"
    if name == "party":
        return "case_party.case_id"
    if name in _CHILD:
        return f"{_CHILD[name][1]}.case_id"
    return f"{name}.case_id"


def referenced(session: Session, ids: Sequence[uuid.UUID], target: str) -> set[str]:
    """Ids of ``target`` rows (accounts, mediators) that the records of these cases refer to."""
    out: set[str] = set()
    parts = []
    ids = IdList(ids)
    for name in CASE_TABLES:
        codec = CODECS[name]
        for c in codec.columns:
            if any(fk.column.table.name == target for fk in codec.table.c[c].foreign_keys):
                parts.append(_case_select(name, ids, _dialect(session) == "sqlite").with_only_columns(
                    type_coerce(codec.table.c[c], NullType()).label("r")))
    if not parts:
        return out
    from sqlalchemy import union

    read = _READ.get(_dialect(session), _READ["postgresql"]).get("uuid") or (lambda v: v)
    for (value,) in session.execute(union(*parts)):
        if value is not None:
            out.add(read(value))
    return out


def reference_rows(session: Session, committee_id: uuid.UUID) -> dict[str, list[list[Any]]]:
    """The committee, its roster and accounts (without secrets) and the lists its cases use."""
    out: dict[str, list[list[Any]]] = {}
    dialect = _dialect(session)
    for name in REFERENCE_TABLES:
        codec = CODECS[name]
        t = codec.table
        stmt = select(*codec.raw_columns())
        if name == "committee":
            stmt = stmt.where(t.c.id == committee_id)
        elif name in _COMMITTEE_OWNED:
            stmt = stmt.where(t.c.committee_id == committee_id)
        if name in _WITHOUT_CASE:
            stmt = stmt.where(t.c.case_id.is_(None))
        out[name] = [v for _, v in _encoded(session.execute(stmt.order_by(t.c.id)), codec.readers(dialect))]
    out[LINKS] = link_rows(session, committee_id)
    return out


def referred(rows: dict[str, list[list[Any]]], target: str) -> set[str]:
    """Ids of ``target`` rows that these rows (per table, as they travel) refer to."""
    out: set[str] = set()
    for name, listed in rows.items():
        codec = CODECS.get(name)
        if codec is None or name == target or not listed:
            continue
        for i, c in enumerate(codec.columns):
            if any(fk.column.table.name == target for fk in codec.table.c[c].foreign_keys):
                out.update(r[i] for r in listed if r[i] is not None)
    return out


def link_rows(session: Session, committee_id: uuid.UUID, party_ids: Iterable[uuid.UUID] | None = None
              ) -> list[list[Any]]:
    """The links of parties to the committee's merchants (of these parties only, when given)."""
    codec = CODECS[LINKS]
    t, merchant = codec.table, Base.metadata.tables["merchant"]
    stmt = select(*codec.raw_columns()).join(merchant, merchant.c.id == t.c.merchant_id).where(
        merchant.c.committee_id == committee_id).order_by(t.c.party_id)
    readers = codec.readers(_dialect(session))
    if party_ids is None:
        return [v for _, v in _encoded(session.execute(stmt), readers)]
    wanted = list(party_ids)
    return [v for start in range(0, len(wanted), 500)
            for _, v in _encoded(session.execute(stmt.where(t.c.party_id.in_(wanted[start:start + 500]))), readers)]


def existing_ids(session: Session, name: str, ids: Iterable[uuid.UUID]) -> set[str]:
    """Which of these ids are rows of ``name`` here (as they travel)."""
    t = CODECS[name].table
    wanted = list(ids)
    return {i.hex for start in range(0, len(wanted), 500)
            for i in session.scalars(select(t.c.id).where(t.c.id.in_(wanted[start:start + 500])))}


def delete_links(session: Session, party_ids: list[uuid.UUID]) -> None:
    t = CODECS[LINKS].table
    for start in range(0, len(party_ids), 500):
        session.execute(delete(t).where(t.c.party_id.in_(party_ids[start:start + 500])))


def rows_by_id(session: Session, name: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    codec = CODECS[name]
    t = codec.table
    readers = codec.readers(_dialect(session))
    wanted = list(ids)
    out: dict[uuid.UUID, list[Any]] = {}
    for start in range(0, len(wanted), 500):
        stmt = select(*codec.raw_columns()).where(t.c[key_column(name)].in_(wanted[start:start + 500]))
        for _, values in _encoded(session.execute(stmt), readers):
            out[uuid.UUID(values[0])] = values
    return out


def audit_rows(session: Session, after_seq: int, upto_seq: int) -> Iterator[dict[str, Any]]:
    """This site's audit entries in (after_seq, upto_seq], as they travel, oldest first."""
    codec = CODECS["audit_event"]
    t = codec.table
    readers = codec.readers(_dialect(session))
    stmt = select(*codec.raw_columns()).where(t.c.seq > after_seq, t.c.seq <= upto_seq).order_by(t.c.seq)
    for _, values in _encoded(session.execute(stmt.execution_options(yield_per=5000)), readers):
        yield dict(zip(codec.columns, values, strict=True))


def natural_keys(session: Session, name: str) -> set[tuple[Any, ...]]:
    t = Base.metadata.tables[name]
    cols = (t.c.kind, t.c.code) if name == "lookup_item" else (t.c.code,)
    return {tuple(r) for r in session.execute(select(*cols))}


def clock_keys(session: Session) -> dict[tuple[str, str], str]:
    """(committee, sub-type) → id of the market clocks here, as they travel."""
    t = Base.metadata.tables["market_clock"]
    return {(travelling(c), code): travelling(i)
            for c, code, i in session.execute(select(t.c.committee_id, t.c.subtype_code, t.c.id))}


def usernames(session: Session) -> set[str]:
    t = Base.metadata.tables["user_account"]
    return set(session.scalars(select(t.c.username)))


# -- writing --------------------------------------------------------------------------------------
def _to_db(session: Session, name: str, rows: list[dict[str, Any]]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns and values ready for the driver (rows: travelling values, plus local extras). On
    SQLite travelling values are stored values already; every row has its keys in the same order."""
    cols = list(rows[0])
    if _dialect(session) == "sqlite":
        return cols, [tuple(r.values()) for r in rows]
    writers = CODECS[name].writers(_dialect(session))
    out = []
    for r in rows:
        out.append(tuple(writers[c](r[c]) if c in writers else r[c] for c in cols))
    return cols, out


def insert(session: Session, name: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows given as travelling values (extra local columns as plain values)."""
    if not rows:
        return
    cols, values = _to_db(session, name, rows)
    if _dialect(session) == "sqlite":
        sql = f'INSERT INTO "{name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES ({", ".join("?" * len(cols))})'
        session.connection().exec_driver_sql(sql, values)
    else:
        session.execute(CODECS[name].table.insert(), [dict(zip(cols, v, strict=True)) for v in values])


def insert_values(session: Session, name: str, rows: list[list[Any]], extra: tuple[str, ...] = ()) -> None:
    """Insert rows given as lists of travelling values in the codec's column order (then ``extra``
    local columns): no mapping per row."""
    if not rows:
        return
    cols = (*CODECS[name].columns, *extra)
    if _dialect(session) == "sqlite":
        sql = f'INSERT INTO "{name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES ({", ".join("?" * len(cols))})'
        session.connection().exec_driver_sql(sql, list(map(tuple, rows)))
        return
    writers = CODECS[name].writers(_dialect(session))
    convert = [(i, writers[c]) for i, c in enumerate(cols) if c in writers]
    out = []
    for r in rows:
        values = list(r)
        for i, fn in convert:
            values[i] = fn(values[i])
        out.append(values)
    # PostgreSQL: one array per column, unnested by the server (one statement per 20,000 rows, not one a row)
    table = CODECS[name].table
    dialect = session.get_bind().dialect
    arrays = ", ".join(f"%(c{i})s::{table.c[c].type.compile(dialect=dialect)}[]" for i, c in enumerate(cols))
    sql = (f'INSERT INTO "{name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
           f"SELECT * FROM unnest({arrays})")
    for start in range(0, len(out), 20_000):
        part = out[start:start + 20_000]
        session.connection().exec_driver_sql(sql, {f"c{i}": [v[i] for v in part] for i in range(len(cols))})


def update_by_id(session: Session, name: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols, values = _to_db(session, name, rows)
    key = key_column(name)
    i = cols.index(key)
    others = [c for c in cols if c != key]
    if _dialect(session) == "sqlite":
        sql = f'UPDATE "{name}" SET {", ".join(chr(34) + c + chr(34) + " = ?" for c in others)} WHERE "{key}" = ?'
        session.connection().exec_driver_sql(sql, [v[:i] + v[i + 1:] + (v[i],) for v in values])
        return
    t = CODECS[name].table
    stmt = update(t).where(t.c[key] == bindparam("_id")).values({c: bindparam(c) for c in others})
    session.connection().execute(stmt, [{"_id": v[i], **{c: v[j] for j, c in enumerate(cols) if c != key}}
                                        for v in values])


def delete_by_id(session: Session, name: str, ids: list[uuid.UUID]) -> None:
    t = CODECS[name].table
    key = t.c[key_column(name)]
    for start in range(0, len(ids), 500):
        session.execute(delete(t).where(key.in_(ids[start:start + 500])))


def next_search_ids(session: Session, count: int) -> Iterator[int]:
    from mediation_app.storage.bulk import max_search_id

    start = max_search_id(session) + 1
    yield from range(start, start + count)


def search_ids(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    t = CODECS["mediation_case"].table
    return {r[0]: r[1] for r in session.execute(select(t.c.id, t.c.search_id).where(t.c.id.in_(ids)))}


def reindex_cases(session: Session, ids: Sequence[uuid.UUID], new: frozenset[uuid.UUID] = frozenset()) -> None:
    """Rebuild the search index rows of these cases, a batch at a time (``new``: cases that had no
    entry yet: their rows are written in large sorted runs without looking for old ones)."""
    reindex_ids(session.connection(), list(ids), new)


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
