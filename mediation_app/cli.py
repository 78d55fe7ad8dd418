"""``mediation-app``: the desktop client (no sub-command) and the same services headless.

    mediation-app [--db PATH | --db-url URL] [--lang zh_CN|zh_TW|en]          start the desktop client
    mediation-app [--user NAME] [--password-stdin] COMMAND …                  sign in (see cli_signin)
    mediation-app init --committee NAME --short ABBR --admin USER --password-stdin
    mediation-app demo --cases N --seed S [--centre N]
    mediation-app case list [--status S] [--text Q] [--limit N] [--json]
    mediation-app case show NUMBER [--json] [--reveal]
    mediation-app passwd
    mediation-app signin [--minutes N] | signout         the password once for a few idle minutes (cli_timestamp)
    mediation-app mediator add NAME [--ethnicity E] [--languages L] [--full-time] | mediator list
    mediation-app user add USERNAME --display-name N --role R [--mediator NAME] --password-stdin | user list
    mediation-app check
    mediation-app backup [-o FILE] [--archive FILE] | restore FILE [--yes] | restore --undo | restore --list
    mediation-app audit list|export|verify [--since D] [--until D] [--user-name U] [--case NUMBER] [--action A]
    mediation-app print-day [--date D] -o FILE.pdf
    mediation-app committee list|add|edit|retire|reinstate … | member … | window | route CASE --to-committee S …
    mediation-app doc KIND CASE_NUMBER -o FILE.pdf | casefile … | verify-agreement …
    mediation-app import-ledger FILE [--kind cases|screening] [--mapping MAP] [--dry-run] [--yes]
    mediation-app export cases [filters as case list] [--format xlsx|csv] [--redacted] [--contacts] -o FILE

The database is the default file in the per-user data directory unless ``--db``/``--db-url`` or
``MEDIATION_DB_URL`` says otherwise. Errors are one line on stderr and a non-zero exit; nothing is
half-written (every command is one transaction or an atomic file).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any, TextIO

from mediation_app import __version__
from mediation_app.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language

EXIT_ERROR = 2


def resolve(args: argparse.Namespace) -> tuple[str, Path]:
    from mediation_app.config import resolve_database

    return resolve_database(args.db_url or args.db)


def _argparse_texts_once() -> None:
    """argparse looks its own few texts ("usage: ", "options", …) up in the gettext catalogues on
    every parser it builds: three searches of the locale folders for each of ~80 sub-commands. The
    answer cannot change within a run, so it is looked up once per text."""
    import functools

    if not hasattr(argparse._, "cache_info"):
        argparse._ = functools.cache(argparse._)  # type: ignore[attr-defined]


# The modules that add their own command groups to the parser, in the order of the help listing.
PARSER_MODULES = (
    "cli_maintenance",  # check, backup, restore, audit
    "cli_centre",  # committee, member, window, route
    "cli_stats",  # stats, stats cell|submit|submitted|settings|facts|prevention|screening
    "cli_ledger",  # import-ledger, export
    "cli_handover",  # site, bundle
    "cli_documents",  # doc, casefile, verify-agreement
    "cli_report",  # board (stats screening-report is added by cli_stats)
    "cli_market",  # merchant, market
    "cli_people",  # mediator, user
    "cli_fund",  # fund
    "cli_ladder",  # ladder, referral
    "cli_slip",  # slip
    "cli_warnings",  # warnings
    "cli_sessions",  # session, complaint
    "cli_timestamp",  # signin, signout
    "cli_search",  # search tune
    "cli_reminders",  # reminders rebuild
)


def build_parser() -> argparse.ArgumentParser:
    _argparse_texts_once()
    p = argparse.ArgumentParser(prog="mediation-app", description=_("Mediation Desk: people's mediation case management"))
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--db", help=_("SQLite database file (default: in the per-user data directory)"))
    p.add_argument("--db-url", help=_("Any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db"))
    p.add_argument("--lang", choices=LANGUAGES, default=os.environ.get("MEDIATION_LANG", DEFAULT_LANGUAGE))
    p.add_argument("--user", help=_("Sign in as this user (default: the first administrator)"))
    p.add_argument("--password-stdin", dest="signin_password_stdin", action="store_true",
                   help=_("Read your sign-in password from the first line of standard input"))
    p.add_argument("--in-committee", metavar="SHORT",
                   help=_("Work in this committee (an account that belongs to several; default: its home committee)"))
    p.add_argument("--passphrase-stdin", action="store_true",
                   help=_("Read the encrypted database's passphrase from standard input (before the password)"))
    sub = p.add_subparsers(dest="command")

    init = sub.add_parser("init", help=_("Create a database with a committee and an administrator"))
    init.add_argument("--committee", help=_("Committee name"))
    init.add_argument("--short", help=_("Short name used in case numbers, e.g. 客商"))
    init.add_argument("--kind", default="industry_market", help=_("Committee type"))
    init.add_argument("--admin", help=_("Administrator user name"))
    init.add_argument("--display-name", help=_("Administrator's full name"))
    init.add_argument("--password-stdin", action="store_true", help=_("Read the password from standard input"))
    init.add_argument("--encrypt", action="store_true",
                      help=_("Encrypt the whole database with a passphrase (asked, or the next line of standard "
                             "input); without it the data cannot be opened, and it cannot be recovered"))

    demo = sub.add_parser("demo", help=_("Add realistic synthetic cases"))
    demo.add_argument("--cases", type=int, default=200)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--centre", type=int, metavar="N", default=0,
                      help=_("Also set up the one-stop centre: its own committee with N cases, and disputes at its "
                             "window (you become the centre's head)"))

    case = sub.add_parser("case", help=_("List or show cases"))
    case_sub = case.add_subparsers(dest="case_command", required=True)
    lst = case_sub.add_parser("list", help=_("List cases, newest first"))
    lst.add_argument("--status", action="append", default=[])
    lst.add_argument("--text", default="", help=_("Search: names, numbers, phone tails, words of the facts, pinyin initials"))
    lst.add_argument("--overdue", action="store_true")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true")
    show = case_sub.add_parser("show", help=_("Show one case"))
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.add_argument("--reveal", action="store_true",
                      help=_("Show full ID numbers and phones (only for roles that may; audited)"))
    sub.add_parser("passwd", help=_("Change your password (also after an administrator's reset)"))

    day = sub.add_parser("print-day", help=_("Bind the day's agreements to sign into one PDF"))
    day.add_argument("--date", type=dt.date.fromisoformat, help=_("Day (YYYY-MM-DD), default today"))
    day.add_argument("-o", "--output", type=Path, required=True)

    import importlib

    for module in PARSER_MODULES:
        importlib.import_module(f"mediation_app.{module}").add_parsers(sub)
    return p


class CliError(Exception):
    pass


def _passphrase(args: argparse.Namespace, url: str) -> str | None:
    """The passphrase of an encrypted database (asked, or the first line of standard input with
    --passphrase-stdin); None for a plain one."""
    from mediation_app.cli_signin import SignInError, read_secret
    from mediation_app.services.encryption import needs_passphrase

    if not needs_passphrase(url):
        return None
    if "passphrase" not in _SIGN_IN:
        try:
            _SIGN_IN["passphrase"] = read_secret(
                _("Passphrase of the encrypted database: "), bool(getattr(args, "passphrase_stdin", False)),
                _("This database is encrypted: run the command in a terminal to be asked for its passphrase, or "
                  "give it on standard input with --passphrase-stdin."))
        except SignInError as exc:
            raise CliError(str(exc)) from None
    return str(_SIGN_IN["passphrase"])


def open_url(args: argparse.Namespace, url: str) -> str:
    """The URL to open ``url`` with (the SQLCipher one, with its key, for an encrypted file)."""
    from mediation_app.services.encryption import database_url

    return database_url(url, _passphrase(args, url))


def _services(args: argparse.Namespace, *, create: bool = False, passphrase: str | None = None) -> Any:
    """Open the database. Only ``init`` may create it, and only where no file exists; ``init
    --encrypt`` gives the ``passphrase`` of the new file."""
    from mediation_app.services import build_services

    url, data_dir = resolve(args)
    if passphrase is not None:
        svc = build_services(url, data_dir, create=create, passphrase=passphrase, encrypt_new=True)
    else:
        svc = build_services(url, data_dir, create=create, passphrase=_passphrase(args, url))
    from mediation_app.cli_maintenance import before_first_write

    before_first_write(svc, args)
    return svc


_SIGN_IN: dict[str, Any] = {"password_stdin": False}  # this run's sign-in options


def _actor(svc: Any, username: str | None) -> Any:
    """Sign in as ``username`` (default: the first active administrator) with the password from
    the terminal or standard input; every change is audited under that user."""
    from mediation_app.cli_signin import SignInError, sign_in
    from mediation_app.cli_timestamp import resume

    try:
        actor = None if _SIGN_IN["password_stdin"] or _SIGN_IN.get("password_only") else resume(
            svc, _SIGN_IN.get("url") or svc.db.url, username, _SIGN_IN.get("err"))
        actor = actor or sign_in(svc, username, _SIGN_IN["password_stdin"])
    except SignInError as exc:
        raise CliError(str(exc)) from None
    short = _SIGN_IN.get("committee")
    if short:
        actor = svc.accounts.switch_committee(actor, svc.committees.by_short_name(actor, short).id)
    return actor


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(type(value).__name__)


def _dump(value: Any, out: TextIO) -> None:
    data = dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value
    json.dump(data, out, ensure_ascii=False, indent=2, default=_json_default)
    out.write("\n")


# -- commands ---------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.domain.enums import CommitteeKind

    ask = sys.stdin.isatty() and not args.password_stdin
    committee = args.committee or (input(_("Committee name: ")) if ask else None)
    short = args.short or (input(_("Short name for case numbers: ")) if ask else None)
    admin = args.admin or (input(_("Administrator user name: ")) if ask else None)
    if not (committee and short and admin):
        raise CliError(_("init needs --committee, --short and --admin (or run it in a terminal to be asked)"))
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif ask:
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Repeat the password: ")):
            raise CliError(_("The passwords differ."))
    else:
        raise CliError(_("Give the password on standard input with --password-stdin"))
    try:
        kind = CommitteeKind(args.kind)
    except ValueError:
        raise CliError(_("Unknown committee type {kind}; choose one of: {kinds}").format(
            kind=args.kind, kinds=", ".join(k.value for k in CommitteeKind))) from None
    passphrase = None
    if args.encrypt:
        if args.password_stdin:
            passphrase = sys.stdin.readline().rstrip("\r\n")
        elif ask:
            passphrase = getpass.getpass(_("Passphrase for the encrypted database: "))
            if passphrase != getpass.getpass(_("Repeat the passphrase: ")):
                raise CliError(_("The passphrases differ."))
        else:
            raise CliError(_("Give the passphrase on standard input after the password, with --password-stdin"))
    svc = _services(args, create=True, passphrase=passphrase)
    try:
        svc.setup.initialise(committee, short, kind, admin, password, args.display_name or admin)
        out.write(_("Created {committee} with administrator {admin} in {url}").format(
            committee=committee, admin=admin, url=svc.db.location()) + "\n")
    finally:
        svc.close()
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    svc = _services(args)
    try:
        actor = _actor(svc, args.user)
        started = dt.datetime.now()
        svc.demo.generate(actor, args.cases, args.seed)
        if args.centre:
            svc.demo.centre(actor, args.centre, args.seed)
        seconds = (dt.datetime.now() - started).total_seconds()
        out.write(_("Added {n} demo cases in {s:.1f} s").format(n=args.cases + args.centre, s=seconds) + "\n")
    finally:
        svc.close()
    return 0


def cmd_case(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.domain.enums import CaseStatus, DisputeType, enum_label
    from mediation_app.services.read_models import CaseFilter

    svc = _services(args)
    try:
        actor = _actor(svc, args.user)
        if args.case_command == "list":
            from mediation_app.cli_timestamp import say_still_indexing

            for status in args.status:
                if status not in {s.value for s in CaseStatus}:
                    raise CliError(_("Unknown status {status}").format(status=status))
            flt = CaseFilter(statuses=tuple(args.status), text=args.text, overdue_only=args.overdue)
            page = svc.cases.list_cases(actor, flt, limit=max(1, args.limit))
            if args.json:
                from mediation_app.cli_signin import masked

                _dump(masked([dataclasses.asdict(r) for r in page.rows]), out)
                say_still_indexing(page.still_indexing, sys.stderr)
                return 0
            for r in page.rows:
                deadline = r.deadline_on.isoformat() if r.deadline_on else "-"
                flag = "!" if r.overdue else " "
                out.write(f"{r.number}\t{enum_label(r.status, CaseStatus)}\t{enum_label(r.dispute_type, DisputeType)}\t"
                          f"{r.registered_on.isoformat()}\t{flag}{deadline}\t{r.parties}\n")
            total = svc.cases.count_cases(actor, flt)
            out.write(_("{shown} of {total} cases").format(shown=len(page.rows), total=total) + "\n")
            say_still_indexing(page.still_indexing, out)
            return 0
        detail = svc.cases.detail_by_number(actor, args.number)
        svc.audit_log.record_view(actor, detail.id)
        if args.reveal:  # refused (PermissionDenied) unless the role may see them on this case; audited
            svc.accounts.reveal_identity(actor, detail.id, purpose="cli case show")
        if args.json:
            from mediation_app.cli_signin import masked

            data = json.loads(json.dumps(dataclasses.asdict(detail), ensure_ascii=False, default=_json_default))
            _dump(data if args.reveal else masked(data), out)
            return 0
        _print_detail(detail, out, svc.documents.vocabulary(interface=True), reveal=args.reveal)
        return 0
    finally:
        svc.close()


def _print_detail(d: Any, out: TextIO, vocab: Any, reveal: bool = False) -> None:
    from mediation_app.domain.enums import CaseSource, CaseStatus, DisputeType, PartyRole, enum_label
    from mediation_app.domain.money import format_fen
    from mediation_app.domain.vocabulary import Kind

    # Labels are looked up outside the f-strings: message extraction must not depend on how a
    # Python version tokenises f-strings (3.12 sees calls inside them, 3.11 does not).
    status, kind, source = _("Status"), _("Type"), _("Source")
    registered, accepted, deadline = _("Registered"), _("Accepted"), _("Deadline")
    presiding, agreement = _("Presiding mediator"), _("Agreement")
    subtype = f" / {vocab.words(Kind.SUBTYPE, d.subtype_code)}" if d.subtype_code else ""
    lines = [
        f"{d.number}  {d.title}",
        f"{status}: {enum_label(d.status, CaseStatus)}    {kind}: {enum_label(d.dispute_type, DisputeType)}{subtype}",
        f"{source}: {enum_label(d.source, CaseSource)}" + (f" ({d.referrer_name})" if d.referrer_name else ""),
        f"{registered}: {d.registered_on}    {accepted}: {d.accepted_on or '-'}    {deadline}: {d.deadline_on or '-'}",
        f"{presiding}: {d.presiding_mediator or '-'}",
    ]
    if d.amount_fen is not None:
        lines.append(_("Amount") + f": {format_fen(d.amount_fen)}")
    lines.append(_("Parties") + ":")
    for p in d.parties:
        id_text, phone_text = (p.id_number or "", p.phone or "") if reveal else (p.id_masked, p.phone_masked)
        lines.append(f"  {enum_label(p.role, PartyRole)}: {p.name}  {id_text}  {phone_text}")
    lines.append(_("Facts") + f": {d.facts}")
    routes_told, reported_to = _("Routes told"), _("Reported to")
    if d.refusal_reason_code or d.refusal_note:
        reason = vocab.words(Kind.REFUSAL_REASON, d.refusal_reason_code) if d.refusal_reason_code else ""
        note = f" ({d.refusal_note})" if d.refusal_note else ""
        not_accepted = _("Not accepted")
        lines.append(f"{not_accepted}: {reason}{note}")
        lines.append(f"{routes_told}: " + "; ".join(vocab.all(Kind.ROUTE, d.refusal_routes)))
    if d.termination is not None:
        t = d.termination
        ended = _("Mediation ended")
        lines.append(f"{ended} {t.on}: {vocab.words(Kind.TERMINATION_KIND, t.kind)} — {t.reason}")
        lines.append(f"{routes_told} ({t.routes_told_on}): " + "; ".join(vocab.all(Kind.ROUTE, t.routes)))
        if t.reported_to:
            lines.append(f"{reported_to}: {t.reported_to} ({t.reported_on})")
    for a in d.agreements:
        lines.append(f"{agreement} {a.number or ''}: " + "；".join(a.terms))
        for m in a.missing:
            lines.append(f"  - {m}")
    for item in d.due:
        lines.append(f"! {item.message}")
    out.write("\n".join(lines) + "\n")


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_maintenance

    return cli_maintenance.cmd_check(args, out)


def cmd_print_day(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.documents import DocumentError
    from mediation_app.fileio import atomic_write_bytes

    svc = _services(args)
    try:
        actor = _actor(svc, args.user)
        numbers = svc.documents.day_agreements(actor, args.date)
        if not numbers:
            raise CliError(_("No agreements are waiting to be signed on {day}.").format(
                day=(args.date or svc.clock.today()).isoformat()))
        try:
            doc = svc.documents.render_batch(actor, numbers)
        except DocumentError as exc:
            raise CliError(str(exc)) from exc
        atomic_write_bytes(args.output, doc.pdf)
        out.write(_("{path}: {n} agreements, {pages} pages").format(
            path=args.output, n=len(numbers), pages=doc.pages) + "\n")
        for number in numbers:
            out.write(f"  {number}\n")
    finally:
        svc.close()
    return 0


def _require(args: argparse.Namespace, action: str, *, unreadable_ok: bool = False) -> Any:
    """Sign in and refuse unless the account may do ``action`` (a matrix action's name); the
    signed-in actor, whom the command then acts as and audits. ``unreadable_ok`` (restore): a
    database that cannot be opened at all has no one to sign in as (None); the restore then goes on
    in the operating-system user's name, as its audit entry says."""
    from mediation_app.domain.permissions import Perm, denial
    from mediation_app.services.errors import AuthenticationFailed, PermissionDenied, ServiceError

    try:
        svc = _services(args)
    except (AuthenticationFailed, PermissionDenied):
        raise
    except ServiceError:
        if unreadable_ok:
            return None
        raise
    try:
        actor = _actor(svc, args.user)
        if not actor.may(Perm[action]):
            raise CliError(denial(actor.roles, Perm[action]))
        return actor
    finally:
        svc.close()


def cmd_passwd(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.cli_signin import SignInError, change_password

    svc = _services(args)
    try:
        return change_password(svc, args.user, _SIGN_IN["password_stdin"], out)
    except SignInError as exc:
        raise CliError(str(exc)) from None
    finally:
        svc.close()


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_maintenance

    actor = _require(args, "BACKUP_RESTORE")
    return cli_maintenance.cmd_backup(args, out, actor)


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_maintenance

    actor = _require(args, "BACKUP_RESTORE", unreadable_ok=True)
    return cli_maintenance.cmd_restore(args, out, actor)


def cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_maintenance

    actor = _require(args, "READ_AUDIT")
    return cli_maintenance.cmd_audit(args, out, actor)


def cmd_ledger(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_ledger

    svc = _services(args)
    try:
        actor = _actor(svc, args.user)
        run = cli_ledger.cmd_import_ledger if args.command == "import-ledger" else cli_ledger.cmd_export
        return run(svc, actor, args, out)
    except cli_ledger.LedgerCliError as exc:
        raise CliError(str(exc)) from None
    finally:
        svc.close()


def _log_folder(args: argparse.Namespace) -> Path | None:
    try:
        return resolve(args)[1]
    except Exception:  # noqa: BLE001 - a bad --db is reported by the command itself
        return None


# Commands run by a module of their own (imported only when one of them runs): the module, and the
# error its commands raise for a refusal worded for the user (None: they raise CliError themselves).
MODULE_COMMANDS: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("committee", "member", "window", "route"), ("cli_centre", None)),
    "board": ("cli_report", "ReportCliError"),
    **dict.fromkeys(("merchant", "market"), ("cli_market", "MarketCliError")),
    "fund": ("cli_fund", "FundCliError"),
    **dict.fromkeys(("session", "complaint"), ("cli_sessions", "SessionCliError")),
    "stats": ("cli_stats", "StatsCliError"),
    **dict.fromkeys(("mediator", "user"), ("cli_people", "PeopleCliError")),
    "slip": ("cli_slip", "SlipCliError"),
    **dict.fromkeys(("site", "bundle"), ("cli_handover", None)),
    **dict.fromkeys(("ladder", "referral"), ("cli_ladder", "LadderCliError")),
    "warnings": ("cli_warnings", "WarningsCliError"),
    "signin": ("cli_timestamp", None),
    "search": ("cli_search", None),
    "reminders": ("cli_reminders", None),
}


def _run_module(args: argparse.Namespace, out: TextIO, module_name: str, error: str | None) -> int:
    """Sign in, run the command in its module, and close the database whatever happens."""
    import importlib

    module = importlib.import_module(f"mediation_app.{module_name}")
    refused: tuple[type[Exception], ...] = (getattr(module, error),) if error else ()
    svc = _services(args)
    try:
        return int(module.run(args, svc, _actor(svc, args.user), out))
    except refused as exc:  # catches nothing when the module raises CliError itself
        raise CliError(str(exc)) from None
    finally:
        svc.close()


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command. Every failure is one translated line on stderr and exit status 2; the
    details (SQL, traceback, with ID numbers and phones masked) go to the log file."""
    import logging

    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    set_language(args.lang)
    from mediation_app.logsetup import setup_logging
    from mediation_app.services.errors import ServiceError, from_os_error, from_storage
    from mediation_app.storage.errors import StorageError

    folder = _log_folder(args) if args.command is not None else None
    log_file = setup_logging(folder) if folder is not None and folder.is_dir() else None
    log = logging.getLogger("mediation_app.cli")

    def fail(message: str) -> int:
        err.write(_("error: {message}").format(message=message.replace("\n", "; ")) + "\n")
        return EXIT_ERROR
    _SIGN_IN["password_stdin"] = bool(getattr(args, "signin_password_stdin", False))
    _SIGN_IN["committee"] = getattr(args, "in_committee", None)
    _SIGN_IN.pop("passphrase", None)
    _SIGN_IN.update(err=err, password_only=args.command == "signin", url=None)

    try:
        if args.command is None:
            from mediation_app.app import run_gui

            return run_gui(args.db_url or args.db, args.lang)
        _SIGN_IN["url"] = resolve(args)[0]
        if args.command in ("doc", "casefile", "verify-agreement"):
            from mediation_app import cli_documents

            if args.command == "doc" and args.list:
                return cli_documents.run(args, None, None, out, err)
            svc = _services(args)
            try:
                return cli_documents.run(args, svc.documents, _actor(svc, args.user), out, err)
            finally:
                svc.close()
        if args.command in ("case", "signout"):  # case list with a live command-line sign-in; signout
            from mediation_app.cli_timestamp import without_password

            done = without_password(args, _SIGN_IN, _services, out, err)
            if done is not None:
                return done
        if args.command in MODULE_COMMANDS:
            return _run_module(args, out, *MODULE_COMMANDS[args.command])
        if args.command in ("import-ledger", "export"):
            return cmd_ledger(args, out)
        handler = {"passwd": cmd_passwd, "init": cmd_init, "demo": cmd_demo, "case": cmd_case, "check": cmd_check,
                   "backup": cmd_backup, "restore": cmd_restore, "audit": cmd_audit,
                   "print-day": cmd_print_day}
        return handler[args.command](args, out)
    except CliError as exc:
        return fail(str(exc))
    except ServiceError as exc:
        log.info("refused: %s", exc.message, exc_info=exc.__cause__ is not None)
        return fail(exc.message)
    except StorageError as exc:
        log.warning("storage problem", exc_info=True)
        return fail(from_storage(exc).message)
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except KeyboardInterrupt:
        err.write(_("interrupted; nothing was saved by the unfinished command") + "\n")
        return EXIT_ERROR
    except OSError as exc:  # a file named on the command line: the disk or folder is at fault
        log.info("file refused", exc_info=True)
        return fail(from_os_error(exc).message)
    except Exception:  # noqa: BLE001 - never a traceback on screen
        log.exception("unexpected error in %s", args.command)
        where = _(" (details in {path})").format(path=log_file) if log_file else ""
        return fail(_("something went wrong; the unfinished command saved nothing{where}").format(where=where))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
