#!/usr/bin/env python3
"""Print preview and client memory: time to the first page on screen, memory kept per preview,
and the client's resident memory with three cases open.

    .venv/bin/python benchmarks/bench_preview.py [--rounds 5] [--previews 20] [--tree OTHER_CHECKOUT]

Runs offscreen on a fresh SQLite file with a written agreement made through the services and
opened through ``DocumentOutput.preview`` as the documents tab opens it (the real task runner, off
the GUI thread). Baselines measured in the same run:

* rasterising every page of the same PDF at the screen's resolution outside the GUI (PDFium), the
  work a preview cannot avoid for the pages in view;
* a bare QDialog shown and painted.

Memory is the process's resident set (``/proc/self/statm``) after the previews were closed and
deleted, and after the main window opened three cases (each with its workspace built and loaded).
``--tree`` measures another checkout of the package (e.g. an older commit) for a before/after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def use_tree(tree: Path) -> None:
    """Import the package from ``tree`` rather than the installed (editable) one."""
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in repr(f)]
    sys.path.insert(0, str(tree))


def rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def agreement_case(services, admin):  # type: ignore[no-untyped-def]
    from mediation_app.services.agreements import AgreementInput, ObligationInput
    from mediation_app.services.meetings import MeetingInput
    from tests.factories import make_case

    case_id = make_case(services, admin)
    detail = services.cases.detail(admin, case_id)
    links = tuple(p.link_id for p in detail.parties)
    services.meetings.record(admin, case_id, MeetingInput(
        place="调解室", party_links_present=links, mediator_ids_present=(admin.mediator_id,),
        record_text="达成一致。", outcome="agreement"))
    services.agreements.save_draft(admin, case_id, AgreementInput(
        facts="运输损坏。", issues="损失承担。", terms=("被申请人退还货款5,000元。",),
        performance_method="现金", performance_place="西宁市",
        obligations=(ObligationInput(links[1], 500_000, dt.date.today() + dt.timedelta(days=20), links[0]),)))
    return case_id, detail.number


def client_memory(folder: Path) -> int:
    """In a fresh process, as the client: the main window, then three cases opened one by one."""
    from PySide6.QtWidgets import QApplication

    from mediation_app.i18n import set_language
    from mediation_app.services import build_services
    from mediation_app.ui.drafts import DraftStore
    from mediation_app.ui.events import AppEvents
    from mediation_app.ui.main_window import MainWindow
    from mediation_app.ui.settings import AppSettings
    from mediation_app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    set_language("zh_CN")
    svc = build_services(f"sqlite:///{folder}/bench.sqlite", folder / "data")
    admin = svc.accounts.authenticate("admin", "mishu-desk-123")
    runner = TaskRunner()

    def settle() -> None:
        end = time.perf_counter() + 120
        while (runner.busy or time.perf_counter() < end - 119.5) and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.005)

    window = MainWindow(svc, admin, runner, AppEvents(), AppSettings(folder / "settings.ini"),
                        DraftStore.for_user(svc, admin))
    window.show()
    settle()
    at_start = rss()
    page = svc.cases.list_cases(admin, __import__("mediation_app.services.read_models", fromlist=["x"]).CaseFilter(),
                                limit=3)
    for row in page.rows:
        window.open_case(row.id)
        settle()
    gc.collect()
    print(f"client: main window {at_start / MB:.0f} MB resident; with three cases open {rss() / MB:.0f} MB")
    window.close()
    runner.wait()
    svc.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--previews", type=int, default=20)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--client-memory", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    use_tree(args.tree)
    sys.path.insert(1, str(ROOT))  # tests.factories
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

    qInstallMessageHandler(lambda *_a: None)  # the offscreen platform's notices
    if args.client_memory is not None:
        return client_memory(args.client_memory)

    from mediation_app.domain.enums import CommitteeKind
    from mediation_app.i18n import set_language
    from mediation_app.services import build_services
    from mediation_app.ui.printing import PREVIEW_DPI, DocumentOutput, rasterise
    from mediation_app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    set_language("zh_CN")

    def flush() -> None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        app.processEvents()

    def wait_until(cond, timeout=120.0) -> None:  # type: ignore[no-untyped-def]
        end = time.perf_counter() + timeout
        while not cond():
            app.processEvents()
            if time.perf_counter() > end:
                raise TimeoutError
            time.sleep(0.001)

    with tempfile.TemporaryDirectory() as tmp:
        svc = build_services(f"sqlite:///{tmp}/bench.sqlite", Path(tmp) / "data")
        admin = svc.setup.initialise(committee_name="新华街人民调解委员会", short_name="新华",
                                     kind=CommitteeKind.TOWNSHIP, admin_username="admin",
                                     admin_password="mishu-desk-123", admin_display_name="王主任")
        cases = [agreement_case(svc, admin) for _ in range(3)]
        doc = svc.documents.render(admin, cases[0][1], "agreement")
        runner = TaskRunner()
        tab = QWidget()
        tab.resize(1000, 700)
        tab.show()
        output = DocumentOutput(tab, runner)

        def first_page_shown(dialog) -> bool:  # type: ignore[no-untyped-def]
            return any(not label.pixmap().isNull() for label in dialog.page_labels)

        def one_preview() -> float:
            start = time.perf_counter()
            dialog = output.preview(doc)
            wait_until(lambda: first_page_shown(dialog))
            elapsed = time.perf_counter() - start
            dialog.reject()
            flush()
            return elapsed

        def bare_dialog() -> float:
            start = time.perf_counter()
            d = QDialog(tab)
            QVBoxLayout(d).addWidget(QLabel("预览"))
            painted = []

            class Watch(QObject):
                def eventFilter(self, obj, ev):  # type: ignore[no-untyped-def]  # noqa: N802
                    if ev.type() == QEvent.Type.Paint:
                        painted.append(1)
                    return False

            watch = Watch()
            d.installEventFilter(watch)
            d.show()
            wait_until(lambda: bool(painted))
            elapsed = time.perf_counter() - start
            d.close()
            d.deleteLater()
            flush()
            return elapsed

        def raster() -> float:
            start = time.perf_counter()
            rasterise(doc.pdf, PREVIEW_DPI)
            return time.perf_counter() - start

        one_preview()  # first use: PDFium and the fonts load
        raster()
        previews = [one_preview() for _ in range(args.rounds)]
        rasters = [raster() for _ in range(args.rounds)]
        bares = [bare_dialog() for _ in range(args.rounds)]
        p, r, b = statistics.median(previews), statistics.median(rasters), statistics.median(bares)
        print(f"agreement, {doc.pages} pages; median of {args.rounds}:")
        print(f"  preview opened to first page on screen   {p * 1000:7.0f} ms")
        print(f"  rasterise every page at {PREVIEW_DPI} dpi (no GUI) {r * 1000:7.0f} ms   preview / this {p / r:5.2f}x")
        print(f"  bare QDialog shown and painted           {b * 1000:7.0f} ms   preview / this {p / b:5.1f}x")

        gc.collect()
        before = rss()
        for _ in range(args.previews):
            one_preview()
        gc.collect()
        flush()
        kept = rss() - before
        print(f"\nmemory: {args.previews} previews opened and closed kept {kept / MB:.1f} MB "
              f"({kept / MB / args.previews:.1f} MB a preview); resident now {rss() / MB:.0f} MB")

        tab.close()
        flush()
        runner.wait()
        svc.close()
        import subprocess

        child = subprocess.run([sys.executable, __file__, "--tree", str(args.tree), "--client-memory", tmp],
                               capture_output=True, text=True, timeout=600)
        print(child.stdout.strip() or child.stderr[-2000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
