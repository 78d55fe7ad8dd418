"""What ``bundle export`` prints when attachments are left out (missing here, or damaged), and when
the bundle does not read back from the stick."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.factories import make_case
from tests.services.conftest import PASSWORD
from tests.services.handover.conftest import make_sites


def _room_with_attachments(tmp_path: Path) -> str:
    """A paired room with one case and two attachments: one deleted, one damaged on this computer."""
    sites = make_sites(tmp_path, "sqlite")
    try:
        case_id = make_case(sites.room, sites.room_admin, assigned=False)
        for name, fill in (("欠条.jpg", 1), ("收条.jpg", 2)):
            scan = tmp_path / name
            scan.write_bytes(b"\xff\xd8\xff" + bytes([fill]) * 4000)
            sites.room.meetings.add_evidence(sites.room_admin, case_id, scan, name)
        gone, damaged = sorted(p for p in (sites.room.data_dir / "attachments").rglob("*") if p.is_file())
        gone.unlink()
        damaged.write_bytes(damaged.read_bytes()[:-1] + b"\x00")
        return str(sites.room.data_dir / "mediation.db")
    finally:
        sites.room.close()
        sites.centre.close()


def _export(db: str, target: Path) -> tuple[int, str, str]:
    return run(["--db", db, "--password-stdin", "--lang", "en", "bundle", "export", "-o", str(target)],
               PASSWORD + "\n")


def test_attachments_left_out_are_named_missing_or_damaged(tmp_path: Path) -> None:
    db = _room_with_attachments(tmp_path)
    code, out, err = _export(db, tmp_path / "usb" / "bundle.mdh")
    assert code == 0, err
    assert "1 cases, 0 attachments" in out
    assert "2 attachment files are missing or damaged on this computer and were not included." in out


def test_a_bundle_that_does_not_read_back_is_reported_in_one_sentence(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = _room_with_attachments(tmp_path)
    stick = tmp_path / "usb"
    stick.mkdir()
    target = stick / "bundle.mdh"
    real_replace = os.replace

    def fake_capacity(src: str, dst: str) -> None:  # the stick keeps the first 1 KB only
        real_replace(src, dst)
        if Path(dst) == target:
            with open(dst, "r+b") as fh:
                fh.seek(1024)
                fh.write(bytes(target.stat().st_size - 1024))

    monkeypatch.setattr(os, "replace", fake_capacity)
    code, out, err = _export(db, target)
    monkeypatch.undo()
    assert code != 0 and "Bundle 1" not in out
    assert err == (f"error: The bundle written to {stick} did not read back correctly, so the copy there is bad and "
                   "nothing was handed over: write it again (on another USB stick if this happens again).\n")
    assert list(stick.iterdir()) == []
    code, out, err = _export(db, target)
    assert code == 0 and "Bundle 1 for" in out, err  # the number was not used up
