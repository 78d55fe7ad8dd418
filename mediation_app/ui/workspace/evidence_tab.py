"""Investigations (调查记录) and evidence (证据材料): record an investigation, attach files to the
case file, and look at them (images in place, anything else opened as a temporary copy)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from mediation_app.domain.enums import EvidenceKind, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.fileio import atomic_write_bytes
from mediation_app.i18n import N_, _
from mediation_app.services.errors import file_reason
from mediation_app.ui.formatting import date_text, datetime_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.read_only import reads
from mediation_app.ui.widgets.common import FieldMessage, error_text, mark_invalid, role_label, set_primary
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view

PREVIEW_SIZE = (460, 360)


def size_text(size: int) -> str:
    if size < 1024:
        return _("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=f"{size / 1024:.1f}")
    return _("{n} MB").format(n=f"{size / 1024 / 1024:.1f}")


INVESTIGATION_COLUMNS = (
    Column(N_("When"), lambda i: datetime_text(i.at)),
    Column(N_("Place"), lambda i: i.place),
    Column(N_("Person questioned"), lambda i: i.interviewee),
    Column(N_("Investigators"), lambda i: i.investigators),
)
EVIDENCE_COLUMNS = (
    Column(N_("Title"), lambda e: e.title),
    Column(N_("Kind"), lambda e: enum_label(e.kind, EvidenceKind)),
    Column(N_("Provided by"), lambda e: e.source or ""),
    Column(N_("Size"), lambda e: size_text(e.size)),
    Column(N_("Added"), lambda e: date_text(e.added_at)),
)


class EvidenceTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        line = self.fontMetrics().lineSpacing()
        # -- investigations ---------------------------------------------------------------------------
        self.investigations = RecordTableModel(INVESTIGATION_COLUMNS, self)
        self.investigation_view = table_view(self.investigations, stretch=1)
        self.investigation_view.setMinimumHeight(line * 5)
        self.investigation_text = QPlainTextEdit()
        self.investigation_text.setReadOnly(True)
        self.investigation_text.setTabChangesFocus(True)
        self.investigation_text.setMinimumHeight(line * 4)
        self.at = QDateTimeEdit(QDateTime.currentDateTime())
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.place = QLineEdit()
        self.investigators = QLineEdit()
        self.interviewee = QLineEdit()
        self.recorder = QLineEdit()
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(line * 7)
        self.content_hint = role_label("", "muted")
        self.investigation_button = set_primary(QPushButton())
        self.investigation_reason = self.reason_label()
        self.guard(self.investigation_button, Action.RECORD_INVESTIGATION, reason=self.investigation_reason)
        self.investigation_button.clicked.connect(self._on_record_investigation)
        self.investigation_message = FieldMessage()
        self.inv_msgs = {k: FieldMessage() for k in ("at", "place", "investigators", "interviewee", "content")}
        self.investigation_view.selectionModel().currentRowChanged.connect(self._show_investigation)

        # -- evidence ---------------------------------------------------------------------------------
        self.evidence = RecordTableModel(EVIDENCE_COLUMNS, self)
        self.evidence_view = table_view(self.evidence, stretch=0)
        self.evidence_view.setMinimumHeight(line * 6)
        self.kind = QComboBox()
        for k in EvidenceKind:
            self.kind.addItem(k.label(), k.value)
        self.title = QLineEdit()
        self.source = QLineEdit()
        self.pages = QSpinBox()
        self.pages.setRange(0, 9999)
        self.add_button = set_primary(QPushButton())
        self.add_reason = self.reason_label()
        self.guard(self.add_button, Action.ADD_EVIDENCE, reason=self.add_reason)
        self.add_button.clicked.connect(self._on_add_file)
        self.evidence_message = FieldMessage()
        self.ev_msgs = {k: FieldMessage() for k in ("file", "title")}
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_SIZE[0] // 2, PREVIEW_SIZE[1] // 2)
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = reads(QPushButton())
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_copy)
        self.preview_message = FieldMessage()
        self._shown: Any = None  # (EvidenceView, mime, bytes) of the previewed material
        self._temp_dir: tempfile.TemporaryDirectory[str] | None = None
        self.evidence_view.selectionModel().currentRowChanged.connect(self._on_evidence_selected)

        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        # Investigations: the list with the selected record's text on the left, the form on the right.
        self.inv_box = QGroupBox()
        left = QVBoxLayout()
        left.addWidget(self.investigation_view, 2)
        left.addWidget(self.investigation_text, 1)
        self.inv_form_box = QGroupBox()
        f = QFormLayout()
        f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.inv_form = f
        self._inv_rows = [("at", self.at), ("place", self.place), ("investigators", self.investigators),
                          ("interviewee", self.interviewee), ("recorder", self.recorder)]
        for key, w in self._inv_rows:
            f.addRow(QLabel(), w)
            if key in self.inv_msgs:
                f.addRow("", self.inv_msgs[key])
        self.content_label = QLabel()
        self.content_label.setBuddy(self.content)
        fl = QVBoxLayout(self.inv_form_box)
        fl.addLayout(f)
        fl.addWidget(self.content_label)
        fl.addWidget(self.content_hint)
        fl.addWidget(self.content)
        fl.addWidget(self.inv_msgs["content"])
        fl.addWidget(self.investigation_button, 0, Qt.AlignmentFlag.AlignLeft)
        fl.addWidget(self.investigation_reason)
        fl.addWidget(self.investigation_message)
        row = QHBoxLayout(self.inv_box)
        row.addLayout(left, 1)
        row.addWidget(self.inv_form_box, 1)

        # Evidence: the list and the add form on the left, the preview on the right.
        self.ev_box = QGroupBox()
        self.add_box = QGroupBox()
        af = QFormLayout()
        af.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_form = af
        self._ev_rows = [("kind", self.kind), ("title", self.title), ("source", self.source), ("pages", self.pages)]
        for key, w in self._ev_rows:
            af.addRow(QLabel(), w)
            if key in self.ev_msgs:
                af.addRow("", self.ev_msgs[key])
        al = QVBoxLayout(self.add_box)
        al.addLayout(af)
        al.addWidget(self.ev_msgs["file"])
        al.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        al.addWidget(self.add_reason)
        al.addWidget(self.evidence_message)
        ev_left = QVBoxLayout()
        ev_left.addWidget(self.evidence_view, 1)
        ev_left.addWidget(self.add_box)
        self.preview_box = QGroupBox()
        pl = QVBoxLayout(self.preview_box)
        pl.addWidget(self.preview, 1)
        pl.addWidget(self.preview_message)
        pl.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        ev_row = QHBoxLayout(self.ev_box)
        ev_row.addLayout(ev_left, 3)
        ev_row.addWidget(self.preview_box, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.inv_box)
        layout.addWidget(self.ev_box)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # -- data -----------------------------------------------------------------------------------------------
    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        self.investigations.set_rows(d.investigations)
        self.investigation_text.clear()
        shown_id = self._shown[0].id if self._shown else None
        self.evidence.set_rows(d.evidence)
        rows = [i for i, e in enumerate(d.evidence) if e.id == shown_id]
        if rows:
            self.evidence_view.selectRow(rows[0])
        if not self.place.text() and d.place:
            self.place.setText(d.place)

    def _show_investigation(self, current: Any, _previous: Any = None) -> None:
        if not current.isValid():
            self.investigation_text.clear()
            return
        rec = self.investigations.row_at(current.row())
        head = _("Recorder: {name}").format(name=rec.recorder_name) + "\n" if rec.recorder_name else ""
        self.investigation_text.setPlainText(head + rec.content)

    # -- investigations -------------------------------------------------------------------------------------
    def _on_record_investigation(self) -> None:
        ctx = self.ctx
        at = self.at.dateTime().toPython().astimezone()
        place, investigators, interviewee = self.place.text(), self.investigators.text(), self.interviewee.text()
        content, recorder = self.content.toPlainText(), self.recorder.text() or None
        self._show_inv_errors({})
        self.call(lambda: ctx.services.meetings.record_investigation(
            ctx.actor, ctx.case_id, at, place, investigators, interviewee, content, recorder_name=recorder),
            self._investigation_saved, message=self.investigation_message)

    def _investigation_saved(self, _changes: Any) -> None:
        for w in (self.interviewee, self.content):
            w.clear()

    def _show_inv_errors(self, fields: dict[str, str]) -> None:
        for key, msg in self.inv_msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])
        for key, w in (("place", self.place), ("investigators", self.investigators),
                       ("interviewee", self.interviewee), ("content", self.content)):
            mark_invalid(w, key in fields)

    # -- evidence -------------------------------------------------------------------------------------------
    def choose_file(self) -> str:
        """Ask for the file to attach (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the file to add to the case file"))
        return path

    def _on_add_file(self) -> None:
        path = self.choose_file()
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path) -> None:
        ctx = self.ctx
        title = self.title.text().strip() or path.stem
        kind = EvidenceKind(self.kind.currentData())
        source, pages = self.source.text() or None, self.pages.value() or None
        self._show_ev_errors({})
        self.call(lambda: ctx.services.meetings.add_evidence(ctx.actor, ctx.case_id, path, title, kind=kind,
                                                             source=source, pages=pages),
                  self._evidence_added, message=self.evidence_message)

    def _evidence_added(self, _changes: Any) -> None:
        self.title.clear()
        self.source.clear()
        self.pages.setValue(0)

    def _show_ev_errors(self, fields: dict[str, str]) -> None:
        for key, msg in self.ev_msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])
        mark_invalid(self.title, "title" in fields)

    def on_error(self, exc: BaseException) -> None:
        fields = getattr(exc, "field_errors", {}) or {}
        for msgs, show, general in ((self.inv_msgs, self._show_inv_errors, self.investigation_message),
                                    (self.ev_msgs, self._show_ev_errors, self.evidence_message)):
            if set(fields) & set(msgs):
                show(fields)
                if set(fields) <= set(msgs):  # every message is beside its field; no need to repeat them
                    general.show_issues()

    # -- preview --------------------------------------------------------------------------------------------
    def _on_evidence_selected(self, current: Any, _previous: Any = None) -> None:
        if not current.isValid():
            return
        ev = self.evidence.row_at(current.row())
        ctx = self.ctx
        self.preview_message.show_issues()
        ctx.runner.run(lambda: ctx.services.meetings.evidence_bytes(ctx.actor, ctx.case_id, ev.id),
                       lambda result: self._show_preview(ev, *result),
                       lambda exc: self.preview_message.show_issues([error_text(exc)]))

    def _show_preview(self, ev: Any, mime: str, data: bytes) -> None:
        self._shown = (ev, mime, data)
        self.open_button.setEnabled(True)
        pixmap = QPixmap()
        if mime.startswith("image/") and pixmap.loadFromData(data):
            self.preview.setPixmap(pixmap.scaled(PREVIEW_SIZE[0], PREVIEW_SIZE[1], Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
            self.preview.setToolTip(f"{ev.title}\n{ev.filename}")
            return
        self.preview.setPixmap(QPixmap())
        self.preview.setToolTip("")
        self._describe()

    def _describe(self) -> None:
        if self._shown is None or not self.preview.pixmap().isNull():
            return
        ev = self._shown[0]
        self.preview.setText(_("{title}\nFile: {file}\nSize: {size}\n\nThis kind of file cannot be shown here; "
                               "open a copy to look at it.").format(title=ev.title, file=ev.filename,
                                                                    size=size_text(ev.size)))

    def preview_pixmap(self) -> QPixmap:
        return self.preview.pixmap()

    def _on_open_copy(self) -> None:
        if self._shown is None:
            return
        ev, _mime, data = self._shown
        if self._temp_dir is None:
            self._temp_dir = tempfile.TemporaryDirectory(prefix="mediation-desk-")
        target = Path(self._temp_dir.name) / (Path(ev.filename).name or "material")
        try:
            if not (target.is_file() and target.read_bytes() == data):  # opened before: a viewer may hold it
                atomic_write_bytes(target, data)
        except OSError as exc:
            self.preview_message.show_issues([_("Could not write a copy: {error}").format(error=file_reason(exc))])
            return
        self.last_copy = target
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.preview_message.show_issues([_("No program on this computer opens {name}.").format(name=target.name)])

    # -- language -------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.inv_box.setTitle(_("Investigations"))
        self.inv_form_box.setTitle(_("Record an investigation"))
        labels = {"at": _("Date and time"), "place": _("Place"), "investigators": _("Investigators"),
                  "interviewee": _("Person questioned"), "recorder": _("Recorder")}
        for key, w in self._inv_rows:
            self.inv_form.labelForField(w).setText(labels[key])
        self.content_label.setText(_("Questions and answers"))
        self.content_hint.setText(_("Start each line with 问： for a question and 答： for an answer; "
                                    "they are printed as questions and answers."))
        self.content.setPlaceholderText("问：…\n答：…")
        self.investigators.setPlaceholderText(_("Names, separated by 、"))
        self.investigation_button.setText(_("Save investigation record"))
        self.ev_box.setTitle(_("Evidence and other material"))
        self.add_box.setTitle(_("Add a file to the case file"))
        ev_labels = {"kind": _("Kind"), "title": _("Title"), "source": _("Provided by"), "pages": _("Pages")}
        for key, w in self._ev_rows:
            self.add_form.labelForField(w).setText(ev_labels[key])
        for i in range(self.kind.count()):
            self.kind.setItemText(i, EvidenceKind(self.kind.itemData(i)).label())
        self.title.setPlaceholderText(_("e.g. 欠条 or 运单 (the file name when left empty)"))
        self.source.setPlaceholderText(_("e.g. the applicant"))
        self.investigation_text.setPlaceholderText(_("Select a record in the list to read it here."))
        self.pages.setSpecialValueText(_("not counted"))
        self.add_button.setText(_("Add file…"))
        self.preview_box.setTitle(_("Preview"))
        self.open_button.setText(_("Open a copy"))
        if self._shown is None:
            self.preview.setText(_("Select a file in the list to see it here."))
        else:
            self._describe()
        self.investigations.retranslate()
        self.evidence.retranslate()
