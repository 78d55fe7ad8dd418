"""Hand-over to and from the centre: this site's key code, pairing, writing a bundle for the USB
stick, and importing one (a report first, then apply), all through the hand-over service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_app.i18n import _, ngettext
from mediation_app.ui.language import Retranslating
from mediation_app.ui.printing import run_with_progress
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import role_label, set_primary, show_error
from mediation_app.ui.widgets.screen_fit import fit_to_screen


def index_in_background(runner: TaskRunner, services: Any, events: Any = None) -> None:
    """Write the search index of imported cases still waiting (after an import, or at start after one
    was cut short): one committed batch per background write, so that saves run in between; the case
    lists reload when it is done (until then a search says how many cases are still being indexed)."""
    import logging

    total = [0]

    def step_done(indexed: int) -> None:
        total[0] += indexed
        if indexed:
            runner.run(services.handover.index_step, step_done, failed, write=True)
        elif events is not None and total[0]:
            from mediation_app.services.context import ChangeKind, Changes

            events.changed(Changes(kinds=frozenset({ChangeKind.CASE_ROW})))

    def failed(exc: BaseException) -> None:  # nothing is lost: the cases stay marked for the next start
        logging.getLogger(__name__).warning("imported cases not indexed: %s", getattr(exc, "__traceback_text__", exc))

    runner.run(services.handover.index_step, step_done, failed, write=True)


def report_text(r: Any) -> str:
    """The import report as a mediator reads it."""
    if r.already_imported:
        return _("Bundle {seq} from {site} was imported before; nothing changed.").format(seq=r.seq, site=r.from_site)
    head = (_("Dry run of bundle {seq} from {site} (nothing written):") if r.dry_run
            else _("Bundle {seq} from {site} imported:")).format(seq=r.seq, site=r.from_site)
    lines = [head,
             _("  new cases: {n}").format(n=len(r.new)),
             _("  updated cases: {n}").format(n=len(r.updated)),
             _("  unchanged cases: {n}").format(n=r.unchanged),
             _("  cases with conflicts (both versions kept): {n}").format(n=len(r.conflicts))]
    lines += [f"    {c.number}" for c in r.conflicts]
    lines.append(_("  rejected cases: {n}").format(n=len(r.rejected)))
    lines += [f"    {c.number}: {c.reason}" for c in r.rejected]
    lines.append(_("  attachments: {files}; audit entries: {audit}").format(files=r.files, audit=r.audit_entries))
    if r.acknowledged_seq:
        lines.append(_("  the other site acknowledges our bundle {seq}").format(seq=r.acknowledged_seq))
    return "\n".join(lines)


def status_text(st: Any) -> str:
    """One line for the Today view and this dialog: the recovery point and the reminder."""
    if st.peer_name is None:
        return ""
    if st.days_since is None:
        when = _("nothing handed over to {centre} yet").format(centre=st.peer_name)
    else:
        when = ngettext("last hand-over acknowledged by {centre} {n} day ago",
                        "last hand-over acknowledged by {centre} {n} days ago", st.days_since).format(
            centre=st.peer_name, n=st.days_since)
    waiting = ngettext("{changes} change in {cases} cases not yet handed over",
                       "{changes} changes in {cases} cases not yet handed over", st.pending_changes).format(
        changes=st.pending_changes, cases=st.pending_cases)
    text = _("Hand-over: {when}; {waiting}.").format(when=when, waiting=waiting)
    if st.open_conflicts:
        text += " " + ngettext("{n} conflict to settle.", "{n} conflicts to settle.", st.open_conflicts).format(
            n=st.open_conflicts)
    if st.reminder_due:
        text += " " + _("Time to hand over (reminder every {days} days).").format(days=st.reminder_days)
    return text


class HandoverDialog(Retranslating, QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc, self.actor, self.runner, self.events = services, actor, runner, events
        self.site_label = role_label("", "title", wrap=True)
        self.code_label = role_label("", "muted")
        self.status_label = role_label("", "muted")
        self.encrypt = QCheckBox()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setEnabled(False)
        self.encrypt.toggled.connect(self.passphrase.setEnabled)
        self.export_button = set_primary(QPushButton())  # type: ignore[assignment]
        self.import_button = QPushButton()
        self.pair_button = QPushButton()
        self.pairing_file_button = QPushButton()
        self.conflicts_button = QPushButton()
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button.clicked.connect(self.import_bundle)
        self.pair_button.clicked.connect(self.pair_site)
        self.pairing_file_button.clicked.connect(self.write_pairing_file)
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.remind_label = QLabel()
        self.remind_days = QSpinBox()
        self.remind_days.setRange(1, 365)
        self.remind_label.setBuddy(self.remind_days)
        self.remind_days.editingFinished.connect(self.save_reminder)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for w in (self.export_button, self.encrypt, self.passphrase):
            row.addWidget(w)
        row2 = QHBoxLayout()
        for w in (self.import_button, self.conflicts_button, self.pairing_file_button, self.pair_button):
            row2.addWidget(w)
        remind = QHBoxLayout()
        remind.addWidget(self.remind_label)
        remind.addWidget(self.remind_days)
        remind.addStretch(1)
        lay = QVBoxLayout(self)
        for w in (self.site_label, self.code_label, self.status_label):
            lay.addWidget(w)
        lay.addLayout(remind)
        lay.addLayout(row)
        lay.addLayout(row2)
        lay.addWidget(self.report, 1)
        lay.addWidget(buttons)
        fit_to_screen(self, 760, 560)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Hand-over with the centre"))
        self.encrypt.setText(_("Protect with a passphrase"))
        self.passphrase.setPlaceholderText(_("Passphrase (at least 8 characters)"))
        self.export_button.setText(_("Write a bundle for the USB stick…"))
        self.import_button.setText(_("Import a bundle…"))
        self.pair_button.setText(_("Pair with a site…"))
        self.pairing_file_button.setText(_("Save this site's pairing file…"))
        self.conflicts_button.setText(_("Conflicts…"))
        self.remind_label.setText(_("Remind me to hand over after this many days:"))
        self.remind_days.setSuffix(" " + _("days"))

    def refresh(self) -> None:
        def load() -> tuple[Any, Any]:
            return self.svc.handover.site(self.actor), self.svc.handover.status()

        def show(result: tuple[Any, Any]) -> None:
            site, st = result
            self.site_label.setText(site.name)
            self.code_label.setText(_("This site's key code: {code}").format(code=site.code))
            self.status_label.setText(status_text(st) or _("No centre is paired yet: pair with its pairing file "
                                                           "and key code."))
            self.conflicts_button.setEnabled(st.open_conflicts > 0)
            self.remind_days.blockSignals(True)
            self.remind_days.setValue(st.reminder_days)
            self.remind_days.blockSignals(False)

        self.runner.run(load, show, lambda exc: show_error(self, exc), write=True)

    # -- actions ------------------------------------------------------------------------------------
    def save_reminder(self) -> None:
        days = self.remind_days.value()
        self.runner.run(lambda: self.svc.handover.set_reminder_days(self.actor, days), lambda _r: self.refresh(),
                        lambda exc: show_error(self, exc), write=True)

    def export_bundle(self) -> None:
        passphrase = self.passphrase.text() if self.encrypt.isChecked() else None
        path, _filter = QFileDialog.getSaveFileName(self, _("Write the bundle"), "handover.mdh",
                                                    _("Hand-over bundles (*.mdh)"))
        if not path:
            return
        run_with_progress(self, self.runner, _("Writing the bundle…"),
                          lambda p: self.svc.handover.export(self.actor, Path(path), passphrase=passphrase,
                                                             progress=p.report),
                          self._exported, write=True)

    def _exported(self, result: Any) -> None:
        text = _("Bundle {seq} for {site} written to {path}: {cases} cases, {files} attachments, {audit} audit "
                 "entries{protected}.").format(seq=result.seq, site=result.to_site, path=result.path,
                                               cases=result.cases, files=result.files, audit=result.audit_entries,
                                               protected=_(", protected with a passphrase") if result.encrypted
                                               else "")
        if result.left_out_note:
            text += "\n" + result.left_out_note
        self.report.setPlainText(text)
        self.refresh()

    def import_bundle(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("Import a bundle"), "", _("Hand-over bundles (*.mdh)"))
        if not path:
            return
        passphrase = None
        if self.svc.handover.needs_passphrase(Path(path)):
            passphrase, ok = QInputDialog.getText(self, _("Protected bundle"), _("Passphrase of the bundle:"),
                                                  QLineEdit.EchoMode.Password)
            if not ok:
                return
        self._pending = (path, passphrase)
        run_with_progress(self, self.runner, _("Checking the bundle…"),
                          lambda p: self.svc.handover.import_bundle(self.actor, Path(path), dry_run=True,
                                                                    passphrase=passphrase, progress=p.report),
                          self._checked)

    def _checked(self, report: Any) -> None:
        self.report.setPlainText(report_text(report))
        if report.already_imported:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, _("Import the bundle"), report_text(report) + "\n\n" +
                                      _("Apply this bundle now? Conflicts keep both versions for you to settle."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        path, passphrase = self._pending
        run_with_progress(self, self.runner, _("Importing the bundle…"),
                          lambda p: self.svc.handover.import_bundle(self.actor, Path(path), passphrase=passphrase,
                                                                    progress=p.report, index=False),
                          self._imported, write=True)

    def _imported(self, report: Any) -> None:
        self.report.setPlainText(report_text(report))
        if self.events is not None:
            from mediation_app.services.context import ChangeKind, Changes

            # the bundle's cases arrive in bulk, past the per-case bookkeeping: every case list reloads
            self.events.changed(Changes(kinds=frozenset({ChangeKind.CASE, ChangeKind.CASE_ROW})))
        if not report.dry_run and not report.already_imported:
            index_in_background(self.runner, self.svc, self.events)
        self.refresh()

    def write_pairing_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the pairing file"), "pairing.json",
                                                    _("Pairing files (*.json)"))
        if path:
            self.runner.run(lambda: self.svc.handover.write_pairing_file(self.actor, Path(path)),
                            lambda v: self.report.setPlainText(
                                _("Pairing file written to {path}; read the key code to the other site when it "
                                  "pairs.").format(path=path) + "\n" + _("Key code: {code}").format(code=v.code)),
                            lambda exc: show_error(self, exc), write=True)

    def pair_site(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Pairing file of the other site"), "",
                                                    _("Pairing files (*.json)"))
        if not path:
            return
        try:
            view = self.svc.handover.read_pairing_file(Path(path))
        except Exception as exc:  # noqa: BLE001 - a service error with its sentence
            show_error(self, exc)
            return
        code, ok = QInputDialog.getText(self, _("Pair with {name}").format(name=view.name),
                                        _("Type the key code shown on the other site's screen:"))
        if ok:
            self.runner.run(lambda: self.svc.handover.pair(self.actor, Path(path), code),
                            lambda p: (self.report.setPlainText(
                                _("Paired with {name}; its bundles are accepted from now on.").format(name=p.name)),
                                self.refresh()),
                            lambda exc: show_error(self, exc), write=True)

    def open_conflicts(self) -> None:
        from mediation_app.ui.handover_conflicts import ConflictsDialog

        dialog = ConflictsDialog(self.svc, self.actor, self.runner, parent=self)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
