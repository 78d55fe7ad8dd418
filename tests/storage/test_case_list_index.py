"""The case list's pages come from an index in order, not from sorting a committee's cases, whatever
column it is sorted by."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import build_services
from mediation_app.services.read_models import CaseFilter
from tests.factories import make_case


@pytest.fixture
def listed(tmp_path: Path) -> Iterator[tuple[Any, Any, list[tuple[str, Any]]]]:
    """Services over a SQLite file of one committee with three cases, its administrator, and the
    statements run from then on (with their parameters)."""
    svc = build_services(f"sqlite:///{tmp_path / 'm.db'}", tmp_path)
    try:
        admin = svc.setup.initialise("委员会", "委", CommitteeKind.TOWNSHIP, "admin", "Bench-desk-2026", "甲")
        for _ in range(3):
            make_case(svc, admin)
        seen: list[tuple[str, Any]] = []
        event.listen(svc.db.engine, "before_cursor_execute",
                     lambda _c, _cur, stmt, params, _ctx, _many: seen.append((stmt, params)))
        yield svc, admin, seen
    finally:
        svc.close()


def _plan(svc: Any, stmt: str, params: Any) -> str:
    with svc.db.engine.connect() as conn:
        return " / ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt, params))


def test_the_first_page_of_a_committee_is_read_in_index_order(listed) -> None:
    svc, admin, seen = listed
    page = svc.cases.list_cases(admin, CaseFilter(), limit=2)
    assert len(page.rows) == 2 and page.next_key is not None
    stmt, params = next((s, p) for s, p in seen if "ORDER BY" in s and "mediation_case" in s)
    plan = _plan(svc, stmt, params)
    assert "ix_case_committee_list" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("sort, index", [
    ("accepted_on", "ix_case_committee_accepted_sort"), ("deadline_on", "ix_case_committee_deadline_sort"),
    ("number", "ix_case_committee_number_sort"), ("risk_level", "ix_case_committee_risk_sort"),
    ("status", "ix_case_committee_status_sort"),
])
def test_a_committee_sorted_by_a_column_is_read_in_that_columns_index_order(listed, sort: str, index: str) -> None:
    """A mediator's list is one committee's cases; sorted by a column, both ways and on a next page,
    it walks that committee's part of the column's index (SQLite took every case of the committee
    and sorted them: a third of a second a page at 100,000 cases)."""
    svc, admin, seen = listed
    for descending in (True, False):
        first = svc.cases.list_cases(admin, CaseFilter(sort=sort, descending=descending), limit=2)
        svc.cases.list_cases(admin, CaseFilter(sort=sort, descending=descending), after=first.next_key, limit=2)
    pages = [(s, p) for s, p in seen if "ORDER BY" in s and "FROM mediation_case" in s]
    assert len(pages) == 4
    for stmt, params in pages:
        plan = _plan(svc, stmt, params)
        assert index in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("sort, index", [
    ("registered_on", "ix_case_list"), ("accepted_on", "ix_case_accepted_sort"),
    ("deadline_on", "ix_case_deadline_sort"), ("status", "ix_case_status_sort"), ("risk_level", "ix_case_risk_sort"),
    ("dispute_type", "ix_case_type_sort"),
])
def test_every_committee_sorted_by_a_column_is_read_in_that_columns_index_order(listed, sort: str, index: str) -> None:
    """The centre's head reads every committee's cases: each sort walks the column's own index."""
    import datetime as dt

    from mediation_app.storage import queries

    svc, _admin, seen = listed
    with svc.db.read() as session:
        for descending in (True, False):
            flt = CaseFilter(sort=sort, descending=descending)
            first = queries.list_cases(session, flt, None, dt.date.today(), None, 2)
            last = first[-1]
            value = last[11].isoformat() if isinstance(last[11], dt.date) else str(last[11])
            queries.list_cases(session, flt, None, dt.date.today(), (value, last[0], last[13]), 2)
    pages = [(s, p) for s, p in seen if "ORDER BY" in s and "FROM mediation_case" in s]
    assert len(pages) == 4
    for stmt, params in pages:
        plan = _plan(svc, stmt, params)
        assert index in plan and "TEMP B-TREE" not in plan, plan
