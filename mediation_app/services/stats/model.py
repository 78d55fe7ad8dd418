"""Read model of the people's-mediation statistics report (人民调解案件统计表).

The report is laid out like the national form (statistics-forms.md §1.2): a tree of column groups,
each group of columns with a heading, an optional sub-heading and a unit (件 / 人 / 万元 / 次), and an
SF/T 0018 field code where one is known; then one row per committee, then 下级上报总计 (every
committee but the reporting one) and 本级上报总计 (all rows). Every cell holds an integer: a count,
a number of persons, or an amount in fen that is shown as 万元 to two decimals.

Entry points (``StatsService``):

- ``compute(actor, period, committees=None, version=None, definitions=None) -> StatsReport``
- ``cell_cases(actor, period, row, column, committees=None, version=None, definitions=None) -> CellItems``:
  the cases (and, for screening and prevention cells, the records) behind one cell; exactly those
  that the cell counts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mediation_app.domain.statistics import Definitions, Period, fen_to_wan


class Unit(StrEnum):
    CASES = "cases"  # 件
    PERSONS = "persons"  # 人
    WAN_YUAN = "wan_yuan"  # 万元 (cell value in fen)
    ROUNDS = "rounds"  # 次


class Measure(StrEnum):
    """What a column adds up over its cases or records."""

    COUNT = "count"
    PERSONS = "persons"  # persons involved of the case
    AMOUNT = "amount"  # amount in fen of the case
    EVENT_PERSONS = "event_persons"  # persons of a prevention event
    FOUND = "found"  # disputes a screening round found


class Basis(StrEnum):
    """Which records a column counts."""

    CASES = "cases"
    PREVENTION = "prevention"
    SCREENING = "screening"


class RowKind(StrEnum):
    COMMITTEE = "committee"
    SUBORDINATE_TOTAL = "subordinate_total"  # 下级上报总计
    LEVEL_TOTAL = "level_total"  # 本级上报总计


@dataclass(frozen=True, kw_only=True)
class Column:
    """One column of the form. ``match`` is a conjunction of (field, allowed values) over the
    case facts the engine groups by (``committee_body``, ``form_source``, ``referrer``, ``type_code``,
    ``difficult``, ``resolved_form``, ``performed``, ``confirmation``, ``prevention_kind``)."""

    key: str  # stable, ASCII: "total", "type.04", "prevent.suicide.persons"
    heading: str
    subheading: str = ""
    unit: Unit
    code: str | None = None  # SF/T 0018 field code, e.g. "JFLB"
    code_value: str | None = None  # its code value, e.g. "04"
    basis: Basis = Basis.CASES
    measure: Measure = Measure.COUNT
    match: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def export_code(self) -> str:
        """The column's name in CSV/xlsx exports: the SF/T 0018 code (``JFLB:04``) or the key."""
        if self.code:
            return f"{self.code}:{self.code_value}" if self.code_value else self.code
        return self.key


@dataclass(frozen=True, kw_only=True)
class ColumnGroup:
    key: str
    title: str
    section: str  # the top heading: 调解情况 or 排查预防纠纷
    columns: tuple[Column, ...]


@dataclass(frozen=True, kw_only=True)
class Row:
    key: str  # committee id (hex) or "subordinate_total" / "level_total"
    label: str
    kind: RowKind
    committee_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True, kw_only=True)
class Cell:
    row: str
    column: str
    value: int
    unit: Unit

    @property
    def text(self) -> str:
        return format_value(self.value, self.unit)


def format_value(value: int, unit: Unit) -> str:
    if unit is Unit.WAN_YUAN:
        return f"{fen_to_wan(value):.2f}"
    return str(value)


@dataclass(frozen=True, kw_only=True)
class Rates:
    """The rates bulletins quote, for one row (percent to two decimals, None when undefined)."""

    success: str | None
    performance: str | None


@dataclass(frozen=True, kw_only=True)
class CodeVersion:
    code: str
    name: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class StatsReport:
    title: str
    period: Period
    version: CodeVersion
    definitions: Definitions
    footnotes: tuple[str, ...]
    groups: tuple[ColumnGroup, ...]
    rows: tuple[Row, ...]
    values: dict[tuple[str, str], int] = field(default_factory=dict)  # (row key, column key) -> value
    generated_at: dt.datetime
    reporting_committee: str = ""  # 填报单位

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(c for g in self.groups for c in g.columns)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def value(self, row: str, column: str) -> int:
        return self.values.get((row, column), 0)

    def cell(self, row: str, column: str) -> Cell:
        return Cell(row=row, column=column, value=self.value(row, column), unit=self.column(column).unit)

    def rates(self, row: str) -> Rates:
        from mediation_app.domain.statistics import rate

        total, success, performed = (self.value(row, k) for k in ("total", "success", "performed"))
        s, p = rate(success, total), rate(performed, success)
        return Rates(success=None if s is None else f"{s}%", performance=None if p is None else f"{p}%")


@dataclass(frozen=True, kw_only=True)
class CaseRef:
    id: uuid.UUID
    number: str
    title: str
    committee: str
    accepted_on: dt.date | None
    closed_on: dt.date | None


@dataclass(frozen=True, kw_only=True)
class RecordRef:
    """A screening round or a prevention event behind a cell (they are not cases)."""

    id: uuid.UUID
    kind: str  # "screening" / "prevention"
    on: dt.date
    committee: str
    description: str
    persons: int | None = None
    case_id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class CellItems:
    row: str
    column: str
    value: int
    case_ids: tuple[uuid.UUID, ...]
    records: tuple[RecordRef, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SubmissionView:
    id: uuid.UUID
    period: str
    version: str
    committees: tuple[str, ...]
    submitted_at: dt.datetime
    submitted_by: str
    hash: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CellChange:
    row: str
    column: str
    submitted: int
    now: int
    added: tuple[uuid.UUID, ...]
    removed: tuple[uuid.UUID, ...]


@dataclass(frozen=True, kw_only=True)
class SubmissionComparison:
    submission: SubmissionView
    report: StatsReport  # as submitted
    changes: tuple[CellChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True, kw_only=True)
class CellPage:
    """One page of a case cell's cases newest case number first, with the cell's exact case count
    (``total``, from the same monthly counts as the report) and the key to ask for the next page
    (None: this is the last page). Records (screening, prevention) come whole on the first page."""

    row: str
    column: str
    total: int
    refs: tuple[CaseRef, ...]
    after: tuple[Any, ...] | None
    records: tuple[RecordRef, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CommitteeStock:
    """One committee of the organisation stock: its form type and its active mediators."""

    id: uuid.UUID
    name: str
    body: str  # FormBody value
    active: bool
    full_time: int
    part_time: int


@dataclass(frozen=True, kw_only=True)
class OrganisationStock:
    """Committees by the form's type (active ones) and mediators full-time and part-time."""

    committees: tuple[CommitteeStock, ...]
    by_body: tuple[tuple[str, int], ...]  # (FormBody value, active committees), in the form's order
    full_time: int
    part_time: int
