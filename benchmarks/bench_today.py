#!/usr/bin/env python3
"""Today overview benchmark: exact counts and the first pages computed in SQL vs. loading every
case that may have something due and running each one's deadline clock in Python.

    .venv/bin/python benchmarks/bench_today.py [--cases 100000] [--db FILE] [--days-ahead 20]

Builds (or reuses) a SQLite file with N demonstration cases (``mediation-app demo`` data), moves
the clock ``--days-ahead`` days past today so that deadlines fall due, then times:

- ``OverviewService.today`` (both counts, first page of overdue and of upcoming items, the
  unassigned cases), and the next page of overdue items;

against a baseline in the same run that does what the former design needed for exact counts:
load every case in an open or performing status with its agreements, confirmations, follow-ups
and referral slips, build each case's clock and call ``deadlines.due_items``. The baseline imports
storage on purpose; benchmarks are outside the package. Prints medians, the ratio, and whether the
two counts agree.
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

CPU: list[float] = []


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in ms (the CPU time of the same calls goes to ``CPU``: on a shared machine
    the wall time includes waiting for a core)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), result


def baseline(svc, actor, warn_days: int = 7) -> tuple[int, int]:
    """Every candidate case loaded and its clock run in Python (the shape that does not scale)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from mediation_app.domain.deadlines import due_items
    from mediation_app.domain.enums import DeadlineRule, PerformanceStatus
    from mediation_app.services.cases import case_clock
    from mediation_app.storage import queries as q
    from mediation_app.storage import queries_followup as qf
    from mediation_app.storage.models import CaseRecord, CommitteeRecord

    today = svc.clock.today()
    overdue = upcoming = 0
    with svc.db.read() as s:
        rule = DeadlineRule(s.get(CommitteeRecord, actor.committee_id).deadline_rule)
        stmt = (select(CaseRecord).where(CaseRecord.committee_id == actor.committee_id,
                                         CaseRecord.status.notin_(("registered", "voided")))
                .options(selectinload(CaseRecord.links)))
        for c in s.scalars(stmt):
            follow = max((f.at.date() for f in q.follow_ups(s, c.id)), default=None)
            clock = case_clock(c, rule, q.agreements(s, c.id), q.confirmations(s, c.id), follow, q.referrals(s, c.id),
                               PerformanceStatus.PERFORMED in qf.performance_kinds(s, c.id))
            for item in due_items(clock, today, warn_days):
                overdue += item.overdue
                upcoming += not item.overdue
    return overdue, upcoming


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="reuse or create this SQLite file")
    ap.add_argument("--days-ahead", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args(argv)
    db = args.db or Path(tempfile.mkdtemp(prefix="bench-")) / "bench.sqlite"
    print(f"database {db} with {args.cases:,} cases")
    build_db(db, args.cases)

    from mediation_app.services import build_services
    from mediation_app.services.clock import FixedClock

    svc = build_services(f"sqlite:///{db}", db.parent, FixedClock(dt.date.today() + dt.timedelta(days=args.days_ahead)))
    try:
        actor = svc.accounts.authenticate("admin", "bench-1234")
        first_ms, overview = timed(lambda: svc.overview.today(actor), args.repeat)
        first_cpu = CPU[-1]
        key = overview.overdue.next_key
        next_ms, _page = timed(lambda: svc.overview.due_page(actor, True, key), args.repeat) if key else (0.0, None)
        print(f"today overview (counts + first pages): {first_ms:9.1f} ms (CPU {first_cpu:.0f} ms)   "
              f"overdue {overview.overdue.total:,}, due within a week {overview.upcoming.total:,}, "
              f"waiting for a mediator {overview.unassigned_total:,}")
        print(f"next page of overdue items:            {next_ms:9.1f} ms (CPU {CPU[-1] if key else 0:.0f} ms)")
        if not args.no_baseline:
            base_ms, counts = timed(lambda: baseline(svc, actor), 1)
            agree = counts == (overview.overdue.total, overview.upcoming.total)
            print(f"baseline (load cases, clocks in Python): {base_ms:9.1f} ms (CPU {CPU[-1]:.0f} ms)  counts {counts}  "
                  f"{'agree' if agree else 'DISAGREE'}")
            print(f"ratio baseline / overview: {base_ms / first_ms:.1f}x")
    finally:
        svc.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
