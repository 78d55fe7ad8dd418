"""The command line's quick read: ``case list`` with a live short sign-in (``mediation-app signin``),
without importing the ORM models or the services. Same rules as the full way: the session must be
usable by services/command_sessions.end_problem (checked here with the same function), the actor
is built by services/session_actor.actor_from, the list is the committees the actor sees
(CaseQueryService._scope) and needs the case-reading permission with a current password
(ServiceBase.require_role). Whatever it cannot serve — no session, an expired or revoked one, a
refusal, an encrypted or missing database — returns None, and the command goes the full way
(which ends and audits an expired or revoked session, asks the password and words any error)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mediation_app.domain.permissions import CASE_BOUND, Perm, allowed
from mediation_app.services.context import Actor


@dataclass(frozen=True)
class QuickList:
    rows: list[dict[str, Any]]  # the fields of services.read_models.CaseRow, in its order
    total: int | None  # None when not asked for
    actor: Actor
    still_indexing: int = 0  # with a search: imported cases whose search index is not written yet


def _usable_actor(qr: Any, conn: Any, token: str, workstation: str, now: dt.datetime) -> Actor | None:
    from mediation_app.services.session_actor import actor_from, end_problem, token_hash, user_stamp

    found = qr.session_and_user(conn, token_hash(token))
    if found is None:
        return None
    rec, user = found
    pairs = qr.memberships(conn, user.id)
    if end_problem(rec, user, user_stamp(user, [m for m, _c in pairs]), workstation, now):
        return None
    qr.touch(conn, rec.id, now, now + dt.timedelta(minutes=rec.idle_minutes))
    return actor_from(user, pairs, rec.committee_id)


def case_list(url: str, token: str, workstation: str, *, statuses: tuple[str, ...], text: str, overdue: bool,
              limit: int, page_max: int, now: dt.datetime | None = None,
              today: dt.date | None = None, count: bool = True) -> QuickList | None:
    """The first page of the case list and (``count``) the total, or None (go the full way). ``now``
    and ``today`` as services/clock.Clock gives them (tests pass their fixed clock's)."""
    from mediation_app.storage import quick_read as qr

    engine = qr.lean_engine(url)
    if engine is None:
        return None
    try:
        now = now or dt.datetime.now(dt.UTC)
        today = today or dt.datetime.now().astimezone().date()
        with qr.transaction(engine) as conn:
            actor = _usable_actor(qr, conn, token, workstation, now)
            if actor is None or actor.must_change_password or not allowed(
                    actor.roles, Perm.READ_CASE, Perm.READ_CASE in CASE_BOUND):
                conn.rollback()
                return None
            scope = actor.visible_committees()
            rows = qr.case_page(conn, statuses, text, overdue, scope, today, max(1, min(limit, page_max)))
            found = qr.where_matched_in(conn, [r[0] for r in rows], text) if text and rows else {}
            total = qr.case_count(conn, statuses, text, overdue, scope, today) if count else None
            indexing = qr.still_indexing(conn) if text else 0
        return QuickList([_row(r, today, found.get(r[0])) for r in rows], total, actor, indexing)
    finally:
        engine.dispose()


OPEN = ("accepted", "mediating", "agreement_drafted")  # services/cases.OPEN


def _row(r: Any, today: dt.date, found: tuple[str, str] | None) -> dict[str, Any]:
    matched = ""
    if found is not None:
        from mediation_app.domain.search_terms import field_label
        from mediation_app.i18n import _

        matched = _("{field}: {text}").format(field=field_label(found[0]), text=found[1])
    return {"id": r[0], "number": r[1], "title": r[2], "parties": r[3], "dispute_type": r[4], "status": r[5],
            "presiding_mediator": r[6], "registered_on": r[7], "accepted_on": r[8], "deadline_on": r[9],
            "overdue": bool(r[9] and r[9] < today and r[5] in OPEN), "risk_level": r[10], "committee": r[12] or "",
            "matched": matched}
