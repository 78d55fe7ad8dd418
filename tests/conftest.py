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


# Argon2id with the application's parameters (64 MiB, 3 passes, 4 lanes) takes 0.1-0.4 s a hash,
# and the suite hashes and verifies passwords a few thousand times. Tests hash with the cheapest
# parameters of the same algorithm; a test that takes ``production_password_hashing`` gets the
# application's own hasher (tests/services/test_password_hashing.py checks it through the services).
_PRODUCTION_HASHER: list[object] = []


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing():
    from argon2 import PasswordHasher

    from mediation_app.services import accounts

    _PRODUCTION_HASHER.append(accounts._hasher)
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    accounts._dummy_hash.cache_clear()
    yield
    accounts._hasher = _PRODUCTION_HASHER[0]
    accounts._dummy_hash.cache_clear()


@pytest.fixture
def production_password_hashing(monkeypatch: pytest.MonkeyPatch):
    """The application's own password hasher for this test."""
    from mediation_app.services import accounts

    monkeypatch.setattr(accounts, "_hasher", _PRODUCTION_HASHER[0])
    accounts._dummy_hash.cache_clear()
    yield _PRODUCTION_HASHER[0]
    accounts._dummy_hash.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _template_databases():
    """The databases built once per process for the tests to copy (tests/db_templates.py) are
    removed at the end."""
    yield
    from tests import db_templates

    db_templates.cleanup()


# Python 3.13 with PySide6 6.12 has aborted at interpreter exit after a fully passed run ("shared
# QObject was deleted directly"): Qt objects torn down in the wrong order after pytest is done. The
# run's verdict is known by then, so the process ends with it without the interpreter's teardown.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session, exitstatus) -> None:  # type: ignore[no-untyped-def]
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:  # type: ignore[no-untyped-def]
    if _EXIT_STATUS and not hasattr(config, "workerinput"):
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
