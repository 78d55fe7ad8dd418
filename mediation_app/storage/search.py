"""The search index: a token table shared by SQLite and PostgreSQL (storage/models/search.py).

Each case writes one ``case_term`` row per search term (domain/search_terms.py) keyed by
(term, registration day, search id), and the list of its terms in ``case_search`` so that they can
be removed when the case changes. Queries are in storage/search_query.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select
from sqlalchemy.orm import Session

from mediation_app.domain.search_terms import UNTUNED, Tune, pack_terms, record_terms, tune_wanted, unpack_terms
from mediation_app.storage.models import Base, CasePartyRecord, CaseRecord, PartyRecord
from mediation_app.storage.search_tune import delete_terms, field_texts, load_tune

_TERM: Table = Base.metadata.tables["case_term"]
_SEARCH: Table = Base.metadata.tables["case_search"]
CHUNK = 5000
_PACK = 10**10  # search ids below it pack with their day into one 64-bit integer
_PG_ROWS = 100_000  # term rows a statement on PostgreSQL


def day_number(day: dt.date) -> int:
    return day.toordinal()


def case_terms(case: Any, parties: Iterable[Any], tune: Tune = UNTUNED) -> set[str]:
    """Every search term of a case: each field and each party's name, phone and keys apart (and the
    runs of three characters the tuned index keeps, storage/search_tune.py)."""
    parties = list(parties)
    terms = record_terms(case, parties)
    return terms | tune.triples(field_texts(case, parties)) if tune.common else terms


Entry = tuple[int, int, Collection[str], str | None]  # search id, registration day, terms, packed (or None)


def _write(con: Connection, entries: Sequence[Entry]) -> None:
    """Insert the index rows of cases that have none yet: (search id, registration day, terms, and
    the terms packed when they came so: pack_terms of the same terms).

    The term rows go in in the order of the table's key (term, day, search id): each B-tree page is
    then filled once instead of being visited again for every case (several times faster for the
    hundreds of thousands of rows of a bulk import)."""
    if not entries:
        return
    ordered = sorted(entries, key=lambda e: (e[1], e[0]))
    con.execute(insert(_SEARCH), [{"search_id": s, "reg_day": d, "terms": pack_terms(t) if p is None else p}
                                  for s, d, t, p in ordered])
    pack = max(_PACK, max(e[0] for e in ordered) + 1)
    by_term: defaultdict[str, list[int]] = defaultdict(list)  # day * pack + search id, ascending
    append, listed = list.append, by_term.__getitem__
    for s, d, terms, _ in ordered:  # each term's list gets the case's key, looped in C (1.6 million at 10,000 cases)
        deque(map(append, map(listed, terms), repeat(d * pack + s)), maxlen=0)
    if con.dialect.name == "sqlite" and pack == _PACK:
        # one statement per term, its keys in one JSON array that SQLite unpacks itself: a third of
        # the time of binding every row from Python
        con.exec_driver_sql(
            f"INSERT INTO case_term (term, reg_day, search_id) SELECT ?, value / {_PACK}, value % {_PACK} "
            "FROM json_each(?)", [(term, json.dumps(by_term[term])) for term in sorted(by_term)])
    elif con.dialect.name == "postgresql":
        # three arrays a statement, unnested by the server: one round trip for 100,000 rows, not one each
        rows = [(term, k) for term in sorted(by_term) for k in by_term[term]]
        for start in range(0, len(rows), _PG_ROWS):
            part = rows[start:start + _PG_ROWS]
            con.exec_driver_sql(
                "INSERT INTO case_term (term, reg_day, search_id) "
                "SELECT * FROM unnest(%(t)s::text[], %(d)s::integer[], %(s)s::bigint[])",
                {"t": [t for t, _ in part], "d": [k // pack for _, k in part], "s": [k % pack for _, k in part]})
    else:
        con.execute(insert(_TERM), [{"term": term, "reg_day": k // pack, "search_id": k % pack}
                                    for term in sorted(by_term) for k in by_term[term]])


def _remove(con: Connection, search_ids: Sequence[int]) -> None:
    for start in range(0, len(search_ids), 500):
        chunk = list(search_ids[start:start + 500])
        old = list(con.execute(select(_SEARCH.c.search_id, _SEARCH.c.reg_day, _SEARCH.c.terms)
                               .where(_SEARCH.c.search_id.in_(chunk))))
        delete_terms(con, [(t, r.reg_day, r.search_id) for r in old for t in unpack_terms(r.terms)])
        con.execute(delete(_SEARCH).where(_SEARCH.c.search_id.in_(chunk)))


def reindex_case(session: Session, case: CaseRecord) -> None:
    parties = list(
        session.scalars(
            select(PartyRecord)
            .join(CasePartyRecord, CasePartyRecord.party_id == PartyRecord.id)
            .where(CasePartyRecord.case_id == case.id)
        )
    )
    con = session.connection()
    tune = load_tune(con, tune_wanted(field_texts(case, parties)))
    _remove(con, [case.search_id])
    _write(con, [(case.search_id, day_number(case.registered_on), case_terms(case, parties, tune), None)])


_DEFERRED = "index_deferred"  # session.info: ids of the cases to index at the next settle_index


def reindex_or_defer(session: Session, case: CaseRecord) -> None:
    """Index a case's rows as they are now, or, while :func:`defer_index` is in force, note it for
    :func:`settle_index` (a past case imported from a ledger was reindexed at every step of its path)."""
    deferred = session.info.get(_DEFERRED)
    if deferred is not None:
        deferred.add(case.id)
        return
    session.flush()
    reindex_case(session, case)


def defer_index(session: Session) -> None:
    session.info.setdefault(_DEFERRED, set())


def settle_index(session: Session) -> int:
    """Index the cases noted since :func:`defer_index` (or the last settle) in one pass, and stay
    deferred; cases a savepoint rolled back are no longer there and are skipped. Returns how many
    were indexed."""
    deferred = session.info.get(_DEFERRED)
    if not deferred:
        return 0
    session.flush()
    done = reindex_ids(session.connection(), sorted(deferred, key=str))
    deferred.clear()
    return done


def stop_deferring_index(session: Session) -> None:
    settle_index(session)
    session.info.pop(_DEFERRED, None)


def remove_from_index(session: Session, search_id: int) -> None:
    _remove(session.connection(), [search_id])


def write_index(session: Session, entries: Sequence[tuple[int, dt.date, set[str], list[str]]]) -> None:
    """Index rows for cases written in bulk (demo data, imports): (search id, registered on, terms,
    field texts for the runs of three characters of a tuned index, storage/search_tune.py)."""
    con = session.connection()
    tune = load_tune(con) if entries else UNTUNED
    for start in range(0, len(entries), CHUNK):
        _write(con, [(s, day_number(d), t | tune.triples(texts) if tune.common else t, None)
                     for s, d, t, texts in entries[start:start + CHUNK]])


def reindex_ids(con: Connection, case_ids: Sequence[Any] | None = None, new: Collection[Any] = frozenset(),
                given: Mapping[Any, str] | None = None) -> int:
    """Rebuild the index rows of these cases (every case when None), a chunk at a time; returns how
    many cases were indexed (``new``: those of them that have no index rows yet; ``given``: packed
    terms made from the records as they are, used for cases among ``new`` unless the index is
    tuned). The data migration and hand-over imports use it."""
    c, p, link = CaseRecord.__table__, PartyRecord.__table__, CasePartyRecord.__table__
    cols = (c.c.id, c.c.search_id, c.c.registered_on, c.c.number, c.c.title, c.c.facts, c.c.requests, c.c.place,
            c.c.referrer_name)
    done = 0
    if case_ids is None:
        return reindex_from(con, 0)
    tune = _safe_tune(con)
    # cases that have no index rows yet (new here) go in large sorted runs, without looking for old rows
    fresh = [i for i in case_ids if i in new]
    for start in range(0, len(fresh), CHUNK):
        cases = [k for part in range(start, min(start + CHUNK, len(fresh)), 500)
                 for k in con.execute(select(*cols).where(c.c.id.in_(fresh[part:min(part + 500, start + CHUNK)])))]
        done += _reindex_rows(con, cases, p, link, tune, fresh=True,
                              given=None if tune.common else given)  # tuned: runs of three to add
    known = [i for i in case_ids if i not in new]
    for start in range(0, len(known), 500):
        cases = list(con.execute(select(*cols).where(c.c.id.in_(known[start:start + 500]))))
        done += _reindex_rows(con, cases, p, link, tune, fresh=False)
    return done


def reindex_from(con: Connection, first_search_id: int) -> int:
    """Write the index rows of every case from this search id on, which has none yet."""
    c, p, link = CaseRecord.__table__, PartyRecord.__table__, CasePartyRecord.__table__
    cols = (c.c.id, c.c.search_id, c.c.registered_on, c.c.number, c.c.title, c.c.facts, c.c.requests, c.c.place,
            c.c.referrer_name)
    done, last = 0, first_search_id - 1
    tune = _safe_tune(con)
    while True:
        cases = list(con.execute(select(*cols).where(c.c.search_id > last).order_by(c.c.search_id).limit(CHUNK)))
        if not cases:
            return done
        last = cases[-1].search_id
        done += _reindex_rows(con, cases, p, link, tune, fresh=True)


def _safe_tune(con: Connection) -> Tune:
    """The tuning table, or none yet (the data migration that first filled the index runs before it)."""
    return load_tune(con) if con.dialect.has_table(con, "search_tune") else UNTUNED


def _reindex_rows(con: Connection, cases: list[Any], p: Any, link: Any, tune: Tune, *, fresh: bool,
                  given: Mapping[Any, str] | None = None) -> int:
    if not cases:
        return 0
    given = given or {}
    ids = [k.id for k in cases if k.id not in given]
    parties: dict[Any, list[Any]] = {}
    stmt = (select(link.c.case_id, p.c.name, p.c.stall_number, p.c.legal_rep_name, p.c.name_keys, p.c.phone,
                   p.c.id_number).join(p, p.c.id == link.c.party_id))
    for start in range(0, len(ids), 500):
        for row in con.execute(stmt.where(link.c.case_id.in_(ids[start:start + 500]))):
            parties.setdefault(row.case_id, []).append(row)
    if not fresh:
        _remove(con, [k.search_id for k in cases])
    _write(con, [(k.search_id, day_number(k.registered_on), unpack_terms(given[k.id]), given[k.id]) if k.id in given
                 else (k.search_id, day_number(k.registered_on), case_terms(k, parties.get(k.id, []), tune), None)
                 for k in cases])
    return len(cases)
