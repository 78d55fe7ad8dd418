"""Why a restore was refused is said in the user's words: no English detail of the storage layer
(an exception's text, a member's name, a manifest's wording) reaches the message. The faults are
made on the archive's bytes and at the OS calls that put the restored file in place."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.maintenance import BackupFailed, RestoreRefused
from tests.factories import make_case
from tests.services.conftest import initialise, open_services

_real_replace = os.replace


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    s = open_services("sqlite", tmp_path)
    yield s
    s.close()


@pytest.fixture
def admin(svc: Services) -> Actor:
    return initialise(svc)


def test_a_damaged_archive_is_refused_in_one_translated_sentence(svc: Services, admin: Actor, tmp_path: Path) -> None:
    make_case(svc, admin)
    archive = svc.maintenance.write_archive(admin, tmp_path / "a.zip").path
    good = archive.read_bytes()
    for offset in (200, len(good) // 2, len(good) - 300):  # the database, the middle, the zip's directory
        data = bytearray(good)
        data[offset] ^= 0xFF
        archive.write_bytes(bytes(data))
        with pytest.raises(RestoreRefused) as caught:
            svc.maintenance.restore(admin, archive)
        assert caught.value.message == ("The archive a.zip was not restored: it is damaged, incomplete or not a "
                                        "Mediation Desk archive. Nothing was changed; use another copy.")


def _live_damaged_on_the_way(live: Path) -> object:
    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        _real_replace(src, dst)
        if Path(dst) == live:  # the disk returns other bytes than were written
            with open(dst, "r+b") as fh:
                fh.seek(4096)
                fh.write(b"\x00" * 4096)

    return replace


def test_a_restored_file_that_does_not_read_back_is_reported_without_english_detail(
        svc: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    make_case(svc, admin)
    backup = svc.maintenance.backup_now(admin).backup
    live = svc.db.sqlite_path
    assert live is not None
    monkeypatch.setattr(os, "replace", _live_damaged_on_the_way(live))
    with pytest.raises(RestoreRefused) as caught:
        svc.maintenance.restore(admin, backup.path)
    monkeypatch.undo()
    assert caught.value.message == (
        "The restore did not complete: a copy it made did not read back correctly (a failing disk?). The database "
        f"was not replaced, or the safety copy in {svc.maintenance.backups_dir} holds it.")


def test_a_disk_fault_during_a_restore_is_named_in_words(svc: Services, admin: Actor,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    backup = svc.maintenance.backup_now(admin).backup
    live = svc.db.sqlite_path

    def failing(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == live:  # the restored copy cannot be put in place
            raise OSError(errno.EIO, "Input/output error")
        _real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(RestoreRefused) as caught:
        svc.maintenance.restore(admin, backup.path)
    monkeypatch.undo()
    assert caught.value.message == (
        "The restore did not complete: the drive reported a fault (was a USB stick removed?). Check it, and try "
        f"again. The database was not replaced, or the safety copy in {svc.maintenance.backups_dir} holds it.")


def test_an_archive_that_does_not_read_back_from_the_stick_is_reported_in_words(
        svc: Services, admin: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_case(svc, admin)
    target = tmp_path / "stick" / "a.zip"

    def fake_capacity(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        _real_replace(src, dst)
        if Path(dst) == target:  # the stick keeps the first 2 KB only
            size = target.stat().st_size
            with open(dst, "r+b") as fh:
                fh.seek(2048)
                fh.write(bytes(size - 2048))

    monkeypatch.setattr(os, "replace", fake_capacity)
    with pytest.raises(BackupFailed) as caught:
        svc.maintenance.write_archive(admin, target)
    monkeypatch.undo()
    assert caught.value.message == (
        "The archive was written but did not read back correctly (a failing disk or USB stick?); nothing under "
        "that name can be trusted. Write it again, on another drive if this happens again.")
    assert not target.exists() and list(target.parent.iterdir()) == []  # the bad copy is not left on the stick


def test_a_fault_noting_the_restore_in_the_anchor_file_stops_it_before_the_file_is_touched(
        svc: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = make_case(svc, admin)
    backup = svc.maintenance.backup_now(admin).backup
    live = svc.db.sqlite_path
    before = live.stat().st_ino  # a restore puts another file in its place
    real_fsync = os.fsync

    def failing(fd: int) -> None:  # the anchor file's line cannot be made durable (a failing disk)
        if os.readlink(f"/proc/self/fd/{fd}").endswith("anchors.jsonl"):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(RestoreRefused) as caught:
        svc.maintenance.restore(admin, backup.path)
    monkeypatch.undo()
    assert caught.value.message.startswith("The restore did not complete: the drive reported a fault")
    assert live.stat().st_ino == before  # not replaced
    assert svc.cases.detail(admin, case_id).number
