"""Held sessions by mode in a period (on site, video, phone, mixed), for the remote-session count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediation_app.storage.models import CaseRecord, MeetingRecord
from mediation_app.storage.scope import Scope, in_scope


def held_by_mode(session: Session, scope: Scope, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Held sessions of the cases in ``scope`` with ``start <= held_at < end``, counted per mode."""
    m, c = MeetingRecord, CaseRecord
    stmt = (select(m.mode, func.count()).join(c, c.id == m.case_id)
            .where(in_scope(c.committee_id, scope), m.status == "held", m.held_at >= start, m.held_at < end)
            .group_by(m.mode))
    return {str(mode): int(n) for mode, n in session.execute(stmt)}
