"""Drafts kept as files before sign-in: written durably (the folder's entry is synced too), and a
draft that cannot be written (a failing or full disk) is logged and skipped, leaving the earlier
draft whole and no temporary file."""

from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path

import pytest

from mediation_app.ui.drafts import DraftStore

_real_fsync = os.fsync


def test_a_draft_file_and_its_folder_entry_are_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []

    def fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        _real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    store = DraftStore(tmp_path / "drafts")
    store.save("intake", {"name": "张三", "facts": "货款纠纷"})
    monkeypatch.undo()
    assert store.load("intake") == {"name": "张三", "facts": "货款纠纷"}
    assert synced == [False, True]  # the file, then the folder holding its new name


def test_a_draft_that_cannot_be_written_is_logged_and_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.save("intake", {"name": "张三"})

    def failing(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with caplog.at_level(logging.WARNING, logger="mediation_app.ui.drafts"):
        store.save("intake", {"name": "李四"})  # does not raise: the form goes on
    monkeypatch.undo()
    assert [r.getMessage() for r in caplog.records] == ["could not save a draft"]
    assert store.load("intake") == {"name": "张三"}  # the earlier draft is whole
    assert sorted(p.name for p in (tmp_path / "drafts").iterdir()) == ["intake.json"]
