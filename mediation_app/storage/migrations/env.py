"""Alembic environment. Run through ``mediation_app.storage.migrate``, which passes the connection.

Batch mode recreates tables on SQLite; with foreign keys ON, DROP TABLE would cascade and
silently delete child rows, so foreign keys are switched off on the raw DB-API connection
before the migration transaction and checked afterwards (tech.md §3).
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from mediation_app.storage.base import UTCDateTime
from mediation_app.storage.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic path is supported
    raise RuntimeError("run migrations through mediation_app.storage.migrate")



def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy types so migrations never import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """The full-text tables are created by hand (FTS5 virtual table and its shadow tables)."""
    return not (type_ == "table" and name is not None and name.startswith("case_fts"))


context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
    render_item=render_item,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
