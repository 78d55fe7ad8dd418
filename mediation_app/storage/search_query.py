"""Finding cases through the token index (storage/search.py), the same SQL on SQLite and PostgreSQL.

A query part of one or two characters (or a pinyin prefix, a phone tail, a word) is one index
term; a longer part is found through its rarest term, its other terms are looked up for the same
case, and its text is checked within one field (a run of three characters whose pairs are both
common is an index term of its own once the index is tuned, storage/search_tune.py, and is then
the rarest term by far). The plan follows how selective the rarest term is:

- sorted by registration day (the list's default), the index rows of that term are read in list
  order, joined to their cases, and reading stops when a page is full — however broad the term;
- in any other order, a term matching fewer than ``GATHER_MAX`` cases is gathered and sorted,
  while a broader one walks the list's sort index and looks the term up for each case until the
  page is full.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased

from mediation_app.domain.masking import mask_id, mask_phone
from mediation_app.domain.pinyin import name_search_keys
from mediation_app.domain.search_terms import (
    MatchField,
    QueryTerm,
    cjk_triples,
    phone_terms,
    pinyin_terms,
    query_terms,
    text_terms,
    where_matched,
)
from mediation_app.domain.search_text import is_single_token_char
from mediation_app.storage.models import CasePartyRecord, CaseRecord, CaseTermRecord, PartyRecord
from mediation_app.storage.search_tune import load_tune, tune_wanted

GATHER_MAX = 5000


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


def _capped_count(session: Session, term: str, cap: int) -> int:
    t = CaseTermRecord
    sub = select(literal(1)).where(t.term == term).limit(cap).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def plan_search(session: Session, query: str, *, walked: bool = False) -> SearchPlan | None:
    """None when the query is empty; NO_MATCH when a term is in no case at all. ``walked``: the
    caller walks the driver's index rows in order whatever their number (the list by registration
    day), so a query of one term needs no count at all."""
    if not query.strip():
        return None
    parts: list[QueryTerm] | None = query_terms(query)
    if parts is None:
        return NO_MATCH
    keys = list(dict.fromkeys(k for part in parts for k in part.keys))
    keys += _triple_keys(session, parts, keys)
    if walked and len(keys) == 1:
        return SearchPlan(driver=keys[0], rare=False, probes=(), checks=tuple(p.text for p in parts if p.needs_check))
    counts = {k: _capped_count(session, k, GATHER_MAX) for k in keys}
    if min(counts.values()) == 0:
        return NO_MATCH
    driver = min(keys, key=lambda k: counts[k])
    return SearchPlan(driver=driver, rare=counts[driver] < GATHER_MAX, probes=tuple(k for k in keys if k != driver),
                      checks=tuple(p.text for p in parts if p.needs_check))


def _triple_keys(session: Session, parts: list[QueryTerm], keys: list[str]) -> list[str]:
    """The runs of three characters of the query that the tuned index keeps as terms of their own
    (storage/search_tune.py): where both pairs of a run are common, the run is far rarer than either."""
    runs = {tri for part in parts if part.needs_check and not part.pinyin for tri in cjk_triples(part.text)}
    if not runs:
        return []
    tune = load_tune(session.connection(), tune_wanted(runs), writing=False)
    return sorted(t for t in runs if tune.indexed(t) and t not in keys)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def within_one_field(text: str) -> ColumnElement[bool]:
    """The text occurs within one field of the case or within one of its parties' names or phones."""
    pattern = f"%{_escape(text.lower())}%"

    def has(col: Any) -> ColumnElement[bool]:
        return func.lower(col).like(pattern, escape="\\")

    party = exists().where(
        CasePartyRecord.case_id == CaseRecord.id, CasePartyRecord.party_id == PartyRecord.id,
        or_(has(PartyRecord.name), has(PartyRecord.stall_number), has(PartyRecord.legal_rep_name),
            PartyRecord.phone.like(f"%{_escape(text)}", escape="\\")),
    )
    return or_(has(CaseRecord.number), has(CaseRecord.title), has(CaseRecord.facts), has(CaseRecord.requests),
               has(CaseRecord.place), has(CaseRecord.referrer_name), party)


def day_of(session: Session, col: Any) -> Any:
    """A date column as the index's day number (date.toordinal)."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(col) - 1721424.5, Integer)
    return (col - func.to_date("0001-01-01", "YYYY-MM-DD")) + 1


def probes_of(plan: SearchPlan, reg_day: Any, search_id: Any) -> list[ColumnElement[bool]]:
    """The plan's other terms present for the same case: one primary-key look-up per row of the
    driving term, as a scalar subquery (``(SELECT 1 … LIMIT 1) IS NOT NULL``) rather than EXISTS.
    PostgreSQL turns an EXISTS into a semi-join and, not knowing how common a term is, may hash
    every index row of a probed term (tens of thousands for a common pair of characters) before
    the first row of a page; a scalar subquery stays a look-up for each driving row, stopped with
    the page. SQLite runs both the same way."""
    out: list[ColumnElement[bool]] = []
    for term in plan.probes:
        t = aliased(CaseTermRecord)
        found = select(literal(1)).where(t.term == term, t.reg_day == reg_day, t.search_id == search_id).limit(1)
        out.append(found.scalar_subquery().is_not(None))
    return out


def checks_of(plan: SearchPlan) -> list[ColumnElement[bool]]:
    return [within_one_field(text) for text in plan.checks]


def search_predicate(session: Session, plan: SearchPlan | None) -> ColumnElement[bool] | None:
    """A WHERE clause on CaseRecord for any sort order (the list's default order walks the index
    itself, see storage/queries.py)."""
    if plan is None:
        return None
    if plan.empty:
        return false()
    if plan.rare:
        t = aliased(CaseTermRecord)
        ids = select(t.search_id).where(t.term == plan.driver, *probes_of(plan, t.reg_day, t.search_id))
        return and_(CaseRecord.search_id.in_(ids), *checks_of(plan))
    day = day_of(session, CaseRecord.registered_on)
    t = aliased(CaseTermRecord)
    found = exists().where(t.term == plan.driver, t.reg_day == day, t.search_id == CaseRecord.search_id)
    return and_(found, *probes_of(plan, day, CaseRecord.search_id), *checks_of(plan))


class _LongTextsNeeded(Exception):
    """A case's match reached its facts, which were not read with the page."""


class _Row:
    __slots__ = ("number", "title", "place", "referrer_name", "parties")

    def __init__(self, number: str, title: str, place: str | None, referrer_name: str | None) -> None:
        self.number, self.title, self.place, self.referrer_name = number, title, place, referrer_name
        self.parties: list[Any] = []


def where_matched_in(session: Session, case_ids: list[Any], query: str) -> dict[Any, tuple[str, str]]:
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
    c, p, link = CaseRecord.__table__, PartyRecord.__table__, CasePartyRecord.__table__
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
