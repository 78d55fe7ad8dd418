"""Who acts (every service call carries the acting user) and what a change touched."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from mediation_app.domain.enums import Role
from mediation_app.domain.permissions import Perm, allowed
from mediation_app.i18n import pgettext


@dataclass(frozen=True)
class Actor:
    """The signed-in user. ``roles`` are all the account's roles; ``role`` is its first (main)
    role, kept for display and for callers that know one role only."""

    user_id: uuid.UUID
    username: str
    display_name: str
    role: Role
    committee_id: uuid.UUID
    mediator_id: uuid.UUID | None = None
    roles: frozenset[Role] = frozenset()
    must_change_password: bool = False

    def __post_init__(self) -> None:
        if not self.roles:
            object.__setattr__(self, "roles", frozenset({Role(self.role)}))

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


@dataclass(frozen=True)
class Changes:
    """What a mutating service call changed, for the UI's single ``data_changed`` signal."""

    kinds: frozenset[str] = field(default_factory=frozenset)  # e.g. {"case", "party", "meeting"}
    case_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    created_id: uuid.UUID | None = None  # the new record's id when the action created one
    number: str | None = None  # the human number issued, when one was

    @staticmethod
    def of(kind: str, case_id: uuid.UUID | None = None, **kw: object) -> Changes:
        return Changes(
            kinds=frozenset({kind}),
            case_ids=frozenset({case_id}) if case_id else frozenset(),
            **kw,  # type: ignore[arg-type]
        )
