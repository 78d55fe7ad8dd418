"""The advance compensation fund in the market statistics: paid out and recovered in the period,
outstanding at its end."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from mediation_app.domain.money import format_fen
from mediation_app.i18n import _
from mediation_app.services.market import read_models as mm
from mediation_app.storage import queries_fund as qf


def fund_figures(db: Any, scope: frozenset[uuid.UUID] | None, start: dt.date, end: dt.date) -> dict[str, int]:
    with db.read() as s:
        period = qf.scope_totals(s, scope, start, end)
        upto = qf.scope_totals(s, scope, None, end)
    return {"fund_paid_fen": period["payment"], "fund_recovered_fen": period["recovery"],
            "fund_outstanding_fen": upto["payment"] - upto["recovery"]}


def fund_line(r: mm.MarketStats) -> str:
    return _("Advance compensation: paid out {paid}, recovered {recovered}; outstanding at the end {outstanding}").format(
        paid=format_fen(r.fund_paid_fen), recovered=format_fen(r.fund_recovered_fen),
        outstanding=format_fen(r.fund_outstanding_fen))
