"""The search's SQL over any set of the four tables it reads (case, term index, party, link): the
ORM's tables for the services (storage/search_query.py), and the lean tables of the command line's
quick read (storage/quick_read.py), which imports no ORM model. How a query is planned is explained
in storage/search_query.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
)

from mediation_app.domain.masking import mask_id, mask_phone
from mediation_app.domain.pinyin import name_search_keys
from mediation_app.domain.search_terms import (
    MatchField,
    QueryTerm,
    Tune,
    cjk_triples,
    phone_terms,
    pinyin_terms,
    query_terms,
    text_terms,
    tune_wanted,
    where_matched,
)
from mediation_app.domain.search_text import is_single_token_char

GATHER_MAX = 5000


@dataclass(frozen=True)
class SearchTables:
    """The Core tables the search reads: cases, the term index, parties and the case-party links, and
    what tuning learnt of the data (storage/search_tune.py)."""

    case: Any
    term: Any
    party: Any
    link: Any
    tune: Any


@dataclass(frozen=True)
class SearchPlan:
    driver: str  # the rarest index term: its rows are walked
    rare: bool  # it matches fewer than GATHER_MAX cases
    probes: tuple[str, ...]  # the other terms, looked up for the same case
    checks: tuple[str, ...]  # texts that must occur within one field

    @property
    def empty(self) -> bool:
        return self.driver == ""


NO_MATCH = SearchPlan(driver="", rare=True, probes=(), checks=())


def _capped_count(session: Any, tables: SearchTables, term: str, cap: int) -> int:
    t = tables.term.c
    sub = select(literal(1)).where(t.term == term).limit(cap).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def plan_search(session: Any, tables: SearchTables, query: str, *, walked: bool = False) -> SearchPlan | None:
    """None when the query is empty; NO_MATCH when a term is in no case at all. ``walked``: the
    caller walks the driver's index rows in order whatever their number (the list by registration
    day), so a query of one term needs no count at all."""
    if not query.strip():
        return None
    parts: list[QueryTerm] | None = query_terms(query)
    if parts is None:
        return NO_MATCH
    keys = list(dict.fromkeys(k for part in parts for k in part.keys))
    keys += _triple_keys(session, tables, parts, keys)
    if walked and len(keys) == 1:
        return SearchPlan(driver=keys[0], rare=False, probes=(), checks=tuple(p.text for p in parts if p.needs_check))
    counts = {k: _capped_count(session, tables, k, GATHER_MAX) for k in keys}
    if min(counts.values()) == 0:
        return NO_MATCH
    driver = min(keys, key=lambda k: counts[k])
    return SearchPlan(driver=driver, rare=counts[driver] < GATHER_MAX, probes=tuple(k for k in keys if k != driver),
                      checks=tuple(p.text for p in parts if p.needs_check))


def _triple_keys(session: Any, tables: SearchTables, parts: list[QueryTerm], keys: list[str]) -> list[str]:
    """The runs of three characters of the query that the tuned index keeps as terms of their own
    (storage/search_tune.py): both pairs common and the run not dense; then it is far rarer than either."""
    runs = {tri for part in parts if part.needs_check and not part.pinyin for tri in cjk_triples(part.text)}
    if not runs:
        return []
    rows = session.execute(select(tables.tune.c.term, tables.tune.c.kind)
                           .where(tables.tune.c.term.in_(sorted(tune_wanted(runs))))).all()
    tune = Tune(frozenset(t for t, k in rows if k == "pair"), frozenset(t for t, k in rows if k == "dense"))
    return sorted(t for t in runs if tune.indexed(t) and t not in keys)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def within_one_field(tables: SearchTables, text: str) -> ColumnElement[bool]:
    """The text occurs within one field of the case or within one of its parties' names or phones."""
    pattern = f"%{_escape(text.lower())}%"

    def has(col: Any) -> ColumnElement[bool]:
        return func.lower(col).like(pattern, escape="\\")

    c, p, link = tables.case.c, tables.party.c, tables.link.c
    party = exists().where(
        link.case_id == c.id, link.party_id == p.id,
        or_(has(p.name), has(p.stall_number), has(p.legal_rep_name),
            p.phone.like(f"%{_escape(text)}", escape="\\")),
    )
    return or_(has(c.number), has(c.title), has(c.facts), has(c.requests),
               has(c.place), has(c.referrer_name), party)


def day_of(dialect_name: str, col: Any) -> Any:
    """A date column as the index's day number (date.toordinal)."""
    if dialect_name == "sqlite":
        return cast(func.julianday(col) - 1721424.5, Integer)
    return (col - func.to_date("0001-01-01", "YYYY-MM-DD")) + 1


def probes_of(tables: SearchTables, plan: SearchPlan, reg_day: Any, search_id: Any) -> list[ColumnElement[bool]]:
    """The plan's other terms present for the same case: one primary-key look-up per row of the
    driving term, as a scalar subquery (``(SELECT 1 … LIMIT 1) IS NOT NULL``) rather than EXISTS.
    PostgreSQL turns an EXISTS into a semi-join and, not knowing how common a term is, may hash
    every index row of a probed term (tens of thousands for a common pair of characters) before
    the first row of a page; a scalar subquery stays a look-up for each driving row, stopped with
    the page. SQLite runs both the same way."""
    out: list[ColumnElement[bool]] = []
    for term in plan.probes:
        t = tables.term.alias().c
        found = select(literal(1)).where(t.term == term, t.reg_day == reg_day, t.search_id == search_id).limit(1)
        out.append(found.scalar_subquery().is_not(None))
    return out


def checks_of(tables: SearchTables, plan: SearchPlan) -> list[ColumnElement[bool]]:
    return [within_one_field(tables, text) for text in plan.checks]


class _LongTextsNeeded(Exception):
    """A case's match reached its facts, which were not read with the page."""


class _Row:
    __slots__ = ("number", "title", "place", "referrer_name", "parties")

    def __init__(self, number: str, title: str, place: str | None, referrer_name: str | None) -> None:
        self.number, self.title, self.place, self.referrer_name = number, title, place, referrer_name
        self.parties: list[Any] = []


def where_matched_in(session: Any, tables: SearchTables, case_ids: list[Any], query: str) -> dict[Any, tuple[str, str]]:
    """For each listed case, the field the query matched in and the text to show (a party's name,
    a masked phone, a snippet of the facts …); reads only the page's cases. One query reads their
    short fields with their parties; the facts and requests are read afterwards for the cases whose
    match reaches them, and never for a query whose first part is one Chinese character (which is
    never a term of a long text, see where_matched)."""
    if not case_ids or not query.strip():
        return {}
    parts = query_terms(query) or []
    if not parts:
        return {}
    c, p, link = tables.case, tables.party, tables.link
    # The id as stored (hex text on SQLite, a uuid on PostgreSQL), matched to the page's ids by a
    # dictionary: a page has a row for each party, and making a uuid of each costs more.
    by_raw: dict[Any, Any] = {}
    for cid in case_ids:
        by_raw[cid] = by_raw[getattr(cid, "hex", cid)] = cid
    rows: dict[Any, _Row] = {}
    for r in session.execute(
            select(type_coerce(c.c.id, String), c.c.number, c.c.title, c.c.place, c.c.referrer_name,
                   p.c.name, p.c.name_keys, p.c.phone, p.c.id_number, p.c.stall_number, p.c.legal_rep_name)
            .select_from(c.outerjoin(link, link.c.case_id == c.c.id).outerjoin(p, p.c.id == link.c.party_id))
            .where(c.c.id.in_(case_ids)).order_by(c.c.id, link.c.position)):
        cid = by_raw[r[0]]
        row = rows.get(cid)
        if row is None:
            row = rows[cid] = _Row(r[1], r[2], r[3], r[4])
        if r[5] is not None:  # a party's name is never empty (NULL: a case without parties)
            row.parties.append(r[5:])
    first = parts[0]
    lone = not first.pinyin and len(first.keys) == 1 and len(first.keys[0]) == 1 and is_single_token_char(first.keys[0])
    long_texts: dict[Any, tuple[str, str]] | None = None if lone else {}
    out: dict[Any, tuple[str, str]] = {}
    pending: list[Any] = []
    for cid, row in rows.items():
        try:
            found = where_matched(query, partial(_fields, row, long_texts, cid), parts)
        except _LongTextsNeeded:
            pending.append(cid)
            continue
        if found is not None:
            out[cid] = found
    if pending and long_texts is not None:
        for r in session.execute(select(type_coerce(c.c.id, String), c.c.facts, c.c.requests)
                                 .where(c.c.id.in_(pending))):
            long_texts[by_raw[r[0]]] = (r[1], r[2])
        for cid in pending:
            found = where_matched(query, partial(_fields, rows[cid], long_texts, cid), parts)
            if found is not None:
                out[cid] = found
    return out


def _name_terms(name: str, keys: str) -> set[str]:
    return text_terms(name) | pinyin_terms(keys)


def _id_tail(id_number: str) -> set[str]:
    return {id_number[-4:].lower()}


def _fields(k: _Row, long_texts: dict[Any, tuple[str, str]] | None, cid: Any) -> Iterator[MatchField]:
    """The fields of a case in the order of MATCH_FIELDS, built one at a time as they are asked for;
    its facts and requests left out when ``long_texts`` is None (the query cannot match in them),
    read when first reached otherwise (_LongTextsNeeded)."""
    parties = k.parties  # (name, name_keys, phone, id_number, stall_number, legal_rep_name)
    for name, name_keys, *_ in parties:
        keys = name_keys or name_search_keys(name)
        yield MatchField("party", name or "", partial(_name_terms, name or "", keys), None, keys)
    for _, _, phone, *_ in parties:
        if phone:
            yield MatchField("phone", phone, partial(phone_terms, phone), partial(mask_phone, phone))
    for _, _, _, id_number, *_ in parties:
        if id_number and len(id_number) >= 4:
            yield MatchField("id_tail", id_number[-4:], partial(_id_tail, id_number), partial(mask_id, id_number))
    number = k.number or ""
    yield MatchField("number", number, partial(text_terms, number, singles=False), singles=False)
    title = k.title or ""
    yield MatchField("title", title, partial(text_terms, title))
    if long_texts is not None:
        texts = long_texts.get(cid)
        if texts is None:
            raise _LongTextsNeeded
        for code, text in (("facts", texts[0] or ""), ("requests", texts[1] or "")):
            yield MatchField(code, text, partial(text_terms, text, singles=False), singles=False)
    for code, text in (("place", k.place or ""), ("referrer", k.referrer_name or "")):
        yield MatchField(code, text, partial(text_terms, text))
    for *_, stall, legal_rep in parties:
        for code, text in (("stall", stall), ("legal_rep", legal_rep)):
            if text:
                yield MatchField(code, text, partial(text_terms, text))
