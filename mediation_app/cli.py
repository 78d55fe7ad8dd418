"""``mediation-app``: the desktop client (no sub-command) and the same services headless.

    mediation-app [--db PATH | --db-url URL] [--lang zh_CN|zh_TW|en]          start the desktop client
    mediation-app init --committee NAME --short ABBR --admin USER --password-stdin
    mediation-app demo --cases N --seed S
    mediation-app case list [--status S] [--text Q] [--limit N] [--json]
    mediation-app case show NUMBER [--json]
    mediation-app mediator add NAME [--ethnicity E] [--languages L] [--full-time] | mediator list
    mediation-app user add USERNAME --display-name N --role R [--mediator NAME] --password-stdin | user list
    mediation-app check
    mediation-app backup [-o FILE] [--archive FILE] | restore FILE [--yes] | restore --undo | restore --list
    mediation-app audit list|export|verify [--since D] [--until D] [--user-name U] [--case NUMBER] [--action A]
    mediation-app print-day [--date D] -o FILE.pdf
    mediation-app doc KIND CASE_NUMBER -o FILE.pdf | casefile … | verify-agreement …

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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mediation-app", description=_("Mediation Desk: people's mediation case management"))
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--db", help=_("SQLite database file (default: in the per-user data directory)"))
    p.add_argument("--db-url", help=_("Any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db"))
    p.add_argument("--lang", choices=LANGUAGES, default=os.environ.get("MEDIATION_LANG", DEFAULT_LANGUAGE))
    p.add_argument("--user", help=_("Act as this user (default: the first administrator)"))
    sub = p.add_subparsers(dest="command")

    init = sub.add_parser("init", help=_("Create a database with a committee and an administrator"))
    init.add_argument("--committee", help=_("Committee name"))
    init.add_argument("--short", help=_("Short name used in case numbers, e.g. 客商"))
    init.add_argument("--kind", default="industry_market", help=_("Committee type"))
    init.add_argument("--admin", help=_("Administrator user name"))
    init.add_argument("--display-name", help=_("Administrator's full name"))
    init.add_argument("--password-stdin", action="store_true", help=_("Read the password from standard input"))

    demo = sub.add_parser("demo", help=_("Add realistic synthetic cases"))
    demo.add_argument("--cases", type=int, default=200)
    demo.add_argument("--seed", type=int, default=1)

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

    med = sub.add_parser("mediator", help=_("The committee's mediators"))
    med_sub = med.add_subparsers(dest="mediator_command", required=True)
    med_add = med_sub.add_parser("add", help=_("Add a mediator to the roster"))
    med_add.add_argument("name")
    med_add.add_argument("--sex", choices=("male", "female", "unknown"), default="unknown")
    med_add.add_argument("--ethnicity", help=_("Ethnic group, e.g. 回族 or 03"))
    med_add.add_argument("--languages", default="", help=_("Languages spoken, e.g. 汉语、藏语"))
    med_add.add_argument("--full-time", action="store_true")
    med_add.add_argument("--specialties", default="")
    med_add.add_argument("--phone")
    med_sub.add_parser("list", help=_("List the mediators"))

    usr = sub.add_parser("user", help=_("User accounts"))
    usr_sub = usr.add_subparsers(dest="user_command", required=True)
    usr_add = usr_sub.add_parser("add", help=_("Create a user account (password on standard input)"))
    usr_add.add_argument("username")
    usr_add.add_argument("--display-name", required=True)
    usr_add.add_argument("--role", choices=("mediator", "head", "admin", "auditor"), default="mediator")
    usr_add.add_argument("--mediator", help=_("Link the account to this mediator (name on the roster)"))
    usr_add.add_argument("--password-stdin", action="store_true", required=True)
    usr_sub.add_parser("list", help=_("List the user accounts"))

    day = sub.add_parser("print-day", help=_("Bind the day's agreements to sign into one PDF"))
    day.add_argument("--date", type=dt.date.fromisoformat, help=_("Day (YYYY-MM-DD), default today"))
    day.add_argument("-o", "--output", type=Path, required=True)

    from mediation_app import cli_maintenance

    cli_maintenance.add_parsers(sub)  # check, backup, restore, audit

    try:
        from mediation_app import cli_documents
    except ImportError:  # pragma: no cover - documents are part of every build
        cli_documents = None  # type: ignore[assignment]
    if cli_documents is not None:
        cli_documents.add_parsers(sub)
    return p


class CliError(Exception):
    pass


def _services(args: argparse.Namespace) -> Any:
    from mediation_app.services import build_services

    url, data_dir = resolve(args)
    svc = build_services(url, data_dir)
    from mediation_app.cli_maintenance import before_first_write

    before_first_write(svc, args)
    return svc


def _actor(svc: Any, username: str | None) -> Any:
    """The CLI runs with the operating-system user's access to the database file; it acts as the
    named user (default: the first active administrator) and every change is audited under it."""
    from mediation_app.domain.enums import Role
    from mediation_app.services.accounts import actor_of
    from mediation_app.storage import queries as q

    with svc.db.read() as s:
        users = [u for u in q.users(s) if u.active]
        if username:
            users = [u for u in users if u.username == username]
        else:
            users = [u for u in users if u.role == Role.ADMIN][:1]
        if not users:
            if not q.committee_count(s):
                raise CliError(_("The database is not set up yet; run: mediation-app init"))
            raise CliError(_("No such active user: {name}").format(name=username or "admin"))
        return actor_of(users[0])


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
    svc = _services(args)
    try:
        svc.setup.initialise(committee, short, kind, admin, password, args.display_name or admin)
        out.write(_("Created {committee} with administrator {admin} in {url}").format(
            committee=committee, admin=admin, url=svc.db.url) + "\n")
    finally:
        svc.close()
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    svc = _services(args)
    try:
        actor = _actor(svc, args.user)
        started = dt.datetime.now()
        svc.demo.generate(actor, args.cases, args.seed)
        seconds = (dt.datetime.now() - started).total_seconds()
        out.write(_("Added {n} demo cases in {s:.1f} s").format(n=args.cases, s=seconds) + "\n")
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
            for status in args.status:
                if status not in {s.value for s in CaseStatus}:
                    raise CliError(_("Unknown status {status}").format(status=status))
            flt = CaseFilter(statuses=tuple(args.status), text=args.text, overdue_only=args.overdue)
            page = svc.cases.list_cases(actor, flt, limit=max(1, args.limit))
            if args.json:
                _dump([dataclasses.asdict(r) for r in page.rows], out)
                return 0
            for r in page.rows:
                deadline = r.deadline_on.isoformat() if r.deadline_on else "-"
                flag = "!" if r.overdue else " "
                out.write(f"{r.number}\t{enum_label(r.status, CaseStatus)}\t{enum_label(r.dispute_type, DisputeType)}\t"
                          f"{r.registered_on.isoformat()}\t{flag}{deadline}\t{r.parties}\n")
            total = svc.cases.count_cases(actor, flt)
            out.write(_("{shown} of {total} cases").format(shown=len(page.rows), total=total) + "\n")
            return 0
        detail = svc.cases.detail_by_number(actor, args.number)
        svc.audit_log.record_view(actor, detail.id)
        if args.json:
            _dump(detail, out)
            return 0
        _print_detail(detail, out)
        return 0
    finally:
        svc.close()


def _print_detail(d: Any, out: TextIO) -> None:
    from mediation_app.domain.enums import CaseSource, CaseStatus, DisputeType, PartyRole, enum_label
    from mediation_app.domain.money import format_fen

    # Labels are looked up outside the f-strings: message extraction must not depend on how a
    # Python version tokenises f-strings (3.12 sees calls inside them, 3.11 does not).
    status, kind, source = _("Status"), _("Type"), _("Source")
    registered, accepted, deadline = _("Registered"), _("Accepted"), _("Deadline")
    presiding, agreement = _("Presiding mediator"), _("Agreement")
    subtype = f" / {d.subtype_label}" if d.subtype_label else ""
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
        lines.append(f"  {enum_label(p.role, PartyRole)}: {p.name}  {p.id_masked}  {p.phone_masked}")
    lines.append(_("Facts") + f": {d.facts}")
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


def cmd_mediator(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.domain.enums import Sex
    from mediation_app.domain.ethnicity import ethnicity_label, find_ethnicity

    svc = _services(args)
    try:
        actor = _actor(svc, args.user)
        if args.mediator_command == "add":
            eth = find_ethnicity(args.ethnicity) if args.ethnicity else None
            if args.ethnicity and eth is None:
                raise CliError(_("“{text}” is not one of the 56 ethnic groups.").format(text=args.ethnicity))
            svc.accounts.add_mediator(actor, args.name, Sex(args.sex), eth.code if eth else None, args.languages,
                                      args.full_time, args.specialties, args.phone)
            out.write(_("Added mediator {name}").format(name=args.name) + "\n")
            return 0
        for m in svc.accounts.mediators(actor, active_only=False):
            state = _("full-time") if m.full_time else _("part-time")
            active = "" if m.active else " " + _("(inactive)")
            out.write(f"{m.name}\t{ethnicity_label(m.ethnicity) if m.ethnicity else '-'}\t{m.languages or '-'}\t"
                      f"{state}{active}\n")
        return 0
    finally:
        svc.close()


def cmd_user(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.domain.enums import Role

    svc = _services(args)
    try:
        actor = _actor(svc, args.user)
        if args.user_command == "add":
            password = sys.stdin.readline().rstrip("\n")
            mediator_id = None
            if args.mediator:
                matches = [m for m in svc.accounts.mediators(actor) if m.name == args.mediator]
                if not matches:
                    raise CliError(_("No active mediator named {name}").format(name=args.mediator))
                mediator_id = matches[0].id
            svc.accounts.create_user(actor, args.username, password, args.display_name, Role(args.role), mediator_id)
            out.write(_("Created user {name}").format(name=args.username) + "\n")
            return 0
        for u in svc.accounts.list_users(actor):
            inactive = "" if u.active else _("(inactive)")
            out.write(f"{u.username}\t{u.display_name}\t{Role(u.role).label()}\t{inactive}\n")
        return 0
    finally:
        svc.close()


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


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_maintenance

    return cli_maintenance.cmd_backup(args, out)


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_maintenance

    return cli_maintenance.cmd_restore(args, out)


def cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app import cli_maintenance

    return cli_maintenance.cmd_audit(args, out)


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    set_language(args.lang)
    from mediation_app.services.errors import ServiceError
    from mediation_app.storage.db import StorageError

    try:
        if args.command is None:
            from mediation_app.app import run_gui

            return run_gui(args.db_url or args.db, args.lang)
        if args.command in ("doc", "casefile", "verify-agreement"):
            from mediation_app import cli_documents

            if args.command == "doc" and args.list:
                return cli_documents.run(args, None, None, out, err)
            svc = _services(args)
            try:
                return cli_documents.run(args, svc.documents, _actor(svc, args.user), out, err)
            finally:
                svc.close()
        handler = {"init": cmd_init, "demo": cmd_demo, "case": cmd_case, "check": cmd_check, "backup": cmd_backup,
                   "restore": cmd_restore, "audit": cmd_audit,
                   "print-day": cmd_print_day, "mediator": cmd_mediator, "user": cmd_user}
        return handler[args.command](args, out)
    except CliError as exc:
        err.write(_("error: {message}").format(message=exc) + "\n")
    except ServiceError as exc:
        err.write(_("error: {message}").format(message=exc.message.replace("\n", "; ")) + "\n")
    except StorageError as exc:
        err.write(_("error: {message}").format(message=exc) + "\n")
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except KeyboardInterrupt:
        err.write(_("interrupted; nothing was saved by the unfinished command") + "\n")
    return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
