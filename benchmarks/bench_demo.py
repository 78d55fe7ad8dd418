#!/usr/bin/env python3
"""Demo generator benchmark: time and peak memory of ``DemoService.generate`` into a fresh SQLite file.

    .venv/bin/python benchmarks/bench_demo.py [--cases 100000] [--seed 1] [--db FILE]

Prints the seconds taken, cases per second, rows written and the process's peak resident memory
(``ru_maxrss``), which must stay under 1 GB at any number of cases: the generator builds and writes
``CHUNK_CASES`` cases at a time and never holds the whole register. Run it under
``/usr/bin/time -v`` for the operating system's own figure.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LIMIT_MB = 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="SQLite file to create (default: a temporary directory)")
    args = parser.parse_args()

    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services
    from mediation_app.storage.db import sqlite_url

    path = args.db or Path(tempfile.mkdtemp(prefix="bench-demo-")) / "mediation.db"
    svc = build_services(sqlite_url(path), path.parent)
    try:
        admin = svc.setup.initialise(committee_name="青藏高原农副产品集散中心人民调解委员会", short_name="客商",
                                     kind=CommitteeKind.INDUSTRY_MARKET, admin_username="admin",
                                     admin_password="bench-1234", admin_display_name="王主任")
        before = peak_mb()
        last = [time.perf_counter()]

        def progress(done: int, total: int) -> None:
            if done % 100_000 == 0 or done == total:
                now = time.perf_counter()
                print(f"  {done:>9,} cases  +{now - last[0]:6.1f} s  peak {peak_mb():7.1f} MB", flush=True)
                last[0] = now

        started = time.perf_counter()
        svc.demo.generate(admin, cases=args.cases, seed=args.seed, progress=progress)
        seconds = time.perf_counter() - started
        print(f"{args.cases:,} cases in {seconds:.1f} s ({args.cases / seconds:,.0f} cases/s)")
        print(f"peak memory {peak_mb():.1f} MB (after start-up {before:.1f} MB); limit {LIMIT_MB} MB")
        print(f"database {path.stat().st_size / 2**20:,.0f} MB at {path}")
        return 0 if peak_mb() < LIMIT_MB else 1
    finally:
        svc.close()


if __name__ == "__main__":
    raise SystemExit(main())
