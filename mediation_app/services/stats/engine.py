"""Computing the report inside one read transaction: the SQL groups (storage/stats_queries.py) are
turned into cells by the columns' ``match`` rules, and one cell back into the exact SQL filter of
its cases. Python only walks the groups (a few hundred), never the cases."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mediation_app.domain.statistics import DEFAULT_BODY, Definitions, Period, TypeMapping, footnotes
from mediation_app.i18n import _
from mediation_app.services.errors import NotFound
from mediation_app.services.stats.columns import (
    FORM_LANGUAGE,
    LEVEL_TOTAL,
    SUBORDINATE_TOTAL,
    TITLE,
    build_groups,
    words,
)
from mediation_app.services.stats.model import (
    Basis,
    CaseRef,
    CellItems,
    CodeVersion,
    Column,
    Measure,
    RecordRef,
    Row,
    RowKind,
    StatsReport,
)
from mediation_app.storage import stats_queries as sq
from mediation_app.storage.models import CommitteeRecord


@dataclass(frozen=True)
class Scope:
    """What a report covers: the period, the committees (the first is the reporting one), the list."""

    period: Period
    committees: tuple[CommitteeRecord, ...]
    version: CodeVersion
    mapping: TypeMapping
    codes: tuple[tuple[str, str], ...]
    wage_attribute: bool
    definitions: Definitions

    @property
    def committee_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(c.id for c in self.committees)

    def body_of(self, committee_id: uuid.UUID) -> str:
        for c in self.committees:
            if c.id == committee_id:
                return c.form_body or DEFAULT_BODY.get(c.kind, DEFAULT_BODY["centre"]).value
        return ""


def load_scope(s: Any, period: Period, committees: Sequence[CommitteeRecord], version_code: str,
               definitions: Definitions) -> Scope:
    versions = {v.code: v for v in sq.code_versions(s)}
    v = versions.get(version_code)
    if v is None:
        raise NotFound(_("No such dispute-type list: {code}.").format(code=version_code))
    return Scope(
        period=period, committees=tuple(committees),
        version=CodeVersion(code=v.code, name=v.name, note=v.note or ""),
        mapping=sq.type_mapping(s, v), codes=tuple((c.code, c.label) for c in sq.codes(s, v.code)),
        wage_attribute=bool(v.wage_attribute), definitions=definitions,
    )


def rows_of(scope: Scope, lang: str | None) -> tuple[Row, ...]:
    own, *others = scope.committees
    rows = [Row(key=c.id.hex, label=c.name, kind=RowKind.COMMITTEE, committee_ids=(c.id,))
            for c in sorted(scope.committees, key=lambda c: (c.id != own.id, c.name))]
    rows.append(Row(key="subordinate_total", label=words(SUBORDINATE_TOTAL, lang), kind=RowKind.SUBORDINATE_TOTAL,
                    committee_ids=tuple(c.id for c in others)))
    rows.append(Row(key="level_total", label=words(LEVEL_TOTAL, lang), kind=RowKind.LEVEL_TOTAL,
                    committee_ids=scope.committee_ids))
    return tuple(rows)


def _fact_row(scope: Scope, g: tuple[Any, ...]) -> dict[str, Any]:
    """The case facts of one SQL group, as the columns' ``match`` rules read them."""
    keys = dict(zip(sq.GROUP_KEYS, g[:len(sq.GROUP_KEYS)], strict=True))
    for b in sq.BOOL_KEYS:
        keys[b] = "1" if keys[b] else "0"
    keys["body"] = scope.body_of(keys["committee_id"])
    keys["type_code"] = scope.mapping.code_for(keys["dispute_type"], keys["subtype_code"], keys["migrant_wages"] == "1")
    return keys


def _matches(column: Column, facts: dict[str, Any]) -> bool:
    return all(facts.get(name) in values for name, values in column.match)


def _add_case_columns(per: dict[tuple[uuid.UUID, str], int], scope: Scope, columns: list[Column],
                      groups: list[tuple[Any, ...]]) -> None:
    """Cells of the case columns from the SQL groups. Totals per (committee, fact, value) first, so a
    column that asks one fact is a sum over its values; only columns asking two facts look at every
    group. The work grows with the number of groups, never with the number of cases."""
    by_value: dict[tuple[uuid.UUID, str, Any], list[int]] = defaultdict(lambda: [0, 0, 0])
    multi = [c for c in columns if len(c.match) > 1]
    index = {Measure.COUNT: 0, Measure.PERSONS: 1, Measure.AMOUNT: 2}
    for g in groups:
        facts = _fact_row(scope, g)
        committee = facts["committee_id"]
        measures = (int(g[-3]), int(g[-2]), int(g[-1]))
        for name in (*FACTS, ""):
            entry = by_value[(committee, name, facts.get(name))]
            entry[0] += measures[0]
            entry[1] += measures[1]
            entry[2] += measures[2]
        for c in multi:
            if _matches(c, facts):
                per[(committee, c.key)] += measures[index[c.measure]]
    for c in columns:
        if len(c.match) > 1:
            continue
        i = index[c.measure]
        for committee in scope.committee_ids:
            if not c.match:
                per[(committee, c.key)] += by_value.get((committee, "", None), [0, 0, 0])[i]
                continue
            name, values = c.match[0]
            per[(committee, c.key)] += sum(by_value.get((committee, name, v), [0, 0, 0])[i] for v in values)


FACTS = ("source", "dispute_type", "subtype_code", "complexity", "migrant_wages", "resolved_form", "performed",
         "confirmation", "body", "type_code")


def compute(s: Any, scope: Scope, lang: str | None = FORM_LANGUAGE, now: dt.datetime | None = None) -> StatsReport:
    groups = build_groups(scope.codes, scope.wage_attribute, lang)
    columns = [c for g in groups for c in g.columns]
    rows = rows_of(scope, lang)
    p, d = scope.period, scope.definitions
    # per committee and column
    per: dict[tuple[uuid.UUID, str], int] = defaultdict(int)
    case_columns = [c for c in columns if c.basis is Basis.CASES]
    _add_case_columns(per, scope, case_columns, sq.case_groups(s, p.start, p.end, d.anchor, scope.committee_ids))
    prevention_columns = [c for c in columns if c.basis is Basis.PREVENTION]
    for committee_id, kind, count, persons in sq.prevention_groups(s, p.start, p.end, scope.committee_ids):
        for c in prevention_columns:
            if _matches(c, {"prevention_kind": kind}):
                per[(committee_id, c.key)] += persons if c.measure is Measure.EVENT_PERSONS else count
    for committee_id, rounds, found in sq.screening_groups(s, p.start, p.end, scope.committee_ids):
        per[(committee_id, "screen.rounds")] += rounds
        per[(committee_id, "screen.found")] += found
    values: dict[tuple[str, str], int] = {}
    for r in rows:
        for c in columns:
            total = sum(per.get((cid, c.key), 0) for cid in r.committee_ids)
            if total:
                values[(r.key, c.key)] = total
    own = scope.committees[0]
    return StatsReport(
        title=words(TITLE, lang), period=p, version=scope.version, definitions=d,
        footnotes=footnotes(d, scope.version.name, lang), groups=groups, rows=rows, values=values,
        generated_at=now or dt.datetime.now(dt.UTC), reporting_committee=own.name,
    )


def _sql_match(scope: Scope, column: Column) -> dict[str, tuple[Any, ...]]:
    """The column's rule over the case table's own columns (body -> committee ids, flags -> bools)."""
    out: dict[str, tuple[Any, ...]] = {}
    for name, values in column.match:
        if name == "body":
            out["committee_id"] = tuple(c.id for c in scope.committees if scope.body_of(c.id) in values)
        elif name in sq.BOOL_KEYS:
            out[name] = tuple(v == "1" for v in values)
        else:
            out[name] = tuple(values)
    return out


def cell_items(s: Any, scope: Scope, row: Row, column: Column, value: int) -> CellItems:
    p, d = scope.period, scope.definitions
    names = {c.id: c.short_name for c in scope.committees}
    if column.basis is Basis.CASES:
        # the groups that make up the cell (the same rule as the report), then their cases
        groups = [g for g in sq.case_groups(s, p.start, p.end, d.anchor, row.committee_ids)
                  if int(g[-3]) and _matches(column, _fact_row(scope, g))]
        ids = sq.case_ids_in_groups(s, p.start, p.end, d.anchor, groups)
        if value < 0:  # asked for alone: the cell's value from the same groups
            index = {Measure.COUNT: -3, Measure.PERSONS: -2, Measure.AMOUNT: -1}[column.measure]
            value = sum(int(g[index]) for g in groups)
        return CellItems(row=row.key, column=column.key, value=value, case_ids=tuple(ids))
    if column.basis is Basis.SCREENING:
        rounds = sq.screening_records(s, p.start, p.end, row.committee_ids)
        records = tuple(RecordRef(id=r.id, kind="screening", on=r.held_on, committee=names.get(r.committee_id, ""),
                                  description=" ".join(x for x in (r.area, r.screeners) if x)) for r in rounds)
        if value < 0:
            value = sum(r.found or 0 for r in rounds) if column.measure is Measure.FOUND else len(records)
        return CellItems(row=row.key, column=column.key, value=value, case_ids=(), records=records)
    kinds = dict(column.match).get("prevention_kind")
    events = sq.prevention_records(s, p.start, p.end, row.committee_ids, kinds)
    records = tuple(RecordRef(id=e.id, kind="prevention", on=e.on, committee=names.get(e.committee_id, ""),
                              description=e.note, persons=e.persons, case_id=e.case_id) for e in events)
    case_ids = tuple(dict.fromkeys(e.case_id for e in events if e.case_id is not None))
    if value < 0:
        value = sum(e.persons for e in events) if column.measure is Measure.EVENT_PERSONS else len(events)
    return CellItems(row=row.key, column=column.key, value=value, case_ids=case_ids, records=records)


def case_refs(s: Any, scope: Scope, row: Row, column: Column) -> tuple[CaseRef, ...]:
    """The cases of a case cell with their numbers and titles (lists and exports)."""
    p, d = scope.period, scope.definitions
    match = _sql_match(scope, column)
    committees = row.committee_ids
    if "committee_id" in match:
        wanted = match.pop("committee_id")  # popped once, not once per committee
        committees = tuple(c for c in committees if c in wanted)
    if not committees:
        return ()
    return tuple(CaseRef(id=r[0], number=r[1], title=r[2], committee=r[3], accepted_on=r[4], closed_on=r[5])
                 for r in sq.case_refs(s, p.start, p.end, d.anchor, committees, match, scope.mapping))


def case_page(s: Any, scope: Scope, row: Row, column: Column, after: tuple[Any, ...] | None,
              limit: int) -> tuple[int, tuple[CaseRef, ...], tuple[Any, ...] | None]:
    """(the cell's case count from the monthly counts, one page of its cases, the next key)."""
    p, d = scope.period, scope.definitions
    groups = [g for g in sq.case_groups(s, p.start, p.end, d.anchor, row.committee_ids)
              if int(g[-3]) and _matches(column, _fact_row(scope, g))]
    total = sum(int(g[-3]) for g in groups)
    if not total:
        return total, (), None
    match = _sql_match(scope, column)
    committees = row.committee_ids
    if "committee_id" in match:
        wanted = match.pop("committee_id")
        committees = tuple(c for c in committees if c in wanted)
    # a type cell walks only its own dispute types (those its groups hold), newest number first
    types = tuple(sorted({g[2] for g in groups})) if "type_code" in match else None
    rows = sq.case_ref_page(s, p.start, p.end, d.anchor, committees, match, scope.mapping, after, limit + 1, types)
    more = len(rows) > limit
    rows = rows[:limit]
    refs = tuple(CaseRef(id=r[0], number=r[1], title=r[2], committee=r[3], accepted_on=r[4], closed_on=r[5])
                 for r in rows)
    return total, refs, ((rows[-1][6], rows[-1][7], rows[-1][8]) if more and rows else None)
