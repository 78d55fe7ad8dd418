"""Grouped queries behind the screening report (矛盾纠纷排查情况表) and the monthly per-committee
figures. Every count is computed by the database; the callers fold a few hundred grouped rows at
most, never the items themselves."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, extract, func, literal, or_, select
from sqlalchemy.orm import Session

from mediation_app.domain.enums import CaseStatus, LedgerStatus
from mediation_app.domain.screening import BAND_LOWER_BOUNDS, CATEGORY_OF_TYPE, PeopleBand
from mediation_app.storage.models import (
    AgreementRecord,
    CaseRecord,
    CommitteeRecord,
    LedgerItemRecord,
    PreventionEventRecord,
    ScreeningRoundRecord,
)

_ITEM = LedgerItemRecord


def category_expr() -> ColumnElement[Any]:
    """The item's own category, else its dispute type's."""
    by_type = case({t.value: c.value for t, c in CATEGORY_OF_TYPE.items()}, value=_ITEM.dispute_type, else_="other")
    return func.coalesce(_ITEM.screening_category, by_type)


def band_expr() -> ColumnElement[Any]:
    persons = func.coalesce(_ITEM.persons_involved, 0)
    return case(*[(persons >= lower, band.value) for lower, band in BAND_LOWER_BOUNDS], else_=PeopleBand.UNDER_50.value)


def handled_expr(end: dt.date) -> ColumnElement[bool]:
    """Handled (调处) by ``end``: prevented, resolved or turned into a case on or before it."""
    return and_(_ITEM.status != LedgerStatus.OPEN.value, _ITEM.handled_on.is_not(None), _ITEM.handled_on <= end)


def success_expr(end: dt.date) -> ColumnElement[bool]:
    """Resolved (成功) by ``end``: prevented or resolved in the ledger, or turned into a case whose
    agreement (oral or written, not superseded) took effect on or before ``end``."""
    agreed = exists().where(
        AgreementRecord.case_id == _ITEM.case_id, AgreementRecord.superseded.is_(False),
        AgreementRecord.effective_on.is_not(None), AgreementRecord.effective_on <= end)
    return and_(handled_expr(end), or_(
        _ITEM.status.in_((LedgerStatus.PREVENTED.value, LedgerStatus.RESOLVED.value)),
        and_(_ITEM.status == LedgerStatus.CONVERTED.value, agreed)))


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def item_groups(
    session: Session, committee_ids: Collection[uuid.UUID], year_start: dt.date, start: dt.date, end: dt.date
) -> list[Any]:
    """Rows (kind, category, band, major, screened, handled, success, screened_ytd, handled_ytd,
    success_ytd) over the items screened from ``year_start`` to ``end``; the first three counts
    are of those screened from ``start``."""
    in_period = _ITEM.screened_on >= start
    handled, success = handled_expr(end), success_expr(end)
    category, band = category_expr(), band_expr()
    stmt = (
        select(
            CommitteeRecord.kind.label("kind"), category.label("category"), band.label("band"),
            _ITEM.major.label("major"),
            _flag(in_period).label("screened"), _flag(and_(in_period, handled)).label("handled"),
            _flag(and_(in_period, success)).label("success"),
            func.count().label("screened_ytd"), _flag(handled).label("handled_ytd"),
            _flag(success).label("success_ytd"),
        )
        .join(CommitteeRecord, CommitteeRecord.id == _ITEM.committee_id)
        .where(_ITEM.committee_id.in_(list(committee_ids)), _ITEM.screened_on >= year_start,
               _ITEM.screened_on <= end)
        .group_by(CommitteeRecord.kind, category, band, _ITEM.major)
    )
    return list(session.execute(stmt))


def round_groups(
    session: Session, committee_ids: Collection[uuid.UUID], year_start: dt.date, start: dt.date, end: dt.date
) -> list[Any]:
    """Rows (kind, rounds, concentrated, rounds_ytd, concentrated_ytd) of screening rounds held."""
    r = ScreeningRoundRecord
    in_period = r.held_on >= start
    stmt = (
        select(CommitteeRecord.kind.label("kind"), _flag(in_period).label("rounds"),
               _flag(and_(in_period, r.concentrated.is_(True))).label("concentrated"),
               func.count().label("rounds_ytd"), _flag(r.concentrated.is_(True)).label("concentrated_ytd"))
        .join(CommitteeRecord, CommitteeRecord.id == r.committee_id)
        .where(r.committee_id.in_(list(committee_ids)), r.held_on >= year_start, r.held_on <= end)
        .group_by(CommitteeRecord.kind)
    )
    return list(session.execute(stmt))


def item_ids(
    session: Session, committee_ids: Collection[uuid.UUID], kinds: Collection[str] | None, start: dt.date,
    end: dt.date, *, category: str | None = None, band: str | None = None, major: bool | None = None,
    measure: str = "screened",
) -> list[uuid.UUID]:
    """The items behind one cell: screened from ``start`` to ``end`` in committees of ``kinds``
    (None: all), narrowed by category, band or the major mark; ``measure`` screened / handled /
    success. Ordered by screening date."""
    stmt = (
        select(_ITEM.id)
        .join(CommitteeRecord, CommitteeRecord.id == _ITEM.committee_id)
        .where(_ITEM.committee_id.in_(list(committee_ids)), _ITEM.screened_on >= start, _ITEM.screened_on <= end)
    )
    if kinds is not None:
        stmt = stmt.where(CommitteeRecord.kind.in_(list(kinds)))
    if category is not None:
        stmt = stmt.where(category_expr() == category)
    if band is not None:
        stmt = stmt.where(band_expr() == band)
    if major is not None:
        stmt = stmt.where(_ITEM.major.is_(major))
    if measure == "handled":
        stmt = stmt.where(handled_expr(end))
    elif measure == "success":
        stmt = stmt.where(success_expr(end))
    return list(session.scalars(stmt.order_by(_ITEM.screened_on, _ITEM.id)))


def committees(session: Session, committee_ids: Collection[uuid.UUID] | None = None) -> list[CommitteeRecord]:
    stmt = select(CommitteeRecord)
    if committee_ids is not None:
        stmt = stmt.where(CommitteeRecord.id.in_(list(committee_ids)))
    return list(session.scalars(stmt.order_by(CommitteeRecord.created_at, CommitteeRecord.id)))


def _month(col: Any) -> ColumnElement[Any]:
    return extract("month", col)


def monthly_counts(
    session: Session, committee_ids: Collection[uuid.UUID], start: dt.date, end: dt.date
) -> dict[tuple[uuid.UUID, int, str], int]:
    """{(committee, month, figure): count} for the figures mediated (cases accepted), rounds
    (screening rounds held), found (ledger items screened) and prevented (prevention events)."""
    ids = list(committee_ids)
    c, r, i, p = CaseRecord, ScreeningRoundRecord, _ITEM, PreventionEventRecord
    queries = [
        select(c.committee_id, _month(c.accepted_on), literal("mediated"), func.count())
        .where(c.committee_id.in_(ids), c.accepted_on >= start, c.accepted_on <= end,
               c.status != CaseStatus.VOIDED.value)
        .group_by(c.committee_id, _month(c.accepted_on)),
        select(r.committee_id, _month(r.held_on), literal("rounds"), func.count())
        .where(r.committee_id.in_(ids), r.held_on >= start, r.held_on <= end)
        .group_by(r.committee_id, _month(r.held_on)),
        select(i.committee_id, _month(i.screened_on), literal("found"), func.count())
        .where(i.committee_id.in_(ids), i.screened_on >= start, i.screened_on <= end)
        .group_by(i.committee_id, _month(i.screened_on)),
        select(p.committee_id, _month(p.on), literal("prevented"), func.count())
        .where(p.committee_id.in_(ids), p.on >= start, p.on <= end)
        .group_by(p.committee_id, _month(p.on)),
    ]
    out: dict[tuple[uuid.UUID, int, str], int] = {}
    for stmt in queries:
        for committee_id, month, figure, count in session.execute(stmt):
            out[(committee_id, int(month), str(figure))] = int(count)
    return out


def rounds(session: Session, committee_ids: Collection[uuid.UUID], start: dt.date, end: dt.date) -> list[Any]:
    r = ScreeningRoundRecord
    return list(session.scalars(
        select(r).where(r.committee_id.in_(list(committee_ids)), r.held_on >= start, r.held_on <= end)
        .order_by(r.held_on, r.created_at)))
