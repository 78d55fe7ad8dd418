"""The hand-over commands of ``mediation-app``: this site's identity and pairing, and bundles.

    mediation-app site show [--pairing-file FILE]     this site's name, id and key code (and its pairing file)
    mediation-app site pair FILE [--code CODE]        trust the site of a pairing file once its code matches
    mediation-app site trust                          the paired sites and where hand-over with each stands
    mediation-app site revoke SITE                    stop trusting a site (its bundles are refused from now on)
    mediation-app bundle export -o FILE [--to SITE] [--encrypt]
    mediation-app bundle import FILE [--dry-run]
    mediation-app bundle status | conflicts | resolve ID --keep ours|theirs | --take FIELD …
    mediation-app bundle remind-after DAYS

They call the hand-over service only. A protected bundle's passphrase is asked in the terminal, or read
from the next line of standard input with --password-stdin (after the sign-in password).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import Any, TextIO

from mediation_app.i18n import _, ngettext


def add_parsers(sub: Any) -> None:
    site = sub.add_parser("site", help=_("This site's identity and the sites it trusts for hand-over"))
    site_sub = site.add_subparsers(dest="site_command", required=True)
    show = site_sub.add_parser("show", help=_("This site's name, id and key code"))
    show.add_argument("--pairing-file", type=Path, help=_("Also write this site's pairing file here"))
    pair = site_sub.add_parser("pair", help=_("Trust the site of a pairing file (after comparing its code)"))
    pair.add_argument("file", type=Path)
    pair.add_argument("--code", help=_("The key code shown at the other site (asked when not given)"))
    site_sub.add_parser("trust", help=_("List the paired sites"))
    revoke = site_sub.add_parser("revoke", help=_("Stop trusting a paired site"))
    revoke.add_argument("site", help=_("The site's id (or its first characters) or name"))

    bundle = sub.add_parser("bundle", help=_("Hand-over bundles between a room and its centre"))
    bundle_sub = bundle.add_subparsers(dest="bundle_command", required=True)
    export = bundle_sub.add_parser("export", help=_("Write everything not yet acknowledged into one bundle"))
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--to", help=_("The paired site it is for (needed when several are paired)"))
    export.add_argument("--encrypt", action="store_true", help=_("Protect the bundle with a passphrase"))
    imp = bundle_sub.add_parser("import", help=_("Check a bundle and apply it (or only report with --dry-run)"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=_("Report what would change; write nothing"))
    bundle_sub.add_parser("status", help=_("Since when nothing was handed over, and how much is waiting"))
    bundle_sub.add_parser("conflicts", help=_("Records changed at both ends, side by side"))
    resolve = bundle_sub.add_parser("resolve", help=_("Settle a conflict"))
    resolve.add_argument("conflict", help=_("The conflict's id (or its first characters)"))
    resolve.add_argument("--keep", choices=("ours", "theirs"), help=_("Keep our version, or take theirs"))
    resolve.add_argument("--take", action="append", default=[], metavar="FIELD",
                         help=_("Take their value of this field, keep ours for the others (repeatable)"))
    remind = bundle_sub.add_parser("remind-after", help=_("Remind after this many days without an acknowledged "
                                                          "hand-over"))
    remind.add_argument("days", type=int)


def _passphrase(args: argparse.Namespace, prompt: str) -> str:
    from mediation_app.cli import _SIGN_IN, CliError
    from mediation_app.cli_signin import SignInError, read_secret

    try:
        return read_secret(prompt, bool(_SIGN_IN.get("password_stdin")),
                           _("A protected bundle needs its passphrase: run the command in a terminal, or give it "
                             "on standard input after the password with --password-stdin."))
    except SignInError as exc:
        raise CliError(str(exc)) from None


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    handover = svc.handover
    if args.command == "site":
        return _site(args, handover, actor, out)
    command = args.bundle_command
    if command == "export":
        to = handover.find_peer(actor, args.to).site_id if args.to else None
        passphrase = None
        if args.encrypt:
            passphrase = _passphrase(args, _("Passphrase for the bundle: "))
        result = handover.export(actor, args.output, to=to, passphrase=passphrase)
        out.write(_("Bundle {seq} for {site} written to {path}: {cases} cases, {files} attachments, {audit} audit "
                    "entries{protected}.").format(seq=result.seq, site=result.to_site, path=result.path,
                                                  cases=result.cases, files=result.files, audit=result.audit_entries,
                                                  protected=_(", protected with a passphrase") if result.encrypted
                                                  else "") + "\n")
        if result.missing_files:
            out.write(result.left_out_note + "\n")
        return 0
    if command == "import":
        passphrase = _passphrase(args, _("Passphrase of the bundle: ")) if handover.needs_passphrase(args.file) \
            else None
        report = handover.import_bundle(actor, args.file, dry_run=args.dry_run, passphrase=passphrase, index=False)
        _print_report(report, out)
        if not args.dry_run:  # the records are committed; now their search index, in committed steps
            indexed = handover.finish_indexing()
            if indexed:
                out.write(ngettext("Search index written for {n} imported case.",
                                   "Search index written for {n} imported cases.", indexed).format(n=indexed) + "\n")
        return 0
    if command == "status":
        st = handover.status()
        out.write(_("Last acknowledged hand-over: {when} ({site})").format(
            when=_when(st.last_acknowledged_at), site=st.peer_name or _("no centre paired")) + "\n")
        out.write(_("Not yet handed over: {changes} changes in {cases} cases").format(
            changes=st.pending_changes, cases=st.pending_cases) + "\n")
        out.write(_("Open conflicts: {n}").format(n=st.open_conflicts) + "\n")
        if st.reminder_due:
            out.write(_("Time to hand over: the reminder is set to every {days} days.").format(days=st.reminder_days)
                      + "\n")
        return 0
    if command == "conflicts":
        items = handover.conflicts(actor)
        for c in items:
            out.write(f"{str(c.id)[:8]}  {c.case_number or '-'}  {c.record_label}  {c.from_site}  "
                      f"{_when(c.found_at)}\n")
            for f in c.fields:
                if f.differs:
                    out.write(_("    {field}: ours “{local}” | theirs “{incoming}” (--take {key})").format(
                        field=f.label, local=f.local, incoming=f.incoming, key=f.name) + "\n")
        out.write(ngettext("{n} open conflict", "{n} open conflicts", len(items)).format(n=len(items)) + "\n")
        return 0
    if command == "resolve":
        from mediation_app.cli import CliError

        matches = [c for c in handover.conflicts(actor) if str(c.id).startswith(args.conflict.lower())]
        if len(matches) != 1:
            raise CliError(_("No single open conflict matches “{text}”.").format(text=args.conflict))
        if args.take:
            handover.resolve(actor, matches[0].id, keep="merge", fields={f: "incoming" for f in args.take})
        elif args.keep:
            handover.resolve(actor, matches[0].id, keep="local" if args.keep == "ours" else "incoming")
        else:
            raise CliError(_("Say which version to keep (--keep ours|theirs) or which fields to take (--take)."))
        out.write(_("Conflict settled; the settlement goes back with the next bundle.") + "\n")
        return 0
    if command == "remind-after":
        handover.set_reminder_days(actor, args.days)
        out.write(_("Reminder set to {days} days.").format(days=args.days) + "\n")
        return 0
    return 2


def _site(args: argparse.Namespace, handover: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.cli import CliError

    command = args.site_command
    if command == "show":
        view = handover.write_pairing_file(actor, args.pairing_file) if args.pairing_file else handover.site(actor)
        out.write(_("Site: {name}").format(name=view.name) + "\n")
        out.write(_("Site id: {id}").format(id=view.site_id) + "\n")
        out.write(_("Key code: {code}").format(code=view.code) + "\n")
        if args.pairing_file:
            out.write(_("Pairing file written to {path}; read the key code to the other site when it pairs.").format(
                path=args.pairing_file) + "\n")
        return 0
    if command == "pair":
        view = handover.read_pairing_file(args.file)
        out.write(_("Pairing file of {name} ({id})").format(name=view.name, id=view.site_id) + "\n")
        code = args.code
        if not code:
            if not sys.stdin.isatty():
                raise CliError(_("Give the key code shown at the other site with --code."))
            code = input(_("Type the key code shown on the other site's screen: "))
        peer = handover.pair(actor, args.file, code)
        out.write(_("Paired with {name}; its bundles are accepted from now on.").format(name=peer.name) + "\n")
        return 0
    if command == "trust":
        for p in handover.peers(actor):
            state = _("revoked {when}").format(when=_when(p.revoked_at)) if p.revoked_at else _("trusted")
            out.write(f"{str(p.site_id)[:8]}  {p.name}  {p.code}  {state}\n")
            out.write(_("    received up to bundle {r}; sent {s}, acknowledged {a} ({when})").format(
                r=p.received_seq, s=p.sent_seq, a=p.acknowledged_seq, when=_when(p.acknowledged_at)) + "\n")
        return 0
    if command == "revoke":
        peer = handover.find_peer(actor, args.site)
        handover.revoke(actor, uuid.UUID(str(peer.site_id)))
        out.write(_("{name} is no longer trusted; its bundles are refused.").format(name=peer.name) + "\n")
        return 0
    return 2


def _print_report(r: Any, out: TextIO) -> None:
    if r.already_imported:
        out.write(_("Bundle {seq} from {site} was imported before; nothing changed.").format(
            seq=r.seq, site=r.from_site) + "\n")
        return
    head = _("Dry run of bundle {seq} from {site} (nothing written):") if r.dry_run else \
        _("Bundle {seq} from {site} imported:")
    out.write(head.format(seq=r.seq, site=r.from_site) + "\n")
    out.write(_("  new cases: {n}").format(n=len(r.new)) + "\n")
    out.write(_("  updated cases: {n}").format(n=len(r.updated)) + "\n")
    out.write(_("  unchanged cases: {n}").format(n=r.unchanged) + "\n")
    out.write(_("  cases with conflicts (both versions kept): {n}").format(n=len(r.conflicts)) + "\n")
    for c in r.conflicts:
        out.write(f"    {c.number}\n")
    out.write(_("  rejected cases: {n}").format(n=len(r.rejected)) + "\n")
    for c in r.rejected:
        out.write(f"    {c.number}: {c.reason}\n")
    out.write(_("  attachments: {files}; audit entries: {audit}").format(files=r.files, audit=r.audit_entries) + "\n")
    if r.acknowledged_seq:
        out.write(_("  the other site acknowledges our bundle {seq}").format(seq=r.acknowledged_seq) + "\n")
