"""The actor of a signed-in account, built from its user row and its committees — one rule for the
password sign-in (services/accounts.py, ORM records) and the command line's short sign-in
(services/quick_read.py, plain rows) — the stamp of what a sign-in rested on, and when a
command-line session may be used (services/command_sessions.py). No ORM, no SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from mediation_app.domain.enums import CommitteeKind, Role
from mediation_app.domain.permissions import ACCOUNT_ROLES
from mediation_app.services.context import Actor, Membership


def _roles(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in (text or "").split(",") if r)


def account_roles(user: Any) -> frozenset[Role]:
    """The roles of the account itself (its ``roles``, else its main ``role``)."""
    return _roles(user.roles) or frozenset({Role(user.role)})


def actor_from(user: Any, found: Sequence[tuple[Any, Any]] | None, committee_id: uuid.UUID | None = None) -> Actor:
    """``user``: an object with the user account's columns; ``found``: its (membership, committee)
    pairs (None: without committees). The actor works in ``committee_id`` when it is one of them
    (else in its home committee)."""
    actor = Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        committee_id=user.committee_id,
        mediator_id=user.mediator_id,
        roles=account_roles(user),
        must_change_password=bool(user.must_change_password),
    )
    if found is None:
        return actor
    actor = replace(actor, stamp=access_stamp(user, [m for m, _c in found]))
    found = [(m, c) for m, c in found if c.active or m.committee_id == user.committee_id]
    if not found:
        return actor
    memberships = tuple(Membership(committee_id=m.committee_id, roles=_roles(m.roles) or account_roles(user),
                                   mediator_id=m.mediator_id, short_name=c.short_name, name=c.name)
                        for m, c in found)
    account_wide = account_roles(user) & ACCOUNT_ROLES
    for m in memberships:
        account_wide |= m.roles & ACCOUNT_ROLES
    centre_head = any(c.kind == CommitteeKind.CENTRE and Role.HEAD in _roles(m.roles) for m, c in found)
    actor = replace(actor, memberships=memberships, centre_head=centre_head, roles=actor.roles | account_wide)
    ids = [m.committee_id for m in memberships]
    current = committee_id if committee_id in ids else (user.committee_id if user.committee_id in ids else ids[0])
    return actor.in_committee(current)


def user_stamp(user: Any, memberships: Iterable[Any]) -> str:
    """A hash of what a sign-in rests on: the password hash, the account's roles, whether it must
    change its password, and its roles in each committee. A session whose stamp no longer matches
    ends (the password or a role changed)."""
    return _stamp([user.password_hash or ""], user, memberships)


def access_stamp(user: Any, memberships: Iterable[Any]) -> str:
    """A hash of what an open window's actor rests on: as ``user_stamp`` without the password itself,
    so that changing one's own password keeps the window (services/live_account.py); an
    administrator's reset still changes it (the account must change its password)."""
    return _stamp([], user, memberships)


def _stamp(first: list[str], user: Any, memberships: Iterable[Any]) -> str:
    parts = [*first, user.role or "", user.roles or "", "1" if user.must_change_password else "0",
             str(user.committee_id)]
    parts += sorted(f"{m.committee_id}:{m.roles}:{m.mediator_id}" for m in memberships)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


DEFAULT_IDLE_MINUTES = 5
MAX_IDLE_MINUTES = 10  # idle auto-lock on shared computers: at most 10 minutes (reliability.md)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_minutes(minutes: int | None) -> int:
    """The idle limit asked for, kept between 1 and MAX_IDLE_MINUTES."""
    return max(1, min(MAX_IDLE_MINUTES, DEFAULT_IDLE_MINUTES if minutes is None else int(minutes)))


def end_problem(rec: Any, user: Any, stamp: str, workstation: str, now: dt.datetime) -> str:
    """Why a session may not be used now ('' when it may): ended, expired, another workstation,
    or revoked (account deactivated or locked, password or roles changed). One rule for both paths."""
    if rec.ended_at is not None:
        return "ended"
    if rec.workstation != workstation:
        return "workstation"
    if rec.expires_at <= now:
        return "expired"
    if user is None or not user.active:
        return "deactivated"
    if user.locked_until is not None and user.locked_until > now:
        return "locked"
    if rec.user_stamp != stamp:
        return "changed"
    return ""
