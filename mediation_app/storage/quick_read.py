"""The command line's lean reads: SQLAlchemy Core over the few tables ``case list`` and a short
command-line sign-in need, without the ORM or its ~70 mapped classes (their import is most of a
command's start-up). The tables are declared here with the columns read; a test checks them against
the ORM models' tables (same names and types). Only the usual case (a live session, a plain
database) is served here: anything else goes the full way (services), which also words the errors.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    and_,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from mediation_app.storage import search_sql
from mediation_app.storage.scope import Scope, in_scope
from mediation_app.storage.types import UTCDateTime

_md = MetaData()
cli_session = Table(
    "cli_session", _md, Column("id", Uuid, primary_key=True), Column("token_hash", String(64)),
    Column("user_id", Uuid), Column("committee_id", Uuid), Column("workstation", String(200)),
    Column("user_stamp", String(64)), Column("idle_minutes", Integer), Column("last_used_at", UTCDateTime),
    Column("expires_at", UTCDateTime), Column("ended_at", UTCDateTime))
user_account = Table(
    "user_account", _md, Column("id", Uuid, primary_key=True), Column("username", String(64)),
    Column("display_name", String(100)), Column("password_hash", String(200)), Column("role", String(20)),
    Column("roles", String(80)), Column("must_change_password", Boolean), Column("committee_id", Uuid),
    Column("mediator_id", Uuid), Column("active", Boolean), Column("locked_until", UTCDateTime))
membership = Table(
    "committee_membership", _md, Column("user_id", Uuid, primary_key=True),
    Column("committee_id", Uuid, primary_key=True), Column("roles", String(80)), Column("mediator_id", Uuid))
committee = Table(
    "committee", _md, Column("id", Uuid, primary_key=True), Column("name", String(200)),
    Column("short_name", String(40)), Column("kind", String(30)), Column("active", Boolean),
    Column("created_at", UTCDateTime))
mediator = Table("mediator", _md, Column("id", Uuid, primary_key=True), Column("name", String(100)))
case = Table(
    "mediation_case", _md, Column("id", Uuid, primary_key=True), Column("committee_id", Uuid),
    Column("number", String(80)), Column("search_id", BigInteger), Column("status", String(30)),
    Column("title", String(400)), Column("parties_text", String(500)), Column("dispute_type", String(30)),
    Column("referrer_name", String(200)), Column("facts", Text), Column("requests", Text),
    Column("place", String(300)), Column("registered_on", Date), Column("accepted_on", Date),
    Column("deadline_on", Date), Column("risk_level", String(10)), Column("presiding_mediator_id", Uuid))
case_term = Table("case_term", _md, Column("term", String(40)), Column("reg_day", Integer),
                  Column("search_id", BigInteger))
party = Table(
    "party", _md, Column("id", Uuid, primary_key=True), Column("name", String(200)),
    Column("name_keys", String(400)), Column("phone", String(40)), Column("id_number", String(40)),
    Column("stall_number", String(40)), Column("legal_rep_name", String(100)))
case_party = Table("case_party", _md, Column("case_id", Uuid), Column("party_id", Uuid), Column("position", Integer))
search_tune = Table("search_tune", _md, Column("term", String(40), primary_key=True), Column("kind", String(8)))
search_pending = Table("search_pending", _md, Column("case_id", Uuid, primary_key=True))

TABLES = search_sql.SearchTables(case=case, term=case_term, party=party, link=case_party, tune=search_tune)
OPEN_STATUSES = ("accepted", "mediating", "agreement_drafted")  # as storage/queries.py
BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # BEGIN IMMEDIATE below: the session's expiry is written
    cur = dbapi_conn.cursor()
    for pragma in ("synchronous=FULL", "foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}", "trusted_schema=OFF"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def lean_engine(url: str) -> Engine | None:
    """An engine for a plain SQLite file that exists (never created here) or a PostgreSQL URL; None
    for anything else (an encrypted file, another backend): those go the full way."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return create_engine(url, poolclass=NullPool, hide_parameters=True)
    if backend != "sqlite" or parsed.drivername != "sqlite+pysqlite" or not parsed.database:
        return None
    from pathlib import Path

    path = Path(parsed.database)
    if parsed.database.startswith("file:") or not path.is_file():
        return None
    engine = create_engine(f"sqlite+pysqlite:///file:{path.resolve().as_posix()}?mode=rw&uri=true",
                           poolclass=NullPool, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as conn:
        yield conn


# -- the session --------------------------------------------------------------------------------
def session_and_user(conn: Connection, token_hash: str) -> tuple[Any, Any] | None:
    """The session row and its user's row (None: no such session, or no such user)."""
    s = conn.execute(select(cli_session).where(cli_session.c.token_hash == token_hash)).first()
    if s is None:
        return None
    u = conn.execute(select(user_account).where(user_account.c.id == s.user_id)).first()
    return None if u is None else (s, u)


class _Row:
    """Attribute access over a mapping (a membership or committee half of a joined row)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def memberships(conn: Connection, user_id: uuid.UUID) -> list[tuple[Any, Any]]:
    """(membership, committee) of a user, oldest committee first (as queries_centre.memberships)."""
    m, c = membership.c, committee.c
    rows = conn.execute(select(m.committee_id, m.roles, m.mediator_id, c.name, c.short_name, c.kind, c.active)
                        .join(committee, c.id == m.committee_id).where(m.user_id == user_id)
                        .order_by(c.created_at, c.short_name)).all()
    return [(_Row(committee_id=r.committee_id, roles=r.roles, mediator_id=r.mediator_id),
             _Row(id=r.committee_id, name=r.name, short_name=r.short_name, kind=r.kind, active=r.active))
            for r in rows]


def touch(conn: Connection, session_id: uuid.UUID, now: dt.datetime, expires: dt.datetime) -> None:
    conn.execute(update(cli_session).where(cli_session.c.id == session_id).values(last_used_at=now, expires_at=expires))


# -- the case list ------------------------------------------------------------------------------
def _filtered(statuses: tuple[str, ...], overdue: bool, scope: Scope, today: dt.date) -> list[Any]:
    c = case.c
    conds: list[Any] = []
    if scope is not None:
        conds.append(in_scope(c.committee_id, scope))
    if statuses:
        conds.append(c.status.in_(statuses))
    if overdue:
        conds.append(and_(c.status.in_(OPEN_STATUSES), c.deadline_on < today))
    return conds


def _row_columns(med: Any) -> tuple[Any, ...]:
    c = case.c
    return (c.id, c.number, c.title, c.parties_text, c.dispute_type, c.status, med.c.name, c.registered_on,
            c.accepted_on, c.deadline_on, c.risk_level)


def case_page(conn: Connection, statuses: tuple[str, ...], text: str, overdue: bool, scope: Scope,
              today: dt.date, limit: int) -> list[Any]:
    """The first page of the list, newest registration first, as storage/queries.list_cases reads it
    for the default order (the same columns: the row, the sort value, the committee's short name)."""
    c = case.c
    med = mediator.alias()
    plan = search_sql.plan_search(conn, TABLES, text, walked=True) if text else None
    if plan is not None and not plan.empty:
        t = case_term.alias()
        stmt = (select(*_row_columns(med), c.registered_on.label("sort_value"), committee.c.short_name)
                .select_from(t).join(case, c.search_id == t.c.search_id)
                .outerjoin(med, med.c.id == c.presiding_mediator_id)
                .outerjoin(committee, committee.c.id == c.committee_id)
                .where(t.c.term == plan.driver, *search_sql.probes_of(TABLES, plan, t.c.reg_day, t.c.search_id),
                       *search_sql.checks_of(TABLES, plan), *_filtered(statuses, overdue, scope, today))
                .order_by(t.c.reg_day.desc(), t.c.search_id.desc()))
        return list(conn.execute(stmt.limit(limit)).all())
    if plan is not None:  # a term in no case at all
        return []
    stmt = (select(*_row_columns(med), c.registered_on.label("sort_value"), committee.c.short_name)
            .outerjoin(med, med.c.id == c.presiding_mediator_id)
            .outerjoin(committee, committee.c.id == c.committee_id)
            .where(*_filtered(statuses, overdue, scope, today))
            .order_by(c.registered_on.desc(), c.search_id.desc()))
    return list(conn.execute(stmt.limit(limit)).all())


def case_count(conn: Connection, statuses: tuple[str, ...], text: str, overdue: bool, scope: Scope,
               today: dt.date) -> int:
    """How many cases the list has in all (as storage/queries.count_cases)."""
    c = case.c
    plan = search_sql.plan_search(conn, TABLES, text) if text else None
    if plan is not None and not plan.empty:
        t = case_term.alias()
        stmt = (select(func.count()).select_from(t).join(case, c.search_id == t.c.search_id)
                .where(t.c.term == plan.driver, *search_sql.probes_of(TABLES, plan, t.c.reg_day, t.c.search_id),
                       *search_sql.checks_of(TABLES, plan), *_filtered(statuses, overdue, scope, today)))
        return int(conn.scalar(stmt) or 0)
    if plan is not None:
        return 0
    stmt = select(func.count()).select_from(case).where(*_filtered(statuses, overdue, scope, today))
    return int(conn.scalar(stmt) or 0)


def still_indexing(conn: Connection) -> int:
    """Imported cases whose search index is not written yet (as storage/search_pending.count)."""
    if conn.scalar(select(search_pending.c.case_id).limit(1)) is None:
        return 0
    return int(conn.scalar(select(func.count()).select_from(search_pending)) or 0)


def where_matched_in(conn: Connection, case_ids: list[Any], text: str) -> dict[Any, tuple[str, str]]:
    return search_sql.where_matched_in(conn, TABLES, case_ids, text)
