"""The schema revisions this version knows, read from the migration files' own text without
Alembic or SQLAlchemy (a start whose file is current needs neither: storage/migrate.py,
storage/quick_start.py)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


@cache
def revision_graph() -> dict[str, tuple[str, ...]] | None:
    """Each revision and the revisions it follows, read from the version files' text; None when
    a file does not state them as plain literals (then Alembic is asked)."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found: dict[str, str] = {m[1]: m[2] for m in _ASSIGNMENT.finditer(path.read_text(encoding="utf-8"))}
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or revision in graph:
            return None
        downs = (down,) if isinstance(down, str) else tuple(down or ())
        if not all(isinstance(d, str) for d in downs):
            return None
        graph[revision] = downs
    return graph or None


def quick_head() -> str | None:
    graph = revision_graph()
    if graph is None:
        return None
    followed = {d for downs in graph.values() for d in downs}
    heads = [r for r in graph if r not in followed]
    return heads[0] if len(heads) == 1 else None
