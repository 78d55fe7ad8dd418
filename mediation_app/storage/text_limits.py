"""Texts longer than their column: refused before anything is written, on every database.

PostgreSQL refuses a value longer than its ``VARCHAR(n)`` with an error a person cannot act on, and
SQLite keeps it whole; cutting it to fit would lose what the user typed without a word. So every flush
measures the texts it is about to write against their columns' lengths and raises ``TooLong`` naming
the table, the column and both lengths (services/errors.py turns it into one sentence with the field's
label). Only values that changed are measured: a record loaded and not touched is never refused.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import String, Table, event, inspect
from sqlalchemy.orm import Mapper, Session

from mediation_app.storage.errors import TooLong


@cache
def _limits(mapper: Mapper[Any]) -> tuple[tuple[str, str, str, int], ...]:
    """(attribute, table, column, length) of each length-limited text column of a mapped class."""
    out = []
    for attr in mapper.column_attrs:
        for column in attr.columns:
            if isinstance(column.type, String) and column.type.length and isinstance(column.table, Table):
                out.append((attr.key, column.table.name, column.name, column.type.length))
    return tuple(out)


def _check(obj: Any, new: bool) -> None:
    state = inspect(obj)
    values = state.dict
    for key, table, column, length in _limits(state.mapper):
        value = values.get(key)
        if isinstance(value, str) and len(value) > length and (new or state.attrs[key].history.has_changes()):
            raise TooLong(table, column, len(value), length)


@event.listens_for(Session, "before_flush")
def _measure(session: Session, _flush_context: Any, _instances: Any) -> None:
    for obj in session.new:
        _check(obj, True)
    for obj in session.dirty:
        _check(obj, False)
