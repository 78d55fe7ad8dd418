"""Where the database and the data directory are: one answer for the desktop client and the CLI.

The data directory (attachments, backups, drafts) is the folder of the SQLite file, so a database
moved or copied together with its folder keeps its evidence. A server database (PostgreSQL) keeps
its attachments in the per-user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MediationDesk"
DB_FILENAME = "mediation.db"
ENV_URL = "MEDIATION_DB_URL"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of an SQLite file, written as ``storage.db.sqlite_url`` writes it (the
    same quoting), without importing SQLAlchemy: resolving where the data is must stay cheap."""
    from urllib.parse import quote

    return "sqlite+pysqlite:///" + quote(str(Path(path).expanduser().resolve()), safe=" +/")


def resolve_database(db_url_or_path: str | Path | None = None) -> tuple[str, Path]:
    """(SQLAlchemy URL, data directory) from a URL, a file path, ``$MEDIATION_DB_URL`` or the default."""
    text = str(db_url_or_path) if db_url_or_path else os.environ.get(ENV_URL, "")
    if not text:
        base = default_data_dir()
        return sqlite_url(base / DB_FILENAME), base
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return sqlite_url(path), path.parent
    if text.startswith("sqlite") and "///" in text:
        return text, Path(text.split("///", 1)[1]).expanduser().resolve().parent
    return text, default_data_dir()
