"""The statistics report's SQL: a period's cases grouped by every fact the form counts (one pass
over ``ix_case_stats``, whose column order is the GROUP BY order, so SQLite needs no sort), the
prevention events and screening rounds grouped by committee and kind, and the drill-down of one
cell to exactly its cases or records."""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
    union_all,
)

from mediation_app.domain.statistics import PeriodAnchor, TypeMapping
from mediation_app.storage.models import (
    CaseRecord,
    CaseStatsMonthRecord,
    CommitteeRecord,
    DisputeCodeMapRecord,
    DisputeCodeRecord,
    DisputeCodeVersionRecord,
    PreventionEventRecord,
    ScreeningRoundRecord,
)

NOT_COUNTED = ("registered", "refused", "voided")
# The facts a report groups by (the monthly counts' keys after committee, anchor, month and counted).
GROUP_KEYS = ("committee_id", "source", "dispute_type", "subtype_code", "complexity", "migrant_wages",
              "resolved_form", "performed", "confirmation")
BOOL_KEYS = ("migrant_wages", "performed")
_BLANK_IS_NONE = ("subtype_code", "complexity", "resolved_form", "confirmation")


def _anchor(anchor: PeriodAnchor) -> Any:
    return CaseRecord.accepted_on if anchor is PeriodAnchor.ACCEPTED else CaseRecord.closed_on


def _case_scope(start: dt.date, end: dt.date, anchor: PeriodAnchor, committees: Sequence[uuid.UUID]) -> list[Any]:
    date = _anchor(anchor)
    return [CaseRecord.committee_id.in_(list(committees)), CaseRecord.status.not_in(NOT_COUNTED),
            CaseRecord.accepted_on.is_not(None), date >= start, date <= end]  # as stats_facts counts


def case_groups(s: Any, start: dt.date, end: dt.date, anchor: PeriodAnchor,
                committees: Sequence[uuid.UUID]) -> list[tuple[Any, ...]]:
    """(group keys..., cases, persons, amount fen) for the period's counted cases, added up from
    the monthly counts (periods are whole months)."""
    m = CaseStatsMonthRecord
    keys = [getattr(m, k) for k in GROUP_KEYS]
    stmt = (
        select(*keys, func.sum(m.cases), func.sum(m.persons), func.sum(m.amount))
        .where(m.committee_id.in_(list(committees)), m.anchor == PeriodAnchor(anchor).value, m.counted == true(),
               m.month >= start.year * 100 + start.month, m.month <= end.year * 100 + end.month)
        .group_by(*keys)
    )
    blank = [GROUP_KEYS.index(k) for k in _BLANK_IS_NONE]
    out = []
    for r in s.connection().execute(stmt):  # Core rows: no ORM work per group
        row = list(r)
        for i in blank:
            row[i] = row[i] or None
        out.append(tuple(row))
    return out


def type_code_expr(mapping: TypeMapping) -> ColumnElement[Any]:
    """SQL for ``TypeMapping.code_for`` over the case table."""
    whens: list[tuple[Any, Any]] = []
    if mapping.wage_code:
        whens.append((CaseRecord.migrant_wages == true(), literal(mapping.wage_code)))
    for sub, code in sorted(mapping.subtypes.items()):
        whens.append((CaseRecord.subtype_code == sub, literal(code)))
    for t, code in sorted(mapping.types.items()):
        whens.append((CaseRecord.dispute_type == t, literal(code)))
    return case(*whens, else_=literal(mapping.fallback))


def _cell_conditions(start: dt.date, end: dt.date, anchor: PeriodAnchor, committees: Sequence[uuid.UUID],
                     match: Mapping[str, Sequence[Any]], mapping: TypeMapping | None) -> list[Any]:
    conds = _case_scope(start, end, anchor, committees)
    for name, values in match.items():
        if name == "type_code":
            assert mapping is not None
            conds.append(type_code_expr(mapping).in_(list(values)))
            continue
        column = getattr(CaseRecord, name)
        vals = list(values)
        if None in vals:
            rest = [v for v in vals if v is not None]
            conds.append(or_(column.is_(None), column.in_(rest)) if rest else column.is_(None))
        else:
            conds.append(column.in_(vals))
    return conds


def case_refs(s: Any, start: dt.date, end: dt.date, anchor: PeriodAnchor, committees: Sequence[uuid.UUID],
              match: Mapping[str, Sequence[Any]], mapping: TypeMapping | None) -> list[tuple[Any, ...]]:
    """(id, number, title, committee short name, accepted, closed) of the same cases, in number order."""
    conds = _cell_conditions(start, end, anchor, committees, match, mapping)
    stmt = (
        select(CaseRecord.id, CaseRecord.number, CaseRecord.title, CommitteeRecord.short_name,
               CaseRecord.accepted_on, CaseRecord.closed_on)
        .join(CommitteeRecord, CommitteeRecord.id == CaseRecord.committee_id)
        .where(and_(*conds))
        .order_by(CaseRecord.committee_id, CaseRecord.year, CaseRecord.serial)
    )
    return [tuple(r) for r in s.execute(stmt)]


def prevention_groups(s: Any, start: dt.date, end: dt.date,
                      committees: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, str, int, int]]:
    p = PreventionEventRecord
    stmt = (
        select(p.committee_id, p.kind, func.count(), func.coalesce(func.sum(p.persons), 0))
        .where(p.committee_id.in_(list(committees)), p.on >= start, p.on <= end)
        .group_by(p.committee_id, p.kind)
    )
    return [(r[0], r[1], int(r[2]), int(r[3])) for r in s.execute(stmt)]


def screening_groups(s: Any, start: dt.date, end: dt.date,
                     committees: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, int, int]]:
    r_ = ScreeningRoundRecord
    stmt = (
        select(r_.committee_id, func.count(), func.coalesce(func.sum(r_.found), 0))
        .where(r_.committee_id.in_(list(committees)), r_.held_on >= start, r_.held_on <= end)
        .group_by(r_.committee_id)
    )
    return [(r[0], int(r[1]), int(r[2])) for r in s.execute(stmt)]


def prevention_records(s: Any, start: dt.date, end: dt.date, committees: Sequence[uuid.UUID],
                       kinds: Sequence[str] | None) -> list[PreventionEventRecord]:
    p = PreventionEventRecord
    stmt = select(p).where(p.committee_id.in_(list(committees)), p.on >= start, p.on <= end)
    if kinds is not None:
        stmt = stmt.where(p.kind.in_(list(kinds)))
    return list(s.scalars(stmt.order_by(p.on, p.id)))


def screening_records(s: Any, start: dt.date, end: dt.date,
                      committees: Sequence[uuid.UUID]) -> list[ScreeningRoundRecord]:
    r_ = ScreeningRoundRecord
    stmt = select(r_).where(r_.committee_id.in_(list(committees)), r_.held_on >= start, r_.held_on <= end)
    return list(s.scalars(stmt.order_by(r_.held_on, r_.id)))


# -- code lists -------------------------------------------------------------------------------
def code_versions(s: Any) -> list[DisputeCodeVersionRecord]:
    return list(s.scalars(select(DisputeCodeVersionRecord).order_by(DisputeCodeVersionRecord.sort)))


def codes(s: Any, version: str) -> list[DisputeCodeRecord]:
    d = DisputeCodeRecord
    return list(s.scalars(select(d).where(d.version_code == version).order_by(d.sort, d.code)))


def type_mapping(s: Any, version: DisputeCodeVersionRecord) -> TypeMapping:
    m = DisputeCodeMapRecord
    rows = s.execute(select(m.kind, m.key, m.code).where(m.version_code == version.code)).all()
    return TypeMapping(
        version=version.code,
        types={k: c for kind, k, c in rows if kind == "type"},
        subtypes={k: c for kind, k, c in rows if kind == "subtype"},
        wage_code=version.wage_code,
        fallback=version.fallback_code,
    )


# -- submitted reports ------------------------------------------------------------------------
def submissions(s: Any, period: str | None = None) -> list[Any]:
    from mediation_app.storage.models import StatsSubmissionRecord, UserRecord

    sub = StatsSubmissionRecord
    stmt = select(sub, UserRecord.display_name).join(UserRecord, UserRecord.id == sub.submitted_by)
    if period:
        stmt = stmt.where(sub.period == period)
    return list(s.execute(stmt.order_by(sub.submitted_at.desc(), sub.id)).all())


def submission_cells(s: Any, submission_id: uuid.UUID) -> list[Any]:
    from mediation_app.storage.models import StatsSubmissionCellRecord

    c = StatsSubmissionCellRecord
    return list(s.scalars(select(c).where(c.submission_id == submission_id)))


def case_ref_rows(s: Any, ids: Sequence[uuid.UUID]) -> list[Any]:
    """(id, number, title, committee short name, accepted, closed) of the given cases (a case voided
    or deleted since is simply not found). The cases are read by their primary key alone and the
    committees' short names apart: joined in one query, SQLite may start from the (small) committee
    table and walk every case of the committee to find the few asked for."""
    from types import SimpleNamespace

    out = []
    unique = sorted(set(ids))
    shorts = dict(s.execute(select(CommitteeRecord.id, CommitteeRecord.short_name)).all())
    for i in range(0, len(unique), 500):
        stmt = (select(CaseRecord.id, CaseRecord.number, CaseRecord.title, CaseRecord.committee_id,
                       CaseRecord.accepted_on, CaseRecord.closed_on)
                .where(CaseRecord.id.in_(unique[i:i + 500])))
        out += [SimpleNamespace(id=r[0], number=r[1], title=r[2], committee=shorts.get(r[3], ""), accepted_on=r[4],
                                closed_on=r[5]) for r in s.execute(stmt)]
    return out


def committees(s: Any) -> list[CommitteeRecord]:
    return list(s.scalars(select(CommitteeRecord).order_by(CommitteeRecord.name)))


def subtypes(s: Any) -> list[Any]:
    from mediation_app.storage.models import DisputeSubtypeRecord

    d = DisputeSubtypeRecord
    return list(s.execute(select(d.code, d.label, d.core_type).order_by(d.core_type, d.code)).all())


def set_mapping(s: Any, version: str, kind: str, key: str, code: str | None) -> None:
    """Map a type or sub-type onto a code of ``version`` (None: a sub-type counts under its type again)."""
    m = DisputeCodeMapRecord
    rec = s.get(m, (version, kind, key))
    if code is None:
        if rec is not None:
            s.delete(rec)
    elif rec is None:
        s.add(m(version_code=version, kind=kind, key=key, code=code))
    else:
        rec.code = code


def _group_conditions(start: dt.date, end: dt.date, anchor: PeriodAnchor, group: Sequence[Any]) -> list[Any]:
    """An exact seek in ``ix_case_stats``: the counted statuses, every group key, then the date range."""
    from mediation_app.domain.enums import CaseStatus

    counted = [st.value for st in CaseStatus if st.value not in NOT_COUNTED]
    date = _anchor(anchor)
    conds = [CaseRecord.status.in_(counted), CaseRecord.accepted_on.is_not(None), date >= start, date <= end]
    for name, value in zip(GROUP_KEYS, group, strict=False):
        column = CaseRecord.__table__.c[name]
        if name in BOOL_KEYS:
            conds.append(column == bool(value))
        elif value is None:  # not recorded (always NULL: storage/stats_facts.py)
            conds.append(column.is_(None))
        else:
            conds.append(column == value)
    return conds


def case_ids_in_groups(s: Any, start: dt.date, end: dt.date, anchor: PeriodAnchor,
                       groups: Sequence[Sequence[Any]]) -> list[uuid.UUID]:
    """The ids of the counted cases of the given groups (rows of :func:`case_groups`, keys first).
    Each group is an exact seek in ``ix_case_stats`` (committee, status, source, type … then the
    date range), so the work grows with the cell's cases, not with the committee's."""
    out: list[uuid.UUID] = []
    for i in range(0, len(groups), GROUPS_PER_QUERY):
        selects = [select(_ID).where(*_group_conditions(start, end, anchor, g))
                   for g in groups[i:i + GROUPS_PER_QUERY]]
        stmt = selects[0] if len(selects) == 1 else union_all(*selects)
        raw = s.connection().execute(stmt).scalars().all()  # Core rows: no ORM work per id
        out += [v if isinstance(v, uuid.UUID) else uuid.UUID(hex=v) for v in raw]
    return out


_ID = type_coerce(CaseRecord.__table__.c.id, String)  # SQLite: the stored hex, converted once below


GROUPS_PER_QUERY = 200


def case_ref_page(s: Any, start: dt.date, end: dt.date, anchor: PeriodAnchor, committees: Sequence[uuid.UUID],
                  match: Mapping[str, Sequence[Any]], mapping: TypeMapping | None,
                  after: tuple[Any, ...] | None, limit: int,
                  types: Sequence[str] | None = None) -> list[tuple[Any, ...]]:
    """One keyset page of :func:`case_refs`, newest case number first: (id, number, title,
    committee short name, accepted, closed, committee id, year, serial) after the key (committee
    id, year, serial). One committee at a time, so each query walks the unique (committee, year,
    serial) index backwards from the newest case and stops after ``limit`` rows: a recent period's
    page costs the page, not the cell (an old period's first page first passes the newer cases).
    ``types``: the dispute types a type cell's cases have; then each type walks ``ix_case_type_page``
    (committee, type, year, serial) on its own and the walks are merged, so a rare type's page does
    not pass the other types' cases."""
    shorts = dict(s.execute(select(CommitteeRecord.id, CommitteeRecord.short_name)).all())
    c = CaseRecord
    out: list[tuple[Any, ...]] = []
    for committee in sorted(committees, key=lambda x: x.hex):
        if after is not None and committee.hex < after[0].hex:
            continue
        conds = _cell_conditions(start, end, anchor, [committee], match, mapping)
        conds[0] = c.committee_id == committee
        if after is not None and committee == after[0]:
            conds.append(tuple_(c.year, c.serial) < tuple_(literal(after[1]), literal(after[2])))
        found: list[tuple[Any, ...]] = []
        for part in ([None] if types is None else types):
            where = conds if part is None else [*conds, c.dispute_type == part]
            stmt = (
                select(c.id, c.number, c.title, c.committee_id, c.accepted_on, c.closed_on, c.committee_id, c.year,
                       c.serial)
                .where(and_(*where))
                .order_by(c.year.desc(), c.serial.desc())
                .limit(limit - len(out))
            )
            found += [(r[0], r[1], r[2], shorts.get(r[3], ""), *r[4:]) for r in s.execute(stmt)]
        out += heapq.nlargest(limit - len(out), found, key=lambda r: (r[7], r[8]))
        if len(out) >= limit:
            break
    return out


def organisation(s: Any, committees: Sequence[uuid.UUID]) -> list[tuple[Any, ...]]:
    """(committee id, name, kind, form body, active, full-time mediators, part-time mediators) of
    the committees, the active mediators counted in SQL."""
    from mediation_app.storage.models import MediatorRecord

    m = MediatorRecord
    full = func.coalesce(func.sum(case((m.full_time == true(), 1), else_=0)), 0)
    part = func.coalesce(func.sum(case((m.full_time == true(), 0), else_=1)), 0)
    c = CommitteeRecord
    stmt = (
        select(c.id, c.name, c.kind, c.form_body, c.active, full, part)
        .outerjoin(m, and_(m.committee_id == c.id, m.active == true()))
        .where(c.id.in_(list(committees)))
        .group_by(c.id, c.name, c.kind, c.form_body, c.active)
        .order_by(c.name)
    )
    return [(r[0], r[1], r[2], r[3], bool(r[4]), int(r[5]), int(r[6])) for r in s.execute(stmt)]
