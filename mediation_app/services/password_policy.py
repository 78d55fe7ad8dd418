"""The password rules: at least ten characters, mixed, not one of the 10,000 most common passwords
(nor one of them with digits or symbols added at the end), and not containing the user name."""

from __future__ import annotations

from functools import cache

from mediation_app.i18n import _
from mediation_app.paths import resources_dir

MIN_PASSWORD = 10
COMMON_LIST = "common-passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (resources/common-passwords.txt), lower case."""
    path = resources_dir() / COMMON_LIST
    with path.open(encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip() and not line.startswith("#"))


def _is_common(password: str) -> bool:
    lowered = password.strip().lower()
    common = common_passwords()
    if lowered in common:
        return True
    base = lowered.rstrip("0123456789!@#$%^&*()_+-=.,;:?~ ")
    base = base.lstrip("0123456789!@#$%^&*()_+-=.,;:?~ ")
    return len(base) >= 4 and base in common


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` may not be used (one translated sentence), or None."""
    if len(password) < MIN_PASSWORD:
        return _("The password needs at least {n} characters.").format(n=MIN_PASSWORD)
    kinds = sum(
        (
            any(c.isdigit() for c in password),
            any(c.isalpha() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 2:
        return _("The password needs letters and digits (or other symbols) mixed.")
    name = username.strip().lower()
    if len(name) >= 3 and name in password.lower():
        return _("The password must not contain the user name.")
    if _is_common(password):
        return _("This password is among the most common passwords and is easily guessed; choose another.")
    return None


def password_rules() -> str:
    """The rules of :func:`password_problem` in one sentence, to show before the user chooses."""
    return _("At least {n} characters, letters mixed with digits or other symbols, not containing the sign-in "
             "name, and not one of the common passwords.").format(n=MIN_PASSWORD)
