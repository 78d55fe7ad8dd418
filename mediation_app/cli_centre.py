"""The centre's subcommands of ``mediation-app`` (plugged into ``mediation_app.cli``).

    mediation-app committee list
    mediation-app committee add NAME --short ABBR --kind KIND [--pattern P] [--deadline-rule R] [--address A] [--phone T]
    mediation-app committee edit SHORT [--name N] [--short ABBR] [--kind K] [--pattern P] [--deadline-rule R] …
    mediation-app committee retire SHORT | committee reinstate SHORT
    mediation-app member USERNAME --committee SHORT --role R [--role R] [--mediator NAME]   (no --role: remove)
    mediation-app window [--limit N]                     the registrations waiting to be routed
    mediation-app route CASE --to-committee SHORT [--reason T]
    mediation-app route CASE --to-department NAME --reason T [--deadline D] [--instructions T]

Adding, editing and retiring committees and memberships is an administrator's work; routing is the
window clerk's (or a committee head's). ``CASE`` is the window number or the case number.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("committee", "member", "window", "route")


def add_parsers(sub: Any) -> None:
    from mediation_app.domain.enums import CommitteeKind, DeadlineRule, Role

    kinds = [k.value for k in CommitteeKind]
    rules = [r.value for r in DeadlineRule]
    com = sub.add_parser("committee", help=_("The committees of the centre (administrator)"))
    com_sub = com.add_subparsers(dest="committee_command", required=True)
    com_sub.add_parser("list", help=_("List the committees, retired ones too"))
    add = com_sub.add_parser("add", help=_("Add a committee"))
    add.add_argument("name")
    add.add_argument("--short", required=True, help=_("Short name used in case numbers, e.g. 客商"))
    add.add_argument("--kind", choices=kinds, required=True, help=_("Committee type"))
    add.add_argument("--pattern", help=_("Case number pattern (default: the standard one)"))
    add.add_argument("--deadline-rule", choices=rules, help=_("Mediation period"))
    add.add_argument("--address")
    add.add_argument("--phone")
    edit = com_sub.add_parser("edit", help=_("Change a committee (numbers already issued stay)"))
    edit.add_argument("short_name", metavar="SHORT")
    edit.add_argument("--name")
    edit.add_argument("--short", help=_("New short name"))
    edit.add_argument("--kind", choices=kinds)
    edit.add_argument("--pattern")
    edit.add_argument("--deadline-rule", choices=rules)
    edit.add_argument("--address")
    edit.add_argument("--phone")
    for verb, text in (("retire", _("Retire a committee: it keeps its cases and takes no new ones")),
                       ("reinstate", _("Bring a retired committee back"))):
        p = com_sub.add_parser(verb, help=text)
        p.add_argument("short_name", metavar="SHORT")

    mem = sub.add_parser("member", help=_("Give an account roles in a further committee (administrator)"))
    mem.add_argument("username")
    mem.add_argument("--committee", dest="member_committee", required=True, metavar="SHORT")
    mem.add_argument("--role", choices=[r.value for r in Role], action="append", default=[],
                     help=_("A role in that committee; repeat for several; none removes the account from it"))
    mem.add_argument("--mediator", help=_("Its entry on that committee's roster (mediator's name)"))

    win = sub.add_parser("window", help=_("Disputes registered at the window and waiting to be routed"))
    win.add_argument("--limit", type=int, default=200)

    route = sub.add_parser("route", help=_("Route a dispute registered at the window"))
    route.add_argument("case", metavar="CASE", help=_("Window number or case number"))
    to = route.add_mutually_exclusive_group(required=True)
    to.add_argument("--to-committee", metavar="SHORT")
    to.add_argument("--to-department", metavar="NAME")
    route.add_argument("--reason", default="")
    route.add_argument("--deadline", type=dt.date.fromisoformat, help=_("Deadline for the department (YYYY-MM-DD)"))
    route.add_argument("--instructions")


def _committee_line(c: Any) -> str:
    from mediation_app.domain.enums import CommitteeKind, DeadlineRule, enum_label

    state = "" if c.active else _("(retired)")
    return (f"{c.short_name}\t{c.name}\t{enum_label(c.kind, CommitteeKind)}\t{enum_label(c.deadline_rule, DeadlineRule)}"
            f"\t{c.next_number}\t{c.case_count}\t{state}").rstrip() + "\n"


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    if args.command == "committee":
        return _committee(args, svc, actor, out)
    if args.command == "member":
        return _member(args, svc, actor, out)
    if args.command == "window":
        page = svc.routing.waiting(actor, limit=max(1, args.limit))
        for r in page.rows:
            out.write(f"{r.window_number}\t{r.registered_on.isoformat()}\t{r.parties}\t{r.title}\n")
        out.write(_("{shown} of {total} disputes waiting to be routed").format(
            shown=len(page.rows), total=page.total) + "\n")
        return 0
    return _route(args, svc, actor, out)


def _committee(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.domain.enums import CommitteeKind, DeadlineRule
    from mediation_app.domain.numbering import DEFAULT_PATTERN
    from mediation_app.services.centre import CommitteeInput

    cmd = args.committee_command
    if cmd == "list":
        from mediation_app.domain.permissions import Perm

        svc.committees.require_role(actor, Perm.MANAGE_COMMITTEES)
        for c in svc.committees.list(actor):
            out.write(_committee_line(c))
        return 0
    if cmd == "add":
        data = CommitteeInput(name=args.name, short_name=args.short, kind=CommitteeKind(args.kind),
                              number_pattern=args.pattern or DEFAULT_PATTERN,
                              deadline_rule=DeadlineRule(args.deadline_rule or DeadlineRule.CALENDAR_MONTH),
                              address=args.address, phone=args.phone)
        new_id = svc.committees.add(actor, data).created_id
        out.write(_("Added committee {name}; its next case number is {number}").format(
            name=args.name, number=svc.committees.get(actor, new_id).next_number) + "\n")
        return 0
    c = svc.committees.by_short_name(actor, args.short_name)
    if cmd == "edit":
        data = CommitteeInput(
            name=args.name or c.name, short_name=args.short or c.short_name, kind=CommitteeKind(args.kind or c.kind),
            number_pattern=args.pattern or c.number_pattern,
            deadline_rule=DeadlineRule(args.deadline_rule or c.deadline_rule),
            address=c.address if args.address is None else args.address,
            phone=c.phone if args.phone is None else args.phone, supervising_unit=c.supervising_unit)
        svc.committees.edit(actor, c.id, data)
        out.write(_committee_line(svc.committees.get(actor, c.id)))
        return 0
    svc.committees.set_active(actor, c.id, cmd == "reinstate")
    out.write((_("Retired {name}; its cases stay and it takes no new ones") if cmd == "retire"
               else _("{name} takes cases again")).format(name=c.name) + "\n")
    return 0


def _member(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.cli import CliError
    from mediation_app.domain.enums import Role

    committee = svc.committees.by_short_name(actor, args.member_committee)
    user = next((u for u in svc.accounts.list_users(actor, everyone=True) if u.username == args.username), None)
    if user is None:
        raise CliError(_("No user named {name}").format(name=args.username))
    mediator_id = None
    if args.mediator:
        found = [m for m in svc.accounts.mediators(actor, committee_id=committee.id) if m.name == args.mediator]
        if not found:
            raise CliError(_("No active mediator named {name}").format(name=args.mediator))
        mediator_id = found[0].id
    roles = [Role(r) for r in args.role]
    svc.accounts.set_membership(actor, user.id, committee.id, roles, mediator_id)
    if roles:
        out.write(_("{user} works in {committee} as {roles}").format(
            user=args.username, committee=committee.name, roles="、".join(r.label() for r in roles)) + "\n")
    else:
        out.write(_("{user} no longer belongs to {committee}").format(user=args.username, committee=committee.name)
                  + "\n")
    return 0


def _route(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    case_id = svc.routing.find(actor, args.case)
    if args.to_committee:
        changes = svc.routing.to_committee_named(actor, case_id, args.to_committee, args.reason)
        out.write(_("Routed to {short}: now case {number}").format(short=args.to_committee, number=changes.number)
                  + "\n")
        return 0
    changes = svc.routing.to_department(actor, case_id, args.to_department, args.reason, args.deadline,
                                        args.instructions)
    out.write(_("Routed to {department} with referral slip {number}").format(
        department=args.to_department, number=changes.number) + "\n")
    return 0
