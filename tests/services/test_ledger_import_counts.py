"""Past cases from a ledger are counted by the statistics as they are imported: their facts and the
monthly counts are settled once per batch of rows (not at every step of each case) and come out
exactly as a rebuild from the cases finds them, a row refused half-way included."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from mediation_app.domain.ledger_fields import LedgerKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.read_models import CaseFilter
from mediation_app.storage import stats_facts
from mediation_app.storage.models import CaseRecord, CaseStatsMonthRecord
from mediation_app.storage.search import reindex_ids
from tests.services.test_ledger_import import case_rows, write_gbk_csv


def _counts(services: Services) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    month = CaseStatsMonthRecord.__table__
    case = CaseRecord.__table__
    with services.db.read() as s:
        counts = {tuple(r) for r in s.execute(select(month)) if r.cases}
        facts = {tuple(r) for r in s.execute(select(case.c.id, case.c.resolved_form, case.c.performed,
                                                    case.c.confirmation, case.c.status))}
    return counts, facts


def test_imported_past_cases_count_as_a_rebuild_counts_them(services: Services, admin: Actor,
                                                            tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "台账.csv", case_rows())
    report = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=False)
    assert report.created >= 3 and report.refused >= 1  # a refused row rolled back half-way
    counts, facts = _counts(services)
    assert sum(r[list(CaseStatsMonthRecord.__table__.c.keys()).index("cases")] for r in counts) > 0
    assert any(f[1] == "written" for f in facts)  # the agreement in effect, derived at settling
    with services.db.write() as s:  # what a rebuild from the cases finds
        stats_facts.refresh_all(s)
        stats_facts.summarise_bulk(s)
    assert _counts(services) == (counts, facts)


def _index(services: Services) -> tuple[set[tuple[object, ...]], dict[int, set[str]]]:
    from mediation_app.domain.search_terms import unpack_terms

    with services.db.read() as s:
        rows = {tuple(r) for r in s.execute(text("SELECT term, reg_day, search_id FROM case_term"))}
        lists = {r.search_id: set(unpack_terms(r.terms))
                 for r in s.execute(text("SELECT search_id, terms FROM case_search"))}
    return rows, lists


def test_imported_past_cases_are_indexed_once_a_batch_as_a_rebuild_indexes_them(services: Services, admin: Actor,
                                                                               tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "台账.csv", case_rows())
    services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=True)
    assert _index(services) == (set(), {})  # a dry run writes no index rows either
    report = services.ledger_import.run(admin, path, LedgerKind.CASES, dry_run=False)
    assert report.created >= 3 and report.refused >= 1  # a refused row rolled back half-way
    rows, lists = _index(services)
    with services.db.read() as s:
        search_ids = set(s.scalars(select(CaseRecord.search_id)))
    assert set(lists) == search_ids and {r[2] for r in rows} == search_ids  # every case, and nothing else
    assert {"张三", "李四", "13893126688", "6688"} <= set().union(*lists.values())
    found = services.cases.list_cases(admin, CaseFilter(text="王五")).rows
    assert len(found) == 1 and "王五" in found[0].parties
    with services.db.write() as s:  # what indexing every case again writes
        reindex_ids(s.connection(), list(s.scalars(select(CaseRecord.id))))
    assert _index(services) == (rows, lists)
