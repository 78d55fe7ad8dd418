"""Catalogues are compiled once and the compiled file is used while it is current."""

from __future__ import annotations

import os
import shutil

import pytest

from mediation_app import i18n
from mediation_app.paths import i18n_dir


@pytest.fixture
def catalogues(tmp_path, monkeypatch):
    copy = tmp_path / "i18n"
    shutil.copytree(i18n_dir(), copy, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "i18n_dir", lambda: copy)
    return copy


def test_a_catalogue_is_compiled_once_then_read_compiled(catalogues, monkeypatch):
    mo = catalogues / "zh_CN" / "LC_MESSAGES" / "messages.mo"
    assert not mo.exists()
    assert i18n._load("zh_CN").gettext("Sign in") == "登录"
    assert mo.exists()
    compiled = []
    real = i18n.compile_catalogue
    monkeypatch.setattr(i18n, "compile_catalogue", lambda *a: compiled.append(a) or real(*a))
    assert i18n._load("zh_CN").gettext("Sign in") == "登录"
    assert compiled == []  # read from the .mo
    po = mo.with_suffix(".po")
    earlier = po.stat().st_mtime_ns - 5_000_000_000
    os.utime(mo, ns=(earlier, earlier))  # the catalogue was edited after it was compiled: compiled again
    assert i18n._load("zh_CN").gettext("Sign in") == "登录"
    assert len(compiled) == 1 and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns


def test_a_read_only_folder_still_gets_its_translations(catalogues):
    folder = catalogues / "zh_TW" / "LC_MESSAGES"
    folder.chmod(0o555)
    try:
        assert i18n._load("zh_TW").gettext("Sign in") != "Sign in"
        assert not (folder / "messages.mo").exists() or os.geteuid() == 0
    finally:
        folder.chmod(0o755)
