#!/usr/bin/env python3
"""Risk early-warning benchmark: the scan over every case in set-based queries, against running the
rules one case at a time.

    .venv/bin/python benchmarks/bench_warnings.py [--cases 100000] [--db FILE] [--sample 500]

Builds (or reuses) a SQLite file with N demonstration cases (``mediation-app demo`` data, written in
bulk, so no warning is raised while it is built), moves the clock a month on so that deadlines pass,
then times:

- the first ``warnings scan`` over every case (the warnings inserted), and a second one (nothing new);
- the rules for one changed case, as every write ran them inside its transaction (``after_change``),
  against what a write pays now (its case marked, ``warning_pending``), an empty write transaction,
  and the catch-up that raises the marked case's warnings after the save, median of ``--sample``;
- the first page of open warnings with its exact total (Today) and the board's counts;

against a baseline in the same run: the same rules called case by case for ``--sample`` cases,
extrapolated to every case (the per-case loop the set-based scan replaces). Prints wall and CPU time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_case_list import build_db  # noqa: E402


def timed(fn, repeat: int = 1) -> tuple[float, float, object]:
    """Median wall and CPU time in ms, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append((time.perf_counter() - w0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="reuse or create this SQLite file")
    ap.add_argument("--sample", type=int, default=300, help="cases run one at a time for the baseline")
    ap.add_argument("--no-scan", action="store_true", help="keep the warnings and skip the two full scans")
    args = ap.parse_args(argv)

    from sqlalchemy import delete, select

    from mediation_app.services import build_services
    from mediation_app.services.clock import FixedClock
    from mediation_app.services.warnings import after_change
    from mediation_app.storage.models import CaseRecord, RiskWarningRecord
    from mediation_app.storage.warning_pending import mark

    tmp = None
    path = args.db
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "bench.db"
    build_db(path, args.cases)
    clock = FixedClock(dt.date.today() + dt.timedelta(days=30))
    svc = build_services(f"sqlite:///{path}", path.parent, clock)
    try:
        actor = svc.accounts.authenticate("admin", "bench-1234")
        if not args.no_scan:
            with svc.db.write() as s:
                s.execute(delete(RiskWarningRecord))
        with svc.db.read() as s:
            ids = list(s.scalars(select(CaseRecord.id).order_by(CaseRecord.id)))
        n = len(ids)
        print(f"{n:,} cases")
        wall = 1.0
        if not args.no_scan:
            wall, cpu, result = timed(lambda: svc.warnings.scan(actor))
            print(f"first scan (all cases, set-based): {wall:9.0f} ms wall {cpu:9.0f} ms CPU   "
                  f"{result.raised:,} warnings raised {dict(sorted(result.by_rule.items()))}")
            wall2, cpu2, result2 = timed(lambda: svc.warnings.scan(actor), 3)
            print(f"second scan (nothing new):        {wall2:9.0f} ms wall {cpu2:9.0f} ms CPU   "
                  f"{result2.raised} raised")
        step = max(1, n // args.sample)
        sample = ids[::step][:args.sample]
        costs: dict[str, list[tuple[float, float]]] = {k: [] for k in ("empty", "rules", "mark", "catch_up")}

        def write(label: str, fn) -> None:  # type: ignore[no-untyped-def]
            w0, c0 = time.perf_counter(), time.process_time()
            with svc.db.write() as s:
                fn(s)
            costs[label].append(((time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000))

        for case_id in sample:
            write("empty", lambda s: None)
            write("rules", lambda s, c=case_id: after_change(s, [c], clock.now(), clock.today()))
            write("mark", lambda s, c=case_id: mark(s, [c], clock.now()))
            w0, c0 = time.perf_counter(), time.process_time()
            svc.warnings.catch_up()
            costs["catch_up"].append(((time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000))
        med = {k: (statistics.median(w for w, _c in v), statistics.median(c for _w, c in v)) for k, v in costs.items()}
        one = med["rules"][0]
        for label, text in (("empty", "an empty write transaction (baseline)"),
                            ("rules", "the rules inside the save (before)"),
                            ("mark", "the case marked inside the save (now)"),
                            ("catch_up", "after the save, in the background")):
            w, c = med[label]
            print(f"one changed case, {text + ':':<42} {w:7.2f} ms wall {c:7.2f} ms CPU (median of {len(sample)})")
        print(f"a save's own cost of the warnings: {med['rules'][1] - med['empty'][1]:.2f} ms CPU before, "
              f"{med['mark'][1] - med['empty'][1]:.2f} ms CPU now")
        estimate = one * n
        if not args.no_scan:
            print(f"baseline: the rules case by case, extrapolated to {n:,} cases: {estimate:9.0f} ms "
                  f"(set-based scan {estimate / max(wall, 1):.1f}x faster)")
        wall3, cpu3, page = timed(lambda: svc.warnings.open_page(actor), 5)
        print(f"Today's first page and total:     {wall3:9.1f} ms wall {cpu3:9.1f} ms CPU   total {page.total:,}")
        wall4, cpu4, _board = timed(lambda: svc.board.board(actor), 3)
        print(f"centre board (with warnings):     {wall4:9.1f} ms wall {cpu4:9.1f} ms CPU")
    finally:
        svc.close()
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
