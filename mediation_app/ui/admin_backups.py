"""备份: the backups of this computer with their verified state (each one re-hashed against its
manifest when listed), "back up now", "copy everything to a USB stick", and restore: of a backup, of
an archive, and undo of the last restore. A restore is confirmed with the backup's date and what is
replaced; afterwards the application closes so every window starts again from the restored data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from mediation_app.domain.enums import Role
from mediation_app.i18n import N_, _
from mediation_app.ui.admin_base import AdminPage, show_ok
from mediation_app.ui.events import ChangeKind
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.read_only import reads
from mediation_app.ui.widgets.common import role_label, set_primary

BACKUP_ROLES = (Role.ADMIN, Role.HEAD)


def size_text(n: int) -> str:
    return _("{n} MB").format(n=f"{n / 1_048_576:.1f}") if n >= 1_048_576 else _("{n} KB").format(n=max(1, n // 1024))


def when_text(b: Any) -> str:
    return b.created_at.strftime("%Y-%m-%d %H:%M") if b.created_at else "?"


COLUMNS = (
    Column(N_("Made on"), when_text),
    Column(N_("Kind"), lambda b: b.kind_label),
    Column(N_("Size"), lambda b: size_text(b.size)),
    Column(N_("Cases"), lambda b: "" if b.cases is None else str(b.cases)),
    Column(N_("State"), lambda b: _("Verified") if b.verified else (b.problem or _("Not verified")),
           urgent=lambda b: not b.verified),
)


class BackupsPage(AdminPage):
    kinds = frozenset({ChangeKind.BACKUP})

    def __init__(self, services: Any, actor: Any, runner, events, parent=None) -> None:
        super().__init__(services, actor, runner, events, parent)
        self.after_restore = QApplication.quit  # replaced in tests
        self.intro = role_label("", "muted")
        self.folder = role_label("", "muted")
        self.model = RecordTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.backup_button = set_primary(QPushButton())
        self.backup_button.clicked.connect(self.back_up_now)
        self.archive_button = QPushButton()
        self.archive_button.clicked.connect(self.write_archive)
        self.verify_button = reads(QPushButton())
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore_selected)
        self.archive_restore_button = QPushButton()
        self.archive_restore_button.clicked.connect(self.restore_archive)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_restore)
        make = QHBoxLayout()
        for b in (self.backup_button, self.archive_button):
            make.addWidget(b)
        make.addStretch(1)
        use = QHBoxLayout()
        for b in (self.verify_button, self.restore_button, self.archive_restore_button, self.undo_button):
            use.addWidget(b)
        use.addStretch(1)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(make)
        layout.addWidget(self.table, 1)
        layout.addLayout(use)
        layout.addWidget(self.folder)
        self.apply_permissions([self.restore_button, self.archive_restore_button, self.undo_button])
        self.retranslate()
        self._loaded = False  # listing hashes every backup: done when the page is first shown

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._loaded and not self.page_blocked():
            self.reload()

    # -- permissions -------------------------------------------------------------------------------
    def page_blocked(self) -> str:
        if self.role not in BACKUP_ROLES:
            return _("Backups are kept by the administrator or the committee head.")
        return ""

    def edit_blocked(self) -> str:
        if self.role is not Role.ADMIN:
            return _("Only an administrator may restore a backup.")
        return ""

    # -- reading -----------------------------------------------------------------------------------
    def reload(self) -> None:
        self._loaded = True
        maintenance = self._svc.maintenance
        self.read(lambda: maintenance.list_backups(), self._fill)

    def _fill(self, backups: list[Any]) -> None:
        self.model.set_rows(backups)
        if backups:
            self.table.selectRow(0)

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # -- actions -----------------------------------------------------------------------------------
    def back_up_now(self) -> None:
        maintenance, actor = self._svc.maintenance, self._actor

        def done(result: Any) -> None:
            show_ok(self.message, _("Backup written and verified: {name}").format(name=result.backup.name))
            self.reload()

        self.message.show_issues()
        self._runner.run(lambda: maintenance.backup_now(actor), done,  # writes no rows: saves go on meanwhile
                         lambda exc: self._fail(exc), upkeep=True)

    def write_archive(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Copy everything to a USB stick"),
                                                    "mediation-archive.zip", _("Archive (*.zip)"))
        if path:
            self.write_archive_to(Path(path))

    def write_archive_to(self, path: Path) -> None:
        maintenance, actor = self._svc.maintenance, self._actor

        def done(info: Any) -> None:
            show_ok(self.message, _("Archive written and read back: {path} ({n} attachments, {size}). The USB stick "
                                    "may be removed once the system says so.").format(
                path=info.path, n=info.attachments, size=size_text(info.size)))

        self.message.show_issues()
        self._runner.run(lambda: maintenance.write_archive(actor, path), done, self._fail, upkeep=True)

    def verify_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        maintenance = self._svc.maintenance

        def done(view: Any) -> None:
            if view.verified:
                show_ok(self.message, _("{name} is sound: its content matches its manifest and it passes the "
                                        "integrity check.").format(name=view.name))
            else:
                self.message.show_issues([_("{name}: {problem}").format(name=view.name, problem=view.problem)])
            self.reload()

        self.read(lambda: maintenance.verify_backup(chosen.path), done)

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if not chosen.verified:
            self.message.show_issues([_("{name} cannot be restored: {problem}").format(
                name=chosen.name, problem=chosen.problem)])
            return
        if self.confirm(_("Restore the backup of {when}? Everything entered after it is replaced by the backup's "
                          "content. The database as it is now is kept as a safety copy, so this can be undone.")
                        .format(when=when_text(chosen))):
            self.restore_path(chosen.path)

    def restore_archive(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Restore from an archive"), "", _("Archive (*.zip)"))
        if path and self.confirm(_("Replace the database and add the attachments from {name}? The database as it "
                                   "is now is kept as a safety copy.").format(name=Path(path).name)):
            self.restore_path(Path(path))

    def undo_restore(self) -> None:
        if self.confirm(_("Put back the database as it was before the last restore?")):
            maintenance, actor = self._svc.maintenance, self._actor
            self._runner.run(lambda: maintenance.undo_restore(actor), self._restored, self._fail, write=True)

    def restore_path(self, path: Path) -> None:
        maintenance, actor = self._svc.maintenance, self._actor
        self.message.show_issues()
        self._runner.run(lambda: maintenance.restore(actor, path), self._restored, self._fail, write=True)

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("Restore"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _restored(self, result: Any) -> None:
        show_ok(self.message, result.message)
        self.notify(result.message + "\n\n" + _("Mediation Desk closes now; start it again to work with the restored "
                                                 "data."))
        self.after_restore()

    def notify(self, text: str) -> None:
        QMessageBox.information(self, _("Restore"), text)

    def _fail(self, exc: BaseException) -> None:
        from mediation_app.ui.widgets.common import error_text

        self.message.show_issues([error_text(exc)])
        self.reload()

    def retranslate(self) -> None:
        self.intro.setText(_("A verified backup is made automatically at the first start of each day and when the "
                             "application closes; the last 7 days, 4 weeks and 12 months are kept. Each backup is "
                             "checked against its manifest whenever it is listed or restored."))
        self.folder.setText(_("Backups folder: {path}").format(path=self._svc.maintenance.backups_dir))
        self.backup_button.setText(_("Back up now"))
        self.archive_button.setText(_("Copy everything to a USB stick…"))
        self.verify_button.setText(_("Verify"))
        self.restore_button.setText(_("Restore…"))
        self.archive_restore_button.setText(_("Restore from an archive…"))
        self.undo_button.setText(_("Undo the last restore…"))
        self.model.retranslate()
