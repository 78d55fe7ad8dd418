"""A merchant's record in a few lines, and the note that intake shows under a party when a stall or
a merchant is named: the merchant found, its disputes on record and the repeat-disputant warning."""

from __future__ import annotations

from typing import Any

from mediation_app.domain.enums import CaseStatus, enum_label
from mediation_app.i18n import _, ngettext
from mediation_app.ui.formatting import date_text
from mediation_app.ui.tasks import TaskRunner
from mediation_app.ui.widgets.common import role_label

SHOWN_CASES = 5


def merchant_state(m: Any) -> str:
    if m.active:
        return _("active")
    return _("left on {day}").format(day=date_text(m.left_on)) if m.left_on else _("left")


def merchant_summary(record: Any) -> str:
    """Who, where, licence, state, disputes (the latest five) and the warning."""
    m = record.merchant
    head = _("Stall {stall}: {name}").format(stall=m.stall_number, name=m.name)
    facts = [x for x in (m.business_type, m.operator_name, m.credit_code, merchant_state(m)) if x]
    lines = [head + ("（" + "，".join(facts) + "）" if facts else "")]
    lines.append(ngettext("{n} dispute on record", "{n} disputes on record", m.disputes).format(n=m.disputes))
    for c in record.cases[:SHOWN_CASES]:
        lines.append(f"  {date_text(c.registered_on)}  {c.number}  {enum_label(c.status, CaseStatus)}")
    if len(record.cases) > SHOWN_CASES:
        lines.append("  " + _("… and {n} more").format(n=len(record.cases) - SHOWN_CASES))
    if record.warning:
        lines.append("⚠ " + record.warning)
    return "\n".join(lines)


class MerchantNote:
    """Owns a label (``self.label``) that shows what the registry knows of a stall or a merchant."""

    def __init__(self, services: Any, actor: Any, runner: TaskRunner) -> None:
        self._svc, self._actor, self._runner = services, actor, runner
        self.label = role_label("", "warning")
        self.label.setObjectName("merchant_note")
        self.label.hide()
        self._asked: tuple[str, str] = ("", "")
        self.records: tuple[Any, ...] = ()

    def check(self, stall: str, name: str) -> None:
        stall, name = stall.strip(), name.strip()
        if (stall, name) == self._asked:
            return
        self._asked = (stall, name)
        if not stall and len(name) < 2 or not hasattr(self._svc, "merchants"):
            self.show(())
            return
        self._runner.run(lambda: self._svc.merchants.intake_check(self._actor, stall=stall, name=name),
                         lambda found, asked=(stall, name): self._answer(asked, found), lambda _exc: self.show(()))

    def _answer(self, asked: tuple[str, str], found: Any) -> None:
        if asked == self._asked:
            self.show(found)

    def show(self, found: Any) -> None:
        self.records = tuple(found)
        if not self.records:
            self.label.hide()
            self.label.setText("")
            return
        self.label.setText(_("In the merchant registry:") + "\n" + "\n".join(merchant_summary(r) for r in self.records[:2]))
        self.label.show()
