#!/usr/bin/env python3
"""Sign-in timing: does the time taken tell whether a user name exists?

    .venv/bin/python benchmarks/bench_sign_in.py [--rounds 30]

Times ``AccountService.authenticate`` for a wrong password on an existing account and for a name
that does not exist (verified against a dummy Argon2 hash), interleaved, on a fresh SQLite file.
The account is unlocked between rounds so the lockout does not change the path. Prints the medians
and their ratio (1.0 = indistinguishable).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mediation_app.domain.enums import CommitteeKind  # noqa: E402
from mediation_app.services import build_services  # noqa: E402
from mediation_app.services.errors import AuthenticationFailed  # noqa: E402
from mediation_app.storage.db import sqlite_url  # noqa: E402
from mediation_app.storage.models import UserRecord  # noqa: E402


def timed(svc, name: str) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        svc.accounts.authenticate(name, "wrong-password-123")
    except AuthenticationFailed:
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        svc = build_services(sqlite_url(Path(tmp) / "m.db"), Path(tmp))
        svc.setup.initialise("委员会", "委", CommitteeKind.TOWNSHIP, "admin", "Bench-desk-2026", "甲")
        known, unknown = [], []
        for _ in range(rounds):
            known.append(timed(svc, "admin"))
            unknown.append(timed(svc, "nobody-at-all"))
            with svc.db.write() as s:  # keep the account out of its lockout
                for user in s.query(UserRecord):
                    user.failed_logins, user.locked_until = 0, None
        svc.close()
    k, u = statistics.median(known), statistics.median(unknown)
    print(f"existing name, wrong password: median {k * 1000:.1f} ms over {rounds}")
    print(f"unknown name:                  median {u * 1000:.1f} ms over {rounds}")
    print(f"ratio unknown/existing: {u / k:.2f}")


if __name__ == "__main__":
    main()
