"""Who acts (every service call carries the acting user) and what a change touched."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mediation_app.domain.enums import Role
from mediation_app.domain.permissions import ACCOUNT_ROLES, CASE_ROLES, Perm, allowed
from mediation_app.i18n import pgettext
from mediation_app.services.changes import ChangeKind, Changes

__all__ = ["Actor", "ChangeKind", "Changes", "Membership"]


@dataclass(frozen=True, kw_only=True)
class Membership:
    """The account's place in one committee: the roles held there and its mediator entry."""

    committee_id: uuid.UUID
    roles: frozenset[Role]
    mediator_id: uuid.UUID | None = None
    short_name: str = ""
    name: str = ""


@dataclass(frozen=True)
class Actor:
    """The signed-in user, working in its current committee (``committee_id``). ``roles`` are the
    roles it holds there (with the account-wide administrator and auditor roles); ``role`` is the
    first (main) one, kept for display. ``memberships`` are every committee it belongs to;
    ``centre_head``: it heads the centre's own committee and so reads every committee's cases."""

    user_id: uuid.UUID
    username: str
    display_name: str
    role: Role
    committee_id: uuid.UUID
    mediator_id: uuid.UUID | None = None
    roles: frozenset[Role] = frozenset()
    must_change_password: bool = False
    memberships: tuple[Membership, ...] = ()
    centre_head: bool = False
    stamp: str = ""  # what the sign-in rested on (session_actor.access_stamp); checked live by the services

    def __post_init__(self) -> None:
        if not self.roles:
            object.__setattr__(self, "roles", frozenset({Role(self.role)}))
        if not self.memberships:
            object.__setattr__(self, "memberships", (Membership(
                committee_id=self.committee_id, roles=self.roles, mediator_id=self.mediator_id),))

    # -- committees ---------------------------------------------------------------------------
    def membership(self, committee_id: uuid.UUID) -> Membership | None:
        return next((m for m in self.memberships if m.committee_id == committee_id), None)

    def roles_in(self, committee_id: uuid.UUID) -> frozenset[Role]:
        """The roles this account holds for a case of ``committee_id`` (the account-wide roles
        included)."""
        m = self.membership(committee_id)
        return (m.roles if m else frozenset()) | (self.roles & ACCOUNT_ROLES)

    def mediator_in(self, committee_id: uuid.UUID) -> uuid.UUID | None:
        m = self.membership(committee_id)
        return m.mediator_id if m else None

    def works_in(self, committee_id: uuid.UUID) -> bool:
        """Does the account hold a case role in ``committee_id``?"""
        return bool(self.roles_in(committee_id) & CASE_ROLES)

    def sees(self, committee_id: uuid.UUID) -> bool:
        """Do this account's lists show the records of ``committee_id``?"""
        return self.centre_head or self.works_in(committee_id)

    def visible_committees(self) -> frozenset[uuid.UUID] | None:
        """The committees whose cases this account's lists show: those it works in, or every
        committee (``None``) for the centre's head."""
        if self.centre_head:
            return None
        return frozenset(m.committee_id for m in self.memberships if self.works_in(m.committee_id))

    def in_committee(self, committee_id: uuid.UUID) -> Actor:
        """The same account working in another of its committees."""
        m = self.membership(committee_id)
        if m is None:
            raise ValueError("not a member of that committee")
        roles = m.roles | (self.roles & ACCOUNT_ROLES)
        main = Role(self.role) if Role(self.role) in roles or not roles else next(r for r in Role if r in roles)
        from dataclasses import replace

        return replace(self, committee_id=committee_id, roles=roles, role=main, mediator_id=m.mediator_id)

    def has(self, role: Role) -> bool:
        return role in self.roles

    def may(self, action: Perm, assigned: bool = False) -> bool:
        """The matrix's answer for this account (``assigned``: to the case in question)."""
        return allowed(self.roles, action, assigned)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_head(self) -> bool:
        return Role.HEAD in self.roles

    def roles_label(self) -> str:
        return pgettext("list separator", ", ").join(r.label() for r in Role if r in self.roles)
