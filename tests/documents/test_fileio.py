from __future__ import annotations

import os

import pytest

from mediation_app.fileio import atomic_open, atomic_write_bytes


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert os.listdir(tmp_path) == ["a.pdf"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write(b"half a pdf")
        raise RuntimeError("crash")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.pdf"]


def test_replace_retried_on_permission_error(tmp_path, monkeypatch):
    calls = []
    real = os.replace

    def flaky(src, dst):
        calls.append(1)
        if len(calls) < 3:
            raise PermissionError("locked by a viewer")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    atomic_write_bytes(tmp_path / "b.pdf", b"x", delay=0)
    assert (tmp_path / "b.pdf").read_bytes() == b"x" and len(calls) == 3
