"""A benchmark's own schema in a PostgreSQL database, so that its tables never meet another's."""

from __future__ import annotations


def pg_schema(url: str, schema: str, *, fresh: bool = True, drop: bool = False) -> str:
    """Make ``schema`` (``fresh``: dropped first; else kept from an earlier run if it exists), or with
    ``drop`` only drop it; returns the URL whose connections work in it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as con:
        if fresh or drop:
            con.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        if not drop:
            con.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
