#!/usr/bin/env python3
"""Backup and restore timings on a database of a given size.

    .venv/bin/python benchmarks/bench_backup.py [--mb 100] [--backups 5]

Builds a database with one committee and a case, pads it to about ``--mb`` megabytes, then times
through the maintenance service: one verified backup (VACUUM INTO, journal switch, integrity check,
manifest, read-back), listing N backups with their hashes, the same with integrity_check, a restore
(safety copy, swap, re-check, audit) and ``check``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mediation_app.domain.enums import CommitteeKind  # noqa: E402
from mediation_app.services import build_services  # noqa: E402
from mediation_app.services.maintenance import open_maintenance  # noqa: E402
from mediation_app.storage.db import sqlite_url  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--backups", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    live = folder / "mediation.db"
    svc = build_services(sqlite_url(live), folder)
    svc.setup.initialise("测试人民调解委员会", "测试", CommitteeKind.TOWNSHIP, "admin", "bench-2026-pass", "管理员")
    svc.close()
    con = sqlite3.connect(live)
    con.execute("create table ballast(x blob)")
    con.executemany("insert into ballast values (randomblob(4000))", [()] * (args.mb * 250))
    con.commit()
    con.close()
    maintenance, _audit = open_maintenance(sqlite_url(live), folder)

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = fn()
        print(f"{label:<38} {time.perf_counter() - start:6.2f} s")
        return result

    print(f"database: {live.stat().st_size / 1e6:.0f} MB")
    first = timed("verified backup", lambda: maintenance.backup_now(None))
    for _ in range(args.backups - 1):
        maintenance.backup_now(None)
    timed(f"list {args.backups} backups (SHA-256)", lambda: maintenance.list_backups())
    timed(f"list {args.backups} backups (SHA-256 + integrity)", lambda: maintenance.list_backups(deep=True))
    timed("restore (safety copy, swap, re-check)", lambda: maintenance.restore(None, first.backup.path, operator="bench"))
    report = timed("check", maintenance.check)
    print("check:", "ok" if report.ok else report.problems)
    maintenance.db.dispose()


if __name__ == "__main__":
    main()
