"""A bundle is read back from the stick it was written to before it counts as handed over. A
fake-capacity stick keeps only what fits and returns zeros for the rest; a stick that loses a block,
or is pulled out once the file is in place, leaves a copy the centre would refuse. The fault is made
at the OS call that puts the file in place: the file under its final name is what the stick kept.
The export then says in one sentence that the copy is bad and to write it again, removes it, records
nothing and keeps the bundle's number for the next one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mediation_app.services.handover.bundle_file import BundleBadCopy
from tests.factories import make_case
from tests.services.handover.conftest import Sites

_real_replace = os.replace


def _fake_capacity(path: Path) -> None:
    """Everything past the first 2 KB reads back as zeros (the stick is smaller than it claims)."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(2048)
        fh.write(bytes(size - 2048))


def _lost_block(path: Path) -> None:
    """A block in the middle never reached the stick."""
    data = path.read_bytes()
    middle = len(data) // 2
    path.write_bytes(data[:middle] + data[middle + 512:])


def _pulled_out(path: Path) -> None:
    path.unlink()


def _stick(target: Path, damage: Callable[[Path], None]) -> Callable[..., None]:
    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        _real_replace(src, dst)
        if Path(dst) == target:
            damage(target)

    return replace


@pytest.mark.parametrize("passphrase", [None, "a long passphrase"])
@pytest.mark.parametrize("damage", [_fake_capacity, _lost_block, _pulled_out])
def test_a_bundle_that_does_not_read_back_is_not_handed_over(
        sites: Sites, monkeypatch: pytest.MonkeyPatch, damage: Callable[[Path], None], passphrase: str | None) -> None:
    case = make_case(sites.room, sites.room_admin, assigned=False)
    stick = sites.tmp / "stick"
    stick.mkdir()
    target = stick / "bundle.mdh"
    monkeypatch.setattr(os, "replace", _stick(target, damage))
    with pytest.raises(BundleBadCopy) as caught:
        sites.room.handover.export(sites.room_admin, target, passphrase=passphrase)
    monkeypatch.undo()
    assert caught.value.message == (
        f"The bundle written to {stick} did not read back correctly, so the copy there is bad and nothing was "
        "handed over: write it again (on another USB stick if this happens again).")
    assert list(stick.iterdir()) == []  # the bad copy is removed, and no temporary file is left
    (peer,) = sites.room.handover.peers(sites.room_admin)
    assert peer.sent_seq == 0  # not handed over: the number is kept for the next bundle

    result = sites.room.handover.export(sites.room_admin, target, passphrase=passphrase)
    assert (result.seq, result.cases) == (1, 1)
    report = sites.centre.handover.import_bundle(sites.centre_admin, target, passphrase=passphrase)
    assert report.seq == 1 and not report.rejected
    assert [c.number for c in report.new] == [sites.room.cases.detail(sites.room_admin, case).number]


def test_a_bundle_that_reads_back_whole_is_handed_over(sites: Sites) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    target = sites.tmp / "bundle.mdh"
    result = sites.room.handover.export(sites.room_admin, target)
    (peer,) = sites.room.handover.peers(sites.room_admin)
    assert (result.seq, peer.sent_seq) == (1, 1)
    assert target.is_file()
