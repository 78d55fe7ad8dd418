"""10,000 cases in one hand-over: every case arrives once, nothing doubles, the same bundle again
changes nothing, and a second bundle finds everything unchanged."""

from __future__ import annotations

import pytest

from tests.services.handover.conftest import Sites


@pytest.mark.slow
def test_ten_thousand_cases_arrive_once(sites: Sites) -> None:
    s = sites
    s.room.demo.generate(s.room_admin, cases=10_000, seed=3)
    out = s.room.handover.export(s.room_admin, s.tmp / "big.mdh")
    assert out.cases == 10_000 and out.rows > 200_000
    report = s.centre.handover.import_bundle(s.centre_admin, s.tmp / "big.mdh")
    assert len(report.new) == 10_000 and not report.conflicts and not report.rejected
    actor = s.room_actor_at_centre()
    assert s.centre.cases.count_cases(actor) == 10_000
    assert s.centre.handover.import_bundle(s.centre_admin, s.tmp / "big.mdh").already_imported
    s.room.handover.export(s.room_admin, s.tmp / "again.mdh")
    again = s.centre.handover.import_bundle(s.centre_admin, s.tmp / "again.mdh", dry_run=True)
    assert again.unchanged == 10_000 and not again.updated and not again.new and not again.conflicts
    # the centre's search finds the room's cases by their parties' names (full-text index rebuilt)
    from mediation_app.services.read_models import CaseFilter

    row = s.room.cases.list_cases(s.room_admin, limit=1).rows[0]
    name = row.parties.split(" ")[0]
    here = {c.number for c in s.room.cases.list_cases(s.room_admin, CaseFilter(text=name), limit=500).rows}
    there = {c.number for c in s.centre.cases.list_cases(actor, CaseFilter(text=name), limit=500).rows}
    assert row.number in there and here == there
