"""Signing in on the command line, and what ``--json`` may print.

Every command that reads personal data or changes anything signs in as a user with that user's
password: asked in the terminal, or the first line of standard input with ``--password-stdin``
(for scripts). ``--user`` names the account; without it the first active administrator's name is
used, for the prompt only: the password is always needed — unless ``mediation-app signin`` opened
a command-line session for this operating-system user and database in the last idle minutes
(cli_timestamp.py), which a command without ``--password-stdin`` uses instead. The signed-in user is
audited on every change, and the roles of the account decide what the command may do
(domain/permissions.py).

``--json`` output masks ID numbers and phones; ``--reveal`` shows them in full, only to a role that
may see them on that case, and every reveal is written to the audit log.
"""

from __future__ import annotations

import getpass
import re
import sys
from typing import Any

from mediation_app.i18n import _


class SignInError(Exception):
    """The command cannot sign in (no password available, not set up, must change password)."""


def read_secret(prompt: str, from_stdin: bool, missing: str | None = None) -> str:
    """One secret: the next line of standard input, or asked without echo in a terminal."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise SignInError(_("Standard input ended before the password was given."))
        return line.rstrip("\r\n")
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise SignInError(missing or _("This command needs your password: run it in a terminal, or give it on "
                                   "standard input with --password-stdin."))


def _account_name(svc: Any, username: str | None) -> str:
    """The account to sign in as: the one named, else the first active administrator."""
    if not svc.setup.is_initialised():
        raise SignInError(_("The database is not set up yet; run: mediation-app init"))
    name = username or svc.accounts.default_sign_in_name()
    if not name:
        raise SignInError(_("No active administrator; name the account with --user."))
    return str(name)


def sign_in(svc: Any, username: str | None, password_stdin: bool) -> Any:
    """Authenticate (audited, lockout applies) and return the actor."""
    name = _account_name(svc, username)
    password = read_secret(_("Password for {name}: ").format(name=name), password_stdin)
    actor = svc.accounts.authenticate(name, password)
    if actor.must_change_password:
        raise SignInError(_("An administrator has reset your password; choose a new one first: "
                            "mediation-app --user {name} passwd").format(name=name))
    return actor


def change_password(svc: Any, username: str | None, password_stdin: bool, out: Any) -> int:
    """``passwd``: the current password, then the new one (twice in a terminal)."""
    name = _account_name(svc, username)
    current = read_secret(_("Current password for {name}: ").format(name=name), password_stdin)
    actor = svc.accounts.authenticate(name, current)
    new = read_secret(_("New password: "), password_stdin)
    if not password_stdin and new != read_secret(_("Repeat the new password: "), password_stdin):
        raise SignInError(_("The passwords differ."))
    svc.accounts.change_password(actor, current, new)
    out.write(_("The password of {name} was changed.").format(name=name) + "\n")
    return 0


# -- masking of --json output -------------------------------------------------------------------
def _is_id_key(key: str) -> bool:
    return key == "id_number" or key.endswith("_id_number")


def _is_phone_key(key: str) -> bool:
    return key in ("phone", "mobile", "contact") or key.endswith(("_phone", "_contact"))


def masked(data: Any) -> Any:
    """A copy of JSON-ready ``data`` with every ID number and phone masked (by field name)."""
    from mediation_app.domain.masking import mask_id, mask_phone

    if isinstance(data, dict):
        result: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, str) and value and _is_id_key(key):
                result[key] = mask_id(value)
            elif isinstance(value, str) and value and _is_phone_key(key):
                result[key] = mask_phone(value)
            else:
                result[key] = masked(value)
        return result
    if isinstance(data, (list, tuple)):
        return [masked(v) for v in data]
    return data


_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def safe_url(url: str) -> str:
    """A database URL fit to print: any password replaced by ***."""
    return _URL_PASSWORD.sub(r"\1***@", url)
