"""A hand-over larger than the export's and the merge's batches: every case arrives once, nothing
doubles, the same bundle again changes nothing, and a second bundle finds everything unchanged.

The batches are made small so that a few hundred cases cross several batch boundaries (and end on
a part-filled batch) in both directions; the full size (10,000 cases, with timings) is
benchmarks/bench_handover.py, which makes the same checks."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import func, select

from mediation_app.services.handover import exporter, merge, service
from mediation_app.storage.handover import rows as R
from mediation_app.storage.models import Base
from tests.services.handover.conftest import Sites

CASES = 250


def _counts(services: object) -> dict[str, int]:
    with services.db.read() as s:  # type: ignore[attr-defined]
        return {name: s.scalar(select(func.count()).select_from(Base.metadata.tables[name])) or 0
                for name in R.CASE_TABLES}


@pytest.mark.slow
def test_many_cases_in_many_batches_arrive_once(sites: Sites, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporter, "BATCH", 60)  # 250 cases: 4 full batches and one of 10
    monkeypatch.setattr(merge, "BATCH", 40)  # 6 full batches and one of 10
    monkeypatch.setattr(service, "INDEX_BATCH", 100)  # the search index in 3 committed steps
    s = sites
    s.room.demo.generate(s.room_admin, cases=CASES, seed=3)
    out = s.room.handover.export(s.room_admin, s.tmp / "big.mdh")
    assert out.cases == CASES and out.rows > 20 * CASES
    report = s.centre.handover.import_bundle(s.centre_admin, s.tmp / "big.mdh")
    assert len(report.new) == CASES and not report.conflicts and not report.rejected
    actor = s.room_actor_at_centre()
    assert s.centre.cases.count_cases(actor) == CASES and s.centre.handover.still_indexing() == 0
    # every table holds as many of the room's case records at the centre, and a case's records are equal
    here, there = _counts(s.room), _counts(s.centre)
    assert here["mediation_case"] == CASES and {k: there[k] for k, v in here.items() if v} == {
        k: v for k, v in here.items() if v}
    sample = s.room.cases.list_cases(s.room_admin, limit=1).rows[0].id
    with s.room.db.read() as a, s.centre.db.read() as b:
        mine, theirs = R.case_rows(a, [sample]), R.case_rows(b, [sample])
    assert mine == theirs and len(mine[sample.hex]) > 3
    assert s.centre.handover.import_bundle(s.centre_admin, s.tmp / "big.mdh").already_imported
    assert _counts(s.centre) == there  # the same bundle again changes nothing
    s.room.handover.export(s.room_admin, s.tmp / "again.mdh")
    again = s.centre.handover.import_bundle(s.centre_admin, s.tmp / "again.mdh", dry_run=True)
    assert again.unchanged == CASES and not again.updated and not again.new and not again.conflicts
    # the centre's search finds the room's cases by their parties' names (full-text index rebuilt)
    from mediation_app.services.read_models import CaseFilter

    row = s.room.cases.list_cases(s.room_admin, limit=1).rows[0]
    name = row.parties.split(" ")[0]
    here = {c.number for c in s.room.cases.list_cases(s.room_admin, CaseFilter(text=name), limit=500).rows}
    there = {c.number for c in s.centre.cases.list_cases(actor, CaseFilter(text=name), limit=500).rows}
    assert row.number in there and here == there


def test_a_block_that_cannot_be_written_stops_the_export_and_leaves_nothing(sites: Sites,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases' blocks are deflated and written by a second thread while the next block is read; a
    failure there (a full USB stick) reaches the export, which leaves no bundle and no partial file,
    and the next export carries every case again."""
    from mediation_app.services.handover import bundle_file

    monkeypatch.setattr(exporter, "BATCH", 5)  # 20 cases: four blocks
    s = sites
    s.room.demo.generate(s.room_admin, cases=20, seed=3)
    real = zipfile._ZipWriteFile.write  # type: ignore[attr-defined]
    blocks: list[int] = []

    def full_after_two(self: object, data: bytes) -> int:  # the stick fills up at the third block of cases
        blocks.append(len(data))
        if len(blocks) == 3:
            raise OSError(28, "No space left on device")
        return int(real(self, data))

    monkeypatch.setattr(zipfile._ZipWriteFile, "write", full_after_two)
    with pytest.raises(bundle_file.BundleNotWritten) as info:
        s.room.handover.export(s.room_admin, s.tmp / "stick" / "full.mdh")
    # the stick is named, not the database's disk
    assert info.value.message == (f"The hand-over bundle could not be written to {s.tmp / 'stick'}: the disk is full. "
                                  "Free some space or choose another drive, and try again. Nothing was handed over.")
    assert "数据库" not in str(info.value) and str(s.tmp / "room") not in str(info.value)
    assert len(blocks) == 3  # the blocks after the failing one are not written
    assert list((s.tmp / "stick").iterdir()) == []  # no bundle, no partial file
    monkeypatch.setattr(zipfile._ZipWriteFile, "write", real)
    out = s.room.handover.export(s.room_admin, s.tmp / "stick" / "again.mdh")
    assert out.cases == 20  # every case again: the failed bundle was never acknowledged
    report = s.centre.handover.import_bundle(s.centre_admin, s.tmp / "stick" / "again.mdh")
    assert len(report.new) == 20 and not report.rejected  # its number's gap is no gap: it covers from the start
