"""Personal data at rest on POSIX: the data directory 0700, the database, its companions, backups,
attachments and drafts 0600; files an earlier version left open are tightened at start."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mediation_app.services import build_services
from mediation_app.services.clock import FixedClock
from mediation_app.storage.backup import backup_sqlite
from mediation_app.storage.db import sqlite_url
from tests.factories import TODAY
from tests.services.conftest import initialise

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_everything_the_app_writes_is_private(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    svc = build_services(sqlite_url(data / "mediation.db"), data, FixedClock(TODAY))
    try:
        initialise(svc)
        backup = backup_sqlite(svc.db, data / "backups" / "copy.db")
        assert mode(data) == 0o700  # the app made the folder
        for path in data.rglob("*"):  # folders and files alike: nothing for the group or others
            assert mode(path) & 0o077 == 0, path
        assert backup.exists() and mode(backup) == 0o600
        assert mode(data / "mediation.db") == 0o600
    finally:
        svc.close()


def test_files_of_an_earlier_version_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "old"
    svc = build_services(sqlite_url(data / "mediation.db"), data, FixedClock(TODAY))
    initialise(svc)
    svc.close()
    (data / "attachments" / "ab").mkdir(parents=True)
    (data / "attachments" / "ab" / "scan.jpg").write_bytes(b"\xff\xd8")
    for path, m in ((data / "attachments", 0o755), (data / "attachments" / "ab", 0o755),
                    (data / "attachments" / "ab" / "scan.jpg", 0o644), (data / "mediation.db", 0o644)):
        path.chmod(m)
    build_services(sqlite_url(data / "mediation.db"), data, FixedClock(TODAY)).close()
    assert mode(data / "attachments") == 0o700 and mode(data / "attachments" / "ab") == 0o700
    assert mode(data / "attachments" / "ab" / "scan.jpg") == 0o600
    assert mode(data / "mediation.db") == 0o600
