#!/usr/bin/env python3
"""Grow a demo database to N cases quickly, for the search and list benchmarks, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/bulk_cases.py --db FILE --cases 1000000 [--base 20000]
    .venv/bin/python benchmarks/bulk_cases.py --url postgresql+psycopg://u:pw@host/db [--schema S] --cases 1000000

The database must already hold ``--base`` demo cases written by the demo service (bench_demo.py, or
bench_search.py's own build, which uses the schema bench_search on PostgreSQL).
Each further case is a copy, made in SQL, of one base case's own fields (title, facts, requests,
place, type, dates, status) under a new id, search id, serial and number, with the parties of
*another* base case (new party rows carrying that case's names, name keys, phones and id numbers),
so that names and texts meet in combinations the base did not have. Only the case, its parties
and their links are copied (no meetings or documents): enough for search and the case list, not
for size figures. The search index rows of the new cases are then written by the application's
own rules (storage/search.py), a chunk at a time, and what falls due in every case is derived
again (storage/queries_due.py).

Several times faster than generating every case through the demo service: the demo writes about
thirty rows a case with their texts, this writes four plus the index.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PRIME_X, PRIME_Y = 7_919, 104_729


@dataclass(frozen=True)
class Dialect:
    """The two expressions the copy needs that SQLite and PostgreSQL spell differently."""

    new_id: str  # a fresh id as the database keeps it
    id_type: str
    serial_text: str  # printf('%03d', {0}): at least three digits

    def number(self, shift: str) -> str:
        old, new = self.serial_text.format("c.serial"), self.serial_text.format(f"(c.serial + {shift})")
        return f"replace(c.number, '第' || {old} || '号', '第' || {new} || '号')"


SQLITE = Dialect(new_id="lower(hex(randomblob(16)))", id_type="TEXT", serial_text="printf('%03d', {0})")
POSTGRES = Dialect(new_id="gen_random_uuid()", id_type="UUID",
                   serial_text="(CASE WHEN {0} < 1000 THEN lpad(({0})::text, 3, '0') ELSE ({0})::text END)")


def _columns(con: Any, table: str) -> list[str]:
    from sqlalchemy import inspect

    return [c["name"] for c in inspect(con).get_columns(table)]


def _runner(con: Any) -> Any:
    """exec_driver_sql, with the modulo sign doubled for psycopg (which reads a lone % as a placeholder)."""
    if con.dialect.name == "sqlite":
        return con.exec_driver_sql
    return lambda sql: con.exec_driver_sql(sql.replace("%", "%%"))


def copy_round(con: Any, d: Dialect, base: int, k: int, count: int, serial_step: int, sid_start: int) -> None:
    """Copy ``count`` base cases once more (round k): case i takes the fields of base case i and the
    parties of base case (i * PRIME_X + k * PRIME_Y) mod base."""
    run = _runner(con)
    run("DROP TABLE IF EXISTS cmap")
    t = d.id_type
    run(f"CREATE TEMP TABLE cmap (n INTEGER PRIMARY KEY, x {t}, y {t}, new_id {t}, new_sid BIGINT)")
    run(f"""INSERT INTO cmap (n, x, y, new_id, new_sid)
            SELECT b.n, b.id, y.id, {d.new_id}, {sid_start} + b.n
            FROM base_cases b JOIN base_cases y ON y.n = ((b.n * {PRIME_X} + {k} * {PRIME_Y}) % {base}) + 1
            WHERE b.n <= {count}""")
    special = {
        "id": "m.new_id", "search_id": "m.new_sid", "serial": f"c.serial + {k * serial_step}",
        "number": d.number(str(k * serial_step)),
        "parties_text": "(SELECT parties_text FROM mediation_case WHERE id = m.y)",
    }
    case_cols = _columns(con, "mediation_case")
    select = ", ".join(special.get(col, f"c.{col}") for col in case_cols)
    run(f"INSERT INTO mediation_case ({', '.join(case_cols)}) SELECT {select} "
        "FROM cmap m JOIN mediation_case c ON c.id = m.x ORDER BY m.n")
    run("DROP TABLE IF EXISTS pmap")
    run(f"CREATE TEMP TABLE pmap (cp {t} PRIMARY KEY, party {t}, case_id {t}, new_party {t}, new_cp {t})")
    run(f"""INSERT INTO pmap SELECT l.id, l.party_id, m.new_id, {d.new_id}, {d.new_id}
            FROM cmap m JOIN case_party l ON l.case_id = m.y""")
    party_cols = _columns(con, "party")
    sel = ", ".join("p.new_party" if col == "id" else f"y.{col}" for col in party_cols)
    run(f"INSERT INTO party ({', '.join(party_cols)}) SELECT {sel} FROM pmap p JOIN party y ON y.id = p.party")
    link_cols = _columns(con, "case_party")
    sel = ", ".join({"id": "p.new_cp", "case_id": "p.case_id", "party_id": "p.new_party"}.get(col, f"l.{col}")
                    for col in link_cols)
    run(f"INSERT INTO case_party ({', '.join(link_cols)}) SELECT {sel} FROM pmap p JOIN case_party l ON l.id = p.cp")


def grow(url: str, cases: int, base: int) -> None:
    from sqlalchemy import create_engine

    from mediation_app.storage import search

    engine = create_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    d = SQLITE if sqlite else POSTGRES
    started = time.process_time()
    with engine.begin() as con:
        run = _runner(con)
        if sqlite:
            run("PRAGMA journal_mode=WAL")
            run("PRAGMA synchronous=OFF")
            run("PRAGMA cache_size=-400000")
        have = run("SELECT count(*) FROM mediation_case").scalar_one()
        if have >= cases:
            return
        first_new = run("SELECT max(search_id) FROM mediation_case").scalar_one() + 1
        serial_step = run("SELECT max(serial) FROM mediation_case").scalar_one()
        run("DROP TABLE IF EXISTS base_cases")
        run(f"CREATE TEMP TABLE base_cases (n INTEGER PRIMARY KEY, id {d.id_type})")
        run(f"INSERT INTO base_cases (n, id) SELECT row_number() OVER (ORDER BY search_id), id FROM "
            f"(SELECT id, search_id FROM mediation_case ORDER BY search_id LIMIT {base}) b")
        base = run("SELECT count(*) FROM base_cases").scalar_one()
        k = (have - 1) // base + 1 if have > base else 1
        while have < cases:
            count = min(base, cases - have)
            sid = run("SELECT max(search_id) FROM mediation_case").scalar_one()
            copy_round(con, d, base, k, count, serial_step, sid)
            have += count
            k += 1
            print(f"  {have:,} cases copied ({time.process_time() - started:.0f} s CPU)", flush=True)
    with engine.begin() as con:
        if sqlite:
            con.exec_driver_sql("PRAGMA synchronous=OFF")
        else:  # the term rows go in without their key, which is then built once, sorted (as pg_restore does)
            con.exec_driver_sql("ALTER TABLE case_term DROP CONSTRAINT pk_case_term")
        done = search.reindex_from(con, first_new)
        if not sqlite:
            print(f"  {done:,} cases indexed, building the key ({time.process_time() - started:.0f} s CPU)",
                  flush=True)
            con.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
            con.exec_driver_sql("ALTER TABLE case_term ADD CONSTRAINT pk_case_term PRIMARY KEY (term, reg_day, search_id)")
    print(f"  {done:,} cases indexed ({time.process_time() - started:.0f} s CPU)", flush=True)
    from sqlalchemy.orm import Session

    from mediation_app.storage.queries_due import refresh_items_where

    with Session(engine) as session, session.begin():  # what falls due in the copies (their deadlines)
        refresh_items_where(session)
    if not sqlite:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as con:
            con.exec_driver_sql("VACUUM ANALYZE")  # index-only scans need the visibility map
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="a SQLite file")
    where.add_argument("--url", help="a PostgreSQL URL")
    ap.add_argument("--schema", default="bench_search", help="the PostgreSQL schema (bench_search.py's --pg-schema)")
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--base", type=int, default=20_000)
    args = ap.parse_args(argv)
    if args.db:
        url = f"sqlite:///{args.db}"
    else:
        url = f"{args.url}{'&' if '?' in args.url else '?'}options=-csearch_path%3D{args.schema}"
    grow(url, args.cases, args.base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
