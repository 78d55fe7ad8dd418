"""Suite-wide settings: headless Qt, English messages by default (tests switch language explicitly)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _english_messages():
    from mediation_app import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")
