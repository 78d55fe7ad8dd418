#!/usr/bin/env python3
"""Grow a SQLite demo database to N cases quickly, for the search and list benchmarks.

    .venv/bin/python benchmarks/bulk_cases.py --db FILE --cases 1000000 [--base 20000]

The database must already hold ``--base`` demo cases written by the demo service (bench_demo.py).
Each further case is a copy, made in SQL, of one base case's own fields (title, facts, requests,
place, type, dates, status) under a new id, search id, serial and number, with the parties of
*another* base case (new party rows carrying that case's names, name keys, phones and id numbers),
so that names and texts meet in combinations the base did not have. Only the case, its parties
and their links are copied (no meetings or documents): enough for search and the case list, not
for size figures. The search index rows of the new cases are then written by the application's
own rules (storage/search.py), a chunk at a time.

Several times faster than generating every case through the demo service: the demo writes about
thirty rows a case with their texts, this writes four plus the index.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PRIME_X, PRIME_Y = 7_919, 104_729


def copy_round(con: sqlite3.Connection, base: int, k: int, count: int, serial_step: int, sid_start: int) -> None:
    """Copy ``count`` base cases once more (round k): case i takes the fields of base case i and the
    parties of base case (i * PRIME_X + k * PRIME_Y) mod base."""
    con.execute("DROP TABLE IF EXISTS temp.cmap")
    con.execute("""CREATE TEMP TABLE cmap (n INTEGER PRIMARY KEY, x TEXT, y TEXT, new_id TEXT, new_sid INTEGER)""")
    con.execute(
        """INSERT INTO cmap (n, x, y, new_id, new_sid)
           SELECT b.n, b.id, y.id, lower(hex(randomblob(16))), ? + b.n
           FROM base_cases b JOIN base_cases y ON y.n = ((b.n * ? + ? * ?) % ?) + 1
           WHERE b.n <= ?""", (sid_start, PRIME_X, k, PRIME_Y, base, count))
    case_cols = [r[1] for r in con.execute("PRAGMA table_info(mediation_case)")]
    special = {
        "id": "m.new_id", "search_id": "m.new_sid", "serial": f"c.serial + {k * serial_step}",
        "number": f"replace(c.number, printf('第%03d号', c.serial), printf('第%03d号', c.serial + {k * serial_step}))",
        "parties_text": "(SELECT parties_text FROM mediation_case WHERE id = m.y)",
    }
    select = ", ".join(special.get(col, f"c.{col}") for col in case_cols)
    con.execute(f"INSERT INTO mediation_case ({', '.join(case_cols)}) SELECT {select} "
                "FROM cmap m JOIN mediation_case c ON c.id = m.x ORDER BY m.n")
    con.execute("DROP TABLE IF EXISTS temp.pmap")
    con.execute("CREATE TEMP TABLE pmap (cp TEXT PRIMARY KEY, party TEXT, case_id TEXT, new_party TEXT, new_cp TEXT)")
    con.execute("""INSERT INTO pmap SELECT l.id, l.party_id, m.new_id, lower(hex(randomblob(16))), lower(hex(randomblob(16)))
                   FROM cmap m JOIN case_party l ON l.case_id = m.y""")
    party_cols = [r[1] for r in con.execute("PRAGMA table_info(party)")]
    sel = ", ".join("p.new_party" if col == "id" else f"y.{col}" for col in party_cols)
    con.execute(f"INSERT INTO party ({', '.join(party_cols)}) SELECT {sel} FROM pmap p JOIN party y ON y.id = p.party")
    link_cols = [r[1] for r in con.execute("PRAGMA table_info(case_party)")]
    sel = ", ".join({"id": "p.new_cp", "case_id": "p.case_id", "party_id": "p.new_party"}.get(col, f"l.{col}")
                    for col in link_cols)
    con.execute(f"INSERT INTO case_party ({', '.join(link_cols)}) SELECT {sel} FROM pmap p JOIN case_party l ON l.id = p.cp")


def grow(db: Path, cases: int, base: int) -> None:
    from sqlalchemy import create_engine

    from mediation_app.storage import search

    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    have = con.execute("SELECT count(*) FROM mediation_case").fetchone()[0]
    if have >= cases:
        return
    first_new = con.execute("SELECT max(search_id) FROM mediation_case").fetchone()[0] + 1
    serial_step = con.execute("SELECT max(serial) FROM mediation_case").fetchone()[0]
    con.execute("DROP TABLE IF EXISTS temp.base_cases")
    con.execute("CREATE TEMP TABLE base_cases (n INTEGER PRIMARY KEY, id TEXT)")
    con.execute("INSERT INTO base_cases (id) SELECT id FROM mediation_case ORDER BY search_id LIMIT ?", (base,))
    base = con.execute("SELECT count(*) FROM base_cases").fetchone()[0]
    started = time.process_time()
    k = (have - 1) // base + 1 if have > base else 1
    con.execute("BEGIN")
    while have < cases:
        count = min(base, cases - have)
        sid = con.execute("SELECT max(search_id) FROM mediation_case").fetchone()[0]
        copy_round(con, base, k, count, serial_step, sid)
        have += count
        k += 1
        print(f"  {have:,} cases copied ({time.process_time() - started:.0f} s CPU)", flush=True)
    con.execute("COMMIT")
    con.close()
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as sa_con:
        sa_con.exec_driver_sql("PRAGMA synchronous=OFF")
        done = search.reindex_from(sa_con, first_new)
    print(f"  {done:,} cases indexed ({time.process_time() - started:.0f} s CPU)", flush=True)
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--base", type=int, default=20_000)
    args = ap.parse_args(argv)
    grow(args.db, args.cases, args.base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
