#!/usr/bin/env python3
"""Risk early-warning benchmark: the scan over every case in set-based queries, against running the
rules one case at a time.

    .venv/bin/python benchmarks/bench_warnings.py [--cases 100000] [--db FILE] [--sample 500]

Builds (or reuses) a SQLite file with N demonstration cases (``mediation-app demo`` data, written in
bulk, so no warning is raised while it is built), moves the clock a month on so that deadlines pass,
then times:

- the first ``warnings scan`` over every case (the warnings inserted), and a second one (nothing new);
- the rules for one changed case, as every write runs them (``after_change``), median of ``--sample``;
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
    args = ap.parse_args(argv)

    from sqlalchemy import delete, select

    from mediation_app.services import build_services
    from mediation_app.services.clock import FixedClock
    from mediation_app.services.warnings import after_change
    from mediation_app.storage.models import CaseRecord, RiskWarningRecord

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
        with svc.db.write() as s:
            s.execute(delete(RiskWarningRecord))
        with svc.db.read() as s:
            ids = list(s.scalars(select(CaseRecord.id).order_by(CaseRecord.id)))
        n = len(ids)
        print(f"{n:,} cases")
        wall, cpu, result = timed(lambda: svc.warnings.scan(actor))
        print(f"first scan (all cases, set-based): {wall:9.0f} ms wall {cpu:9.0f} ms CPU   "
              f"{result.raised:,} warnings raised {dict(sorted(result.by_rule.items()))}")
        wall2, cpu2, result2 = timed(lambda: svc.warnings.scan(actor), 3)
        print(f"second scan (nothing new):        {wall2:9.0f} ms wall {cpu2:9.0f} ms CPU   {result2.raised} raised")
        step = max(1, n // args.sample)
        sample = ids[::step][:args.sample]
        times = []
        for case_id in sample:
            w0 = time.perf_counter()
            with svc.db.write() as s:
                after_change(s, [case_id], clock.now(), clock.today())
            times.append((time.perf_counter() - w0) * 1000)
        one = statistics.median(times)
        print(f"one changed case (every write):   {one:9.2f} ms median of {len(sample)}")
        estimate = one * n
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
