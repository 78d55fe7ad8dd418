"""Account rules: password policy, forced change after a reset, lockout auditing, and sign-in that
does the same work whether or not the user name exists."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mediation_app.domain.enums import Role
from mediation_app.services import accounts as accounts_module
from mediation_app.services.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from mediation_app.services.password_policy import common_passwords, password_problem
from mediation_app.storage.models import AuditRecord
from tests.services.conftest import PASSWORD

GOOD = "调解室-2026-东门"


@pytest.mark.parametrize(("password", "username", "why"), [
    ("Ab3-short", "", "at least 10 characters"),
    ("abcdefghijkl", "", "letters and digits"),
    ("password12345", "", "most common passwords"),  # a common password with digits added
    ("iloveyou2026!", "", "most common passwords"),
    ("1qaz2wsx3edc", "", "most common passwords"),  # on the list as it is
    ("zhangwei-2026", "zhangwei", "must not contain the user name"),
    ("Desk-ZhangWei-9", "zhangwei", "must not contain the user name"),
])
def test_weak_passwords_are_refused_with_the_reason(password: str, username: str, why: str) -> None:
    problem = password_problem(password, username)
    assert problem is not None and why in problem


def test_good_passwords_pass_and_the_list_is_bundled() -> None:
    assert len(common_passwords()) >= 5000
    assert {"password", "123456", "qwerty"} <= common_passwords()
    for password in (GOOD, PASSWORD, "Tiaojie-desk-7", "马福-摊位-0215"):
        assert password_problem(password, "mafu") is None, password


def audit_results(services, action: str = "auth.login") -> list[tuple[str | None, bool]]:
    import json

    with services.db.read() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.seq)).all()
        return [(json.loads(r.details or "{}").get("result"), r.success) for r in rows]


def test_lockout_and_attempts_during_it_are_audited(services, admin) -> None:
    services.accounts.create_user(admin, "hanxy", GOOD, "韩秀英", Role.MEDIATOR)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            services.accounts.authenticate("hanxy", "not-the-password-1")
    with pytest.raises(AuthenticationFailed, match="locked"):
        services.accounts.authenticate("hanxy", GOOD)  # even the right password, during the lock
    with pytest.raises(AuthenticationFailed, match="locked"):
        services.accounts.authenticate("hanxy", "another-guess-22")
    results = audit_results(services)
    assert results[-7:-2] == [("bad_password", False)] * 5
    assert results[-2:] == [("locked", False), ("locked", False)]


def test_unknown_names_cost_the_same_verification(services, admin, monkeypatch) -> None:
    """The password is verified against a dummy Argon2 hash when the name does not exist (and
    for an inactive or locked account), so the time taken does not tell which names exist."""
    verified: list[str] = []
    original = accounts_module.AccountService._verify_hash

    def spy(stored: str, password: str) -> bool:
        verified.append(stored)
        return original(stored, password)

    monkeypatch.setattr(accounts_module.AccountService, "_verify_hash", staticmethod(spy))
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        services.accounts.authenticate("nobody-here", "whatever-123")
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        services.accounts.authenticate("admin", "whatever-123")
    assert len(verified) == 2
    assert verified[0] == accounts_module._dummy_hash() and verified[0].startswith("$argon2id$")
    assert verified[1] != verified[0]
    assert audit_results(services)[-2:] == [("unknown", False), ("bad_password", False)]


def test_reset_forces_a_change_and_the_new_password_must_differ(services, admin) -> None:
    services.accounts.create_user(admin, "hanxy", GOOD, "韩秀英", Role.MEDIATOR)
    user = services.accounts.authenticate("hanxy", GOOD)
    assert not user.must_change_password
    services.accounts.reset_password(admin, user.user_id, "Temporary-desk-1")
    forced = services.accounts.authenticate("hanxy", "Temporary-desk-1")
    assert forced.must_change_password
    assert next(u for u in services.accounts.list_users(admin) if u.username == "hanxy").must_change_password
    with pytest.raises(ValidationFailed) as err:
        services.accounts.change_password(forced, "Temporary-desk-1", "Temporary-desk-1")
    assert "other than the current one" in err.value.field_errors["password"]
    with pytest.raises(ValidationFailed) as err:
        services.accounts.change_password(forced, "Temporary-desk-1", "hanxy-2026-pw")
    assert "user name" in err.value.field_errors["password"]
    with pytest.raises(AuthenticationFailed):
        services.accounts.change_password(forced, "wrong-current-1", "Brand-new-2026")
    services.accounts.change_password(forced, "Temporary-desk-1", "Brand-new-2026")
    assert not services.accounts.authenticate("hanxy", "Brand-new-2026").must_change_password


def test_unlock_after_an_idle_lock_checks_and_audits(services, admin) -> None:
    assert services.accounts.verify_password(admin, PASSWORD)
    assert not services.accounts.verify_password(admin, "wrong-password-9")
    assert audit_results(services, "auth.unlock")[-2:] == [(None, True), ("bad_password", False)]


def _desk(services, admin, name: str = "hanxy"):
    services.accounts.create_user(admin, name, "Counter-desk-2026", "韩晓燕", Role.MEDIATOR)
    return services.accounts.authenticate(name, "Counter-desk-2026")


def test_guessing_at_the_idle_lock_counts_towards_the_lockout(services, admin) -> None:
    """The password typed to unlock an idle window is a sign-in like any other: five wrong ones lock
    the account, and a locked account neither unlocks the window nor signs in."""
    desk = _desk(services, admin)
    for _ in range(accounts_module.MAX_FAILURES):
        assert not services.accounts.verify_password(desk, "guess-desk-2026")
    with pytest.raises(AuthenticationFailed, match="locked after too many failed attempts"):
        services.accounts.verify_password(desk, "Counter-desk-2026")
    with pytest.raises(AuthenticationFailed, match="locked after too many failed attempts"):
        services.accounts.authenticate("hanxy", "Counter-desk-2026")
    assert audit_results(services, "auth.unlock")[-2:] == [("bad_password", False), ("locked", False)]


def test_guessing_the_current_password_on_a_change_counts_towards_the_lockout(services, admin) -> None:
    desk = _desk(services, admin)
    for _ in range(accounts_module.MAX_FAILURES):
        with pytest.raises(AuthenticationFailed, match="current password is wrong"):
            services.accounts.change_password(desk, "guess-desk-2026", "Brand-new-2026")
    with pytest.raises(AuthenticationFailed, match="locked after too many failed attempts"):
        services.accounts.change_password(desk, "Counter-desk-2026", "Brand-new-2026")
    with pytest.raises(AuthenticationFailed, match="locked after too many failed attempts"):
        services.accounts.authenticate("hanxy", "Counter-desk-2026")
    assert audit_results(services, "user.password")[-1] == ("locked", False)


def test_a_deactivated_account_neither_unlocks_nor_changes_its_password(services, admin) -> None:
    desk = _desk(services, admin)
    services.accounts.set_user_active(admin, desk.user_id, False)
    with pytest.raises(PermissionDenied, match="deactivated"):
        services.accounts.verify_password(desk, "Counter-desk-2026")
    with pytest.raises(PermissionDenied, match="deactivated"):
        services.accounts.change_password(desk, "Counter-desk-2026", "Brand-new-2026")
    services.accounts.set_user_active(admin, desk.user_id, True)
    with pytest.raises(AuthenticationFailed):
        services.accounts.authenticate("hanxy", "Brand-new-2026")  # the password was not changed


def test_the_only_audit_administrator_stays(services, admin) -> None:
    """Separation of duties: a system administrator may not remove the only audit administrator, by
    deactivating the account or by taking its role; with a second one it may."""
    services.accounts.create_user(admin, "shenji", "Counter-desk-2026", "审计员", Role.AUDITOR)
    only = next(u for u in services.accounts.list_users(admin) if u.username == "shenji")
    with pytest.raises(PermissionDenied, match="only audit administrator"):
        services.accounts.set_user_active(admin, only.id, False)
    with pytest.raises(PermissionDenied, match="only audit administrator"):
        services.accounts.set_roles(admin, only.id, [Role.MEDIATOR])
    kept = next(u for u in services.accounts.list_users(admin) if u.username == "shenji")
    assert kept.active and kept.roles == ("auditor",)
    services.accounts.create_user(admin, "shenji2", "Counter-desk-2027", "审计员二", Role.AUDITOR)
    services.accounts.set_user_active(admin, only.id, False)
    assert not next(u for u in services.accounts.list_users(admin) if u.username == "shenji").active
