"""A start on a damaged database: say what was found, offer the newest verified backup, move
nothing without the user's word.

The restore is the one of Administration → Backups and ``mediation-app restore`` (the maintenance
service): the backup is verified first, the damaged file is kept as a safety copy, the swap leaves
no stale -wal/-shm, the restored file is checked again and the restore is audited. Quitting leaves
every file exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import _, ngettext
from mediation_app.ui.language import Retranslating
from mediation_app.ui.widgets.common import role_label, set_primary

QUIT, RESTORE, CHOOSE = "quit", "restore", "choose"


def backup_text(view: Any) -> str:
    """"2026-11-20 09:00 — 42 cases (mediation-20261120-090000.db)" for a backup."""
    when = view.created_at.strftime("%Y-%m-%d %H:%M") if view.created_at else "?"
    if view.cases is None:
        return _("{when} ({name})").format(when=when, name=view.name)
    cases = ngettext("{n} case", "{n} cases", view.cases).format(n=view.cases)
    return _("{when} — {cases} ({name})").format(when=when, cases=cases, name=view.name)


class DamagedStartDialog(Retranslating, QDialog):
    """The choice: restore the newest verified backup, choose another, or quit. ``choice`` is one
    of RESTORE, CHOOSE, QUIT after ``exec()``."""

    def __init__(self, message: str, newest: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.newest = newest
        self.choice = QUIT
        self.setMinimumWidth(780)
        self.title = role_label("", "title")
        self.message = role_label(message, "error")
        self.offer_box = QFrame()
        self.offer_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.offer_title = role_label("", "heading")
        self.offer = role_label("", "")
        self.explain = role_label("", "muted")
        box = QVBoxLayout(self.offer_box)
        box.addWidget(self.offer_title)
        box.addWidget(self.offer)
        box.addWidget(self.explain)
        self.restore_button = set_primary(QPushButton())
        self.choose_button = QPushButton()
        self.quit_button = QPushButton()
        self.restore_button.setEnabled(newest is not None)
        self.restore_button.clicked.connect(lambda: self._done(RESTORE))
        self.choose_button.clicked.connect(lambda: self._done(CHOOSE))
        self.quit_button.clicked.connect(lambda: self._done(QUIT))
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.offer_box)
        layout.addStretch(1)
        layout.addLayout(buttons)
        (self.restore_button if newest is not None else self.choose_button).setFocus()
        self.retranslate()

    def _done(self, choice: str) -> None:
        self.choice = choice
        if choice == QUIT:
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:  # Esc and the window's close button mean "quit, change nothing"
        self.choice = QUIT
        super().reject()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Mediation Desk cannot open its database"))
        self.title.setText(_("The database cannot be used"))
        if self.newest is not None:
            self.offer_title.setText(_("Newest verified backup"))
            self.offer.setText(backup_text(self.newest))
            self.explain.setText(_("Restoring puts this backup in place of the database; everything entered after "
                                   "it is missing afterwards. The damaged file is kept in the backups folder and "
                                   "nothing is deleted. Nothing is changed until you choose."))
        else:
            self.offer_title.setText(_("No verified backup was found"))
            self.offer.setText(_("Choose a backup or an archive (for example from a USB stick), or quit and ask for "
                                 "help; the damaged file stays as it is."))
            self.explain.setText("")
        self.restore_button.setText(_("Restore this backup"))
        self.choose_button.setText(_("Choose another backup…"))
        self.quit_button.setText(_("Quit without changing anything"))


def _ask_file(parent: QWidget | None, folder: Path) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, _("Choose a backup"), str(folder),
                                                _("Backups and archives (*.db *.zip)"))
    return Path(path) if path else None


def offer_restore(message: str, backup: Path | None, url: str, data_dir: Path) -> bool:
    """Offer a verified backup for a database that failed the start-up look. True once a backup
    was restored (the caller starts again, to the sign-in); False when the user quit."""
    from mediation_app.services.errors import ServiceError, _backup_hint
    from mediation_app.services.maintenance import open_maintenance

    message = message.removesuffix(" " + _backup_hint(backup))  # the offer below names the backup
    maintenance, _audit = open_maintenance(url, data_dir, look=False)  # the damaged file is not opened
    try:
        newest = None
        if backup is not None:
            newest = maintenance.verify_backup(backup)
            newest = newest if newest.verified else None
        while True:
            dialog = DamagedStartDialog(message, newest)
            dialog.exec()
            if dialog.choice == QUIT:
                return False
            chosen = newest.path if newest is not None else None
            if dialog.choice == CHOOSE:
                path = _ask_file(dialog, maintenance.backups_dir)
                if path is None:
                    continue
                chosen = _checked_choice(maintenance, path, dialog)
            if chosen is None:
                continue
            try:
                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    result = maintenance.restore(None, chosen)
                finally:
                    QGuiApplication.restoreOverrideCursor()
            except ServiceError as exc:
                QMessageBox.warning(None, _("Restore"), exc.message)
                continue
            QMessageBox.information(None, _("Restore"), result.message + "\n\n"
                                    + _("Sign in to go on working with the restored data."))
            return True
    finally:
        maintenance.db.dispose()


def _checked_choice(maintenance: Any, path: Path, parent: QWidget) -> Path | None:
    """The chosen file when it is sound and the user confirms; None otherwise (said why)."""
    from mediation_app.services.errors import ServiceError

    if path.suffix.lower() == ".zip":
        question = _("Restore the database and attachments from the archive {name}?").format(name=path.name)
    else:
        try:
            view = maintenance.verify_backup(path)
        except ServiceError as exc:
            QMessageBox.warning(parent, _("Restore"), exc.message)
            return None
        if not view.verified:
            QMessageBox.warning(parent, _("Restore"), _("{name} cannot be restored: {problem}").format(
                name=view.name, problem=view.problem))
            return None
        question = _("Restore the backup of {what}?").format(what=backup_text(view))
    question += " " + _("The damaged database is kept as a safety copy.")
    answer = QMessageBox.question(parent, _("Restore"), question)
    return path if answer == QMessageBox.StandardButton.Yes else None
