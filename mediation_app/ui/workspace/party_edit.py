"""Correcting a party of an open case without revealing their ID number or phone.

The editor opens with every detail filled in except the ID number and the phone: those fields start
empty, their placeholder shows the masked value on file, and an empty field keeps what is on file
(the service keeps the number and its document type). Typing a new number replaces it. So a
correction never needs an (audited) reveal, and nothing on file is lost by leaving a field alone."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from mediation_app.domain.ethnicity import ethnicity_label
from mediation_app.i18n import _
from mediation_app.ui.language import Retranslating
from mediation_app.ui.widgets.common import FieldMessage, error_text, role_label, set_primary
from mediation_app.ui.widgets.party_editor import PartyEditor


def _draft_of(p: Any) -> dict[str, Any]:
    """The editor's fields for party ``p`` (a PartyView), without its ID number and phone."""
    return {
        "role": p.role, "kind": p.kind, "name": p.name, "id_type": p.id_type, "sex": p.sex, "age": p.age or 0,
        "ethnicity": ethnicity_label(p.ethnicity) if p.ethnicity else "", "address": p.address, "occupation": p.occupation,
        "credit_code": p.credit_code, "legal_rep_name": p.legal_rep_name, "legal_rep_title": p.legal_rep_title,
        "language": p.preferred_language, "interpreter": p.interpreter_needed, "stall": p.stall_number,
        "agent_name": p.agent_name, "agent_phone": p.agent_phone, "agent_kind": p.agent_kind,
    }


class PartyEditDialog(Retranslating, QDialog):
    def __init__(self, ctx: Any, party: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.party = ctx, party
        self.saved = False
        self.setMinimumWidth(760)
        self.editor = PartyEditor(ctx.services, ctx.actor, ctx.runner, 0)
        self.editor.remove.hide()
        self.editor.existing_party_id = party.party_id  # it is this party: no "already on file?" hint
        self.editor.load_draft(_draft_of(party))
        self.note = role_label("", "muted")
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        set_primary(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Correct the details of {name}").format(name=self.party.name))
        self.editor.heading.setText(self.party.name)
        if self.party.id_masked and not self.editor.is_legal:
            self.editor.id_number.setPlaceholderText(_("On file: {masked}").format(masked=self.party.id_masked))
        if self.party.phone_masked:
            self.editor.phone.setPlaceholderText(_("On file: {masked}").format(masked=self.party.phone_masked))
        self.note.setText(_("The ID number and the phone are not shown: leave them empty to keep what is on file, or "
                            "type a new one to replace it."))

    def save(self) -> None:
        if not self.editor.validate_now():
            return
        ctx, link_id, data = self.ctx, self.party.link_id, self.editor.to_input()
        self.buttons.setEnabled(False)

        def done(changes: Any) -> None:
            self.saved = True
            ctx.events.changed(changes)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.editor.show_service_issues(getattr(exc, "field_errors", {}) or {}, getattr(exc, "warnings", {}) or {})
            self.message.show_issues([error_text(exc)])

        ctx.runner.run(lambda: ctx.services.parties.update_party(ctx.actor, ctx.case_id, link_id, data), done,
                       failed, write=True)
