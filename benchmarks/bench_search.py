#!/usr/bin/env python3
"""Search benchmark: the case list's search against ``LIKE '%q%'`` over the same columns, per query class.

    .venv/bin/python benchmarks/bench_search.py [--cases 1000000] [--db FILE]
        [--pg postgresql+psycopg://user:pw@host/db --pg-cases 100000 [--pg-only]]

Builds (or reuses) a database of N demonstration cases, draws 20 queries per class from the parties'
real names and phones (one character, two characters, three characters, pinyin initials, phone tail),
and times the first page of 200 rows through ``CaseQueryService.list_cases`` (the client's own call,
including where each row matched) against, in the same run, the first page of a plain query that
tests ``LIKE '%q%'`` on the case's number, title, parties, facts, requests and place and on its
parties' names and phones, sorted the same way (--like-sample N: on the first N queries of a class
only, for a large database). With --worst, a sixth class: three characters whose two pairs are each
common but never meet. Prints p50 / p95 / max per class for both, in wall time and in this
process's CPU time (with the load average: on a shared machine wall time follows the
load), the ratio of the wall p95s, with --count the p95 of counting every match (the case list
itself never counts: it says how many rows it shows), and the bytes per case of the whole
database and of the search index. --pg-schema keeps a PostgreSQL build apart from others. --tune
tunes the search index first (storage/search_tune.py: runs of three characters whose pairs are
both common become terms) and prints its time and its cost in bytes a case.

For a million cases, grow a database of demo cases with bulk_cases.py first (copies made in SQL,
much quicker than the demo service) and pass it with --db.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


LIKE_SQL = """
SELECT c.id FROM mediation_case c
WHERE (c.number LIKE :p OR c.title LIKE :p OR c.parties_text LIKE :p OR c.facts LIKE :p OR c.requests LIKE :p
       OR c.place LIKE :p
       OR EXISTS (SELECT 1 FROM case_party l JOIN party y ON y.id = l.party_id
                  WHERE l.case_id = c.id AND (y.name LIKE :p OR y.phone LIKE :p)))
ORDER BY c.registered_on DESC, c.id DESC LIMIT 200
"""


def build(url: str, data_dir: Path, cases: int) -> None:
    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services

    svc = build_services(url, data_dir)
    try:
        if not svc.setup.is_initialised():
            svc.setup.initialise(committee_name="客商心语人民调解委员会", short_name="客商",
                                 kind=CommitteeKind.INDUSTRY_MARKET, admin_username="admin",
                                 admin_password="bench-1234", admin_display_name="王主任")
        actor = svc.accounts.authenticate("admin", "bench-1234")
        have = svc.cases.count_cases(actor)
        started = time.perf_counter()
        while have < cases:
            n = min(50_000, cases - have)
            svc.demo.generate(actor, cases=n, seed=have + 1)
            have += n
            print(f"  generated {have:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        svc.close()


def rare_together(session, n: int = 20) -> list[str]:
    """Three characters ABC whose pairs AB and BC are each common in the parties' names and the
    cases' titles but never meet: the query's rarest pair is still broad, and every one of its
    index rows is looked up for the other pair (the worst case of a three-character query)."""
    from collections import Counter

    from sqlalchemy import text

    from mediation_app.domain.search_text import is_single_token_char

    texts = [r[0] for r in session.execute(text("SELECT name FROM party ORDER BY id LIMIT 20000"))]
    texts += [r[0] for r in session.execute(text("SELECT title FROM mediation_case ORDER BY id LIMIT 20000"))]
    pairs: Counter[str] = Counter()
    triples: set[str] = set()
    for t in texts:
        t = t or ""
        for i in range(len(t) - 1):
            if is_single_token_char(t[i]) and is_single_token_char(t[i + 1]):
                pairs[t[i:i + 2]] += 1
                if i + 2 < len(t) and is_single_token_char(t[i + 2]):
                    triples.add(t[i:i + 3])
    common = [p for p, _ in pairs.most_common(300)]
    starts: dict[str, list[str]] = {}
    for p in common:
        starts.setdefault(p[0], []).append(p)
    found = []
    for ab in common:
        for bc in starts.get(ab[1], []):
            if ab + bc[1] not in triples:
                found.append((min(pairs[ab], pairs[bc]), ab + bc[1]))
    return [q for _, q in sorted(found, reverse=True)[:n]]


def draw_queries(session, seed: int = 11) -> dict[str, list[str]]:
    from sqlalchemy import text

    from mediation_app.domain.pinyin import name_search_keys

    rows = list(session.execute(text(
        "SELECT name, phone FROM party WHERE kind = 'natural' AND phone IS NOT NULL ORDER BY id LIMIT 5000")))
    rng = random.Random(seed)
    names = [r[0] for r in rows if len(r[0]) >= 3 and r[0].isalpha()]
    phones = [r[1] for r in rows if r[1] and r[1].isdigit() and len(r[1]) >= 8]
    pick = lambda seq: [rng.choice(seq) for _ in range(20)]  # noqa: E731
    out = {
        "1 character": [n[rng.randrange(len(n))] for n in pick(names)],
        "2 characters": [n[i:i + 2] for n in pick(names) for i in [rng.randrange(len(n) - 1)]],
        "3 characters": [n[:3] for n in pick(names)],
        "pinyin initials": [name_search_keys(n).split()[1] for n in pick(names)],
        "phone tail": [p[-4:] for p in pick(phones)],
    }
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def timed(fn) -> tuple[float, float]:
    """(wall ms, CPU ms of this process) for one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000


def tune(svc, size_of) -> None:
    """Tune the search index (storage/search_tune.py) and say what it cost."""
    with svc.db.read() as s:
        _, before = size_of(s)
    w0, c0 = time.perf_counter(), time.process_time()
    report = svc.maintenance.tune_search(None)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    with svc.db.read() as s:
        _, after = size_of(s)
    n = max(report.cases, 1)
    print(f"tuned the index in {wall:.0f} s ({cpu:.0f} s CPU): {report.common_pairs:,} common pairs, "
          f"{report.dense_runs:,} dense runs, {report.rows_added:,} rows added ({report.rows_added / n:.2f} a case), "
          f"{report.rows_removed:,} removed; index {before / n:,.0f} -> {after / n:,.0f} bytes a case")


def run(label: str, url: str, data_dir: Path, cases: int, size_of, with_count: bool = False,
        like_sample: int = 20, worst: bool = False, tuned: bool = False) -> None:
    import os

    from sqlalchemy import text

    from mediation_app.services import build_services
    from mediation_app.services.read_models import CaseFilter

    build(url, data_dir, cases)
    svc = build_services(url, data_dir, migrate=False)
    actor = svc.accounts.authenticate("admin", "bench-1234")
    total = svc.cases.count_cases(actor)
    if tuned:
        tune(svc, size_of)
    with svc.db.read() as s:
        queries = draw_queries(s)
        if worst:
            queries["3 rare together"] = rare_together(s)
    print(f"\n{label}: {total:,} cases, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("milliseconds; wall / CPU of this process (the server's own CPU is not counted for PostgreSQL)")
    if like_sample < 20:
        print(f"LIKE timed on the first {like_sample} queries of each class only")
    print(f"{'query class':16} {'app p50':>13} {'app p95':>13} {'app max':>13} {'LIKE p50':>13} {'LIKE p95':>13}"
          f" {'p95 ratio':>9}" + (f" {'count p95':>13}" if with_count else "") + "  slowest query")
    for cls in queries:
        app, like, cnt = [], [], []
        for i, q in enumerate(queries[cls]):
            app.append(timed(lambda q=q: svc.cases.list_cases(actor, CaseFilter(text=q))))
            if with_count:
                cnt.append(timed(lambda q=q: svc.cases.count_cases(actor, CaseFilter(text=q))))
            if i >= like_sample:
                continue
            pattern = f"%{q}" if cls == "phone tail" else f"%{q}%"
            with svc.db.read() as s:
                like.append(timed(lambda s=s, pattern=pattern: s.execute(text(LIKE_SQL), {"p": pattern}).all()))

        def cell(values: list[tuple[float, float]], p: float | None) -> str:
            w = [v[0] for v in values]
            c = [v[1] for v in values]
            if p is None:
                return f"{statistics.median(w):6.1f}/{statistics.median(c):<6.1f}"
            return f"{pct(w, p):6.1f}/{pct(c, p):<6.1f}"

        ratio = pct([v[0] for v in like], 0.95) / pct([v[0] for v in app], 0.95)
        slowest = max(range(len(app)), key=lambda i: app[i][1])
        print(f"{cls:16} {cell(app, None):>13} {cell(app, 0.95):>13} {cell(app, 1.0):>13} {cell(like, None):>13} "
              f"{cell(like, 0.95):>13} {ratio:8.1f}x" + (f" {cell(cnt, 0.95):>13}" if with_count else "")
              + f"  {queries[cls][slowest]}")
    with svc.db.read() as s:
        whole, index = size_of(s)
    print(f"size: {whole / total:,.0f} bytes a case in all, of which the search index {index / total:,.0f}")
    svc.close()


def sqlite_size(db: Path):
    def size(s) -> tuple[int, int]:
        from sqlalchemy import text

        s.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        page = s.execute(text("PRAGMA page_size")).scalar()
        pages = s.execute(text("PRAGMA page_count")).scalar() - s.execute(text("PRAGMA freelist_count")).scalar()
        index = s.execute(text("SELECT sum(pgsize) FROM dbstat WHERE name IN ('case_term', 'case_search') OR name LIKE 'case_fts%'")).scalar()
        return pages * page, int(index or 0)
    return size


def pg_size(s) -> tuple[int, int]:
    from sqlalchemy import text

    whole = s.execute(text("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                           "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar()
    index = s.execute(text("SELECT pg_total_relation_size('case_term') + pg_total_relation_size('case_search')")).scalar()
    return int(whole or 0), int(index or 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="reuse or create this SQLite file")
    ap.add_argument("--pg", help="also measure on this PostgreSQL database (schema bench_search)")
    ap.add_argument("--pg-cases", type=int, default=100_000)
    ap.add_argument("--pg-only", action="store_true", help="skip SQLite")
    ap.add_argument("--pg-schema", default="bench_search")
    ap.add_argument("--count", action="store_true", help="also time the count of matching cases")
    ap.add_argument("--like-sample", type=int, default=20, help="time LIKE on this many queries of each class")
    ap.add_argument("--tune", action="store_true", help="tune the search index first (runs of three characters)")
    ap.add_argument("--worst", action="store_true",
                    help="add three characters whose pairs are each common but never meet")
    args = ap.parse_args(argv)
    if not args.pg_only:
        db = args.db or Path(tempfile.mkdtemp(prefix="bench-")) / "bench.sqlite"
        run("SQLite", f"sqlite:///{db}", db.parent, args.cases, sqlite_size(db), args.count, args.like_sample,
            args.worst, args.tune)
    if args.pg:
        from benchmarks.pg_schema import pg_schema

        url = pg_schema(args.pg, args.pg_schema, fresh=False)
        run("PostgreSQL", url, Path(tempfile.mkdtemp(prefix="bench-pg-")), args.pg_cases, pg_size, args.count,
            args.like_sample, args.worst, args.tune)
    return 0


if __name__ == "__main__":
    sys.exit(main())
