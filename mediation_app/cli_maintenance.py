"""The maintenance commands of ``mediation-app``: backup, restore, check and audit.

    mediation-app backup [-o FILE] [--archive FILE]
    mediation-app restore BACKUP_OR_ARCHIVE [--yes] | restore --undo [--yes] | restore --list
    mediation-app check
    mediation-app audit list [--since D] [--until D] [--user-name U] [--case NUMBER] [--action A] [--limit N]
    mediation-app audit export -o FILE.csv [filters] | audit verify

They call the maintenance services only (never ``storage``), over a database opened without the
start-up preflight, so that ``check`` and ``restore`` also work on a file the application refuses.
They act as the account that signed in for them (its password, or its command-line sign-in), and
the audit log names that account.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from mediation_app.i18n import _


def add_parsers(sub: Any) -> None:
    sub.add_parser("check", help=_("Check integrity, settings, schema version, the audit chain and backups"))
    backup = sub.add_parser("backup", help=_("Write a verified backup copy of the database"))
    backup.add_argument("-o", "--output", type=Path, help=_("Backup file (default: the backups folder)"))
    backup.add_argument("--archive", type=Path, help=_("Write the database and all attachments into one archive"))

    restore = sub.add_parser("restore", help=_("Replace the database by a verified backup or archive"))
    restore.add_argument("backup", nargs="?", type=Path, help=_("Backup file (.db) or archive (.zip)"))
    restore.add_argument("--undo", action="store_true", help=_("Put back the database as it was before the last restore"))
    restore.add_argument("--list", action="store_true", help=_("List the backups with their verified state"))
    restore.add_argument("--yes", action="store_true", help=_("Do not ask for confirmation"))

    audit = sub.add_parser("audit", help=_("Read, export and verify the audit log"))
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    for name, text in (("list", _("List audit entries, newest first")),
                       ("export", _("Export audit entries to a CSV file"))):
        p = audit_sub.add_parser(name, help=text)
        p.add_argument("--since", type=dt.date.fromisoformat, help=_("From this day (YYYY-MM-DD)"))
        p.add_argument("--until", type=dt.date.fromisoformat, help=_("Up to and including this day"))
        p.add_argument("--user-name", default="", help=_("Only this user's entries"))
        p.add_argument("--case", default="", help=_("Only entries about this case number"))
        p.add_argument("--action", default="", help=_("Only this action (a prefix ending in '.' matches a group)"))
        if name == "list":
            p.add_argument("--limit", type=int, default=50)
            p.add_argument("--offset", type=int, default=0)
        else:
            p.add_argument("-o", "--output", type=Path, required=True)
    audit_sub.add_parser("verify", help=_("Recompute the audit chain and compare it with the anchors"))


def _open(args: argparse.Namespace, **how: bool) -> tuple[Any, Any]:
    from mediation_app.cli import open_url
    from mediation_app.config import resolve_database
    from mediation_app.services.maintenance import open_maintenance

    url, data_dir = resolve_database(args.db_url or args.db)
    return open_maintenance(open_url(args, url), data_dir, **how)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "?"


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 when everything is sound, 1 when a problem was found. The file is opened read-only: a
    check never writes, never replays or removes a -wal file."""
    from mediation_app.services.errors import ServiceError

    try:
        maintenance, _audit = _open(args, read_only=True)
    except ServiceError as exc:  # the file fails the look: that is the finding
        out.write(_("problem: {text}").format(text=exc.message) + "\n")
        out.write(_("Problems found.") + "\n")
        return 1
    try:
        report = maintenance.check()
    finally:
        maintenance.db.dispose()
    for what, result in report.lines:
        out.write(f"{what}: {result}\n")
    out.writelines(_("problem: {text}").format(text=problem) + "\n" for problem in report.problems)
    out.write((_("All checks passed.") if report.ok else _("Problems found.")) + "\n")
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace, out: TextIO, actor: Any) -> int:
    maintenance, _audit = _open(args)
    try:
        if args.archive:
            info = maintenance.write_archive(actor, args.archive)
            out.write(_("Verified archive written to {path}: the database ({cases} cases) and {n} attachments, "
                        "{size}").format(path=info.path, cases=info.cases, n=info.attachments, size=_size(info.size))
                      + "\n")
            if not args.output:
                return 0
        result = maintenance.backup_now(actor, args.output)
        out.write(_("Verified backup written to {path}").format(path=result.backup.path) + "\n")
    finally:
        maintenance.db.dispose()
    return 0


def _confirm(args: argparse.Namespace, text: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        from mediation_app.cli import CliError

        raise CliError(_("Restoring replaces the database; confirm with --yes."))
    return input(text + " [y/N] ").strip().lower() in ("y", "yes", "是", "j")


def cmd_restore(args: argparse.Namespace, out: TextIO, actor: Any) -> int:
    from mediation_app.cli import CliError

    maintenance, _audit = _open(args, look=False)  # a file the application refuses can be replaced
    try:
        if args.list:
            for b in maintenance.list_backups(deep=False):
                state = _("verified") if b.verified else (b.problem or _("not verified"))
                cases = _("{n} cases").format(n="-" if b.cases is None else b.cases)
                out.write(f"{_when(b.created_at)}\t{b.name}\t{b.kind_label}\t{_size(b.size)}\t{cases}\t{state}\n")
            return 0
        if not args.undo and args.backup is None:
            raise CliError(_("Name the backup to restore, or use --undo or --list."))
        if args.undo:
            question = _("Put back the database as it was before the last restore?")
        else:
            checked = maintenance.verify_backup(args.backup) if args.backup.suffix == ".db" else None
            if checked is not None and not checked.verified:
                raise CliError(_("The backup {name} was not restored: {problem} Choose another backup.").format(
                    name=args.backup.name, problem=checked.problem))
            when = _when(checked.created_at) if checked else args.backup.name
            question = _("Restore the backup of {when}? Everything entered after it is replaced (the current database "
                         "is kept as a safety copy).").format(when=when)
        if not _confirm(args, question):
            out.write(_("Nothing was changed.") + "\n")
            return 1
        operator = args.user or None
        result = (maintenance.undo_restore(actor, operator=operator) if args.undo
                  else maintenance.restore(actor, args.backup, operator=operator))
        out.write(result.message + "\n")
        if result.attachments:
            out.write(_("{n} attachments restored.").format(n=result.attachments) + "\n")
    finally:
        maintenance.db.dispose()
    return 0


def cmd_audit(args: argparse.Namespace, out: TextIO, actor: Any) -> int:
    from mediation_app.cli import CliError
    from mediation_app.services.maintenance import AuditFilter

    maintenance, audit = _open(args)
    try:
        if args.audit_command == "verify":
            result = audit.verify(actor)
            out.write(_("{n} audit entries, {k} anchors compared.").format(n=result.entries, k=result.anchors_checked)
                      + "\n")
            out.writelines(_("problem: {text}").format(text=p) + "\n" for p in result.problems)
            out.write((_("The audit log verifies.") if result.ok else _("The audit log does not verify.")) + "\n")
            return 0 if result.ok else 1
        if actor is None:
            raise CliError(_("No such active user: {name}").format(name=args.user or "admin"))
        flt = AuditFilter(since=args.since, until=args.until, username=args.user_name, case_number=args.case,
                          action=args.action)
        if args.audit_command == "export":
            n = audit.export_csv(actor, flt, args.output)
            out.write(_("{n} audit entries written to {path}").format(n=n, path=args.output) + "\n")
            return 0
        page = audit.entries(actor, flt, offset=max(0, args.offset), limit=max(1, args.limit))
        for r in page.rows:
            mark = "" if r.success else " ✗"
            out.write(f"{r.seq}\t{r.at.strftime('%Y-%m-%d %H:%M:%S')}\t{r.username}\t{r.action_label}{mark}\t"
                      f"{r.case_number or '-'}\t{r.details}\n")
        out.write(_("{shown} of {total} entries").format(shown=len(page.rows), total=page.total) + "\n")
        return 0
    finally:
        maintenance.db.dispose()


WRITING = {"demo", "mediator add", "user add", "print-day", "doc", "casefile"}


def before_first_write(svc: Any, args: argparse.Namespace) -> None:
    """The CLI's automatic backup: before the first change of the day (best effort, like the client's
    at start and exit), with stale partial files removed and the audit chain anchored daily."""
    sub = getattr(args, f"{args.command}_command", None) if args.command in ("mediator", "user") else None
    if (f"{args.command} {sub}" if sub else args.command) not in WRITING:
        return
    try:
        svc.maintenance.auto_backup("write")
        svc.maintenance.daily_anchor()
    except Exception:  # noqa: BLE001 - a failed automatic backup never stops the work; the next one retries
        import logging

        logging.getLogger(__name__).exception("automatic backup failed")
