"""Passwords are stored with the application's own Argon2id parameters (RFC 9106 low-memory
profile). The other tests hash with the cheapest parameters of the same algorithm (tests/conftest.py);
these run with the application's hasher."""

from __future__ import annotations

import argon2
import pytest
from argon2.profiles import RFC_9106_LOW_MEMORY
from sqlalchemy import select

from mediation_app.services import Services
from mediation_app.services.errors import AuthenticationFailed
from mediation_app.storage.models import UserRecord
from tests.services.conftest import PASSWORD, initialise


def _stored_hash(services: Services, username: str) -> str:
    with services.db.read() as s:
        return str(s.execute(select(UserRecord.password_hash).where(UserRecord.username == username)).scalar_one())


def test_the_set_up_stores_the_administrators_password_with_the_production_parameters(
        services: Services, production_password_hashing: argon2.PasswordHasher) -> None:
    admin = initialise(services)
    stored = _stored_hash(services, "admin")
    assert argon2.extract_parameters(stored) == RFC_9106_LOW_MEMORY
    assert RFC_9106_LOW_MEMORY.memory_cost >= 65536 and RFC_9106_LOW_MEMORY.time_cost >= 3
    assert PASSWORD not in stored
    assert services.accounts.authenticate("admin", PASSWORD).user_id == admin.user_id
    with pytest.raises(AuthenticationFailed):
        services.accounts.authenticate("admin", PASSWORD + "x")
    with pytest.raises(AuthenticationFailed):  # an unknown name is verified against a production-strength hash
        services.accounts.authenticate("nobody", PASSWORD)
    from mediation_app.services import accounts

    assert argon2.extract_parameters(accounts._dummy_hash()) == RFC_9106_LOW_MEMORY


def test_a_weaker_stored_hash_is_replaced_with_a_production_one_at_sign_in(
        services: Services, production_password_hashing: argon2.PasswordHasher,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mediation_app.services import accounts

    with monkeypatch.context() as weaker:
        weaker.setattr(accounts, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        initialise(services)
    assert argon2.extract_parameters(_stored_hash(services, "admin")) != RFC_9106_LOW_MEMORY
    services.accounts.authenticate("admin", PASSWORD)
    assert argon2.extract_parameters(_stored_hash(services, "admin")) == RFC_9106_LOW_MEMORY
    assert services.accounts.authenticate("admin", PASSWORD).roles
