"""A stored attachment whose bytes no longer match its hash is left out of a bundle (counted as
missing) instead of making the receiving site refuse the whole hand-over."""

from __future__ import annotations

from tests.factories import make_case
from tests.services.handover.conftest import Sites


def test_a_damaged_copy_on_the_sending_side_does_not_make_the_centre_refuse_the_bundle(
        sites: Sites) -> None:
    case_id = make_case(sites.room, sites.room_admin, assigned=False)
    scan = sites.tmp / "欠条.jpg"
    scan.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    sites.room.meetings.add_evidence(sites.room_admin, case_id, scan, "欠条")
    (stored,) = [p for p in (sites.room.data_dir / "attachments").rglob("*") if p.is_file()]
    stored.write_bytes(stored.read_bytes()[:-1] + b"\x00")
    bundle = sites.tmp / "bundle.mdh"
    result = sites.room.handover.export(sites.room_admin, bundle)
    assert (result.cases, result.files, result.missing_files) == (1, 0, 1)
    number = sites.room.cases.detail(sites.room_admin, case_id).number
    report = sites.centre.handover.import_bundle(sites.centre_admin, bundle)
    assert [c.number for c in report.new] == [number]
    centre_store = sites.centre.data_dir / "attachments"
    assert not centre_store.exists() or [p for p in centre_store.rglob("*") if p.is_file()] == []
