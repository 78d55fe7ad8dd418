"""Three-character search terms where the pairs alone would read many cases for few matches.

A query of three characters ABC is found through its rarer pair (AB or BC) and each case having
both is checked within one field. When both pairs are common (each in many cases) and ABC is rare
among the cases having them, that reads tens of thousands of index rows and cases to find few or
none (青海 and 海东 each in a tenth of the cases, 青海东 in none). Tuning the index counts the pairs
and, for the runs of three whose pairs are both common, how many cases have them; it records the
common pairs and the runs that are themselves common among their pairs' cases ("dense": walking a
pair finds them quickly), and indexes every other such run as a term of its own. Such runs are
rare by definition, so this costs under one index row a case (domain/search_terms.triple_terms).

The rule is a property of the table ``search_tune``: whatever writes index rows reads it in the
same transaction, and tuning rewrites the affected index rows in the transaction that changes it
(on PostgreSQL it locks the table against writers of index rows meanwhile), so a run that the
table says is indexed is indexed in every case. An untuned (empty) table indexes no runs of three.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, tuple_, update

from mediation_app.domain.search_terms import Tune, cjk_triples
from mediation_app.domain.search_text import is_single_token_char
from mediation_app.storage.models import Base, CasePartyRecord, CaseRecord, PartyRecord

_TUNE: Table = Base.metadata.tables["search_tune"]
_TERM: Table = Base.metadata.tables["case_term"]
_SEARCH: Table = Base.metadata.tables["case_search"]
# A pair in at least this many cases is common: walking fewer index rows, each looked up for the
# other pair and checked, stays within the time asked (under 50 ms) whatever the number of cases.
COMMON_MIN = 2000
DENSE_SHARE = 0.1  # a run in this share of the cases having its rarer pair: a page is found within 2,000 rows
CHUNK = 5000
SAMPLE = 50_000  # cases read to count the runs of three (whether one is dense needs no more)




def load_tune(con: Connection, wanted: Iterable[str] | None = None, *, writing: bool = True) -> Tune:
    """The table as this transaction sees it, whole or only these terms (pairs and runs).
    ``writing``: index rows follow; on PostgreSQL the table is locked against tuning until commit."""
    if writing and con.dialect.name == "postgresql":
        con.exec_driver_sql("LOCK TABLE search_tune IN SHARE MODE")
    stmt = select(_TUNE.c.term, _TUNE.c.kind)
    if wanted is None:
        rows = list(con.execute(stmt))
    else:
        terms = sorted(set(wanted))
        rows = [r for start in range(0, len(terms), 500)
                for r in con.execute(stmt.where(_TUNE.c.term.in_(terms[start:start + 500])))]
    return Tune(frozenset(t for t, k in rows if k == "pair"), frozenset(t for t, k in rows if k == "dense"))


def field_texts(case: Any, parties: Iterable[Any]) -> list[str]:
    """The texts of a case whose runs of three may be terms, each field and each party's apart."""
    texts = [case.number or "", case.title or "", case.facts or "", case.requests or "", case.place or "",
             case.referrer_name or ""]
    for p in parties:
        texts += [p.name or "", p.stall_number or "", p.legal_rep_name or ""]
    return texts


@dataclass
class TuneReport:
    cases: int = 0
    common_pairs: int = 0
    dense_runs: int = 0
    rows_added: int = 0
    rows_removed: int = 0


def _chunks(con: Connection, step: int = 1) -> Iterator[list[tuple[int, int, list[str]]]]:
    """Every indexed case (every ``step``-th one), a chunk at a time: (search id, registration day,
    field texts)."""
    c, p, link = CaseRecord.__table__, PartyRecord.__table__, CasePartyRecord.__table__
    last = -1
    while True:
        cases = list(con.execute(
            select(c.c.id, c.c.search_id, c.c.number, c.c.title, c.c.facts, c.c.requests, c.c.place,
                   c.c.referrer_name).where(c.c.search_id > last, *([c.c.search_id % step == 0] if step > 1 else []))
            .order_by(c.c.search_id).limit(CHUNK)))
        if not cases:
            return
        last = cases[-1].search_id
        ids = [k.id for k in cases]
        parties: dict[Any, list[Any]] = {}
        stmt = select(link.c.case_id, p.c.name, p.c.stall_number, p.c.legal_rep_name).join(p, p.c.id == link.c.party_id)
        for start in range(0, len(ids), 500):
            for row in con.execute(stmt.where(link.c.case_id.in_(ids[start:start + 500]))):
                parties.setdefault(row.case_id, []).append(row)
        days = dict(con.execute(select(_SEARCH.c.search_id, _SEARCH.c.reg_day)
                                .where(_SEARCH.c.search_id.in_([k.search_id for k in cases]))).all())
        yield [(k.search_id, days[k.search_id], field_texts(k, parties.get(k.id, []))) for k in cases
               if k.search_id in days]


def _is_pair(term: str) -> bool:
    return len(term) == 2 and all(is_single_token_char(ch) for ch in term)


def _is_triple(term: str) -> bool:
    return len(term) == 3 and all(is_single_token_char(ch) for ch in term)


def tune_index(con: Connection, *, common_min: int | None = None, dense_share: float | None = None) -> TuneReport:
    """Count, decide and rewrite the runs of three of every case (see the module's text): one pass
    over the index's pairs, one over a sample of the cases' texts and one over all of them."""
    from mediation_app.domain.search_terms import pack_terms, unpack_terms

    common_min = COMMON_MIN if common_min is None else common_min
    dense_share = DENSE_SHARE if dense_share is None else dense_share
    if con.dialect.name == "postgresql":
        con.exec_driver_sql("LOCK TABLE search_tune IN EXCLUSIVE MODE")
    report = TuneReport(cases=int(con.scalar(select(func.count()).select_from(_SEARCH)) or 0))
    floor = max(common_min, 1)
    counted = con.execute(select(_TERM.c.term, func.count()).where(func.length(_TERM.c.term) == 2)
                          .group_by(_TERM.c.term).having(func.count() >= floor))
    pairs = {t: int(n) for t, n in counted if _is_pair(t)}
    runs: Counter[str] = Counter()
    step = max(1, report.cases // SAMPLE)  # the runs are counted in a sample of the cases
    for chunk in _chunks(con, step) if pairs else ():
        for _, _, texts in chunk:
            runs.update({tri for text in texts for tri in cjk_triples(text)
                         if tri[:2] in pairs and tri[1:] in pairs})
    dense = {t for t, n in runs.items() if n * step >= dense_share * min(pairs[t[:2]], pairs[t[1:]])}
    tune = Tune(frozenset(pairs), frozenset(dense))
    con.execute(delete(_TUNE))
    rows = [{"term": t, "kind": "pair"} for t in sorted(pairs)] + [{"term": t, "kind": "dense"} for t in sorted(dense)]
    if rows:
        con.execute(insert(_TUNE), rows)
    report.common_pairs, report.dense_runs = len(pairs), len(dense)
    for chunk in _chunks(con):
        stored = dict(con.execute(select(_SEARCH.c.search_id, _SEARCH.c.terms)
                                  .where(_SEARCH.c.search_id.in_([s for s, _, _ in chunk]))).all())
        adds: list[tuple[str, int, int]] = []
        drops: list[tuple[str, int, int]] = []
        packed: list[dict[str, Any]] = []
        for sid, day, texts in chunk:
            terms = set(unpack_terms(stored[sid]))
            old = {t for t in terms if _is_triple(t)}
            new = tune.triples(texts)
            if old == new:
                continue
            adds += [(t, day, sid) for t in new - old]
            drops += [(t, day, sid) for t in old - new]
            packed.append({"sid": sid, "packed": pack_terms((terms - old) | new)})
        if packed:
            con.execute(update(_SEARCH).where(_SEARCH.c.search_id == bindparam("sid"))
                        .values(terms=bindparam("packed")), packed)
        _apply(con, adds, drops)
        report.rows_added += len(adds)
        report.rows_removed += len(drops)
    return report


def delete_terms(con: Connection, keys: Sequence[tuple[str, int, int]]) -> None:
    """Delete these index rows, each by its key (term, day, search id).

    On SQLite each row is found by the table's key with one statement run for all of them: a list
    of keys (``(term, reg_day, search_id) IN ((…), …)``) makes SQLite read the whole table instead,
    4–5 s a case at 100,000 cases, in every save that reindexes a case. PostgreSQL gets the keys as
    three arrays it unnests and looks up in the key's index: the same list as a tuple IN took 30–40 ms
    to plan for one case's ~200 terms, this 5 ms."""
    if not keys:
        return
    if con.dialect.name == "sqlite":
        con.exec_driver_sql("DELETE FROM case_term WHERE term = ? AND reg_day = ? AND search_id = ?", list(keys))
        return
    if con.dialect.name == "postgresql":
        for k in range(0, len(keys), 5000):
            part = keys[k:k + 5000]
            con.exec_driver_sql(
                "DELETE FROM case_term USING unnest(%(t)s::text[], %(d)s::integer[], %(s)s::bigint[]) "
                "AS gone(term, reg_day, search_id) WHERE case_term.term = gone.term "
                "AND case_term.reg_day = gone.reg_day AND case_term.search_id = gone.search_id",
                {"t": [t for t, _, _ in part], "d": [d for _, d, _ in part], "s": [i for _, _, i in part]})
        return
    for k in range(0, len(keys), 300):
        con.execute(delete(_TERM).where(tuple_(_TERM.c.term, _TERM.c.reg_day, _TERM.c.search_id)
                                        .in_(keys[k:k + 300])))


def _apply(con: Connection, adds: Sequence[tuple[str, int, int]], drops: Sequence[tuple[str, int, int]]) -> None:
    delete_terms(con, drops)
    if adds:
        con.execute(insert(_TERM), [{"term": t, "reg_day": d, "search_id": s} for t, d, s in sorted(adds)])
