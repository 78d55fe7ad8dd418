#!/usr/bin/env python3
"""Case list benchmark: the real lazy Qt model over the case service vs. loading rows through the ORM.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_case_list.py [--cases 1000000] [--db FILE]

Builds (or reuses) a SQLite file with N demonstration cases, then times, through
``CaseTableModel`` (keyset pages of 200 from ``CaseQueryService.list_cases``):

- first page of the default list,
- a status filter, a search (pinyin initials, one Chinese character, phone tail),
- a re-sort by deadline,
- scroll-fetching 10,000 rows (50 pages),

against a baseline in the same run that does what a proxy-over-loaded-rows design needs: load the
matching rows as ORM objects (``session.scalars(select(CaseRecord)…).all()``) and filter/sort them in
Python. The baseline imports storage on purpose; benchmarks are outside the package. Prints medians
and the ratio baseline / model.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
        if have < cases:
            started = time.perf_counter()
            step = 100_000
            while have < cases:
                n = min(step, cases - have)
                svc.demo.generate(actor, cases=n, seed=have + 1)
                have += n
                print(f"  generated {have:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        svc.close()


def timed(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="reuse or create this SQLite file")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-repeat", type=int, default=1)
    args = ap.parse_args(argv)

    db = args.db or Path(tempfile.mkdtemp(prefix="bench-")) / "bench.sqlite"
    print(f"database: {db.name}, target {args.cases:,} cases")
    build_db(db, args.cases)

    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from mediation_app.i18n import set_language
    from mediation_app.services import build_services
    from mediation_app.services.read_models import CaseFilter
    from mediation_app.storage.models import CaseRecord
    from mediation_app.ui.models.case_table import COL_DEADLINE, CaseTableModel
    from mediation_app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])  # noqa: F841 - models need a Q(Core)Application
    set_language("zh_CN")
    svc = build_services(f"sqlite:///{db}", db.parent, migrate=False)
    actor = svc.accounts.authenticate("admin", "bench-1234")
    total = svc.cases.count_cases(actor)
    print(f"cases in the database: {total:,}\n")
    runner = TaskRunner(inline=True)

    def model_with(flt: CaseFilter) -> CaseTableModel:
        m = CaseTableModel(lambda f, a, n: svc.cases.list_cases(actor, f, after=a, limit=n), flt, runner)
        m.reload()
        assert m.rowCount() > 0 or flt.text, "the first page is empty"
        return m

    results: list[tuple[str, float, float | None]] = []

    # -- model ------------------------------------------------------------------------------------
    first = timed(lambda: model_with(CaseFilter()), args.repeat)
    status = timed(lambda: model_with(CaseFilter(statuses=("mediating",))), args.repeat)
    pinyin = timed(lambda: model_with(CaseFilter(text="mh")), args.repeat)
    one_char = timed(lambda: model_with(CaseFilter(text="马")), args.repeat)
    tail = timed(lambda: model_with(CaseFilter(text="1234")), args.repeat)
    base_model = model_with(CaseFilter())
    sort = timed(lambda: base_model.sort(COL_DEADLINE, Qt.SortOrder.AscendingOrder), args.repeat)

    def scroll() -> None:
        m = model_with(CaseFilter())
        while m.rowCount() < min(10_000, total) and m.canFetchMore(QModelIndex()):
            m.fetchMore(QModelIndex())

    scroll_ms = timed(scroll, args.repeat)

    # -- baseline: ORM objects, filtered and sorted in Python -------------------------------------------
    def orm_rows(*where, then=lambda rows: rows[:200]) -> list:
        """Load every matching row as an ORM object, then filter/sort in Python inside the session."""
        with svc.db.read() as s:
            q = select(CaseRecord).where(*where).order_by(CaseRecord.registered_on.desc(), CaseRecord.id.desc())
            rows = list(s.scalars(q).all())
            return [(r.number, r.parties_text, r.status, r.deadline_on) for r in then(rows)]

    base_first = timed(lambda: orm_rows(), args.baseline_repeat)
    base_status = timed(lambda: orm_rows(CaseRecord.status == "mediating"), args.baseline_repeat)
    base_search = timed(lambda: orm_rows(then=lambda rows: [r for r in rows if "马" in r.parties_text][:200]),
                        args.baseline_repeat)
    base_sort = timed(lambda: orm_rows(then=lambda rows: sorted(
        rows, key=lambda r: (r.deadline_on is None, r.deadline_on or 0))[:200]), args.baseline_repeat)
    base_scroll = base_first  # once everything is loaded, scrolling is free: the load is the cost

    results = [
        ("first page", first, base_first),
        ("filter: status", status, base_status),
        ("search: one character 马", one_char, base_search),
        ("search: pinyin initials mh", pinyin, None),
        ("search: phone tail 1234", tail, None),
        ("sort by deadline", sort, base_sort),
        ("scroll-fetch 10,000 rows", scroll_ms, base_scroll),
    ]
    print(f"{'operation':32} {'model ms':>10} {'ORM baseline ms':>16} {'ratio':>8}")
    for name, model_ms, base_ms in results:
        ratio = f"{base_ms / model_ms:8.1f}x" if base_ms else "       –"
        base = f"{base_ms:16.1f}" if base_ms else f"{'–':>16}"
        print(f"{name:32} {model_ms:10.1f} {base} {ratio}")
    svc.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
