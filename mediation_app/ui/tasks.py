"""One task runner for work that must not block the GUI thread.

Reads run on a small thread pool; writes run one at a time on their own single-thread pool
(database writes are serialised). Long best-effort upkeep that writes no rows (the start-of-day
backup of a large file can take minutes) runs on a third, single-thread pool of its own, so that it
never holds up a save behind it in the write queue nor takes a reader's place. Results and errors come back to the GUI thread by queued
signal. ``inline=True`` runs everything synchronously, which keeps widget tests deterministic.
A result or error for a widget that was deleted meanwhile (a case tab closed while its read ran) is
dropped: the widget is gone, and nobody waits for it.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)


def _owners(callback: Callable[..., None] | None) -> list[Any]:
    """The objects a callback acts on: the object of a method, and what a lambda or inner function
    holds from where it was written (``lambda e: self.message.show(...)`` holds ``self``)."""
    owners = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            owners.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            continue
    return owners


def _for_a_deleted_object(callback: Callable[..., None] | None) -> bool:
    """The callback belongs to a Qt object that no longer exists (deleted by Qt): a method of it, or
    a lambda written inside one of its methods."""
    return any(isinstance(owner, QObject) and not isValid(owner) for owner in _owners(callback))


class _Relay(QObject):
    """Lives in the GUI thread; worker threads emit on it, so slots run queued in the GUI thread."""

    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._id, self._fn, self._relay = job_id, fn, relay
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never swallowed
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._hand(self._relay.failed, exc)
        else:
            self._hand(self._relay.finished, result)

    def _hand(self, signal: Any, value: Any) -> None:
        """Back to the GUI thread; when the runner is gone (the client closed while this ran, e.g. the
        start-of-day backup of a large file), there is nobody to tell: logged, never raised in this
        thread."""
        try:
            if isValid(self._relay):
                signal.emit(self._id, value)
                return
        except RuntimeError:  # deleted between the check and the emit
            pass
        if isinstance(value, BaseException):
            log.warning("a background task ended after the client closed: %s",
                        getattr(value, "__traceback_text__", value))
        else:
            log.debug("a background task ended after the client closed (job %s)", self._id)


class TaskRunner(QObject):
    """Run callables off the GUI thread and hand their results back on it.

    Signals:
        busy_changed(bool): True while at least one task is running.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, inline: bool = False, max_readers: int = 2) -> None:
        super().__init__(parent)
        self.inline = inline
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]] = {}
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(max_readers)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._upkeep = QThreadPool(self)
        self._upkeep.setMaxThreadCount(1)

    # -- public API ----------------------------------------------------------------------------
    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        write: bool = False,
        upkeep: bool = False,
    ) -> int:
        """Start ``fn()``; call ``on_done(result)`` or ``on_error(exc)`` later in the GUI thread.
        ``write``: a database write (one at a time); ``upkeep``: long best-effort work that writes no
        rows (backups), run apart from both reads and writes."""
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        if self.inline:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001
                self._on_failed(job_id, exc)
            else:
                self._on_finished(job_id, result)
        else:
            pool = self._upkeep if upkeep else self._writer if write else self._readers
            pool.start(_Job(job_id, fn, self._relay))
        return job_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pools are idle (tests, shutdown). Queued results still need the event loop."""
        return (self._readers.waitForDone(msecs) and self._writer.waitForDone(msecs)
                and self._upkeep.waitForDone(msecs))

    def wait_upkeep(self, msecs: int) -> bool:
        """Block until the upkeep (backups) under way has ended; False after ``msecs``."""
        return self._upkeep.waitForDone(msecs)

    # -- slots -----------------------------------------------------------------------------------
    @Slot(int, object)
    def _on_finished(self, job_id: int, result: Any) -> None:
        on_done, _err = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if _for_a_deleted_object(on_done):
            log.debug("a result for a closed window was dropped (job %s)", job_id)
        elif on_done is not None:
            on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: BaseException) -> None:
        _done, on_error = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if _for_a_deleted_object(on_error):
            log.warning("background task of a closed window failed: %s", getattr(exc, "__traceback_text__", exc))
        elif on_error is not None:
            on_error(exc)
        else:
            log.error("background task failed: %s", getattr(exc, "__traceback_text__", exc))
            if self.inline:
                raise exc


class EarlyRead:
    """A read started before the view that shows it exists (the client's first view, read while the
    main window is still being built): its result, or its error, is kept until the view takes it
    with ``then``, or handed over at once when the view is already waiting."""

    def __init__(self, runner: TaskRunner, fn: Callable[[], Any]) -> None:
        self._outcome: tuple[bool, Any] | None = None
        self._waiting: Callable[[tuple[bool, Any]], None] | None = None
        runner.run(fn, lambda result: self._deliver((True, result)), lambda exc: self._deliver((False, exc)))

    def _deliver(self, outcome: tuple[bool, Any]) -> None:
        if self._waiting is None:
            self._outcome = outcome
            return
        waiting, self._waiting = self._waiting, None
        waiting(outcome)

    def then(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        def hand(outcome: tuple[bool, Any]) -> None:
            ok, value = outcome
            (on_done if ok else on_error)(value)

        if self._outcome is None:
            self._waiting = hand
            return
        outcome, self._outcome = self._outcome, None
        hand(outcome)
