"""Pieces the fund's case part and its overview window share: the columns of the ledger, the
receipt shown in the print preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from mediation_app.domain.money import format_fen
from mediation_app.fileio import atomic_write_bytes
from mediation_app.i18n import N_, _
from mediation_app.ui.formatting import date_text
from mediation_app.ui.models.records import Column
from mediation_app.ui.printing import DocumentOutput, suggested_file_name
from mediation_app.ui.tasks import TaskRunner


def _state(e: Any) -> str:
    if e.reversed_by:
        return _("Reversed by {number}").format(number=e.reversed_by)
    if e.kind == "payment":
        return _("Outstanding {amount}").format(amount=format_fen(e.outstanding_fen)) if e.outstanding_fen else _(
            "Recovered in full")
    return ""


ENTRY_COLUMNS = (
    Column(N_("Date"), lambda e: date_text(e.entry_on)),
    Column(N_("Number"), lambda e: e.number),
    Column(N_("Entry"), lambda e: e.kind_label),
    Column(N_("Amount"), lambda e: format_fen(e.amount_fen)),
    Column(N_("Party or merchant"), lambda e: " / ".join(x for x in (e.payee, e.merchant or e.source) if x)),
    Column(N_("Against"), lambda e: e.reverses_number or e.payment_number),
    Column(N_("Note or reason"), lambda e: e.note),
    Column(N_("State"), _state, urgent=lambda e: e.kind == "payment" and e.outstanding_fen > 0),
)
OUTSTANDING_COLUMNS = (
    Column(N_("Merchant"), lambda r: r.merchant),
    Column(N_("Payment"), lambda r: r.number),
    Column(N_("Paid on"), lambda r: date_text(r.paid_on)),
    Column(N_("Case number"), lambda r: r.case_number),
    Column(N_("Paid to"), lambda r: r.payee),
    Column(N_("Paid"), lambda r: format_fen(r.paid_fen)),
    Column(N_("Recovered"), lambda r: format_fen(r.recovered_fen)),
    Column(N_("Outstanding"), lambda r: format_fen(r.outstanding_fen), urgent=lambda r: True),
)


def show_receipt(parent: QWidget, runner: TaskRunner, services: Any, actor: Any, entry_id: Any,
                 failed: Any) -> None:
    """Render the receipt off the GUI thread, then show it in the print preview (print or save there)."""
    def shown(doc: Any) -> None:
        output = DocumentOutput(parent, runner)
        parent.setProperty("receipt_pages", doc.pages)
        output.preview(doc, save=lambda path: atomic_write_bytes(path, doc.pdf),
                       suggested=suggested_file_name(doc.title, entry_id.hex[:8]))

    runner.run(lambda: services.fund.receipt(actor, entry_id), shown, failed)
