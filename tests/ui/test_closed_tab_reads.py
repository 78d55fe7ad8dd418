"""A case tab closed while its reads still run: the reads' results find the tab deleted and are
dropped (no error box); the window's other views still get theirs."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent
from shiboken6 import isValid

from mediation_app.ui.tasks import TaskRunner
from tests.ui.conftest import register_case


class HeldRunner(TaskRunner):
    """A threaded runner whose jobs wait for ``gate``: the tab is closed before any read is back."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def run(self, fn, on_done=None, on_error=None, **kwargs):  # type: ignore[no-untyped-def]
        gate = self.gate
        return super().run(lambda: (gate.wait(10), fn())[1], on_done, on_error, **kwargs)


def release(runner: HeldRunner, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    """Let the held jobs finish and their results come back; the errors raised meanwhile."""
    with qtbot.captureExceptions() as raised:
        runner.gate.set()
        assert runner.wait(10000)
        qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    return [str(exc) for _type, exc, _tb in raised]


def test_the_reads_of_a_closed_case_tab_are_dropped(qtbot, qapp, services, admin, events, settings, drafts):
    from mediation_app.ui.main_window import MainWindow

    case_id = register_case(services, admin, accept=False)  # waiting for a mediator: a row on Today
    runner = HeldRunner()
    window = MainWindow(services, admin, runner, events, settings, drafts)
    qtbot.addWidget(window)
    window.open_case(case_id)
    ws = window._workspaces[case_id]
    assert runner.busy  # the case's reads are still out
    assert window.close_tab(window.tabs.indexOf(ws))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(ws)
    assert release(runner, qtbot) == []
    qtbot.waitUntil(lambda: bool(window.today.totals), timeout=10000)  # the open window's reads still arrive
    assert window.today.totals["unassigned"] == services.overview.today(admin).unassigned_total == 1
    assert window.today.models["unassigned"].rowCount() == 1


def test_a_lambda_written_in_a_deleted_window_is_not_called(qtbot, qapp):
    """A result or an error for a lambda that acts on a window deleted meanwhile is dropped, as one
    for the window's own method is; a callback of a window that still exists is called."""
    from PySide6.QtWidgets import QLabel

    runner = HeldRunner()
    gone, kept = QLabel(), QLabel()
    qtbot.addWidget(kept)
    called: list[str] = []

    def callbacks(label: QLabel, name: str) -> tuple:  # type: ignore[type-arg]
        return (lambda _r: (called.append(f"{name} done"), label.setText("完")),
                lambda _e: (called.append(f"{name} failed"), label.setText("x")))

    done, failed = callbacks(gone, "gone")
    runner.run(lambda: 1, done, failed)
    runner.run(lambda: 1 / 0, done, failed)
    done, failed = callbacks(kept, "kept")
    runner.run(lambda: 1, done, failed)
    gone.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(gone)
    assert release(runner, qtbot) == []
    assert called == ["kept done"] and kept.text() == "完"
