"""The main window prepared while the sign-in window waits for the user.

Typing a name and a password takes seconds; in that time a background thread loads the main
window's modules and builds the services its first view reads, so that pressing Enter leads
straight to the window (the password check itself also runs off the GUI thread, see ui/sign_in).
Only Python modules are loaded and service objects built: no widget is made off the GUI thread,
and nothing is read that depends on who signs in. A failure only means the window loads these
when it opens, as it would without the preparation; it is logged, never shown.
"""

from __future__ import annotations

import importlib
import logging
import threading
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
