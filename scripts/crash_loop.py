"""Kill a desk at random points while it saves, and prove nothing acknowledged is lost.

    python scripts/crash_loop.py [--saves 1000] [--seed 1] [--min-ms 100] [--max-ms 2500] [--dir DIR]

A driver process opens the services and registers cases (case + two parties + number + audit
entry, one transaction each), printing each case's id after the service call returned, i.e. once
the save is acknowledged. The parent kills it with SIGKILL after a random delay, then re-opens the
database through the same start-up check the app uses (a leftover -wal is checked on a copy) and
verifies that every acknowledged case is there whole. It repeats until ``--saves`` acknowledged
saves have been made and prints: saves, kills, lost, torn, refused starts, integrity, audit chain.
Exit status 0 only when nothing was lost or torn and every check passed.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "调解2026-crash-loop"


def _services(folder: Path, create: bool = False):  # type: ignore[no-untyped-def]
    from mediation_app.services import build_services
    from mediation_app.storage.db import sqlite_url

    return build_services(sqlite_url(folder / "mediation.db"), folder, create=create)


def _admin(svc):  # type: ignore[no-untyped-def]
    from mediation_app.services.accounts import actor_of
    from mediation_app.storage import queries as q

    with svc.db.read() as s:
        return actor_of(next(u for u in q.users(s) if u.username == "admin"))


def setup(folder: Path) -> None:
    from mediation_app.domain.enums import CommitteeKind

    svc = _services(folder, create=True)
    try:
        svc.setup.initialise("集散中心人民调解委员会", "客商", CommitteeKind.INDUSTRY_MARKET, "admin", PASSWORD, "马调解")
    finally:
        svc.close()


def drive(folder: Path, run: int) -> None:
    """The child: save until killed, printing each acknowledged case id."""
    from mediation_app.domain.enums import DisputeType, PartyRole
    from mediation_app.services.intake import CaseInput
    from mediation_app.services.parties import PartyInput

    svc = _services(folder)
    admin = _admin(svc)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        data = CaseInput(
            parties=(PartyInput(name="马福海", role=PartyRole.APPLICANT, id_number="620102198507153314",
                                phone="13893126688"),
                     PartyInput(name="李建国", role=PartyRole.RESPONDENT, phone="0971-6123456")),
            dispute_type=DisputeType.CONTRACT, facts=f"第{run}轮第{n}次保存：货款争议。", requests="按实际损坏核减货款。", amount="¥24,000.00",
        )
        changes = svc.intake.register(admin, data, accept=True)
        print(changes.created_id.hex if changes.created_id else "?", flush=True)


def verify(folder: Path, acked: set[str]) -> tuple[int, int, str, bool]:
    """(lost, torn, integrity, audit chain ok) after re-opening like the app does."""
    from mediation_app.storage.audit import verify_chain

    svc = _services(folder)  # the start-up check: raises on damage or a -wal that does not fit
    try:
        with svc.db.read() as s:
            chain_ok = verify_chain(s)[0]
    finally:
        svc.close()
    con = sqlite3.connect(f"{(folder / 'mediation.db').as_uri()}?mode=ro", uri=True)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        cases = {r[0]: r[1] for r in con.execute(
            "select c.id, (select count(*) from case_party p where p.case_id = c.id) from mediation_case c")}
        audited = {r[0] for r in con.execute("select case_id from audit_event where case_id is not null")}
    finally:
        con.close()
    lost = sum(1 for cid in acked if cid not in cases)
    torn = sum(1 for cid, parties in cases.items() if parties != 2 or cid not in audited)
    return lost, torn, str(integrity), bool(chain_ok)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--saves", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--min-ms", type=int, default=100)
    p.add_argument("--max-ms", type=int, default=2500)
    p.add_argument("--dir", type=Path)
    p.add_argument("--driver", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--run", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.driver:
        drive(args.driver, args.run)
        return 0
    rng = random.Random(args.seed)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="crash-loop-"))
    folder.mkdir(parents=True, exist_ok=True)
    setup(folder)
    acked: set[str] = set()
    kills = refused = lost = torn = 0
    integrity, chain_ok, unclean = "ok", True, 0
    started = time.monotonic()
    run = 0
    while len(acked) < args.saves:
        run += 1
        child = subprocess.Popen([sys.executable, __file__, "--driver", str(folder), "--run", str(run)],
                                 stdout=subprocess.PIPE, bufsize=0, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert child.stdout is not None
        first = b""
        while not first.endswith(b"\n"):  # byte by byte: nothing after "ready" is read here
            byte = os.read(child.stdout.fileno(), 1)
            if not byte:
                break
            first += byte
        if first.strip() != b"ready":
            child.kill()
            child.wait()
            print("the driver could not start", file=sys.stderr)
            return 2
        deadline = time.monotonic() + rng.uniform(args.min_ms, args.max_ms) / 1000
        fd = child.stdout.fileno()
        os.set_blocking(fd, False)
        pending = b""

        def take(data: bytes, final: bool = False) -> bytes:
            """Add every complete line; a last id printed without its newline counts too."""
            *lines, rest = data.split(b"\n")
            for line in lines:
                if line.strip():
                    acked.add(line.strip().decode())
            if final and len(rest.strip()) == 32:
                acked.add(rest.strip().decode())
            return rest

        while time.monotonic() < deadline and len(acked) < args.saves:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                chunk = b""
            if chunk:
                pending = take(pending + chunk)
            else:
                time.sleep(0.001)
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        os.set_blocking(fd, True)
        pending = take(pending + os.read(fd, 1 << 20), final=True)  # printed before the kill
        wal = folder / "mediation.db-wal"
        unclean += int(wal.exists() and wal.stat().st_size > 0)
        try:
            lost, torn, integrity, chain_ok = verify(folder, acked)
        except Exception as exc:  # noqa: BLE001 - a refused start is a finding, reported below
            refused += 1
            print(f"start refused after kill {kills}: {getattr(exc, 'message', exc)}", file=sys.stderr)
            break
        if lost or torn or integrity != "ok" or not chain_ok:
            break
    seconds = time.monotonic() - started
    print(f"saves acknowledged: {len(acked)}")
    print(f"kills: {kills} (left an unclean -wal: {unclean})")
    print(f"lost: {lost}")
    print(f"torn aggregates: {torn}")
    print(f"refused starts: {refused}")
    print(f"integrity: {integrity}; audit chain: {'ok' if chain_ok else 'BROKEN'}")
    print(f"time: {seconds:.0f} s; folder: {folder}")
    return 0 if not (lost or torn or refused) and integrity == "ok" and chain_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
