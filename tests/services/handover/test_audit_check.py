"""``check`` verifies the audit chain imported from each other site as well as this site's own:
an imported entry changed, removed or appended afterwards is reported, naming the site."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.factories import make_case
from tests.services.handover.conftest import Sites


def _imported(s: Sites) -> int:
    bundle = s.hand_over()
    report = s.centre.handover.import_bundle(s.centre_admin, bundle)
    assert report.audit_entries > 2
    return report.audit_entries


def _sql(s: Sites, statement: str) -> None:
    with s.centre.db.write() as session:
        session.execute(text(statement))


def test_check_passes_with_an_imported_chain_and_reports_it(any_sites: Sites) -> None:
    s = any_sites
    make_case(s.room, s.room_admin, assigned=False)
    _imported(s)
    report = s.centre.maintenance.check()
    assert report.ok, report.problems
    assert ("imported audit", "1 sites, ok") in report.lines


@pytest.mark.parametrize("statement", [
    "UPDATE imported_audit_event SET username = 'someone' WHERE seq = 2",
    "UPDATE imported_audit_event SET details = '{}' WHERE seq = 3",
    "DELETE FROM imported_audit_event WHERE seq = 2",
])
def test_a_tampered_imported_entry_is_reported_with_its_site(any_sites: Sites, statement: str) -> None:
    s = any_sites
    make_case(s.room, s.room_admin, assigned=False)
    _imported(s)
    _sql(s, statement)
    report = s.centre.maintenance.check()
    room = s.room.handover.site().name
    found = [p for p in report.problems if room in p and "imported" in p]
    assert len(found) == 1, report.problems
    assert s.centre.audit_log.verify(None).ok  # the centre's own chain is not the one broken


def test_entries_cut_from_the_end_of_an_imported_chain_are_reported(sites: Sites) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    last = _imported(sites)
    _sql(sites, f"DELETE FROM imported_audit_event WHERE seq = {last}")
    report = sites.centre.maintenance.check()
    found = [p for p in report.problems if f"no longer ends at entry {last}" in p]
    assert len(found) == 1, report.problems
