"""A bundle written over an earlier one that another program holds open (a file viewer, a virus
scanner: on Windows ``os.replace`` then fails with PermissionError for a moment). The move is
retried; when the program never lets go, the export says so in one sentence, the earlier bundle is
intact and no temporary file is left. The refusal is injected at the OS call, as Windows gives it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mediation_app.services.handover.bundle_file import BundleNotWritten
from tests.factories import make_case
from tests.services.handover.conftest import Sites

_real_replace = os.replace


def _held(target: Path, times: int) -> object:
    left = [times]

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == target and left[0] > 0:
            left[0] -= 1
            raise PermissionError(13, "The process cannot access the file because it is being used by another "
                                      "process", str(dst))
        _real_replace(src, dst)

    return replace


def test_a_bundle_held_open_for_a_moment_is_still_written(sites: Sites, monkeypatch: pytest.MonkeyPatch) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    target = sites.tmp / "bundle.mdh"
    target.write_bytes(b"an earlier bundle")
    monkeypatch.setattr(os, "replace", _held(target, 2))
    result = sites.room.handover.export(sites.room_admin, target)
    monkeypatch.undo()
    assert result.cases == 1
    assert sites.centre.handover.import_bundle(sites.centre_admin, target).new
    assert sorted(p.name for p in sites.tmp.iterdir() if p.name.startswith(".")) == []


def test_a_bundle_held_open_for_good_leaves_the_earlier_one_and_no_temporary_file(
        sites: Sites, monkeypatch: pytest.MonkeyPatch) -> None:
    make_case(sites.room, sites.room_admin, assigned=False)
    target = sites.tmp / "bundle.mdh"
    target.write_bytes(b"an earlier bundle")
    monkeypatch.setattr(os, "replace", _held(target, 100))
    with pytest.raises(BundleNotWritten) as caught:
        sites.room.handover.export(sites.room_admin, target)
    monkeypatch.undo()
    assert caught.value.message.startswith(f"The hand-over bundle could not be written to {sites.tmp}: this account "
                                           "may not write there, or another program holds the file.")
    assert target.read_bytes() == b"an earlier bundle"
    assert sorted(p.name for p in sites.tmp.iterdir() if p.name.startswith(".")) == []
