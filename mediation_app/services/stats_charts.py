"""What the statistics view draws: the monthly trend of cases mediated and resolved, the mix by
dispute type, and the success and performance rates, all from the statistics report itself (the
same numbers, the same definitions)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from mediation_app.domain.statistics import Period, PeriodKind, rate
from mediation_app.services.context import Actor
from mediation_app.services.stats import StatsService

TOTAL_ROW = "level_total"


@dataclass(frozen=True, kw_only=True)
class MonthPoint:
    year: int
    month: int
    mediated: int
    resolved: int


@dataclass(frozen=True, kw_only=True)
class ChartData:
    months: tuple[MonthPoint, ...]
    types: tuple[tuple[str, int], ...]  # (type heading, cases), largest first, zeros left out
    success_rate: Decimal | None  # resolved ÷ mediated
    performance_rate: Decimal | None  # performed ÷ resolved


def chart_data(stats: StatsService, actor: Actor, period: Period, committees: Sequence[uuid.UUID] | None = None,
               version: str | None = None) -> ChartData:
    whole = stats.compute(actor, period, committees, version)
    months = []
    first = period.start.month
    last = min(period.end, stats.clock.today()).month if period.start <= stats.clock.today() else period.end.month
    for month in range(first, last + 1):  # months still to come are not drawn as zeros
        report = stats.compute(actor, Period(kind=PeriodKind.MONTH, year=period.year, number=month), committees,
                               version)
        months.append(MonthPoint(year=period.year, month=month, mediated=report.value(TOTAL_ROW, "total"),
                                 resolved=report.value(TOTAL_ROW, "success")))
    type_group = next((g for g in whole.groups if g.key == "type"), None)
    types = sorted(((c.heading, whole.value(TOTAL_ROW, c.key)) for c in (type_group.columns if type_group else ())
                    if c.key != "type.wages" and whole.value(TOTAL_ROW, c.key)), key=lambda t: -t[1])
    total, success, performed = (whole.value(TOTAL_ROW, k) for k in ("total", "success", "performed"))
    return ChartData(months=tuple(months), types=tuple(types), success_rate=rate(success, total),
                     performance_rate=rate(performed, success))
