"""Fixtures for widget tests: offscreen Qt, zh_CN, an in-line task runner, isolated settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from mediation_app.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def _chinese_ui():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


@pytest.fixture
def events(qapp):
    from mediation_app.ui.events import AppEvents

    return AppEvents()


@pytest.fixture
def runner(qapp):
    from mediation_app.ui.tasks import TaskRunner

    return TaskRunner(inline=True)


@pytest.fixture
def settings(tmp_path, qapp):
    from mediation_app.ui.settings import AppSettings

    return AppSettings(tmp_path / "settings.ini")
