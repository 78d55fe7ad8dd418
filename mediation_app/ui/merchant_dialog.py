"""Add or change one merchant of the registry; a licence number whose check character does not
match is shown as a warning and kept only when the user ticks the confirmation."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from mediation_app.i18n import _
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.market.read_models import MerchantInput
from mediation_app.ui.events import AppEvents
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import FieldMessage, error_text
from mediation_app.ui.widgets.screen_fit import fit_to_screen


class MerchantDialog(QDialog):
    def __init__(self, services: Any, actor: Any, runner: TaskRunner, events: AppEvents, merchant: Any = None,
                 parent=None) -> None:
        super().__init__(parent)
        self._svc, self._actor, self._runner, self._events = services, actor, runner, events
        self.merchant = merchant
        self.setWindowTitle(_("Change the merchant") if merchant else _("Add a merchant"))
        self.fields = {k: QLineEdit() for k in ("stall_number", "name", "business_type", "credit_code",
                                                  "operator_name", "operator_phone", "contacts", "note")}
        labels = {"stall_number": _("&Stall number"), "name": _("&Merchant (shop name)"),
                  "business_type": _("&Business type"), "credit_code": _("Unified social &credit code"),
                  "operator_name": _("&Operator"), "operator_phone": _("Operator's &phone"),
                  "contacts": _("Other con&tacts"), "note": _("Not&e")}
        self.fields["business_type"].setPlaceholderText(_("e.g. fruit wholesale, vegetables, dried goods"))
        self.fields["credit_code"].setPlaceholderText(_("18 characters, from the business licence"))
        form = QFormLayout()
        for key, edit in self.fields.items():
            form.addRow(labels[key], edit)
            if merchant is not None:
                edit.setText(getattr(merchant, key) or "")
        self.confirm = QCheckBox(_("Keep it as entered (the licence is printed this way)"))
        self.confirm.hide()
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 560, self.sizeHint().height())

    def data(self) -> MerchantInput:
        return MerchantInput(**{k: e.text() for k, e in self.fields.items()})

    def save(self) -> None:
        data, confirm = self.data(), self.confirm.isChecked()
        if self.merchant is None:
            def call() -> Any:
                return self._svc.merchants.add(self._actor, data, confirm_warnings=confirm)
        else:
            merchant_id = self.merchant.id

            def call() -> Any:
                return self._svc.merchants.edit(self._actor, merchant_id, data, confirm_warnings=confirm)
        self.buttons.setEnabled(False)
        self._runner.run(call, self._done, self._failed, write=True)

    def _done(self, changes: Any) -> None:
        self.buttons.setEnabled(True)
        self._events.changed(changes)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.message.show_issues(exc.field_errors.values(), exc.warnings.values())
            self.confirm.setVisible(bool(exc.warnings) and not exc.field_errors)
            return
        self.message.show_issues([error_text(exc)])
