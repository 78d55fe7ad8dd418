#!/usr/bin/env python3
"""Hand-over of a room's cases to its centre: bundle out, bundle in, the same bundle again.

    .venv/bin/python benchmarks/bench_handover.py [--cases 10000] [--encrypt]
        [--pg postgresql+psycopg://user:pw@host/db]   (the centre on PostgreSQL, schema bench_handover)

Builds a room (SQLite) with ``--cases`` demo cases written the way the services write them, and a
centre (SQLite), pairs them, then times through the hand-over service: the first bundle out (every
case with every record, the committee, roster, lists, the audit log; signed), its import at the
centre (verify the file, the signature and every part's hash, then the three-way merge in one
transaction that commits the records and marks the cases for the search index; then the index step,
printed apart, that writes their index rows in committed batches; and the total), importing the same
bundle again (refused as already imported after the checks) and a dry run of a new bundle that finds
everything unchanged. Targets on a 2-core machine: out < 3 s,
in < 5 s at 10,000 cases. CPU time is printed beside wall time (the machine may be shared); it counts
the second process that an import of 2,000 cases or more starts (it checks the parts, inflates the
cases' part and makes the records' fingerprints and the new cases' search terms while this one
merges), so it can exceed wall time.

Baseline, measured in the same run so that a loaded machine shows in both: a verified copy of the
whole database (SQLite's online backup, then ``PRAGMA integrity_check`` of the copy) — what moving
every record as pages costs, without choosing, signing or merging anything. The ratio printed is
hand-over time / baseline time (lower is better; CPU seconds when the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pg_schema import pg_schema  # noqa: E402
from mediation_app.domain.enums import CommitteeKind  # noqa: E402
from mediation_app.services import build_services  # noqa: E402
from mediation_app.storage.db import sqlite_url  # noqa: E402

PASSWORD = "bench-2026-pass"
IN_RECORDS = "bundle in: records committed (verify + merge)"
IN_INDEX = "bundle in: search index of its cases"
IN_TOTAL = "bundle in: total"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--encrypt", action="store_true", help="protect the bundle with a passphrase")
    parser.add_argument("--pg", help="the centre on this PostgreSQL database (schema bench_handover, made afresh "
                                     "and dropped afterwards); the room stays on SQLite")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-handover-"))
    room = build_services(sqlite_url(folder / "room" / "mediation.db"), folder / "room")
    room_admin = room.setup.initialise("青藏高原农副产品集散中心人民调解委员会", "客商", CommitteeKind.INDUSTRY_MARKET,
                                       "admin", PASSWORD, "马调解")
    centre_url = sqlite_url(folder / "centre" / "mediation.db")
    if args.pg:
        centre_url = pg_schema(args.pg, "bench_handover")
        print("centre: PostgreSQL")
    centre = build_services(centre_url, folder / "centre")
    centre_admin = centre.setup.initialise("城关区人民调解中心", "城关", CommitteeKind.INDUSTRY_MARKET, "admin",
                                           PASSWORD, "韩主任")
    start = time.perf_counter()
    room.demo.generate(room_admin, cases=args.cases, seed=1)
    print(f"room: {args.cases:,} demo cases made in {time.perf_counter() - start:.1f} s")
    for a, a_admin, b, b_admin in ((room, room_admin, centre, centre_admin), (centre, centre_admin, room, room_admin)):
        view = a.handover.write_pairing_file(a_admin, folder / "pair.json")
        b.handover.pair(b_admin, folder / "pair.json", view.code)
    passphrase = "集散中心交接2026" if args.encrypt else None

    figures: dict[str, tuple[float, float]] = {}

    def cpu_time() -> float:  # this process and the second process a large import starts
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        wall, cpu = time.perf_counter(), cpu_time()
        result = fn()
        figures[label] = (time.perf_counter() - wall, cpu_time() - cpu)
        print(f"{label:<44} {figures[label][0]:6.2f} s wall {figures[label][1]:6.2f} s CPU")
        return result

    def copy_database() -> None:
        copy = folder / "baseline.db"
        copy.unlink(missing_ok=True)
        with sqlite3.connect(folder / "room" / "mediation.db") as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
            assert dst.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    baseline = "baseline: verified copy of the room's database"
    timed(baseline, copy_database)

    bundle = folder / "handover.mdh"
    out = timed(f"bundle out ({args.cases:,} cases)",
                lambda: room.handover.export(room_admin, bundle, passphrase=passphrase))
    print(f"  {out.cases:,} cases, {out.rows:,} records, {out.files} files, {out.audit_entries:,} audit entries, "
          f"{bundle.stat().st_size / 1e6:.1f} MB")
    report = timed(IN_RECORDS, lambda: centre.handover.import_bundle(centre_admin, bundle, passphrase=passphrase,
                                                                      index=False))
    waiting = centre.handover.still_indexing()
    indexed = timed(IN_INDEX, centre.handover.finish_indexing)
    figures[IN_TOTAL] = (figures[IN_RECORDS][0] + figures[IN_INDEX][0], figures[IN_RECORDS][1] + figures[IN_INDEX][1])
    print(f"  {waiting:,} cases waited for the index after the commit, {indexed:,} indexed")
    print(f"  new {len(report.new):,}, updated {len(report.updated)}, conflicts {len(report.conflicts)}, "
          f"rejected {len(report.rejected)}")
    again = timed("the same bundle again", lambda: centre.handover.import_bundle(centre_admin, bundle,
                                                                                 passphrase=passphrase))
    print(f"  already imported: {again.already_imported}")
    second = folder / "handover-2.mdh"
    timed("bundle out again (nothing acknowledged yet)", lambda: room.handover.export(room_admin, second))
    dry = timed("dry run of it at the centre", lambda: centre.handover.import_bundle(centre_admin, second,
                                                                                   dry_run=True))
    print(f"  unchanged {dry.unchanged:,}, updated {len(dry.updated)}, conflicts {len(dry.conflicts)}")
    # every case arrived once, the same bundle is refused, a second one finds everything unchanged
    # (tests/services/handover/test_large.py checks the same on a few hundred cases in small batches)
    assert out.cases == args.cases and len(report.new) == args.cases, "not every case was handed over once"
    assert not report.conflicts and not report.rejected and again.already_imported
    assert waiting == indexed == args.cases and centre.handover.still_indexing() == 0
    assert dry.unchanged == args.cases and not dry.updated and not dry.new and not dry.conflicts
    base_wall, base_cpu = figures[baseline]
    print(f"\n{'operation':<44} {'wall':>7} {'CPU':>7} {'÷ baseline (wall, CPU)':>24}")
    for label in (f"bundle out ({args.cases:,} cases)", IN_RECORDS, IN_INDEX, IN_TOTAL):
        wall, cpu = figures[label]
        print(f"{label:<44} {wall:6.2f}s {cpu:6.2f}s {wall / base_wall:11.1f}x {cpu / max(base_cpu, 1e-3):10.1f}x")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    room.close()
    centre.close()
    if args.pg:
        pg_schema(args.pg, "bench_handover", drop=True)


if __name__ == "__main__":
    main()
