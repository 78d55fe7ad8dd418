"""A save that reindexes a case finds its old index rows by the table's key: no statement of it reads
the whole index table (a list of keys did, 4–5 s a save at 100,000 cases)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import event

from mediation_app.domain.enums import CommitteeKind, PartyRole
from mediation_app.services import build_services
from mediation_app.services.read_models import CaseFilter
from tests.factories import CARRIER, make_case


def test_reindexing_a_case_deletes_its_old_rows_by_key(tmp_path):
    svc = build_services(f"sqlite:///{tmp_path / 'm.db'}", tmp_path)
    try:
        admin = svc.setup.initialise("委员会", "委", CommitteeKind.TOWNSHIP, "admin", "Bench-desk-2026", "甲")
        case_id = make_case(svc, admin)
        make_case(svc, admin)  # another case's rows stay
        seen: list[tuple[str, object]] = []
        event.listen(svc.db.engine, "before_cursor_execute",
                     lambda _c, _cur, stmt, params, _ctx, many: seen.append((stmt, params[0] if many else params)))
        svc.parties.add_party(admin, case_id, replace(CARRIER, name="西宁昆仑冷链有限公司", role=PartyRole.THIRD_PARTY))
        deletes = [(s, p) for s, p in seen if s.lstrip().upper().startswith("DELETE") and "case_term" in s]
        assert deletes, "the case's old index rows were not deleted"
        with svc.db.engine.connect() as conn:
            for stmt, params in deletes:
                plan = " / ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt, params))
                assert "SCAN case_term" not in plan, (stmt, plan)
        # and the index says what the case now holds: the new party is found, both cases by the old one
        assert [r.id for r in svc.cases.list_cases(admin, CaseFilter(text="昆仑冷链")).rows] == [case_id]
        assert len(svc.cases.list_cases(admin, CaseFilter(text="马福海")).rows) == 2
    finally:
        svc.close()
