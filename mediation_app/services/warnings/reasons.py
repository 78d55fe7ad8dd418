"""A warning's reason in words, from its rule and the codes, ids and dates kept with it."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

from mediation_app.domain.enums import RiskLevel, TerminationKind
from mediation_app.domain.money import format_fen
from mediation_app.domain.warnings import WarningRule
from mediation_app.i18n import _


def _date(text: str | None) -> str:
    return dt.date.fromisoformat(text[:10]).isoformat() if text else "?"


def _other_case(d: dict[str, Any], sees: Callable[[uuid.UUID], bool]) -> str:
    committee = d.get("other_committee")
    if committee and not sees(uuid.UUID(committee)):
        return _("a case of another committee registered {date}").format(date=_date(d.get("other_on")))
    return _("case {number} registered {date}").format(number=d.get("other_number", "?"), date=_date(d.get("other_on")))


def reason_text(rule: str, detail_json: str, sees: Callable[[uuid.UUID], bool]) -> str:
    """Which rule, which records or words, and their dates."""
    d: dict[str, Any] = json.loads(detail_json or "{}")
    r = WarningRule(rule)
    if r is WarningRule.REPEAT_PARTIES:
        return _("{party} is a party to {other} as well: a new dispute within {months} months.").format(
            party=d.get("party", "?"), other=_other_case(d, sees), months=d.get("months", "?"))
    if r is WarningRule.FAMILY_RECURRING:
        return _("The family or neighbour dispute with {party} recurs: {other}.").format(
            party=d.get("party", "?"), other=_other_case(d, sees))
    if r is WarningRule.WORDS:
        source = {"facts": _("the facts and requests of the case"), "meeting": _("a session record"),
                  "investigation": _("an investigation record")}.get(d.get("source", ""), "?")
        return _("“{words}” in {source} of {date}.").format(
            words="”、“".join(d.get("words", [])), source=source, date=_date(d.get("on")))
    if r is WarningRule.OVERDUE_SUPPORT:
        amount = d.get("amount_fen")
        owed = _("{paid} of {amount} paid").format(paid=format_fen(d.get("performed_fen") or 0),
                                                   amount=format_fen(amount)) if amount else _("not performed")
        return _("Maintenance or wage payment “{what}” was due {date}: {owed}.").format(
            what=d.get("description") or "?", date=_date(d.get("due_on")), owed=owed)
    if r is WarningRule.RISK_ROSE:
        return _("The risk level was raised from {old} to {new} on {date}.").format(
            old=RiskLevel(d["from"]).label() if d.get("from") else "?",
            new=RiskLevel(d["to"]).label() if d.get("to") else "?", date=_date(d.get("at")))
    kind = d.get("kind")
    return _("Mediation was terminated on {date} ({kind}) and no route taken is on record: no referral slip, "
             "report to the police, court or police number, or lawsuit.").format(
        date=_date(d.get("terminated_on")), kind=TerminationKind(kind).label() if kind else "?")
