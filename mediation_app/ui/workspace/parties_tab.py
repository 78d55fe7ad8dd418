"""Parties and participants; the rights notice and consent of each party (facts 2 and 4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from mediation_app.domain.enums import ConsentKind, NoticeForm, ParticipantRole, PartyKind, PartyRole, enum_label
from mediation_app.domain.ethnicity import ethnicity_label
from mediation_app.domain.lifecycle import Action
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import N_, _
from mediation_app.ui.formatting import date_text
from mediation_app.ui.models.records import Column, RecordTableModel
from mediation_app.ui.widgets.common import error_text, role_label, set_primary
from mediation_app.ui.widgets.merchant_note import merchant_summary
from mediation_app.ui.workspace.base import CaseContext, WorkspaceTab, table_view
from mediation_app.ui.workspace.party_edit import PartyEditDialog

CONSENT_TEXT = {
    "pending": N_("Not yet asked"),
    "consent": N_("Consents"),
    "refusal": N_("Refuses"),
    "withdrawal": N_("Asked to end"),
}


def _consent(p: Any) -> str:
    text = _(CONSENT_TEXT.get(p.consent, p.consent))
    return f"{text} {date_text(p.consent_on)}".strip()


def _notice(p: Any) -> str:
    if not p.notice_given_on:
        return _("Not given")
    return f"{date_text(p.notice_given_on)} {enum_label(p.notice_form, NoticeForm)}"


def party_columns(id_text: Callable[[Any], str], phone_text: Callable[[Any], str]) -> tuple[Column, ...]:
    """The parties list; ID numbers and phones as ``id_text``/``phone_text`` show them (masked
    unless the user revealed them)."""
    return (
        Column(N_("Role"), lambda p: enum_label(p.role, PartyRole)),
        Column(N_("Name"), lambda p: p.name),
        Column(N_("Kind"), lambda p: enum_label(p.kind, PartyKind)),
        Column(N_("Ethnic group"), lambda p: ethnicity_label(p.ethnicity)),
        Column(N_("ID / credit code"), id_text),
        Column(N_("Phone"), phone_text),
        Column(N_("Rights notice"), _notice, urgent=lambda p: not p.notice_given_on),
        Column(N_("Consent"), _consent, urgent=lambda p: p.consent in ("refusal", "withdrawal", "pending")),
    )

PARTICIPANT_COLUMNS = (
    Column(N_("Role"), lambda p: enum_label(p.role, ParticipantRole)),
    Column(N_("Name"), lambda p: p.name),
    Column(N_("Organisation"), lambda p: p.organisation or ""),
    Column(N_("Relation"), lambda p: p.relation or ""),
    Column(N_("Languages"), lambda p: p.languages or ""),
)


class PartiesTab(WorkspaceTab):
    def __init__(self, ctx: CaseContext, parent=None) -> None:
        super().__init__(ctx, parent)
        self.revealed: dict[Any, str | None] | None = None  # party id -> full ID number, once revealed
        self.parties = RecordTableModel(party_columns(self._id_text, self._phone_text), self)
        # Full ID numbers and phones: shown only on request, to a role that may see them on this
        # case, and every reveal is in the audit log (the same "pi.reveal" as the command line's).
        self.reveal_button = QPushButton()
        self.reveal_button.setObjectName("reveal_numbers")
        self.reveal_button.hide()
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_party)
        self.guard(self.edit_button, Action.EDIT_PARTIES)
        self.party_view = table_view(self.parties, stretch=1)
        self.party_view.setMinimumHeight(160)
        self.notice_form = QComboBox()
        for f in NoticeForm:
            self.notice_form.addItem(f.label(), f.value)
        self.note = QLineEdit()
        self.buttons = {
            ConsentKind.NOTICE_GIVEN: QPushButton(), ConsentKind.CONSENT: QPushButton(),
            ConsentKind.REFUSAL: QPushButton(), ConsentKind.WITHDRAWAL: QPushButton(),
            ConsentKind.EXTENSION_CONSENT: QPushButton(),
        }
        self.all_button = set_primary(QPushButton())
        self.consent_reason = self.reason_label()
        for kind, b in self.buttons.items():
            b.clicked.connect(lambda _c=False, k=kind: self._record(k))
            self.guard(b, Action.RECORD_CONSENT, reason=self.consent_reason)
        self.guard(self.all_button, Action.RECORD_CONSENT)
        self.all_button.clicked.connect(self._record_all)
        self.consent_box = QGroupBox()
        cf = QFormLayout(self.consent_box)
        cf.addRow(QLabel(), self.notice_form)
        cf.addRow(QLabel(), self.note)
        self.consent_form = cf
        row = QHBoxLayout()
        for b in self.buttons.values():
            row.addWidget(b)
        row.addStretch(1)
        cf.addRow(row)
        cf.addRow(self.all_button)
        cf.addRow(self.consent_reason)

        self.participants = RecordTableModel(PARTICIPANT_COLUMNS, self)
        self.part_box = QGroupBox()
        self.p_role = QComboBox()
        for r in ParticipantRole:
            self.p_role.addItem(r.label(), r.value)
        self.p_name = QLineEdit()
        self.p_org = QLineEdit()
        self.p_relation = QLineEdit()
        self.p_languages = QLineEdit()
        self.p_add = QPushButton()
        self.p_reason = self.reason_label()
        self.guard(self.p_add, Action.EDIT_PARTIES, reason=self.p_reason)
        self.p_add.clicked.connect(self._add_participant)
        pl = QVBoxLayout(self.part_box)
        pl.addWidget(table_view(self.participants, stretch=1))
        pf = QFormLayout()
        self.part_form = pf
        for w in (self.p_role, self.p_name, self.p_org, self.p_relation, self.p_languages):
            pf.addRow(QLabel(), w)
        pl.addLayout(pf)
        pl.addWidget(self.p_add)
        pl.addWidget(self.p_reason)

        self.party_box = QGroupBox()
        bl = QVBoxLayout(self.party_box)
        bl.addWidget(self.party_view)
        reveal_row = QHBoxLayout()
        reveal_row.addWidget(self.edit_button)
        self.merchant_button = QPushButton()  # link the selected party to the merchant at a stall
        self.merchant_button.clicked.connect(self._ask_merchant)
        self.guard(self.merchant_button, Action.EDIT_PARTIES)
        reveal_row.addWidget(self.merchant_button)
        reveal_row.addStretch(1)
        reveal_row.addWidget(self.reveal_button)
        bl.addLayout(reveal_row)
        self.merchant_record = role_label("", "muted")  # the merchant record of the parties linked to one
        self.merchant_record.setObjectName("merchant_record")
        self.merchant_record.hide()
        bl.addWidget(self.merchant_record)
        layout = QVBoxLayout(self)
        layout.addWidget(self.party_box, 2)
        layout.addWidget(self.consent_box)
        layout.addWidget(self.message)
        layout.addWidget(self.part_box, 1)
        self.retranslate()

    def show_detail(self, d: Any) -> None:
        super().show_detail(d)
        selected = self.selected_party()
        self.parties.set_rows(d.parties)
        self.participants.set_rows(d.participants)
        row = 0
        if selected is not None:
            row = next((i for i, p in enumerate(d.parties) if p.link_id == selected.link_id), 0)
        if d.parties:
            self.party_view.selectRow(row)
        ext = self.blocked(Action.TERMINATE)
        self.buttons[ConsentKind.EXTENSION_CONSENT].setEnabled(not ext and bool(d.parties))
        self._offer_reveal()
        self._show_merchants(d)

    def _show_merchants(self, d: Any) -> None:
        ctx = self.ctx
        if not hasattr(ctx.services, "merchants"):
            return
        ids = [p.party_id for p in d.parties]
        names = {p.party_id: p.name for p in d.parties}

        def show(found: dict[Any, Any]) -> None:
            lines = [_("{party} — merchant registry:").format(party=names.get(pid, "")) + "\n" + merchant_summary(r)
                     for pid, r in found.items()]
            self.merchant_record.setText("\n".join(lines))
            self.merchant_record.setVisible(bool(lines))

        ctx.runner.run(lambda: ctx.services.merchants.of_case_parties(ctx.actor, ids), show, lambda _exc: None)

    def _ask_merchant(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        party = self.selected_party()
        if party is None:
            self.message.show_issues([_("Select a party in the list first.")])
            return
        stall, ok = QInputDialog.getText(self, _("Link to a merchant"), _("Stall number of the merchant:"),
                                         text=party.stall_number or "")
        if ok:
            self.link_selected(stall)

    def link_selected(self, stall: str) -> None:
        """Link the selected party to the merchant active at ``stall`` (an empty stall unlinks it)."""
        ctx, party = self.ctx, self.selected_party()
        if party is None:
            return

        def link() -> Any:
            merchant_id = None
            if stall.strip():
                found = [r.merchant for r in ctx.services.merchants.find_by_stall(ctx.actor, stall)]
                active = [m for m in found if m.active] or found
                if not active:
                    raise ValueError(_("No merchant at stall {stall}.").format(stall=stall.strip()))
                merchant_id = active[0].id
            return ctx.services.merchants.link_party(ctx.actor, ctx.case_id, party.party_id, merchant_id)

        def failed(exc: BaseException) -> None:
            self.message.show_issues([str(exc) if isinstance(exc, ValueError) else error_text(exc)])

        ctx.runner.run(link, lambda changes: (ctx.events.changed(changes), self._show_merchants(self.detail)), failed,
                       write=True)

    def edit_party(self) -> PartyEditDialog | None:
        """Correct the selected party's details; the ID number and phone are not shown to do so."""
        party = self.selected_party()
        if party is None:
            self.message.show_issues([_("Select a party in the list first.")])
            return None
        dialog = PartyEditDialog(self.ctx, party, self.window())
        dialog.open()
        return dialog

    # -- full ID numbers ----------------------------------------------------------------------------
    def _offer_reveal(self) -> None:
        """The reveal action exists only for an account that may see full numbers on this case."""
        ctx = self.ctx
        if not ctx.actor.may(Perm.REVEAL_ID, assigned=True):
            self.reveal_button.hide()
            return
        ctx.runner.run(lambda: ctx.services.accounts.can(ctx.actor, Perm.REVEAL_ID, ctx.case_id),
                       lambda refused: self.reveal_button.setVisible(not refused), lambda _exc: None)

    def toggle_reveal(self) -> None:
        if self.revealed is not None:  # hiding again needs no record
            self.revealed = None
            self._show_numbers()
            return
        ctx = self.ctx

        def shown(numbers: dict[Any, str | None]) -> None:
            self.revealed = dict(numbers)
            self._show_numbers()

        self.message.show_issues()
        ctx.runner.run(lambda: ctx.services.accounts.reveal_identity(ctx.actor, ctx.case_id, purpose="client"),
                       shown, lambda exc: self.message.show_issues([error_text(exc)]), write=True)

    def _show_numbers(self) -> None:
        if self.detail is not None:
            self.parties.set_rows(self.detail.parties)
        self.retranslate_reveal()

    def _id_text(self, p: Any) -> str:
        if self.revealed is not None and p.party_id in self.revealed:
            return self.revealed[p.party_id] or p.credit_code or p.id_masked
        return str(p.id_masked)

    def _phone_text(self, p: Any) -> str:
        if self.revealed is not None and p.party_id in self.revealed:
            return str(p.phone or p.phone_masked)
        return str(p.phone_masked)

    def retranslate_reveal(self) -> None:
        if self.revealed is None:
            self.reveal_button.setText(_("Show full numbers"))
            self.reveal_button.setToolTip(_("Shows the full ID numbers and phones of the parties; this is recorded "
                                            "in the audit log."))
        else:
            self.reveal_button.setText(_("Hide full numbers"))
            self.reveal_button.setToolTip("")

    def selected_party(self) -> Any:
        index = self.party_view.currentIndex()
        return self.parties.row_at(index.row()) if index.isValid() else None

    def _record(self, kind: ConsentKind) -> None:
        party = self.selected_party()
        if party is None:
            self.message.show_issues([_("Select a party in the list first.")])
            return
        ctx, form, note = self.ctx, NoticeForm(self.notice_form.currentData()), self.note.text().strip()
        self.call(lambda: ctx.services.parties.record_consent(ctx.actor, ctx.case_id, party.link_id, kind,
                                                             form=form, note=note or None),
                  lambda _c: self.note.clear())

    def _record_all(self) -> None:
        ctx, form = self.ctx, NoticeForm(self.notice_form.currentData())
        self.call(lambda: ctx.services.parties.record_all_consents(ctx.actor, ctx.case_id, form=form))

    def _add_participant(self) -> None:
        ctx = self.ctx
        role = ParticipantRole(self.p_role.currentData())
        values = (self.p_name.text(), self.p_org.text(), self.p_relation.text(), self.p_languages.text())

        def clear(_c: Any) -> None:
            for w in (self.p_name, self.p_org, self.p_relation, self.p_languages):
                w.clear()

        self.call(lambda: ctx.services.parties.add_participant(
            ctx.actor, ctx.case_id, role, values[0], organisation=values[1] or None, relation=values[2] or None,
            languages=values[3] or None), clear)

    def retranslate(self) -> None:
        self.party_box.setTitle(_("Parties"))
        self.consent_box.setTitle(_("Rights notice and consent of the selected party"))
        self.consent_form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setText(_("Form"))
        self.consent_form.itemAt(1, QFormLayout.ItemRole.LabelRole).widget().setText(_("What the party said"))
        self.note.setPlaceholderText(_("Needed when a party refuses or asks to end the mediation"))
        texts = {
            ConsentKind.NOTICE_GIVEN: _("Notice given"), ConsentKind.CONSENT: _("Consents"),
            ConsentKind.REFUSAL: _("Refuses"), ConsentKind.WITHDRAWAL: _("Asks to end"),
            ConsentKind.EXTENSION_CONSENT: _("Agrees to extend"),
        }
        for kind, b in self.buttons.items():
            b.setText(texts[kind])
            b.setToolTip(kind.label())
        self.all_button.setText(_("Every party was given the notice and consents"))
        for i in range(self.notice_form.count()):
            self.notice_form.setItemText(i, NoticeForm(self.notice_form.itemData(i)).label())
        self.part_box.setTitle(_("Participants (interpreter, invited persons, witnesses)"))
        for row, text in enumerate((_("Role"), _("Name"), _("Organisation"), _("Relation to the parties"),
                                    _("Languages (interpreter)"))):
            self.part_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        for i in range(self.p_role.count()):
            self.p_role.setItemText(i, ParticipantRole(self.p_role.itemData(i)).label())
        self.p_languages.setPlaceholderText(_("e.g. Tibetan–Chinese"))
        self.p_add.setText(_("Add participant"))
        self.edit_button.setText(_("Correct the selected party…"))
        self.merchant_button.setText(_("Link to a &merchant…"))
        self.retranslate_reveal()
        self.parties.retranslate()
        self.participants.retranslate()
