"""Composition root of the desktop client: settings -> services -> QApplication -> sign-in -> window.

``mediation_app.cli`` calls :func:`run_gui` when no sub-command is given.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mediation_app.config import APP_NAME, resolve_database

log = logging.getLogger(__name__)


class DesktopApp:
    """Owns the running client: QApplication, services, task runner, events and the main window."""

    def __init__(self, db_url_or_path: str | Path | None = None, language: str | None = None,
                 *, settings_path: Path | None = None, base_dir: Path | None = None) -> None:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        from mediation_app.services import build_services
        from mediation_app.ui.drafts import DraftStore
        from mediation_app.ui.events import AppEvents
        from mediation_app.ui.language import LanguageSwitcher
        from mediation_app.ui.settings import AppSettings
        from mediation_app.ui.tasks import TaskRunner
        from mediation_app.ui.theme import apply_theme

        QCoreApplication.setOrganizationName(APP_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        existing = QApplication.instance()
        if existing is None:  # high-DPI policy can only be set before the application exists
            QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        self.qapp = existing or QApplication(sys.argv[:1])
        self.settings = AppSettings(settings_path)
        if language:
            self.settings.language = language
        url, default_base = resolve_database(db_url_or_path)
        self.base_dir = base_dir or default_base
        apply_theme(self.qapp, scale=self.settings.font_scale, high_contrast=self.settings.high_contrast)
        self.switcher = LanguageSwitcher(self.qapp)
        self.switcher.apply(self.settings.language)
        self.services = build_services(url, self.base_dir)
        self.events = AppEvents()
        self.runner = TaskRunner()
        self.drafts = DraftStore(self.base_dir / "drafts")
        self.window: Any = None
        self.actor: Any = None

    # -- start-up -----------------------------------------------------------------------------------
    def sign_in(self) -> bool:
        """First-run set-up on an empty database, else the sign-in dialog. False when cancelled."""
        from mediation_app.ui.first_run import FirstRunDialog
        from mediation_app.ui.sign_in import SignInDialog

        if not self.services.setup.is_initialised():
            dialog = FirstRunDialog(self.services, self.runner, self.events, self.settings.language)
            dialog.language_chosen.connect(self.set_language)
            if dialog.exec() != dialog.DialogCode.Accepted or dialog.actor is None:
                return False
            self.actor = dialog.actor
        else:
            dialog = SignInDialog(self.services, self.runner, self.settings.last_user)
            if dialog.exec() != dialog.DialogCode.Accepted or dialog.actor is None:
                return False
            self.actor = dialog.actor
        self.settings.last_user = self.actor.username
        self.settings.sync()
        return True

    def show_main_window(self) -> Any:
        from mediation_app.ui.main_window import MainWindow

        committee = ""
        try:
            committee = self.services.setup.committee(self.actor).name
        except Exception:  # noqa: BLE001 - the title is cosmetic
            log.exception("could not read the committee name")
        self.window = MainWindow(self.services, self.actor, self.runner, self.events, self.settings, self.drafts,
                                 committee_name=committee)
        self.window.language_requested.connect(self.set_language)
        self.window.look_requested.connect(self.set_look)
        self.window.show()
        return self.window

    # -- preferences -------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.settings.language = lang
        self.settings.sync()
        self.switcher.apply(lang)
        self.events.language_changed.emit(lang)

    def set_look(self, scale: float, high_contrast: bool) -> None:
        from mediation_app.ui.theme import apply_theme

        self.settings.font_scale = scale
        self.settings.high_contrast = high_contrast
        self.settings.sync()
        apply_theme(self.qapp, scale=scale, high_contrast=high_contrast)

    def run(self) -> int:
        signed_in = False
        try:
            if not self.sign_in():
                return 0
            signed_in = True
            self.runner.run(lambda: self.automatic_backup("start"), None, lambda _exc: None, write=True)
            self.show_main_window()
            return self.qapp.exec()
        finally:
            self.runner.wait(10000)
            if signed_in:
                self.automatic_backup("exit")
            self.services.close()

    def automatic_backup(self, reason: str) -> None:
        """First start of the day and exit: a verified backup (best effort: never blocks the work);
        stale partial files are removed and the audit chain is anchored at least daily."""
        try:
            self.services.maintenance.auto_backup(reason)
            self.services.maintenance.daily_anchor()
        except Exception:  # noqa: BLE001 - a failed automatic backup is logged; the next one retries
            log.exception("automatic backup (%s) failed", reason)


def run_gui(db_url_or_path: str | Path | None = None, language: str | None = None) -> int:
    """Start the desktop client; returns the process exit code. A database that cannot be opened
    (damaged, not ours, too old an SQLite) is explained in a window, never a silent exit."""
    from mediation_app.services.errors import ServiceError
    from mediation_app.storage.db import StorageError

    try:
        app = DesktopApp(db_url_or_path, language)
    except (StorageError, ServiceError) as exc:
        show_fatal(getattr(exc, "message", None) or str(exc))
        return 2
    return app.run()


def show_fatal(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from mediation_app.i18n import _

    _qapp = QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.critical(None, _("Mediation Desk cannot open its database"), message)
