#!/usr/bin/env python3
"""Ledger import and register export timings.

    .venv/bin/python benchmarks/bench_ledger.py [--rows 10000] [--kind cases|screening]

Builds an .xlsx ledger of ``--rows`` rows (every row a past case that failed and told the parties
of a lawsuit, or a screening item), then times through the services: the dry run, the import, the
same file again (nothing new), and the export of every case as .xlsx and CSV; CPU time beside wall
time (the machine may be shared), and per 1,000 rows for the dry run and the import, and the SQL
statements the import sends per row (which the machine's load does not move). The memory
of the dry run is printed (growth of the peak resident size; the sheet streams in openpyxl's
read-only mode). POSIX only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import event  # noqa: E402

from mediation_app.domain.enums import CommitteeKind  # noqa: E402
from mediation_app.domain.ledger_fields import LedgerKind  # noqa: E402
from mediation_app.services import build_services  # noqa: E402
from mediation_app.services.exports import ExportOptions  # noqa: E402
from mediation_app.services.read_models import CaseFilter  # noqa: E402
from mediation_app.storage.db import sqlite_url  # noqa: E402


def ledger(path: Path, rows: int, kind: LedgerKind) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    if kind is LedgerKind.CASES:
        sheet.append(["受理日期", "申请人", "被申请人", "联系电话", "纠纷类型", "简要案情", "调解结果", "告知途径"])
        for i in range(rows):
            sheet.append([f"2020.{i % 12 + 1}.{i % 28 + 1}", f"张{i}", f"李{i}", "13893126688", "合同纠纷",
                          f"货款纠纷\n第{i}笔", "调解不成", "诉讼"])
    else:
        sheet.append(["排查日期", "排查地点", "排查人", "当事人", "纠纷类型", "纠纷简要情况"])
        for i in range(rows):
            sheet.append([f"2020.{i % 12 + 1}.{i % 28 + 1}", "B区", "韩卫东", f"张{i}、李{i}", "合同", f"欠货款 {i}"])
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--kind", choices=("cases", "screening"), default="cases")
    args = parser.parse_args()
    kind = LedgerKind(args.kind)
    folder = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    svc = build_services(sqlite_url(folder / "mediation.db"), folder)
    admin = svc.setup.initialise("测试人民调解委员会", "测试", CommitteeKind.TOWNSHIP, "admin", "bench-2026-pass", "管理员")
    path = folder / "ledger.xlsx"
    ledger(path, args.rows, kind)

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        per = f"  ({cpu * 1000 / args.rows:6.1f} s CPU per 1,000 rows)" if label in ("dry run", "import") else ""
        print(f"{label:<28} {wall:8.1f} s wall {cpu:8.1f} s CPU{per}")
        return result

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = timed("dry run", lambda: svc.ledger_import.run(admin, path, kind, dry_run=True))
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"{'dry run peak RSS growth':<28} {grown:8.1f} MB")
    assert report.created == args.rows, report.summary()
    statements = [0]  # a figure the machine's load does not move: SQL statements sent per row

    def count(*_args: object) -> None:
        statements[0] += 1

    event.listen(svc.db.engine, "before_cursor_execute", count)
    timed("import", lambda: svc.ledger_import.run(admin, path, kind, dry_run=False))
    event.remove(svc.db.engine, "before_cursor_execute", count)
    print(f"{'import: statements per row':<28} {statements[0] / args.rows:8.1f}")
    again = timed("same file again", lambda: svc.ledger_import.run(admin, path, kind, dry_run=False))
    assert again.created == 0 and again.duplicates == args.rows
    if kind is LedgerKind.CASES:
        for fmt in ("xlsx", "csv"):
            out = folder / f"register.{fmt}"
            result = timed(f"export {fmt}", lambda f=fmt, o=out: svc.exports.export_cases(
                admin, CaseFilter(), o, ExportOptions(format=f, contacts=True)))
            assert result.rows == args.rows
    svc.close()


if __name__ == "__main__":
    main()
