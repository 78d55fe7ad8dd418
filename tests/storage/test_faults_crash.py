"""kill -9 at random points while a desk saves (reliability.md §6.2 #1): after every kill the app
starts (the leftover -wal is checked on a copy), every acknowledged save is there whole, and the
file and the audit chain are sound. The full run over 1,000 saves is scripts/crash_loop.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_kills_during_saves_lose_nothing_acknowledged(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "crash_loop.py"), "--saves", "25", "--seed", "3",
                           "--min-ms", "50", "--max-ms", "900", "--dir", str(tmp_path / "loop")],
                          capture_output=True, text=True, timeout=600)
    report = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert done.returncode == 0, done.stdout + done.stderr
    assert int(report["saves acknowledged"]) >= 25 and int(report["kills"].split()[0]) >= 2
    assert report["lost"] == "0" and report["torn aggregates"] == "0" and report["refused starts"] == "0"
    assert report["integrity"] == "ok; audit chain: ok"
