"""`mediation-app mediator …` and `mediation-app user …`: the committee's roster of mediators and
the user accounts."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("mediator", "user")


class PeopleCliError(Exception):
    """A refusal worded for the user."""


def add_parsers(sub: Any) -> None:
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
    usr_add.add_argument("--role", choices=("mediator", "head", "admin", "auditor", "window"), action="append",
                         help=_("A role of the account; repeat for several (default: mediator)"))
    usr_add.add_argument("--mediator", help=_("Link the account to this mediator (name on the roster)"))
    usr_add.add_argument("--committee", dest="user_committee", metavar="SHORT",
                         help=_("Its home committee, when not yours (administrator of the centre)"))
    usr_add.add_argument("--password-stdin", action="store_true", required=True)
    usr_sub.add_parser("list", help=_("List the user accounts"))


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    if args.command == "mediator":
        return _mediator(args, svc, actor, out)
    return _user(args, svc, actor, out)


def _mediator(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.domain.enums import Sex
    from mediation_app.domain.ethnicity import ethnicity_label, find_ethnicity

    if args.mediator_command == "add":
        eth = find_ethnicity(args.ethnicity) if args.ethnicity else None
        if args.ethnicity and eth is None:
            raise PeopleCliError(_("“{text}” is not one of the 56 ethnic groups.").format(text=args.ethnicity))
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


def _user(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.domain.enums import Role

    if args.user_command == "add":
        password = sys.stdin.readline().rstrip("\n")
        mediator_id = None
        home = svc.committees.by_short_name(actor, args.user_committee).id if args.user_committee else None
        if args.mediator:
            matches = [m for m in svc.accounts.mediators(actor, committee_id=home) if m.name == args.mediator]
            if not matches:
                raise PeopleCliError(_("No active mediator named {name}").format(name=args.mediator))
            mediator_id = matches[0].id
        roles = [Role(r) for r in (args.role or ["mediator"])]
        svc.accounts.create_user(actor, args.username, password, args.display_name, roles[0], mediator_id,
                                 roles=roles, committee_id=home)
        out.write(_("Created user {name}").format(name=args.username) + "\n")
        return 0
    for u in svc.accounts.list_users(actor):
        roles = "、".join(Role(r).label() for r in (u.roles or (u.role,)))
        inactive = "" if u.active else _("(inactive)")
        out.write(f"{u.username}\t{u.display_name}\t{roles}\t{inactive}\n")
    return 0
