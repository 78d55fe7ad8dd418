"""Restoring over a damaged database first keeps the damaged file (and its -wal) as ``damaged-…``.
That copy is complete or absent: when the backups folder's disk is full the restore stops before
the live file is touched, and no half copy is left to pass for the kept original. Real fault: a
tiny tmpfs (root only, else skipped)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mediation_app.storage.backup import manifest_path, read_manifest
from mediation_app.storage.restore import swap_in
from tests.storage.faults import fill_up, hashes, scramble_page, seeded, table_root_page, tiny_filesystem


def _damaged_live(tmp_path: Path) -> tuple[Path, Path, str]:
    live, _admin = seeded(tmp_path)
    backup = tmp_path / "backups" / "mediation-20261120-090000.db"
    manifest = read_manifest(backup)
    assert manifest is not None
    scramble_page(live, *table_root_page(live, "mediator"))
    return live, backup, str(manifest["sha256"])


def test_a_full_backups_disk_stops_the_restore_before_the_live_file_and_leaves_no_half_copy(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    live, backup, sha = _damaged_live(tmp_path)
    before, beside = hashes(live), sorted(p.name for p in tmp_path.iterdir())
    with tiny_filesystem(tmp_path_factory.mktemp("safety"), 64) as folder:
        fill_up(folder)
        with pytest.raises(OSError):
            swap_in(live, backup, sha, folder, "20261121-100000")
        assert sorted(p.name for p in folder.iterdir()) == ["filler.bin"]
    assert hashes(live) == before  # the damaged original is still there, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == beside  # no hidden copy left beside it


def test_the_kept_damaged_copy_is_the_original_byte_for_byte_with_its_manifest(tmp_path: Path) -> None:
    live, backup, sha = _damaged_live(tmp_path)
    original = hashlib.sha256(live.read_bytes()).hexdigest()
    folder = tmp_path / "safety"
    result = swap_in(live, backup, sha, folder, "20261121-100000")
    assert result.safety_copy == folder / "damaged-20261121-100000.db" and not result.safety_verified
    assert hashlib.sha256(result.safety_copy.read_bytes()).hexdigest() == original
    kept = read_manifest(result.safety_copy)
    assert kept is not None and kept["kind"] == "damaged" and manifest_path(result.safety_copy).exists()
    assert sorted(p.name for p in folder.iterdir()) == ["damaged-20261121-100000.db",
                                                        manifest_path(result.safety_copy).name]
