"""kill -9 in the middle of a backup and of a restore (a real subprocess): the live database stays
intact (or is completely the restored one), no half backup appears under a final name, and the hidden
partial files are removed by the next maintenance command (reliability.md §6.2 #2, #3, #40)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mediation_app.services.maintenance import open_maintenance
from mediation_app.storage.db import sqlite_url
from tests.factories import make_case
from tests.services.conftest import PASSWORD, initialise, open_services

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _big_database(tmp_path: Path) -> Path:
    svc = open_services("sqlite", tmp_path)
    try:
        admin = initialise(svc)
        make_case(svc, admin)
        make_case(svc, admin)
    finally:
        svc.close()
    live = tmp_path / "mediation.db"
    con = sqlite3.connect(live)
    con.execute("create table ballast(x blob)")  # makes copies take long enough to be killed midway
    con.executemany("insert into ballast values (randomblob(4000))", [()] * 15000)
    con.commit()
    con.close()
    return live


def _cases(live: Path) -> tuple[str, ...]:
    con = sqlite3.connect(live)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(r[0] for r in con.execute("select number from mediation_case order by number"))
    finally:
        con.close()


def _kill_when(cmd: list[str], appears: list[Path] | Path, rng: random.Random) -> bool:
    """Start ``cmd``; SIGKILL it shortly after a hidden partial file appears. True when it was killed
    while the operation was under way."""
    env = {**os.environ, "MEDIATION_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "mediation_app.cli", "--password-stdin", *cmd], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None
    proc.stdin.write((PASSWORD + "\n").encode())  # signed in as the administrator, as an office would
    proc.stdin.close()
    deadline = time.monotonic() + 60
    folders = appears if isinstance(appears, list) else [appears]
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".") and ".partial" in p.name for f in folders if f.is_dir() for p in f.iterdir()):
            time.sleep(rng.uniform(0, 0.05))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return proc.returncode == -signal.SIGKILL
        time.sleep(0.002)
    proc.wait(timeout=60)
    return False


def test_kill_during_backup_leaves_the_database_and_older_backups_intact(tmp_path: Path) -> None:
    live = _big_database(tmp_path)
    backups = tmp_path / "backups"
    maintenance, _audit = open_maintenance(sqlite_url(live), tmp_path)
    first = maintenance.backup_now(None).backup
    maintenance.db.dispose()
    before = _cases(live)
    rng = random.Random(8)
    killed = 0
    for _round in range(3):
        killed += _kill_when(["--db", str(live), "backup"], backups, rng)
        assert _cases(live) == before  # the live database is untouched
        finals = [p for p in backups.glob("*.db") if not p.name.startswith(".")]
        for b in maintenance.list_backups(deep=True):  # nothing half-written under a final name
            assert b.verified or b.path not in finals, b
    assert killed >= 1
    assert any(p.name.startswith(".") and ".partial" in p.name for p in backups.iterdir())
    again = maintenance.backup_now(None)  # the next backup cleans up and succeeds
    assert again.backup.verified
    assert not [p for p in backups.iterdir() if ".partial" in p.name]
    assert first.path.exists() and maintenance.verify_backup(first.path).verified
    maintenance.db.dispose()


def test_kill_during_restore_leaves_either_the_old_or_the_complete_restored_database(tmp_path: Path) -> None:
    live = _big_database(tmp_path)
    maintenance, _audit = open_maintenance(sqlite_url(live), tmp_path)
    backup = maintenance.backup_now(None).backup
    maintenance.db.dispose()
    old = _cases(live)
    svc = open_services("sqlite", tmp_path)
    try:
        make_case(svc, svc.accounts.authenticate("admin", "调解2026-secret"))
    finally:
        svc.close()
    current = _cases(live)
    assert len(current) == len(old) + 1
    rng = random.Random(3)
    killed = 0
    for _round in range(3):
        killed += _kill_when(["--db", str(live), "restore", str(backup.path), "--yes"], [tmp_path, tmp_path / "backups"],
                             rng)
        assert _cases(live) in (old, current)  # whole old or whole restored, never a mixture
        report = maintenance.check()  # check says what happened, not "entries were deleted"
        assert not any("were deleted" in p for p in report.problems), report.problems
        assert report.ok or any("did not finish" in p for p in report.problems), report.problems
        maintenance.db.dispose()
    assert killed >= 1
    result = maintenance.restore(None, backup.path, operator="test")  # the next restore cleans up and completes
    assert _cases(live) == old and result.safety_copy is not None
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]
    assert not [p for p in (tmp_path / "backups").iterdir() if ".partial" in p.name]
    maintenance.db.dispose()
