"""Which committees a query may see: one committee, a set of them (an account that works in
several, or a centre head), or ``None`` for every committee (maintenance, never a user's list)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import false, true

Scope = uuid.UUID | Collection[uuid.UUID] | None


def in_scope(column: Any, scope: Scope) -> Any:
    """The condition "``column`` (a committee id) is one of the committees in ``scope``"."""
    if scope is None:
        return true()
    if isinstance(scope, uuid.UUID):
        return column == scope
    ids = sorted(scope, key=str)
    if not ids:
        return false()
    if len(ids) == 1:
        return column == ids[0]
    return column.in_(ids)
