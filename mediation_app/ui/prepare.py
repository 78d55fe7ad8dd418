"""The main window prepared while the sign-in window waits for the user.

Typing a name and a password takes seconds; in that time a background thread loads the main
window's modules and builds the services its first view reads, so that pressing Enter leads
straight to the window (the password check itself also runs off the GUI thread, see ui/sign_in).
The longest read of the first view, Today's due items of the database's only committee (the same
whoever signs in), starts with it and is renewed at Enter when older (:class:`TodayAhead`); it is
shown only once the password check has succeeded.
Only Python modules are loaded and service objects built: no widget is made off the GUI thread,
and nothing is read that depends on who signs in. A failure only means the window loads these
when it opens, as it would without the preparation; it is logged, never shown.
"""

from __future__ import annotations

import datetime
import importlib
import logging
import threading
import time
from concurrent.futures import Future, wait
from typing import Any

log = logging.getLogger(__name__)

# The sign-in's own service first: a password entered at once is not kept waiting behind the rest.
FIRST_VIEW_SERVICES = ("accounts", "setup", "overview", "cases", "handover", "ladder", "supervision", "warnings",
                       "maintenance", "drafts")
FIRST_VIEW_MODULES = ("mediation_app.ui.main_window", "mediation_app.ui.today", "mediation_app.ui.case_list",
                      "mediation_app.ui.idle_lock")


def prepare_main_window(services: Any) -> None:
    """Build the first view's services and import the main window's modules (any thread)."""
    for name in FIRST_VIEW_SERVICES:
        getattr(services, name)
    for module in FIRST_VIEW_MODULES:
        importlib.import_module(module)
    # Babel reads a language's locale data at its first date (about 40 ms): here, not in the GUI
    # thread when Today writes its heading
    from mediation_app.ui.formatting import date_text, long_date_text

    now = datetime.datetime.now(datetime.UTC)
    long_date_text(now.date())
    date_text(now)


def start_preparing(services: Any) -> threading.Thread:
    """Run :func:`prepare_main_window` in a thread of its own (not the task runner's readers, which
    the sign-in's password check uses). The thread is not a daemon: a client closed at the sign-in
    window waits for it to finish loading (well under a second) rather than stopping it mid-import."""

    def work() -> None:
        try:
            prepare_main_window(services)
        except Exception:  # noqa: BLE001 - the window loads what is missing when it opens
            log.warning("preparing the main window failed", exc_info=True)

    thread = threading.Thread(target=work, name="prepare-main-window")
    thread.start()
    return thread


def start_today(services: Any, page: int) -> Future[Any]:
    """Read Today's committee-wide part (services.overview.prepare_today) in a thread of its own
    while the password is checked: the reader threads are busy with the check and the sign-in
    window's own read. The future holds the part, or None (several committees, or a failure, which
    is logged: the main window then reads it as usual). Nothing of it is shown unless the check
    succeeds; the services hand it only to a signed-in actor who sees exactly that committee."""
    future: Future[Any] = Future()

    def work() -> None:
        try:
            future.set_result(services.overview.prepare_today(page=page))
        except Exception:  # noqa: BLE001 - read again when the main window opens
            log.warning("reading Today during the sign-in failed", exc_info=True)
            future.set_result(None)

    threading.Thread(target=work, name="prepare-today").start()
    return future


def prepared_part(future: Future[Any] | None, timeout: float = 30.0) -> Any:
    """The part a :func:`start_today` future holds once it is read (None when there is none)."""
    if future is None:
        return None
    try:
        return future.result(timeout)
    except Exception:  # noqa: BLE001 - a read that did not finish: Today reads its own
        return None


class TodayAhead:
    """Today's committee-wide part read ahead: when the sign-in window is painted and again at each
    Enter when the last read began more than ``FRESH`` seconds before (a slow typist gets a fresh
    read; the services refuse a part older than 30 seconds anyway)."""

    FRESH = 10.0

    def __init__(self, services: Any, page: int) -> None:
        self._services, self._page = services, page
        self._future: Future[Any] | None = None
        self._started = 0.0
        self._reads: list[Future[Any]] = []  # every read started, for the client's close (wait)

    def start(self) -> None:
        if self._future is None or time.monotonic() - self._started > self.FRESH:
            self._future, self._started = start_today(self._services, self._page), time.monotonic()
            self._reads.append(self._future)

    def wait(self, timeout: float) -> None:
        """Until every read started has ended (or ``timeout`` seconds): the client closes the
        services only after, so that no read is cut off by the close."""
        wait(self._reads, timeout)

    def take(self) -> Future[Any] | None:
        """The read for the main window (once); None when none was started."""
        future, self._future = self._future, None
        return future
