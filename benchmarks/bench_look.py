#!/usr/bin/env python3
"""How long a change of text size or contrast freezes the window, with cases open.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_look.py [--cases 3]

Opens the main window with ``--cases`` cases, then times each look change (larger text, back to
normal, high contrast, back) from the call to the window being idle again. The same changes are timed
twice in the same run: with each case showing only the parts a user looked at (the client builds a
part when first shown) and, as the baseline, with every part of every case built (what the client did
before, when all thirteen tabs were built with the case). Prints seconds and the ratio.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LOOKS = ((1.5, False), (1.0, False), (1.0, True), (1.0, False))


def _time_looks(app, apply_theme) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for scale, contrast in LOOKS:
        start = time.perf_counter()
        apply_theme(app, scale=scale, high_contrast=contrast)
        app.processEvents()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=3)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.services import build_services
    from mediation_app.ui.drafts import DraftStore
    from mediation_app.ui.events import AppEvents
    from mediation_app.ui.main_window import MainWindow
    from mediation_app.ui.settings import AppSettings
    from mediation_app.ui.tasks import TaskRunner
    from mediation_app.ui.theme import apply_theme
    from mediation_app.ui.workspace.case_nav import part_order
    from tests.factories import make_case

    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    tmp = Path(tempfile.mkdtemp(prefix="bench-look-"))
    services = build_services(f"sqlite:///{tmp / 'cases.sqlite'}", tmp / "data")
    admin = services.setup.initialise(
        committee_name="新华街人民调解委员会", short_name="新华", kind=CommitteeKind.TOWNSHIP,
        admin_username="admin", admin_password="mishu-desk-123", admin_display_name="王主任")
    case_ids = [make_case(services, admin) for _ in range(args.cases)]
    window = MainWindow(services, admin, TaskRunner(inline=True), AppEvents(), AppSettings(tmp / "s.ini"),
                        DraftStore.for_user(services, admin))
    window.show()
    for case_id in case_ids:
        window.open_case(case_id)
        window.tabs.currentWidget().show_tab("parties")  # a user looks at a part or two
    app.processEvents()
    lazy = _time_looks(app, apply_theme)
    for case_id in case_ids:  # baseline: every part of every case built, as all tabs were
        window.open_case(case_id)
        for key in part_order():
            window.tabs.currentWidget().tab(key)
    app.processEvents()
    eager = _time_looks(app, apply_theme)
    print(f"{args.cases} cases open; look changes: larger text, normal, high contrast, normal")
    print("parts built when shown: " + "  ".join(f"{t:.2f} s" for t in lazy))
    print("every part built:       " + "  ".join(f"{t:.2f} s" for t in eager))
    print(f"worst change: {max(lazy):.2f} s vs {max(eager):.2f} s (ratio {max(lazy) / max(eager):.2f})")
    services.close()


if __name__ == "__main__":
    main()
