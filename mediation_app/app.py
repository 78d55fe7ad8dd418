"""Composition root of the desktop client: settings -> services -> QApplication -> sign-in -> window.

``mediation_app.cli`` calls :func:`run_gui` when no sub-command is given.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

from mediation_app.config import APP_NAME, resolve_database

log = logging.getLogger(__name__)
NOTICE_AFTER_S = 0.5  # a close that takes longer than this (a backup under way) says why in a window
UPKEEP_WAIT_MS = 600_000  # how long a close waits for a backup under way (a large file takes a minute)
TODAY_PAGE = 100  # as ui/today.PAGE_SIZE (not imported here: that module loads while the read runs)


class AlreadyRunning(Exception):
    """Another client has this data directory open and came forward; this start ends quietly."""


class StartCancelled(Exception):
    """The user quit at the passphrase: nothing was opened; this start ends quietly."""


class OpenFailed(Exception):
    """A late start (the sign-in window painted first) could not open the database after all: the
    sign-in window closes and the start says why as an early start would (a damaged file is offered
    its newest verified backup)."""

    def __init__(self, error: Any) -> None:
        super().__init__(getattr(error, "message", str(error)))
        self.error = error


class DesktopApp:
    """Owns the running client: QApplication, services, task runner, events and the main window."""

    def __init__(self, db_url_or_path: str | Path | None = None, language: str | None = None,
                 *, settings_path: Path | None = None, base_dir: Path | None = None,
                 single_instance: bool = False) -> None:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        from mediation_app.services import ready_to_sign_in
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
        self.url = url
        # Only the first-run window creates a database, and only where no file exists at all; that
        # new, still empty file may become an encrypted one at set-up (encrypt_new_database).
        self.fresh_path = path if path is not None and not path.exists() else None
        self._services: Any = None
        self._opening = threading.Lock()
        self.open_error: Any = None  # why a late start could not open the database (a service error)
        # A file closed cleanly by this application, current and set up: the sign-in window is
        # painted first and the services open while the user types. Anything else opens now, with
        # every check, before any window (services.ready_to_sign_in).
        self.late = not self.read_only_reason and ready_to_sign_in(path)
        if not self.late:
            try:
                self._open_services()
            except BaseException:
                if self.instance is not None:
                    self.instance.release()
                raise
        self.events = AppEvents()
        self.runner = TaskRunner()
        self.events.data_changed.connect(self.warnings_after_save)
        self.drafts = DraftStore(self.base_dir / "drafts")
        self.actor: Any = None
        self.preparing: Any = None  # the thread readying the main window while the sign-in waits (ui/prepare)
        self.prepared_today: Any = None  # Today's committee-wide part read ahead of the sign-in (ui/prepare)
        self.reading_ahead: Any = None  # the same reads, waited for before the services close
        self.closing_notice: Any = None  # the window shown while a close waits for a backup

    @property
    def services(self) -> Any:
        """The services; opened now when the start left them for after the sign-in window (once,
        from any thread)."""
        with self._opening:
            if self._services is None:
                try:
                    self._open_services()
                except Exception as exc:
                    self.open_error = self.open_error or _as_service_error(exc)
                    raise
            return self._services

    @services.setter
    def services(self, services: Any) -> None:
        """The services; the forms' default dates and countdowns follow the clock they check them by."""
        from mediation_app.ui import calendar

        self._services = services
        calendar.follow(getattr(services, "clock", None))

    def _open_services(self) -> None:
        from mediation_app.logsetup import setup_logging
        from mediation_app.services import build_services

        path = resolve_sqlite_path(self.url)
        services = build_services(self.url, self.base_dir, create=path is None or not path.exists(),
                                  read_only=bool(self.read_only_reason), passphrase=self.ask_passphrase(self.url))
        if self.log_file is None and self.base_dir.is_dir():
            self.log_file = setup_logging(self.base_dir)
        if services.read_only and not self.read_only_reason:
            self.read_only_reason = self._read_only_sentence(services)
        self.services = services  # the setter: the forms follow its clock

    def warnings_after_save(self, changes: Any) -> None:
        """A save of case records marked its cases; their risk warnings are computed now, in the
        background, so that the save did not wait for the rules (services/warnings)."""
        from mediation_app.services.changes import CASE_DATA

        if getattr(changes, "case_ids", None) and set(getattr(changes, "kinds", ())) & CASE_DATA:
            self.runner.run(self.services.warnings.catch_up, None, self._warnings_not_computed, write=True)

    @staticmethod
    def _warnings_not_computed(exc: BaseException) -> None:
        # nothing is lost: the marked cases stay marked and are computed before any warning is read
        log.warning("risk warnings not computed after a save: %s", getattr(exc, "__traceback_text__", exc))

    @staticmethod
    def ask_passphrase(url: str) -> str | None:
        """An encrypted database's passphrase, asked before anything opens it (None when plain). A
        wrong one is said and asked again; cancelling quits without opening the file."""
        from mediation_app.services.encryption import needs_passphrase, passphrase_opens
        from mediation_app.ui.passphrase import PassphraseDialog

        if not needs_passphrase(url):
            return None
        path = resolve_sqlite_path(url)
        dialog = PassphraseDialog(str(path or ""), lambda text: passphrase_opens(url, text))
        if dialog.exec() != dialog.DialogCode.Accepted or dialog.passphrase is None:
            raise StartCancelled
        return dialog.passphrase

    def encrypt_new_database(self, passphrase: str) -> Any:
        """Set-up chose encryption: the plain file this start created moments ago, still without a
        committee, is replaced by an encrypted one, made exactly as ``init --encrypt`` makes it.
        Returns the services over the encrypted file."""
        from mediation_app.i18n import _
        from mediation_app.services import build_services
        from mediation_app.services.errors import ServiceError

        path = self.fresh_path
        if path is None or self.services.setup.is_initialised():
            raise ServiceError(_("Only a database created by this set-up can be encrypted."))
        self.services.close()
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
        try:
            self.services = build_services(self.url, self.base_dir, create=True, passphrase=passphrase,
                                           encrypt_new=True)
        except BaseException:
            path.unlink(missing_ok=True)  # back to a plain new file, so the set-up can go on
            self.services = build_services(self.url, self.base_dir, create=True)
            raise
        return self.services

    @staticmethod
    def _read_only_sentence(services: Any) -> str:
        from mediation_app.services.errors import from_storage
        from mediation_app.storage.errors import ReadOnly

        pre = services.db.preflight
        folder = bool(pre and pre.read_only_folder)
        path = services.db.sqlite_path
        return from_storage(ReadOnly(path.parent if folder and path else path, folder=folder)).message

    def bring_forward(self) -> None:
        from PySide6.QtCore import Qt

        target = self.closing_notice or self.window or self.qapp.activeModalWidget() or self.qapp.activeWindow()
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

        if not self.late and not self.services.is_set_up():  # without the data layer: the sign-in window comes first
            dialog = FirstRunDialog(self.services, self.runner, self.events, self.settings.language,
                                    encrypt=self.encrypt_new_database if self.fresh_path else None)
            dialog.language_chosen.connect(self.set_language)
            if dialog.exec() != dialog.DialogCode.Accepted or dialog.actor is None:
                return False
            self.actor = dialog.actor
        else:
            from mediation_app.ui.prepare import TodayAhead, start_preparing

            services = _OpenedOnUse(self)  # a late start opens them at their first use, after the paint
            ahead = self.prepared_today = self.reading_ahead = TodayAhead(services, TODAY_PAGE)  # shown after the check

            def prepare() -> None:
                self.preparing = start_preparing(services)
                ahead.start()

            dialog = SignInDialog(services, self.runner, self.settings.last_user, prepare=prepare,
                                  submitted=ahead.start, cannot_open=lambda: self.open_error is not None)
            if dialog.exec() != dialog.DialogCode.Accepted or dialog.actor is None:
                self.prepared_today = None
                if self.open_error is not None:
                    raise OpenFailed(self.open_error)
                return False
            from mediation_app.ui.sign_in import choose_committee

            self.actor = choose_committee(self.services, dialog.actor, self.settings)
        self.settings.last_user = self.actor.username
        self.settings.sync()
        self.drafts.bind(self.services.drafts, self.actor)  # drafts live in the database, per user
        return True

    def show_main_window(self) -> Any:
        from mediation_app.ui.prepare import prepared_part
        from mediation_app.ui.tasks import EarlyRead

        # Today's overview is the longest read of the first view: it starts now, while the window's
        # modules load and its views are built, and the Today view takes its result when it is ready.
        # Its committee-wide part was read ahead during the sign-in; the services decide whether it
        # serves this actor (same committee, same day, fresh) and read it again when not.
        actor, services, ahead, self.prepared_today = self.actor, self.services, self.prepared_today, None
        prepared = ahead.take() if ahead is not None else None
        early_today = EarlyRead(self.runner, lambda: services.overview.today(
            actor, page=TODAY_PAGE, prepared=prepared_part(prepared)))
        from mediation_app.ui.main_window import MainWindow

        committee = ""
        try:
            committee = self.services.setup.committee(self.actor).name
        except Exception:  # noqa: BLE001 - the title is cosmetic
            log.exception("could not read the committee name")
        self.window = MainWindow(self.services, self.actor, self.runner, self.events, self.settings, self.drafts,
                                 committee_name=committee, read_only_reason=self.read_only_reason,
                                 early_today=early_today)
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
        from mediation_app.ui.widgets.screen_fit import refit_windows

        refit_windows(self.qapp)  # larger text never leaves a window wider than the screen

    def automatic_backup(self, reason: str) -> None:
        """First start of the day and exit: a verified backup (best effort: never blocks the work);
        stale partial files are removed and the audit chain is anchored at least daily."""
        try:
            self.services.maintenance.auto_backup(reason)
            self.services.maintenance.daily_anchor()
        except Exception:  # noqa: BLE001 - a failed automatic backup is logged; the next one retries
            log.exception("automatic backup (%s) failed", reason)

    def run(self) -> int:
        signed_in = False
        try:
            if not self.sign_in():
                return 0
            signed_in = True
            # The start-of-day backup reads the file for as long as it takes (minutes for a large one):
            # it runs apart from the write queue, so the first saves never wait behind it.
            self.runner.run(lambda: self.automatic_backup("start"), None, lambda _exc: None, upkeep=True)
            if not self.read_only_reason:  # an import cut short before its search index was written
                from mediation_app.ui.handover import index_in_background

                index_in_background(self.runner, self.services, self.events)
            self.show_main_window()
            return self.qapp.exec()
        finally:
            self.runner.wait(10000)
            if self.preparing is not None:  # it may be opening the services, or reading ahead
                self.preparing.join(10)
            if self.reading_ahead is not None:
                self.reading_ahead.wait(10)
            self.finish_backups(exit_backup=signed_in)
            with self._opening:
                if self._services is not None:
                    self._services.close()
            if self.instance is not None:
                self.instance.release()


    def finish_backups(self, *, exit_backup: bool) -> None:
        """At close: wait for the start-of-day backup still copying (a large file takes a minute),
        then make the exit backup. When that takes more than a moment, a small window says so, so
        that nobody switches the computer off under it, nor thinks the client gone while it works."""
        from PySide6.QtWidgets import QProgressDialog

        from mediation_app.i18n import _

        def work() -> None:
            if not self.runner.wait_upkeep(UPKEEP_WAIT_MS):
                log.warning("the start-of-day backup was still running when the client closed")
            if exit_backup:
                self.automatic_backup("exit")

        worker = threading.Thread(target=work, name="backups-at-close")
        worker.start()
        worker.join(NOTICE_AFTER_S)
        if not worker.is_alive():
            return
        box = QProgressDialog(_("Finishing the backup before closing. Please do not switch off the computer."),
                              "", 0, 0)
        box.setWindowTitle(_("Mediation Desk"))
        box.setCancelButton(None)
        box.setMinimumDuration(0)
        box.setObjectName("closing_backup")
        self.closing_notice = box
        box.show()
        while worker.is_alive():
            self.qapp.processEvents()
            worker.join(0.05)
        box.close()
        self.closing_notice = None


class _OpenedOnUse:
    """Stands for the services in the sign-in window: the first use (the window's reads after its
    paint, the password check) opens them, in whichever thread it comes (DesktopApp.services)."""

    def __init__(self, app: DesktopApp) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app.services, name)


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
        if not _in_gui_thread():  # a window made in another thread hangs the process: the log says it
            return
        if isinstance(exc, ServiceError):
            message = exc.message
        else:
            message = _("Something went wrong; what you were doing was not saved, and what you entered is still "
                        "there.")
            if app.log_file is not None:
                message += " " + _("The details are in {path}.").format(path=app.log_file)
        QMessageBox.critical(app.window, _("Mediation Desk"), message)

    sys.excepthook = hook


def _in_gui_thread() -> bool:
    """True in the thread of a running QApplication (the only one that may show a window)."""
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    qapp = QApplication.instance()
    return qapp is not None and QThread.currentThread() == qapp.thread()

def run_gui(db_url_or_path: str | Path | None = None, language: str | None = None) -> int:
    """Start the desktop client; returns the process exit code. A database that cannot be opened
    (damaged, empty, not ours, from a newer version, too old an SQLite) is explained in a window —
    naming the newest verified backup — never a silent exit or a traceback. A damaged one is offered
    its newest verified backup; once the user restored one, the start goes on to the sign-in. A
    second start on the same data folder brings the first window forward."""
    from mediation_app.services.errors import DatabaseDamaged, ServiceError
    from mediation_app.storage.errors import StorageError

    while True:
        try:
            return DesktopApp(db_url_or_path, language, single_instance=True).run()
        except (AlreadyRunning, StartCancelled):
            return 0
        except (ServiceError, StorageError, OpenFailed) as exc:
            error = exc.error if isinstance(exc, OpenFailed) else _as_service_error(exc)
            if isinstance(error, DatabaseDamaged) and offer_restore(error, db_url_or_path):
                continue  # restored: start again, to the sign-in
            if not isinstance(error, DatabaseDamaged):
                show_fatal(error.message)
            return 2


def _as_service_error(exc: BaseException) -> Any:
    """A failure to open the database as the service error that says it (a storage error mapped)."""
    from mediation_app.services.errors import ServiceError, from_storage
    from mediation_app.storage.errors import StorageError

    if isinstance(exc, ServiceError):
        return exc
    if isinstance(exc, StorageError):
        return from_storage(exc)
    return None


def offer_restore(error: Any, db_url_or_path: str | Path | None) -> bool:
    """A damaged SQLite file: the window that offers the newest verified backup (ui/damaged_start.py).
    False when the user quit, or when there is nothing this window can restore (a server database)."""
    from mediation_app.ui.damaged_start import offer_restore as offer

    url, data_dir = resolve_database(db_url_or_path)
    if resolve_sqlite_path(url) is None:
        show_fatal(error.message)
        return False
    return offer(error.message, getattr(error, "backup", None), url, data_dir)


def show_fatal(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from mediation_app.i18n import _

    _qapp = QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.critical(None, _("Mediation Desk cannot open its database"), message)
