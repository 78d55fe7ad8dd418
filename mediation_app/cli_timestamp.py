"""A command-line sign-in that lasts a few idle minutes, like sudo's timestamp:

    mediation-app [--user NAME] signin [--minutes N]     the password once; then commands need none
    mediation-app signout                                ends it now

The session belongs to this operating-system user on this computer and this database. Its token is
in a file only that user can read (0600, in the per-user runtime folder, one file per database);
the database keeps only a hash of it (services/command_sessions.py). A command uses the session
when it is given neither ``--password-stdin`` nor another ``--user``; each use moves its end
``--minutes`` on (default 5, at most 10). Signing out, expiry, and a deactivated or locked account
or a changed password or role end it; then the password is asked as before. A token file that
others could read, or that is not the user's own, is refused (and the password asked).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any, TextIO

from mediation_app.fileio import atomic_write_bytes
from mediation_app.i18n import _

COMMANDS = ("signin", "signout")


class TokenRefused(Exception):
    """The token file may not be used (readable by others, not this user's, another database's)."""


def add_parsers(sub: Any) -> None:
    from mediation_app.services.session_actor import DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES

    p = sub.add_parser("signin", help=_("Sign in once for the next commands (ends after a few idle minutes)"))
    p.add_argument("--minutes", type=int, default=DEFAULT_IDLE_MINUTES,
                   help=_("Minutes without a command before the sign-in ends (1 to {n})").format(n=MAX_IDLE_MINUTES))
    sub.add_parser("signout", help=_("End the command-line sign-in now"))


def workstation() -> str:
    """This computer and operating-system user, as the session records them."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in this environment
        user = str(os.getuid()) if hasattr(os, "getuid") else "?"
    return f"{socket.gethostname()}:{user}"[:200]


def _database_key(url: str) -> str:
    from mediation_app.cli_signin import safe_url

    return hashlib.sha256(safe_url(url).encode()).hexdigest()


def token_file(url: str) -> Path:
    from mediation_app.paths import runtime_dir

    return runtime_dir() / "signin" / f"{_database_key(url)[:32]}.json"


def save_token(url: str, token: str) -> Path:
    """Write the token where only this user can read it (folder 0700, file 0600), atomically."""
    path = token_file(url)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path.parent, 0o700)
    # a new private file (0600, created afresh) under a temporary name, synced, moved over the old
    # one, the folder synced
    atomic_write_bytes(path, json.dumps({"database": _database_key(url), "token": token}).encode())
    return path


def load_token(url: str) -> str | None:
    """The token of this database's session, None when there is none; TokenRefused when the file
    is not this user's alone or is another database's."""
    path = token_file(url)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError:
        raise TokenRefused(_("The sign-in file {path} cannot be read; the password is asked.").format(
            path=path)) from None
    try:
        if os.name == "posix":
            st = os.fstat(fd)
            if st.st_uid != os.geteuid() or st.st_mode & 0o077:
                raise TokenRefused(_("The sign-in file {path} may be read by others, so it is not used; "
                                     "sign in again (mediation-app signin).").format(path=path))
        data = json.loads(os.read(fd, 4096).decode() or "{}")
    except (ValueError, UnicodeDecodeError):
        data = {}
    finally:
        os.close(fd)
    if not isinstance(data, dict) or data.get("database") != _database_key(url) or not data.get("token"):
        raise TokenRefused(_("The sign-in file {path} is not this database's; sign in again.").format(path=path))
    return str(data["token"])


def drop_token(url: str) -> None:
    try:
        token_file(url).unlink()
    except FileNotFoundError:
        pass


def usable_token(url: str, err: TextIO | None) -> str | None:
    """The token to try, or None (none, or refused: said on ``err``)."""
    try:
        return load_token(url)
    except TokenRefused as exc:
        (err or sys.stderr).write(str(exc) + "\n")
        return None


def resume(svc: Any, url: str, username: str | None, err: TextIO | None) -> Any:
    """The actor of this database's live session, else None (an ended session's file removed)."""
    token = usable_token(url, err)
    if token is None:
        return None
    actor = svc.command_sessions.resume(token, workstation())
    if actor is None:
        drop_token(url)
        return None
    if username and username.strip() != actor.username:
        return None  # another account named: its password is asked
    return actor


def run(args: Any, svc: Any, actor: Any, out: TextIO) -> int:
    """``signin`` (after the password sign-in ``actor``)."""
    from mediation_app.cli import resolve

    url = resolve(args)[0]
    token = svc.command_sessions.open(actor, workstation(), args.minutes)
    save_token(url, token)
    from mediation_app.services.session_actor import idle_minutes

    out.write(_("Signed in as {name} on the command line; the sign-in ends after {n} minutes without a "
                "command, or with: mediation-app signout").format(name=actor.username, n=idle_minutes(args.minutes))
              + "\n")
    return 0


def sign_out(url: str, svc: Any, out: TextIO) -> int:
    """``signout``: end the session in the database (audited) and remove the token file."""
    try:
        token = load_token(url)
    except TokenRefused:
        token = None
    ended = svc.command_sessions.close(token) if token else False
    drop_token(url)
    out.write((_("Signed out.") if ended else _("There was no command-line sign-in.")) + "\n")
    return 0


def without_password(args: Any, sign_in: dict[str, Any], services: Any, out: TextIO, err: TextIO) -> int | None:
    """``signout``, and ``case list`` served by the quick read when it can be (None: go on as usual).
    ``sign_in``: the run's sign-in options (cli._SIGN_IN); ``services``: opens the database."""
    url = sign_in["url"]
    if args.command == "signout":
        svc = services(args)
        try:
            return sign_out(url, svc, out)
        finally:
            svc.close()
    if args.case_command != "list" or sign_in["password_stdin"] or sign_in["committee"] or args.passphrase_stdin:
        return None
    return quick_case_list(args, url, out, err)


def quick_case_list(args: Any, url: str, out: TextIO, err: TextIO) -> int | None:
    """``case list`` with a live session, without the ORM or the services (services/quick_read.py);
    None when it cannot be served so (the command then goes the full way)."""
    from mediation_app.domain.enums import CaseStatus, DisputeType, enum_label

    if args.user or any(s not in {c.value for c in CaseStatus} for s in args.status):
        return None  # another account's password, or an error worded the full way
    token = usable_token(url, err)
    if token is None:
        return None
    from mediation_app.services import quick_read

    try:
        result = quick_read.case_list(url, token, workstation(), statuses=tuple(args.status), text=args.text,
                                      overdue=args.overdue, limit=args.limit, page_max=2000,
                                      count=not args.json)  # --json prints no total
    except Exception:  # noqa: BLE001 - a busy, damaged or older file: the full way opens it properly
        import logging

        logging.getLogger("mediation_app.cli").info("quick case list not served", exc_info=True)
        return None
    if result is None:
        return None
    from mediation_app.cli import _dump
    from mediation_app.cli_signin import masked

    if args.json:
        _dump(masked(result.rows), out)
        say_still_indexing(result.still_indexing, err)
        return 0
    lines = []
    for r in result.rows:
        deadline = r["deadline_on"].isoformat() if r["deadline_on"] else "-"
        flag = "!" if r["overdue"] else " "
        lines.append(f"{r['number']}\t{enum_label(r['status'], CaseStatus)}\t{enum_label(r['dispute_type'], DisputeType)}\t"
                     f"{r['registered_on'].isoformat()}\t{flag}{deadline}\t{r['parties']}\n")
    lines.append(_("{shown} of {total} cases").format(shown=len(result.rows), total=result.total) + "\n")
    out.write("".join(lines))
    say_still_indexing(result.still_indexing, out)
    return 0


def say_still_indexing(n: int, to: TextIO) -> None:
    """The search's note on imported cases still waiting for their index (domain/search_terms)."""
    if n:
        from mediation_app.domain.search_terms import still_indexing_note

        to.write(still_indexing_note(n) + "\n")
