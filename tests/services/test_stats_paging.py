"""The paged drill-down of a cell (its pages add up to exactly the cell's cases and count) and the
organisation stock (committees by the form's type, mediators full-time and part-time)."""

from __future__ import annotations

import dataclasses

import pytest

from mediation_app.domain.enums import CommitteeKind
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import PermissionDenied
from mediation_app.services.stats.model import Basis, Measure
from mediation_app.storage.models import CommitteeRecord, MediatorRecord
from tests.services.test_stats_report import YEAR, centre  # noqa: F401  (the hand-counted fixture)


def _pages(services: Services, actor: Actor, row: str, column: str, limit: int, **kw: object) -> tuple[list, int]:
    refs, after, totals = [], None, set()
    while True:
        page = services.stats.cell_page(actor, YEAR, row, column, after=after, limit=limit, **kw)  # type: ignore[arg-type]
        assert len(page.refs) <= limit
        refs += page.refs
        totals.add(page.total)
        if page.after is None:
            break
        after = page.after
    assert len(totals) == 1
    return refs, totals.pop()


@pytest.mark.pg
def test_the_pages_of_a_cell_are_exactly_its_cases_and_its_count(services, admin, centre) -> None:  # noqa: F811
    report = services.stats.compute(admin, YEAR)
    checked = 0
    for column in report.columns:
        if column.basis is not Basis.CASES or not report.value("level_total", column.key):
            continue
        refs, total = _pages(services, admin, "total", column.key, limit=3)
        whole = services.stats.cell_cases(admin, YEAR, "total", column.key).case_ids
        in_order = services.stats.cell_case_refs(admin, YEAR, "total", column.key)
        assert [r.id for r in refs] == [r.id for r in reversed(in_order)]  # newest number first
        assert sorted(r.id for r in refs) == sorted(whole), column.key
        assert total == len(whole)
        if column.measure is Measure.COUNT:
            assert total == report.value("level_total", column.key), column.key
        checked += 1
    assert checked > 20
    assert [r.number for r in refs] == sorted((r.number for r in refs), reverse=True)


@pytest.mark.pg
def test_pages_run_over_two_committees_and_records_come_whole(services, admin, centre) -> None:  # noqa: F811
    head = dataclasses.replace(admin, centre_head=True)
    both = [admin.committee_id, centre["other"]]
    refs, total = _pages(services, head, "total", "total", limit=4, committees=both)
    assert total == 22 and len({r.id for r in refs}) == 22
    assert "大通" in {r.committee for r in refs} and len({r.committee for r in refs}) == 2
    page = services.stats.cell_page(admin, YEAR, "total", "screen.rounds")
    assert page.after is None and len(page.records) == 2


@pytest.mark.pg
def test_the_organisation_stock_counts_active_committees_by_type_and_mediators(services, admin) -> None:
    with services.db.write() as s:
        one = CommitteeRecord(name="某社区人民调解委员会", short_name="社区", kind=CommitteeKind.VILLAGE,
                              number_pattern="{short}{word}〔{year}〕第{serial:03d}号", form_body="residents")
        two = CommitteeRecord(name="某村人民调解委员会", short_name="某村", kind=CommitteeKind.VILLAGE,
                              number_pattern="{short}{word}〔{year}〕第{serial:03d}号")
        gone = CommitteeRecord(name="已撤销的调解委员会", short_name="撤销", kind=CommitteeKind.VILLAGE,
                               number_pattern="{short}{word}〔{year}〕第{serial:03d}号", active=False)
        s.add_all([one, two, gone])
        s.flush()
        s.add_all([MediatorRecord(committee_id=one.id, name="甲", full_time=True),
                   MediatorRecord(committee_id=one.id, name="乙", full_time=True),
                   MediatorRecord(committee_id=one.id, name="丙", full_time=False),
                   MediatorRecord(committee_id=one.id, name="丁", full_time=True, active=False),
                   MediatorRecord(committee_id=two.id, name="戊", full_time=False),
                   MediatorRecord(committee_id=gone.id, name="己", full_time=True)])
        ids = (one.id, two.id, gone.id)
    with pytest.raises(PermissionDenied):
        services.stats.organisation(admin, list(ids))
    head = dataclasses.replace(admin, centre_head=True)
    stock = services.stats.organisation(head, list(ids))
    per = {c.id: (c.body, c.active, c.full_time, c.part_time) for c in stock.committees}
    assert per == {ids[0]: ("residents", True, 2, 1), ids[1]: ("village", True, 0, 1),
                   ids[2]: ("village", False, 1, 0)}
    by_body = dict(stock.by_body)
    assert by_body["residents"] == 1 and by_body["village"] == 1 and sum(by_body.values()) == 2
    assert (stock.full_time, stock.part_time) == (2, 2)
