"""Sessions: schedule one, or record one during or after it (mode 现场 / 视频 / 电话 / 现场+远程;
a remote or mixed session records the platform, places, consent and identity checks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.enums import MeetingMode, MeetingOutcome, MeetingStatus, enum_label
from mediation_app.domain.lifecycle import Action
from mediation_app.i18n import N_, _
from mediation_app.services.meetings import MeetingInput
from mediation_app.ui.formatting import datetime_text
from mediation_app.ui.models.check_list import CheckListModel, KeyRole
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import FieldMessage, mark_invalid, set_primary
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view
from mediation_app.ui.workspace.remote_attendance import ERROR_KEYS, RemoteAttendanceBox

MEETING_COLUMNS = (
    Column(N_("Status"), lambda m: enum_label(m.status, MeetingStatus)),
    Column(N_("When"), lambda m: datetime_text(m.held_at or m.scheduled_at)),
    Column(N_("Mode"), lambda m: enum_label(m.mode, MeetingMode)),
    Column(N_("Place"), lambda m: m.place),
    Column(N_("Outcome"), lambda m: enum_label(m.outcome, MeetingOutcome)),
    Column(N_("Present"), lambda m: "、".join(a.name for a in m.attendees)),
)


def _check_view(model: CheckListModel) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setMaximumHeight(130)
    return view


class MeetingsTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.meetings = RecordTableModel(MEETING_COLUMNS, self)
        self.meeting_view = table_view(self.meetings, stretch=5)
        self.mode = QComboBox()
        for m in MeetingMode:
            self.mode.addItem(m.label(), m.value)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.place = QLineEdit()
        self.identity = QLineEdit()
        self.remote_box = RemoteAttendanceBox()
        self.parties_present = CheckListModel(self)
        self.mediators_present = CheckListModel(self)
        self.participants_present = CheckListModel(self)
        self.record_text = QPlainTextEdit()
        self.record_text.setTabChangesFocus(True)
        self.record_text.setMinimumHeight(120)
        self.outcome = QComboBox()
        self.outcome.addItem("", None)
        for o in MeetingOutcome:
            self.outcome.addItem(o.label(), o.value)
        self.failure_reason = QLineEdit()
        self.statements = QPlainTextEdit()  # one line per statement: 姓名：陈述
        self.statements.setTabChangesFocus(True)
        self.statements.setMaximumHeight(80)
        self.evidence_checked = QLineEdit()
        self.risk_warning = QLineEdit()
        self.notice_read = QCheckBox()
        self.notice_read.setChecked(True)
        self.is_public = QCheckBox()
        self.recorder = QLineEdit()
        self.schedule_button = QPushButton()
        self.record_button = set_primary(QPushButton())
        self.record_reason = self.reason_label()
        self.guard(self.schedule_button, Action.SCHEDULE_MEETING, reason=self.record_reason)
        self.guard(self.record_button, Action.RECORD_MEETING, reason=self.record_reason)
        self.schedule_button.clicked.connect(self._on_schedule)
        self.record_button.clicked.connect(self._on_record)
        self.mode.currentIndexChanged.connect(self._sync_mode)
        self.outcome.currentIndexChanged.connect(self._sync_mode)
        self.msgs = {k: FieldMessage() for k in ("place", "record_text", "party_links_present", "mediator_ids_present",
                                                 "outcome", "failure_reason", "remote_identity_check", "scheduled_at",
                                                 "statements")}

        self.list_box = QGroupBox()
        ll = QVBoxLayout(self.list_box)
        ll.addWidget(self.meeting_view)
        self.form_box = QGroupBox()
        f = QFormLayout()
        self.form = f
        rows = [("mode", self.mode, None), ("when", self.when, "scheduled_at"), ("place", self.place, "place"),
                ("identity", self.identity, "remote_identity_check")]
        self._rows = rows
        for _k, w, msg in rows:
            f.addRow(QLabel(), w)
            if msg:
                f.addRow(QLabel(), self.msgs[msg])
        present = QHBoxLayout()
        self.present_boxes = []
        for model, msg in ((self.parties_present, "party_links_present"), (self.mediators_present, "mediator_ids_present"),
                           (self.participants_present, None)):
            box = QGroupBox()
            bl = QVBoxLayout(box)
            bl.addWidget(_check_view(model))
            if msg:
                bl.addWidget(self.msgs[msg])
            self.present_boxes.append(box)
            present.addWidget(box)
            model.modelReset.connect(self._sync_people)
            model.dataChanged.connect(self._sync_people)
        f2 = QFormLayout()
        self.form2 = f2
        rows2 = [("statements", self.statements, "statements"), ("evidence", self.evidence_checked, None),
                 ("record", self.record_text, "record_text"), ("risk", self.risk_warning, None),
                 ("outcome", self.outcome, "outcome"),
                 ("failure", self.failure_reason, "failure_reason"), ("recorder", self.recorder, None)]
        self._rows2 = rows2
        for _k, w, msg in rows2:
            f2.addRow(QLabel(), w)
            if msg:
                f2.addRow(QLabel(), self.msgs[msg])
        checks = QHBoxLayout()
        checks.addWidget(self.notice_read)
        checks.addWidget(self.is_public)
        checks.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.schedule_button)
        buttons.addStretch(1)
        fl = QVBoxLayout(self.form_box)
        fl.addLayout(f)
        fl.addLayout(present)
        fl.addWidget(self.remote_box)
        fl.addLayout(f2)
        fl.addLayout(checks)
        fl.addLayout(buttons)
        fl.addWidget(self.record_reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list_box, 1)
        layout.addWidget(self.form_box, 3)
        layout.addWidget(self.message)
        self._mediators: list[Any] = []
        self._dirty = False
        self.record_text.textChanged.connect(self._mark_dirty)
        self.retranslate()
        self._sync_mode()
        ctx.runner.run(lambda: ctx.services.accounts.mediators(ctx.actor), self._set_mediators, lambda _e: None)

    def _mark_dirty(self) -> None:
        self._dirty = bool(self.record_text.toPlainText().strip())

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def save(self) -> None:
        if self.record_text.toPlainText().strip():
            self._on_record()

    def _set_mediators(self, mediators: list[Any]) -> None:
        self._mediators = mediators
        self._fill_mediators()

    def _fill_mediators(self) -> None:
        d = self.detail
        current = {a.mediator_id for a in d.assignments if a.ended_at is None} if d else set()
        items = [(m.id, m.name) for m in self._mediators if m.id in current] or [(m.id, m.name) for m in self._mediators]
        self.mediators_present.set_items(items, checked=set(current) if current else None)

    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        self.meetings.set_rows(d.meetings)
        self.parties_present.set_items([(p.link_id, p.name) for p in d.parties],
                                       checked=set(self.parties_present.checked_keys()) or {p.link_id for p in d.parties})
        self.participants_present.set_items([(p.id, f"{p.name}（{enum_label(p.role, _role_enum())}）")
                                             for p in d.participants])
        if not self.place.text() and d.place:
            self.place.setText(d.place)
        self._fill_mediators()

    def _sync_people(self, *_a: object) -> None:
        """The remote box lists the people ticked present (parties, then participants and mediators)."""
        def ticked(model: CheckListModel) -> list[tuple[Any, str]]:
            keys = set(model.checked_keys())
            return [(model.data(model.index(i), KeyRole), model.data(model.index(i)))
                    for i in range(model.rowCount()) if model.data(model.index(i), KeyRole) in keys]

        self.remote_box.set_people(ticked(self.parties_present),
                                   ticked(self.participants_present) + ticked(self.mediators_present))

    def _sync_mode(self, *_a: object) -> None:
        remote = self.mode.currentData() != MeetingMode.ON_SITE.value
        self.identity.setVisible(remote)
        self.form.labelForField(self.identity).setVisible(remote)
        self.remote_box.setVisible(remote)
        self.remote_box.set_mode(MeetingMode(self.mode.currentData()))
        failed = self.outcome.currentData() == MeetingOutcome.FAILED.value
        self.failure_reason.setVisible(failed)
        self.form2.labelForField(self.failure_reason).setVisible(failed)

    def _input(self) -> MeetingInput:
        when: dt.datetime = self.when.dateTime().toPython().astimezone()
        outcome = self.outcome.currentData()
        return MeetingInput(
            place=self.place.text(), mode=MeetingMode(self.mode.currentData()),
            scheduled_at=when, held_at=when,
            party_links_present=self.parties_present.checked_keys(),
            participant_ids_present=self.participants_present.checked_keys(),
            mediator_ids_present=self.mediators_present.checked_keys(),
            record_text=self.record_text.toPlainText(),
            outcome=MeetingOutcome(outcome) if outcome else None,
            failure_reason=self.failure_reason.text() or None, notice_read=self.notice_read.isChecked(),
            is_public=self.is_public.isChecked(), recorder_name=self.recorder.text() or None,
            remote_identity_check=self.identity.text() or None,
            statements=self._statements(), evidence_checked=self.evidence_checked.text(),
            risk_warning=self.risk_warning.text(),
            platform=self.remote_box.platform_text(), attendance=self.remote_box.attendance(),
        )

    def _statements(self) -> tuple[tuple[str, str], ...]:
        """Each line "姓名：陈述" (a full-width or ASCII colon) is one party's statement, in order."""
        out: list[tuple[str, str]] = []
        for line in self.statements.toPlainText().splitlines():
            who, sep, said = line.replace(":", "：", 1).partition("：")
            if sep and who.strip() and said.strip():
                out.append((who.strip(), said.strip()))
            elif line.strip() and out:  # a continuation line belongs to the statement above
                out[-1] = (out[-1][0], out[-1][1] + line.strip())
        return tuple(out)

    def _clear(self, _changes: Any) -> None:
        self.record_text.clear()
        for w in (self.statements, self.evidence_checked, self.risk_warning):
            w.clear()
        self.failure_reason.clear()
        self.remote_box.show_errors({})
        self.outcome.setCurrentIndex(0)
        self._dirty = False
        for m in self.msgs.values():
            m.show_issues()

    def _on_schedule(self) -> None:
        ctx, data = self.ctx, self._input()
        data = MeetingInput(place=data.place, mode=data.mode, scheduled_at=data.scheduled_at, is_public=data.is_public)
        self.call(lambda: ctx.services.meetings.schedule(ctx.actor, ctx.case_id, data))

    def _on_record(self) -> None:
        ctx, data = self.ctx, self._input()
        scheduled = [m for m in (self.detail.meetings if self.detail else ()) if m.status == "scheduled"]
        index = self.meeting_view.currentIndex()
        meeting_id = None
        if index.isValid() and self.meetings.row_at(index.row()).status == "scheduled":
            meeting_id = self.meetings.row_at(index.row()).id
        elif len(scheduled) == 1:
            meeting_id = scheduled[0].id
        self.call(lambda: ctx.services.meetings.record(ctx.actor, ctx.case_id, data, meeting_id=meeting_id), self._clear)

    def on_error(self, exc: BaseException) -> None:
        fields = getattr(exc, "field_errors", {}) or {}
        self.remote_box.show_errors({k: v for k, v in fields.items() if k in ERROR_KEYS})
        for key, msg in self.msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])
        for key, widget in (("place", self.place), ("record_text", self.record_text),
                            ("remote_identity_check", self.identity), ("failure_reason", self.failure_reason)):
            mark_invalid(widget, key in fields)

    def retranslate(self) -> None:
        self.list_box.setTitle(_("Sessions so far"))
        self.form_box.setTitle(_("Record a session (or schedule one)"))
        labels = {"mode": _("Mode"), "when": _("Date and time"), "place": _("Place"),
                  "identity": _("Note on the identity checks"), "record": _("Session record"),
                  "outcome": _("Outcome"), "failure": _("Why no agreement"), "recorder": _("Recorder"),
                  "statements": _("Parties' statements"), "evidence": _("Evidence checked"),
                  "risk": _("Risk warning given")}
        for key, w, _m in self._rows:
            self.form.labelForField(w).setText(labels[key])
        for key, w, _m in self._rows2:
            self.form2.labelForField(w).setText(labels[key])
        for box, title in zip(self.present_boxes, (_("Parties present"), _("Mediators present"),
                                                   _("Other participants present")), strict=True):
            box.setTitle(title)
        for i in range(self.mode.count()):
            self.mode.setItemText(i, MeetingMode(self.mode.itemData(i)).label())
        self.outcome.setItemText(0, _("— choose —"))
        for i in range(1, self.outcome.count()):
            self.outcome.setItemText(i, MeetingOutcome(self.outcome.itemData(i)).label())
        self.identity.setPlaceholderText(_("Anything further on how identities were checked (optional)"))
        self.record_text.setPlaceholderText(_("What was proposed and explained, what was agreed."))
        self.statements.setPlaceholderText(_("One line each, e.g. 马福海：到货时有三十八箱压坏。"))
        self.evidence_checked.setPlaceholderText(_("Investigation results and evidence checked with the parties"))
        self.risk_warning.setPlaceholderText(_("The risks of the outcome the parties were warned of"))
        self.notice_read.setText(_("Rights and duties were read out at the start"))
        self.is_public.setText(_("Session open to the public"))
        self.record_button.setText(_("Save session record"))
        self.schedule_button.setText(_("Schedule for this time"))
        self.remote_box.retranslate()
        self.meetings.retranslate()


def _role_enum():  # type: ignore[no-untyped-def]
    from mediation_app.domain.enums import ParticipantRole

    return ParticipantRole
