"""The remote part of a session (现场+远程): the platform and, for each person present, whether they
took part remotely and from where; for each party, how they agreed to remote mediation; for each
remote person, how their identity was checked. Shown when the session's mode is video, phone or mixed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_app.domain.enums import MeetingMode
from mediation_app.domain.remote import PLATFORM_SUGGESTIONS, Attendance, IdentityCheck, RemoteConsent
from mediation_app.i18n import _
from mediation_app.ui.widgets.common import FieldMessage, mark_invalid

ERROR_KEYS = ("platform", "consent", "identity_check", "attendance")


@dataclass
class _Row:
    ref_id: uuid.UUID
    name: str
    party: bool
    remote: QCheckBox
    location: QLineEdit
    consent: QComboBox | None
    identity: QComboBox
    widgets: list[QWidget] = field(default_factory=list)


def _combo(items: list[tuple[object, str]]) -> QComboBox:
    box = QComboBox()
    for key, text in items:
        box.addItem(text, key)
    return box


class RemoteAttendanceBox(QGroupBox):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.platform = QComboBox()
        self.platform.setEditable(True)
        self.platform.addItems(["", *PLATFORM_SUGGESTIONS])
        self.msgs = {k: FieldMessage() for k in ERROR_KEYS}
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)
        self.heads = [QLabel() for _i in range(5)]
        for col, head in enumerate(self.heads):
            self.grid.addWidget(head, 0, col)
        self._rows: list[_Row] = []
        self._mode = MeetingMode.ON_SITE
        form = QFormLayout()
        self.form = form
        form.addRow(QLabel(), self.platform)
        form.addRow(self.msgs["platform"])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.grid)
        for key in ("consent", "identity_check", "attendance"):
            layout.addWidget(self.msgs[key])
        self.retranslate()

    # -- rows ------------------------------------------------------------------------------------
    def set_mode(self, mode: MeetingMode) -> None:
        previous, self._mode = self._mode, mode
        if mode != previous and mode in (MeetingMode.VIDEO, MeetingMode.PHONE):
            for row in self._rows:
                if row.party:
                    row.remote.setChecked(True)

    def set_people(self, parties: list[tuple[uuid.UUID, str]], others: list[tuple[uuid.UUID, str]]) -> None:
        """One row per person present (parties first); what was typed for someone is kept."""
        wanted = [(k, n, True) for k, n in parties] + [(k, n, False) for k, n in others]
        if [(r.ref_id, r.name, r.party) for r in self._rows] == wanted:
            return
        old = {r.ref_id: r for r in self._rows}
        for row in self._rows:
            for w in row.widgets:
                self.grid.removeWidget(w)
                w.hide()
                w.setParent(None)  # gone at once, not when the event loop next deletes it
                w.deleteLater()
        self._rows = []
        for i, (ref_id, name, party) in enumerate(wanted, start=1):
            row = self._make_row(ref_id, name, party, old.get(ref_id))
            for col, w in enumerate(row.widgets):
                self.grid.addWidget(w, i, col)
            self._rows.append(row)
        self.retranslate_rows()

    def _make_row(self, ref_id: uuid.UUID, name: str, party: bool, old: _Row | None) -> _Row:
        remote = QCheckBox()
        remote.setChecked(old.remote.isChecked() if old else party and self._mode in (MeetingMode.VIDEO, MeetingMode.PHONE))
        location = QLineEdit(old.location.text() if old else "")
        consent = _combo([(None, ""), *((c.value, c.label()) for c in RemoteConsent)]) if party else None
        identity = _combo([(None, ""), *((c.value, c.label()) for c in IdentityCheck)])
        if old is not None:
            if consent is not None and old.consent is not None:
                consent.setCurrentIndex(old.consent.currentIndex())
            identity.setCurrentIndex(old.identity.currentIndex())
        label = QLabel(name)
        widgets: list[QWidget] = [label, remote, location, consent or QLabel(), identity]
        row = _Row(ref_id, name, party, remote, location, consent, identity, widgets)
        remote.toggled.connect(lambda on, r=row: self._sync_row(r))
        self._sync_row(row)
        return row

    @staticmethod
    def _sync_row(row: _Row) -> None:
        on = row.remote.isChecked()
        row.location.setEnabled(on)
        row.identity.setEnabled(on)

    # -- values ----------------------------------------------------------------------------------
    def platform_text(self) -> str:
        return self.platform.currentText()

    def attendance(self) -> tuple[Attendance, ...]:
        return tuple(
            Attendance(ref_id=r.ref_id, remote=r.remote.isChecked(),
                       location=r.location.text() if r.remote.isChecked() else "",
                       consent=RemoteConsent(r.consent.currentData()) if r.consent and r.consent.currentData() else None,
                       identity_check=IdentityCheck(r.identity.currentData())
                       if r.remote.isChecked() and r.identity.currentData() else None)
            for r in self._rows)

    def clear(self) -> None:
        self.platform.setCurrentIndex(0)
        self.platform.setEditText("")
        self.set_people([], [])
        self.show_errors({})

    def show_errors(self, fields: dict[str, str]) -> None:
        for key, msg in self.msgs.items():
            msg.show_issues([fields[key]] if key in fields else [])
        mark_invalid(self.platform, "platform" in fields)

    # -- language --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("Remote session"))
        self.form.labelForField(self.platform).setText(_("Platform"))
        self.platform.lineEdit().setPlaceholderText(_("e.g. 腾讯会议, 微信视频, 电话"))
        for head, text in zip(self.heads, (_("Present"), "", _("Where they were"),
                                           _("Agreed to remote mediation"), _("Identity checked by")), strict=True):
            head.setText(text)
        self.retranslate_rows()

    def retranslate_rows(self) -> None:
        for row in self._rows:
            row.remote.setText(_("remote"))
            row.location.setPlaceholderText(_("e.g. 甘肃省兰州市"))
            for combo, enum in ((row.consent, RemoteConsent), (row.identity, IdentityCheck)):
                if combo is None:
                    continue
                combo.setItemText(0, _("— not recorded —") if combo is row.consent else _("— choose —"))
                for i in range(1, combo.count()):
                    combo.setItemText(i, enum(combo.itemData(i)).label())
