"""A save that reindexes a case removes exactly its old index rows, found by the table's key, on
SQLite and PostgreSQL (storage/search_tune.delete_terms): a party renamed is no longer found by the
old name, the other cases' rows stay, and on SQLite no DELETE of the index reads the whole table (a
list of keys did, 4–5 s a save at 100,000 cases; on PostgreSQL the keys go as arrays, planned in
constant time, measured by benchmarks/bench_saves.py --pg)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import event

from mediation_app.domain.enums import PartyRole
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.read_models import CaseFilter
from tests.factories import CARRIER, make_case


def _found(services: Services, actor: Actor, text: str) -> list[object]:
    return [r.id for r in services.cases.list_cases(actor, CaseFilter(text=text)).rows]


def test_a_reindex_deletes_the_old_rows_by_key(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    other = make_case(services, admin)
    link = services.parties.add_party(admin, case_id, replace(CARRIER, name="西宁昆仑冷链有限公司",
                                                              role=PartyRole.THIRD_PARTY)).created_id
    assert _found(services, admin, "昆仑冷链") == [case_id]
    seen: list[tuple[str, object]] = []
    event.listen(services.db.engine, "before_cursor_execute",
                 lambda _c, _cur, stmt, params, _ctx, many: seen.append((stmt, params[0] if many else params)))
    services.parties.update_party(admin, case_id, link, replace(CARRIER, name="格尔木盐湖运输有限公司",
                                                                 role=PartyRole.THIRD_PARTY))
    deletes = [(s, p) for s, p in seen if s.lstrip().upper().startswith("DELETE") and "case_term" in s]
    assert deletes, "the case's old index rows were not deleted"
    assert _found(services, admin, "昆仑冷链") == [] and _found(services, admin, "盐湖运输") == [case_id]
    assert set(_found(services, admin, "马福海")) == {case_id, other}
    if services.db.engine.dialect.name != "sqlite":
        return  # PostgreSQL's plan follows the table's size: a test's few rows are read whole, rightly
    with services.db.engine.connect() as conn:
        for stmt, params in deletes:
            plan = " / ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt, params))
            assert "SCAN case_term" not in plan, (stmt, plan)
