"""Whether a start may show its sign-in window before the data layer is loaded (SQLAlchemy and the
database's engine take about a third of a second): only for a plain SQLite file that this
application closed cleanly and that is unchanged since (its stamp, storage/preflight.py), with no
change log beside it, writable with its folder, already at the schema this version writes, and set
up (a committee). Everything else (a first run, an encrypted, damaged, foreign, newer, older,
read-only or shared file) opens as before, with every check, before any window. Read with the
standard library's sqlite3 only, without writing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from mediation_app.storage import encryption
from mediation_app.storage.preflight import stamp_matches, stored_revision, wal_path
from mediation_app.storage.revisions import quick_head


def ready(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        if not path.is_file() or path.stat().st_size == 0 or encryption.is_encrypted(path):
            return False
        wal = wal_path(path)
        if wal.exists() and wal.stat().st_size:  # open elsewhere, or not closed cleanly
            return False
        if not stamp_matches(path) or not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return False
        revision, _version = stored_revision(path, immutable=True)
        if revision is None or revision != quick_head():
            return False
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return con.execute("SELECT 1 FROM committee LIMIT 1").fetchone() is not None
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return False
