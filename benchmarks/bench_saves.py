#!/usr/bin/env python3
"""How long a mediator's everyday saves take on a large register, against the same saves on a small one.

    .venv/bin/python benchmarks/bench_saves.py --db FILE [--password PW] [--rounds 10] [--small 2000]
    .venv/bin/python benchmarks/bench_saves.py --pg postgresql+psycopg://user:pw@host/db [--pg-cases 100000]

Through the services, as the client calls them: register and accept a case with two parties, add a
third party, record every party's consent, assign the presiding mediator, record a session, save a
written agreement with two instalments, its signatures and the mediator's seal (one figure), a part
payment, then the risk-warning rules the client runs after a save (``warnings.catch_up``).
``--rounds`` new cases each; median and slowest of each save, wall and CPU.

Baseline, measured in the same run: the same saves on a fresh database of ``--small`` demo cases. The
ratio large / small is the figure: a save whose cost grows with the register (a scan hidden in a
save) shows as a ratio far above 1. ``--db`` is changed (``--rounds`` cases are added to it): use a
copy or a benchmark database (bench_demo.py --cases 100000 --db FILE; its administrator's password
is ``bench-1234``).

``--pg URL``: both registers on PostgreSQL. The large one lives in the schema ``bench_saves``, built
once with ``--pg-cases`` demo cases (its administrator ``admin`` / ``bench-1234``) and reused by later
runs (each adds ``--rounds`` cases); the small one in ``bench_saves_small``, made afresh each run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAVES = ("register and accept", "add a party", "consents", "assign", "record a session", "save the agreement",
         "sign and seal", "record a payment", "warning rules")


def run_saves(svc: Any, actor: Any, rounds: int) -> dict[str, list[tuple[float, float]]]:
    import datetime as dt

    from mediation_app.domain.enums import (
        AssignmentMethod,
        ExecutionMethod,
        MeetingMode,
        MeetingOutcome,
        PartyRole,
        PerformanceStatus,
    )
    from mediation_app.services.agreements import AgreementInput, ObligationInput
    from mediation_app.services.meetings import MeetingInput
    from tests.factories import CARRIER, market_case_input

    times: dict[str, list[tuple[float, float]]] = {name: [] for name in SAVES}

    def timed(name: str, fn: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
        return result

    def one_case(i: int) -> None:
        changes = timed(SAVES[0], lambda: svc.intake.register(actor, market_case_input(), accept=True))
        case_id = changes.created_id
        timed(SAVES[1], lambda: svc.parties.add_party(actor, case_id, replace(
            CARRIER, name=f"西宁高原物流第{i}分公司", role=PartyRole.THIRD_PARTY)))
        timed(SAVES[2], lambda: svc.parties.record_all_consents(actor, case_id))
        timed(SAVES[3], lambda: svc.assignment.assign(actor, case_id, actor.mediator_id,
                                                      method=AssignmentMethod.DESIGNATED))
        parties = svc.cases.detail(actor, case_id).parties
        links = tuple(p.link_id for p in parties)
        kinds = [(p.link_id, p.kind == "legal") for p in parties]
        timed(SAVES[4], lambda: svc.meetings.record(actor, case_id, MeetingInput(
            place="集散中心人民调解室", mode=MeetingMode.ON_SITE, party_links_present=links,
            mediator_ids_present=(actor.mediator_id,), outcome=MeetingOutcome.AGREEMENT, recorder_name="书记员",
            record_text="双方陈述后同意核减货款，余款分两期支付。")))
        today = svc.clock.today()
        timed(SAVES[5], lambda: svc.agreements.save_draft(actor, case_id, AgreementInput(
            facts="申请人购进被申请人苹果120箱，运输途中损坏38箱。", issues="损坏部分如何核减，余款如何支付。",
            responsibilities="双方各自承担一半损失。", terms=("被申请人同意核减货款。", "申请人分两期支付余款16,400元。"),
            performance_method="银行转账", performance_place="西宁市",
            obligations=(ObligationInput(links[0], 1_000_000, today + dt.timedelta(days=10), links[1], "第一期货款"),
                         ObligationInput(links[0], 640_000, today + dt.timedelta(days=60), links[1], "第二期货款")),
            recorder_name="书记员")))

        def sign() -> None:
            for link, legal in kinds:  # an organisation's representative signs and its seal is affixed
                svc.agreements.record_execution(actor, case_id, link, ExecutionMethod.SIGNATURE_AND_SEAL if legal
                                                else ExecutionMethod.SIGNATURE_AND_FINGERPRINT)
            svc.agreements.record_mediator_signature_and_seal(actor, case_id)

        timed(SAVES[6], sign)
        first = svc.followups.instalments(actor, case_id)[0]
        timed(SAVES[7], lambda: svc.followups.record_performance(actor, case_id, first.id, PerformanceStatus.PARTLY,
                                                                today, amount_fen=400_000, note="微信转账4,000元"))
        timed(SAVES[8], lambda: svc.warnings.catch_up())

    for i in range(rounds):
        one_case(i)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="the large database (changed: cases are added)")
    where.add_argument("--pg", help="a PostgreSQL database: both registers in schemas of their own")
    parser.add_argument("--pg-cases", type=int, default=100_000, help="demo cases of a new large register (--pg)")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="bench-1234")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--small", type=int, default=2000, help="demo cases of the baseline database")
    args = parser.parse_args()

    from benchmarks.pg_schema import pg_schema
    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services
    from mediation_app.services.read_models import CaseFilter
    from mediation_app.storage.db import sqlite_url

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        small_url = pg_schema(args.pg, "bench_saves_small") if args.pg else sqlite_url(Path(tmp) / "small.db")
        small = build_services(small_url, Path(tmp))
        admin = small.setup.initialise("青藏高原农副产品集散中心人民调解委员会", "客商", CommitteeKind.INDUSTRY_MARKET,
                                       "admin", "bench-1234-pass", "王主任")
        small.demo.generate(admin, cases=args.small, seed=1)
        results["small"] = run_saves(small, admin, args.rounds)
        small.close()
        if args.pg:
            pg_schema(args.pg, "bench_saves_small", drop=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-saves-")) if args.pg else args.db.parent
    large = build_services(pg_schema(args.pg, "bench_saves", fresh=False) if args.pg else sqlite_url(args.db), folder)
    try:
        if args.pg and not large.setup.is_initialised():
            print(f"building the large register on PostgreSQL: {args.pg_cases:,} demo cases (once)", flush=True)
            first = large.setup.initialise("青藏高原农副产品集散中心人民调解委员会", "客商", CommitteeKind.INDUSTRY_MARKET,
                                           args.user, args.password, "王主任")
            large.demo.generate(first, cases=args.pg_cases, seed=1)
        actor = large.accounts.authenticate(args.user, args.password)
        cases = large.cases.count_cases(actor, CaseFilter())
        results["large"] = run_saves(large, actor, args.rounds)
    finally:
        large.close()

    print(f"saves, median / slowest of {args.rounds} (ms wall | ms CPU), {'PostgreSQL' if args.pg else 'SQLite'}: "
          f"{cases:,} cases against {args.small:,}")
    print(f"{'save':<22} {'large register':>26} {'small register':>26} {'ratio (median CPU)':>19}")
    for name in SAVES:
        row = []
        for key in ("large", "small"):
            walls = [w for w, _c in results[key][name]]
            cpus = [c for _w, c in results[key][name]]
            row.append((statistics.median(walls) * 1000, max(walls) * 1000, statistics.median(cpus) * 1000))
        (lw, lmax, lc), (sw, smax, sc) = row
        print(f"{name:<22} {lw:7.1f} / {lmax:7.1f} | {lc:6.1f}   {sw:7.1f} / {smax:7.1f} | {sc:6.1f}   "
              f"{lc / max(sc, 0.01):8.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
