"""A first hand-over of 10,000 cases on SQLite, as a market room's years of records reach the centre
at once: every table holds the same number of the room's case records at both ends, a sampled case's
records are equal at both ends, the centre's search finds an imported party once the index step has
run, and importing the same bundle again changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mediation_app.services.read_models import CaseFilter
from mediation_app.storage.handover import rows as R
from tests.services.handover.conftest import Sites

CASES = 10_000


def _counts(services: object, committee_id: object) -> dict[str, int]:
    from mediation_app.storage.models import Base

    out = {}
    with services.db.read() as s:  # type: ignore[attr-defined]
        for name in R.CASE_TABLES:
            out[name] = s.scalar(select(func.count()).select_from(Base.metadata.tables[name])) or 0
    return out


@pytest.mark.slow
def test_ten_thousand_cases_arrive_whole(sites: Sites) -> None:
    s = sites
    s.room.demo.generate(s.room_admin, cases=CASES, seed=5)
    out = s.room.handover.export(s.room_admin, s.tmp / "big.mdh")
    assert out.cases == CASES
    report = s.centre.handover.import_bundle(s.centre_admin, s.tmp / "big.mdh", index=False)
    assert len(report.new) == CASES and not report.conflicts and not report.rejected
    assert s.centre.handover.still_indexing() == CASES
    assert s.centre.handover.finish_indexing() == CASES and s.centre.handover.still_indexing() == 0
    here, there = _counts(s.room, None), _counts(s.centre, None)
    assert here["mediation_case"] == there["mediation_case"] == CASES
    assert {k: v for k, v in here.items() if v} == {k: there[k] for k, v in here.items() if v}
    actor = s.room_actor_at_centre()
    row = s.room.cases.list_cases(s.room_admin, limit=1).rows[0]
    with s.room.db.read() as a, s.centre.db.read() as b:
        mine, theirs = R.case_rows(a, [row.id]), R.case_rows(b, [row.id])
    assert mine == theirs and len(mine[row.id.hex]) > 3
    name = row.parties.split(" ")[0]
    found = s.centre.cases.list_cases(actor, CaseFilter(text=name), limit=500)
    assert row.number in {c.number for c in found.rows} and found.still_indexing == 0
    again = s.centre.handover.import_bundle(s.centre_admin, s.tmp / "big.mdh")
    assert again.already_imported and _counts(s.centre, None) == there
