"""Who acts (every service call carries the acting user) and what a change touched."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from mediation_app.domain.enums import Role


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    username: str
    display_name: str
    role: Role
    committee_id: uuid.UUID
    mediator_id: uuid.UUID | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_head(self) -> bool:
        return self.role in (Role.HEAD, Role.ADMIN)


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
