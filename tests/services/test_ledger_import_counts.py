"""Past cases from a ledger are counted by the statistics as they are imported: their facts and the
monthly counts are settled once per batch of rows (not at every step of each case) and come out
exactly as a rebuild from the cases finds them, a row refused half-way included."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from mediation_app.domain.ledger_fields import LedgerKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.storage import stats_facts
from mediation_app.storage.models import CaseRecord, CaseStatsMonthRecord
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
