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


class AlreadyRunning(Exception):
    """Another client has this data directory open and came forward; this start ends quietly."""


class DesktopApp:
    """Owns the running client: QApplication, services, task runner, events and the main window."""

    def __init__(self, db_url_or_path: str | Path | None = None, language: str | None = None,
                 *, settings_path: Path | None = None, base_dir: Path | None = None,
                 single_instance: bool = False) -> None:
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
        from mediation_app.i18n import _
        from mediation_app.logsetup import setup_logging

        self.log_file = setup_logging(self.base_dir) if self.base_dir.is_dir() else None
        self.window: Any = None
        install_excepthook(self)
        self.read_only_reason = ""
        self.instance: Any = None
        if single_instance:
            from mediation_app.ui.single_instance import FORWARDED, UNANSWERED, SingleInstance

            self.instance = SingleInstance(self.base_dir)
            state = self.instance.claim()
            if state == FORWARDED:
                raise AlreadyRunning
            self.instance.activated.connect(self.bring_forward)
            if state == UNANSWERED:
                self.read_only_reason = _("Another Mediation Desk window has this data folder open and did not "
                                          "answer; this window only reads it. Close the other one to make changes.")
        path = resolve_sqlite_path(url)
        # Only the first-run window creates a database, and only where no file exists at all.
        self.services = build_services(url, self.base_dir, create=path is None or not path.exists(),
                                       read_only=bool(self.read_only_reason), passphrase=self.ask_passphrase(url))
        if self.log_file is None and self.base_dir.is_dir():
            self.log_file = setup_logging(self.base_dir)
        if self.services.read_only and not self.read_only_reason:
            self.read_only_reason = self._read_only_sentence()
        self.events = AppEvents()
        self.runner = TaskRunner()
        self.drafts = DraftStore(self.base_dir / "drafts")
        self.actor: Any = None

    @staticmethod
    def ask_passphrase(url: str) -> str | None:
        """An encrypted database's passphrase, asked before anything opens it (None when plain)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from mediation_app.i18n import _
        from mediation_app.services.encryption import needs_passphrase, passphrase_opens

        if not needs_passphrase(url):
            return None
        prompt = _("This database is encrypted. Enter its passphrase:")
        for _attempt in range(5):
            text, ok = QInputDialog.getText(None, _("Encrypted database"), prompt, QLineEdit.EchoMode.Password)
            if not ok:
                return None  # opening then says the passphrase is needed
            if passphrase_opens(url, text):
                return str(text)
            prompt = _("That passphrase does not open the database. Enter its passphrase:")
        return None

    def _read_only_sentence(self) -> str:
        from mediation_app.services.errors import from_storage
        from mediation_app.storage.errors import ReadOnly

        pre = self.services.db.preflight
        folder = bool(pre and pre.read_only_folder)
        path = self.services.db.sqlite_path
        return from_storage(ReadOnly(path.parent if folder and path else path, folder=folder)).message

    def bring_forward(self) -> None:
        from PySide6.QtCore import Qt

        target = self.window or self.qapp.activeModalWidget() or self.qapp.activeWindow()
        if target is None:
            return
        target.setWindowState((target.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        target.show()
        target.raise_()
        target.activateWindow()

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
            from mediation_app.ui.sign_in import choose_committee

            self.actor = choose_committee(self.services, dialog.actor, self.settings)
        self.settings.last_user = self.actor.username
        self.settings.sync()
        self.drafts.bind(self.services.drafts, self.actor)  # drafts live in the database, per user
        return True

    def show_main_window(self) -> Any:
        from mediation_app.ui.main_window import MainWindow

        committee = ""
        try:
            committee = self.services.setup.committee(self.actor).name
        except Exception:  # noqa: BLE001 - the title is cosmetic
            log.exception("could not read the committee name")
        self.window = MainWindow(self.services, self.actor, self.runner, self.events, self.settings, self.drafts,
                                 committee_name=committee, read_only_reason=self.read_only_reason)
        self.window.language_requested.connect(self.set_language)
        self.window.look_requested.connect(self.set_look)
        self.window.show()
        from mediation_app.ui.idle_lock import IdleLock

        self.idle_lock = IdleLock(self.qapp, self.services, self.actor, self.window, self.settings.idle_lock_minutes)
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
            if self.instance is not None:
                self.instance.release()


def resolve_sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite") or "///" not in url:
        return None
    return Path(url.split("///", 1)[1].split("?", 1)[0]).expanduser()


def install_excepthook(app: DesktopApp) -> None:
    """An error nobody caught: its details go to the log file, the user sees one sentence in a
    message box (a service error's own sentence when it is one), never a traceback."""

    def hook(exc_type: Any, exc: BaseException, tb: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        from mediation_app.i18n import _
        from mediation_app.services.errors import ServiceError

        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("uncaught error", exc_info=(exc_type, exc, tb))
        if isinstance(exc, ServiceError):
            message = exc.message
        else:
            message = _("Something went wrong; what you were doing was not saved, and what you entered is still "
                        "there.")
            if app.log_file is not None:
                message += " " + _("The details are in {path}.").format(path=app.log_file)
        QMessageBox.critical(app.window, _("Mediation Desk"), message)

    sys.excepthook = hook

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
    (damaged, empty, not ours, from a newer version, too old an SQLite) is explained in a window —
    naming the newest verified backup — never a silent exit or a traceback. A second start on the
    same data folder brings the first window forward."""
    from mediation_app.services.errors import ServiceError
    from mediation_app.storage.errors import StorageError

    try:
        app = DesktopApp(db_url_or_path, language, single_instance=True)
    except AlreadyRunning:
        return 0
    except ServiceError as exc:
        show_fatal(exc.message)
        return 2
    except StorageError as exc:
        from mediation_app.services.errors import from_storage

        show_fatal(from_storage(exc).message)
        return 2
    return app.run()


def show_fatal(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from mediation_app.i18n import _

    _qapp = QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.critical(None, _("Mediation Desk cannot open its database"), message)
