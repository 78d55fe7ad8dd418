"""The screening report (矛盾纠纷排查情况表, statistics-forms §4.1) and the monthly per-committee
figures (调解纠纷件数 / 排查纠纷次数 / 预防纠纷件数, §4.2), from the screening ledger; and the
screening rounds it counts.

Definitions (printed as the report's footnotes, see :data:`FOOTNOTES`): an item counts in the
period it was screened in; handled (调处) means prevented, resolved or turned into a case by the
period's last day; resolved (成功) means prevented or resolved in the ledger, or turned into a case
whose agreement took effect by that day; 调处率 = 调处数 ÷ 排查数, 成功率 = 成功数 ÷ 调处数."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mediation_app.domain.permissions import Perm
from mediation_app.domain.screening import (
    PeopleBand,
    ScreeningCategory,
    ScreeningLevel,
    level_of,
    rate,
)
from mediation_app.domain.statistics import Period
from mediation_app.i18n import N_, _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.storage import queries_screening as qs

LEVELS = tuple(ScreeningLevel)
FOOTNOTES = (
    N_("An item counts in the period in which it was screened; the year-to-date column counts from 1 January "
       "to the period's last day."),
    N_("Handled: prevented, resolved or turned into a case by the period's last day. Resolved: prevented or "
       "resolved in the ledger, or turned into a case whose agreement took effect by that day."),
    N_("Handling rate = handled ÷ screened; success rate = resolved ÷ handled."),
    N_("Items whose number of people involved is not recorded count under 50 people."),
    N_("Village and residents' committees count at village level, township committees at township level; the "
       "centre, its stationed rooms and industry, market and enterprise committees at county level."),
)


@dataclass(frozen=True, kw_only=True)
class Counts:
    screened: int = 0
    handled: int = 0
    success: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(screened=self.screened + other.screened, handled=self.handled + other.handled,
                      success=self.success + other.success)

    @property
    def handling_rate(self) -> object:
        return rate(self.handled, self.screened)

    @property
    def success_rate(self) -> object:
        return rate(self.success, self.handled)


@dataclass(frozen=True, kw_only=True)
class LevelCounts:
    """One row of the form: a value per level, their subtotal, and the year to date."""

    levels: dict[ScreeningLevel, Counts] = field(default_factory=dict)
    year: Counts = Counts()

    def at(self, level: ScreeningLevel) -> Counts:
        return self.levels.get(level, Counts())

    @property
    def subtotal(self) -> Counts:
        total = Counts()
        for level in LEVELS:
            total = total + self.at(level)
        return total


@dataclass(frozen=True, kw_only=True)
class ScreeningReport:
    period: Period
    unit: str  # 填报单位: the committee's name, or the names joined
    committee_ids: tuple[uuid.UUID, ...]
    overall: LevelCounts
    categories: tuple[tuple[ScreeningCategory, LevelCounts], ...]
    bands: tuple[tuple[PeopleBand, LevelCounts], ...]
    major: LevelCounts
    concentrated: LevelCounts  # screening drives: ``screened`` holds the number of drives
    rounds: LevelCounts  # every screening round, the same way
    made_on: dt.date
    footnotes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class MonthlyFigure:
    committee_id: uuid.UUID
    committee: str
    year: int
    month: int
    mediated: int  # 调解纠纷件数: cases accepted in the month
    rounds: int  # 排查纠纷次数: screening rounds held
    found: int  # disputes found in screening (排查发现纠纷件数): ledger items screened in the month
    prevented: int  # 预防纠纷件数: prevention events, as the statistics report counts them


@dataclass(frozen=True, kw_only=True)
class ScreeningRoundView:
    id: uuid.UUID
    held_on: dt.date
    area: str
    screeners: str
    concentrated: bool
    found: int
    note: str | None


@dataclass(frozen=True)
class CommitteeChoice:
    id: uuid.UUID
    name: str
    short_name: str
    kind: str


class ScreeningService(ServiceBase):
    # -- scope (the statistics' rule: the committees whose cases the actor sees) -----------------
    def committees(self, actor: Actor) -> builtins.list[CommitteeChoice]:
        """The committees whose screening the actor may report on: those whose cases it sees
        (every one for the centre's head)."""
        self.require_role(actor, Perm.READ_CASE)
        visible = actor.visible_committees()
        with self.db.read() as s:
            scope = None if visible is None else builtins.list(visible)
            return [CommitteeChoice(c.id, c.name, c.short_name, c.kind) for c in qs.committees(s, scope)]

    def _scope(self, actor: Actor, committee_ids: Iterable[uuid.UUID] | None) -> tuple[uuid.UUID, ...]:
        self.require_role(actor, Perm.READ_CASE)
        ids = tuple(dict.fromkeys(committee_ids)) if committee_ids is not None else (actor.committee_id,)
        if not ids:
            raise ValidationFailed({"committees": _("Choose at least one committee.")})
        if any(not actor.sees(i) for i in ids):
            raise PermissionDenied(_("You may report only on the committees whose cases you see."))
        return ids

    # -- the report -----------------------------------------------------------------------------
    def report(self, actor: Actor, period: Period, committee_ids: Iterable[uuid.UUID] | None = None
               ) -> ScreeningReport:
        """The screening report of ``period`` over ``committee_ids`` (default: the actor's own)."""
        ids = self._scope(actor, committee_ids)
        with self.db.read() as s:
            found = [CommitteeChoice(c.id, c.name, c.short_name, c.kind) for c in qs.committees(s, ids)]
            if len(found) != len(ids):
                raise NotFound(_("No such committee."))
            groups = qs.item_groups(s, ids, period.year_start, period.start, period.end)
            round_rows = qs.round_groups(s, ids, period.year_start, period.start, period.end)
        cat: dict[str, dict[ScreeningLevel, Counts]] = {}
        cat_year: dict[str, Counts] = {}
        for row in groups:
            level = level_of(row.kind)
            now = Counts(screened=int(row.screened), handled=int(row.handled), success=int(row.success))
            ytd = Counts(screened=int(row.screened_ytd), handled=int(row.handled_ytd), success=int(row.success_ytd))
            for key in ("all", f"c:{row.category}", f"b:{row.band}", *(["major"] if row.major else [])):
                cells = cat.setdefault(key, {})
                cells[level] = cells.get(level, Counts()) + now
                cat_year[key] = cat_year.get(key, Counts()) + ytd

        def row_of(key: str) -> LevelCounts:
            return LevelCounts(levels=dict(cat.get(key, {})), year=cat_year.get(key, Counts()))

        drives: dict[ScreeningLevel, Counts] = {}
        every: dict[ScreeningLevel, Counts] = {}
        drives_year = every_year = Counts()
        for r in round_rows:
            level = level_of(r.kind)
            drives[level] = drives.get(level, Counts()) + Counts(screened=int(r.concentrated))
            every[level] = every.get(level, Counts()) + Counts(screened=int(r.rounds))
            drives_year = drives_year + Counts(screened=int(r.concentrated_ytd))
            every_year = every_year + Counts(screened=int(r.rounds_ytd))
        return ScreeningReport(
            period=period, unit="、".join(c.name for c in found), committee_ids=ids, overall=row_of("all"),
            categories=tuple((c, row_of(f"c:{c.value}")) for c in ScreeningCategory),
            bands=tuple((b, row_of(f"b:{b.value}")) for b in PeopleBand),
            major=row_of("major"), concentrated=LevelCounts(levels=drives, year=drives_year),
            rounds=LevelCounts(levels=every, year=every_year), made_on=self.clock.today(),
            footnotes=tuple(_(f) for f in FOOTNOTES),
        )

    def cell_items(
        self, actor: Actor, period: Period, committee_ids: Iterable[uuid.UUID] | None, *,
        level: ScreeningLevel | None = None, year_to_date: bool = False, category: ScreeningCategory | None = None,
        band: PeopleBand | None = None, major: bool | None = None, measure: str = "screened",
    ) -> builtins.list[uuid.UUID]:
        """The ledger items behind one cell (``level`` None: the subtotal or year-to-date column)."""
        ids = self._scope(actor, committee_ids)
        if measure not in ("screened", "handled", "success"):
            raise ValidationFailed({"measure": _("Choose screened, handled or resolved.")})
        with self.db.read() as s:
            kinds = None
            if level is not None:
                kinds = {c.kind for c in qs.committees(s, ids) if level_of(c.kind) is level}
            start = period.year_start if year_to_date else period.start
            return qs.item_ids(s, ids, kinds, start, period.end, category=category.value if category else None,
                               band=band.value if band else None, major=major, measure=measure)

    def monthly(self, actor: Actor, period: Period, committee_ids: Iterable[uuid.UUID] | None = None
                ) -> builtins.list[MonthlyFigure]:
        """One row per committee per month of ``period`` (a month with nothing shows zeros)."""
        ids = self._scope(actor, committee_ids)
        with self.db.read() as s:
            found = [CommitteeChoice(c.id, c.name, c.short_name, c.kind) for c in qs.committees(s, ids)]
            counts = qs.monthly_counts(s, ids, period.start, period.end)
        return [
            MonthlyFigure(committee_id=c.id, committee=c.name, year=year, month=month,
                          mediated=counts.get((c.id, month, "mediated"), 0),
                          rounds=counts.get((c.id, month, "rounds"), 0),
                          found=counts.get((c.id, month, "found"), 0),
                          prevented=counts.get((c.id, month, "prevented"), 0))
            for c in found for year, month in period.months()
        ]

    # -- screening rounds (recorded with StatsRecordingService.record_screening) -----------------
    def rounds(self, actor: Actor, period: Period, committee_ids: Sequence[uuid.UUID] | None = None
               ) -> builtins.list[ScreeningRoundView]:
        ids = self._scope(actor, committee_ids)
        with self.db.read() as s:
            return [ScreeningRoundView(id=r.id, held_on=r.held_on, area=r.area, screeners=r.screeners,
                                       concentrated=r.concentrated, found=r.found, note=r.note)
                    for r in qs.rounds(s, ids, period.start, period.end)]
