#!/usr/bin/env python3
"""Statistics benchmark: a year's report (every column of the form) computed in SQL against a naive
baseline in the same run that loads the year's case rows and counts them in Python; and the
drill-down of a few cells.

    .venv/bin/python benchmarks/bench_stats.py [--cases 20000] [--db FILE]
    .venv/bin/python benchmarks/bench_stats.py --cases 1000000 [--base 100000]   (the target size)

Demo cases come from the demo generator (services/demo); a file given with --db is reused and topped
up. With --base, that many demo cases are generated and their case rows copied up to --cases (the
generator needs about 1,400 s of CPU for a million cases). The baseline imports storage on purpose (benchmarks are outside the package). Prints medians and
the ratio baseline / report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build_db(path: Path, cases: int) -> None:
    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services

    svc = build_services(f"sqlite:///{path}", path.parent)
    try:
        if not svc.setup.is_initialised():
            svc.setup.initialise(committee_name="客商心语人民调解委员会", short_name="客商",
                                 kind=CommitteeKind.INDUSTRY_MARKET, admin_username="admin",
                                 admin_password="bench-1234", admin_display_name="王主任")
        actor = svc.accounts.authenticate("admin", "bench-1234")
        have = svc.cases.count_cases(actor)
        started = time.perf_counter()
        while have < cases:
            n = min(100_000, cases - have)
            svc.demo.generate(actor, cases=n, seed=have + 1)
            have += n
            print(f"  generated {have:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        svc.close()


def replicate(path: Path, cases: int) -> None:
    """Copy the demo cases (new ids, numbers, serials and full-text row ids; same dates and facts)
    until the file holds ``cases``; the monthly counts are rebuilt after. Only the case rows are
    copied (the report reads nothing else), so the baseline's join finds agreements for the originals
    only: it counts less than it would on real data."""
    import sqlite3

    from mediation_app.storage.models import Base

    con = sqlite3.connect(path)
    have, top_sid, top_serial = con.execute(
        "select count(*), max(search_id), max(serial) from mediation_case").fetchone()
    columns = [c.name for c in Base.metadata.tables["mediation_case"].columns]
    k = 1
    base = have
    while have < cases:
        n = min(base, cases - have)
        exprs = {"id": "lower(hex(randomblob(16)))", "number": f"number || '·{k}'",
                 "search_id": f"search_id + {k * top_sid}", "serial": f"serial + {k * top_serial}"}
        select = ", ".join(exprs.get(c, c) for c in columns)
        con.execute(f"insert into mediation_case ({', '.join(columns)}) select {select} from mediation_case "
                    f"where search_id <= {top_sid} order by search_id limit {n}")
        con.commit()
        have += n
        k += 1
        print(f"  copied up to {have:,} cases", flush=True)
    if k > 1:  # copies were made: their monthly counts are built afresh
        con.execute("drop table if exists case_stats_month")
        con.commit()
    con.close()


def ensure_monthly_counts(svc) -> None:  # type: ignore[no-untyped-def]
    """A file generated before the monthly counts existed gets them (as the migration would)."""
    from sqlalchemy import inspect

    from mediation_app.storage.models import CaseStatsMonthRecord
    from mediation_app.storage.stats_facts import summarise_bulk

    if inspect(svc.db.engine).has_table("case_stats_month"):
        return
    t0 = time.perf_counter()
    CaseStatsMonthRecord.__table__.create(svc.db.engine)
    with svc.db.write() as s:
        summarise_bulk(s)
    print(f"monthly counts built in {time.perf_counter() - t0:.0f} s")


def timed(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def naive(svc, actor, period) -> Counter:  # type: ignore[no-untyped-def]
    """What a report without grouped SQL does: load the year's rows, then count in Python."""
    from sqlalchemy import select

    from mediation_app.storage.models import AgreementRecord, CaseRecord

    counts: Counter = Counter()
    with svc.db.read() as s:
        rows = s.scalars(select(CaseRecord).where(
            CaseRecord.committee_id == actor.committee_id, CaseRecord.accepted_on >= period.start,
            CaseRecord.accepted_on <= period.end, CaseRecord.status.not_in(("registered", "refused", "voided")))).all()
        forms = dict(s.execute(select(AgreementRecord.case_id, AgreementRecord.form).where(
            AgreementRecord.effective_on.is_not(None), AgreementRecord.superseded.is_(False))).all())
        for c in rows:
            counts["total"] += 1
            counts["persons"] += c.persons_involved or 0
            counts[f"source.{c.source}"] += 1
            counts[f"type.{c.dispute_type}/{c.subtype_code}"] += 1
            form = forms.get(c.id)
            if form:
                counts["success"] += 1
                counts[f"form.{form}"] += 1
                counts["amount"] += c.amount_fen or 0
            counts["difficult"] += c.complexity == "difficult"
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--db", type=Path, help="reuse or create this SQLite file")
    ap.add_argument("--base", type=int, help="generate this many demo cases, then copy them up to --cases")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-repeat", type=int, default=1)
    ap.add_argument("--no-baseline", action="store_true", help="skip the naive baseline (minutes at 1,000,000 cases)")
    args = ap.parse_args(argv)
    db = args.db or Path(tempfile.mkdtemp(prefix="bench-stats-")) / "bench.sqlite"
    print(f"database: {db.name}, target {args.cases:,} cases")
    build_db(db, args.base or args.cases)
    if args.base:
        replicate(db, args.cases)

    from mediation_app.domain.statistics import Period
    from mediation_app.services import build_services

    svc = build_services(f"sqlite:///{db}", db.parent, migrate=False)
    actor = svc.accounts.authenticate("admin", "bench-1234")
    ensure_monthly_counts(svc)
    print(f"cases in the database: {svc.cases.count_cases(actor):,}")
    year = Period(kind=Period.parse("2026").kind, year=svc.clock.today().year)
    with svc.db.read() as s:  # warm the page cache once, for both sides alike
        s.connection().exec_driver_sql("select count(*) from mediation_case").all()
    report_ms, report = timed(lambda: svc.stats.compute(actor, year), args.repeat)
    total = report.value("level_total", "total")  # type: ignore[attr-defined]
    print(f"year {year.code}: {total:,} cases counted, success {report.value('level_total', 'success'):,}")  # type: ignore[attr-defined]
    print(f"report (grouped SQL, every column): {report_ms:8.1f} ms")
    if not args.no_baseline:
        base_ms, counts = timed(lambda: naive(svc, actor, year), args.baseline_repeat)
        assert counts["total"] == total, (counts["total"], total)  # type: ignore[index]
        print(f"baseline (load the rows, count in Python): {base_ms:8.1f} ms   ratio 1:{base_ms / report_ms:.0f}")
    for row, column in (("total", "type.04"), ("total", "form.oral"), ("total", "source.court"), ("total", "source.petition"),
                        ("total", "difficult")):
        ms, items = timed(lambda r=row, c=column: svc.stats.cell_cases(actor, year, r, c), args.repeat)
        print(f"drill-down {column:<14} {len(items.case_ids):>8,} cases {ms:8.1f} ms")  # type: ignore[attr-defined]
    # the paged drill-down: the first page of the largest case cell, and a page deep inside it
    largest = max((c for c in report.columns if c.basis.value == "cases" and c.measure.value == "count"),  # type: ignore[attr-defined]
                  key=lambda c: report.value("level_total", c.key))  # type: ignore[attr-defined]
    ms, page = timed(lambda: svc.stats.cell_page(actor, year, "total", largest.key), args.repeat)
    print(f"first page of the largest cell {largest.key} ({page.total:,} cases): "  # type: ignore[attr-defined]
          f"{len(page.refs)} cases {ms:8.1f} ms")  # type: ignore[attr-defined]
    after = page.after  # type: ignore[attr-defined]
    for _ in range(20):
        if after is None:
            break
        after = svc.stats.cell_page(actor, year, "total", largest.key, after=after).after
    if after is not None:
        ms, page = timed(lambda: svc.stats.cell_page(actor, year, "total", largest.key, after=after), args.repeat)
        print(f"page 22 of the largest cell: {len(page.refs)} cases {ms:8.1f} ms")  # type: ignore[attr-defined]
    # the first page of every non-empty case cell: the rarest cell, the slowest one and the spread
    cells = [c for c in report.columns if c.basis.value == "cases" and c.measure.value == "count"  # type: ignore[attr-defined]
             and report.value("level_total", c.key)]  # type: ignore[attr-defined]
    first_pages = []  # (wall ms, cell, cases, CPU ms): on a shared machine the CPU time is the fair one
    for c in cells:
        cpu0 = time.process_time()
        ms, page = timed(lambda k=c.key: svc.stats.cell_page(actor, year, "total", k), args.repeat)
        cpu = (time.process_time() - cpu0) * 1000 / args.repeat
        first_pages.append((ms, c.key, page.total, cpu))  # type: ignore[attr-defined]
    rare = min(first_pages, key=lambda x: x[2])
    slow = max(first_pages)
    print(f"first page of the rarest cell {rare[1]} ({rare[2]:,} cases): {rare[0]:8.1f} ms ({rare[3]:.1f} ms CPU)")
    print(f"first page of the slowest cell {slow[1]} ({slow[2]:,} cases): {slow[0]:8.1f} ms ({slow[3]:.1f} ms CPU) "
          f"(median over the {len(first_pages)} non-empty case cells "
          f"{statistics.median(x[0] for x in first_pages):.1f} ms, {statistics.median(x[3] for x in first_pages):.1f} ms CPU)")
    svc.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
