"""Four desks saving at once: does each get its turn, and how long does a save wait?

    python benchmarks/bench_writers.py [--desks 4] [--seconds 20]

Each desk is a process that adds mediators as fast as it can for ``--seconds``. Prints, per desk,
the saves made and the longest wait for one save; and the share of the slowest desk. Before the
write queue, a busy desk could wait 10 s and then fail; now no save fails and the shares are even.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def desk(folder: Path, name: str, seconds: float) -> None:
    from mediation_app.domain.enums import Sex
    from mediation_app.services import build_services
    from mediation_app.services.accounts import actor_of
    from mediation_app.storage import queries as q
    from mediation_app.storage.db import sqlite_url

    svc = build_services(sqlite_url(folder / "m.db"), folder, create=False)
    with svc.db.read() as s:
        admin = actor_of(next(u for u in q.users(s) if u.username == "admin"))
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    end = time.monotonic() + seconds
    saves, failures, longest, n = 0, 0, 0.0, 0
    while time.monotonic() < end:
        n += 1
        started = time.monotonic()
        try:
            svc.accounts.add_mediator(admin, f"{name}-{n}", Sex.UNKNOWN, None, "", True, "", None)
            saves += 1
        except Exception:  # noqa: BLE001 - counted
            failures += 1
        longest = max(longest, time.monotonic() - started)
    svc.close()
    print(json.dumps({"desk": name, "saves": saves, "failures": failures, "longest_s": round(longest, 3)}))


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--desks", type=int, default=4)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--desk", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.desk:
        desk(Path(args.desk[0]), args.desk[1], args.seconds)
        return 0
    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services
    from mediation_app.storage.db import sqlite_url

    folder = Path(tempfile.mkdtemp(prefix="bench-writers-"))
    svc = build_services(sqlite_url(folder / "m.db"), folder, create=True)
    svc.setup.initialise("集散中心人民调解委员会", "客商", CommitteeKind.INDUSTRY_MARKET, "admin", "调解2026-bench-pw", "马调解")
    svc.close()
    procs = [subprocess.Popen([sys.executable, __file__, "--desk", str(folder), f"desk{i + 1}", "--seconds",
                               str(args.seconds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for i in range(args.desks)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs]
    total = sum(r["saves"] for r in results)
    for r in results:
        print(f"{r['desk']}: {r['saves']} saves ({100 * r['saves'] / max(total, 1):.0f} %), "
              f"{r['failures']} failed, longest wait {r['longest_s']:.2f} s")
    print(f"total {total} saves in {args.seconds:.0f} s; slowest desk's share "
          f"{min(r['saves'] for r in results) / max(total, 1) * args.desks:.2f} of an even share")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
