"""The four-part slips (人民调解四联单) on the command line:

    mediation-app slip issue CASE_NUMBER [--to UNIT] [--asked TEXT] [--deadline YYYY-MM-DD]
    mediation-app slip issue --referral REFERRAL_NUMBER
    mediation-app slip print NUMBER -o FILE.pdf      (a slip's, a case's or with --referral a referral's number)
    mediation-app slip return SLIP_NUMBER --result TEXT --handler NAME [--on YYYY-MM-DD]
    mediation-app slip overdue [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any, TextIO

from mediation_app.i18n import _, ngettext

COMMANDS = ("slip",)


class SlipCliError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    slip = sub.add_parser("slip", help=_("Four-part slips (人民调解四联单): issue, print, record the returned part"))
    ssub = slip.add_subparsers(dest="slip_command", required=True)
    iss = ssub.add_parser("issue", help=_("Issue the slip of a case or of a referral slip (a second time: the same slip)"))
    iss.add_argument("number", nargs="?", default="", metavar="CASE_NUMBER")
    iss.add_argument("--referral", default="", metavar="REFERRAL_NUMBER", help=_("The referral slip (交办单) it goes with"))
    iss.add_argument("--to", default="", help=_("The committee or department that takes the case (default: the committee)"))
    iss.add_argument("--asked", default="", help=_("What is asked of it"))
    iss.add_argument("--deadline", default="", help=_("By when the returned part is due (YYYY-MM-DD)"))
    prt = ssub.add_parser("print", help=_("Print the four parts on one A4 page (a reprint keeps the number)"))
    prt.add_argument("number", metavar="NUMBER", help=_("The slip's number, or a case's number"))
    prt.add_argument("--referral", action="store_true", help=_("NUMBER is a referral slip's number"))
    prt.add_argument("-o", "--output", required=True, help=_("The PDF file to write"))
    ret = ssub.add_parser("return", help=_("Record the returned part (回执): the result and who handled it"))
    ret.add_argument("number", metavar="SLIP_NUMBER")
    ret.add_argument("--result", required=True, help=_("The result written on the returned part"))
    ret.add_argument("--handler", required=True, help=_("Who handled it (承办人)"))
    ret.add_argument("--on", default="", help=_("The day it came back (YYYY-MM-DD, default today)"))
    ovd = ssub.add_parser("overdue", help=_("Slips whose returned part has not come back by the deadline (all of them)"))
    ovd.add_argument("--json", action="store_true")


def _day(text: str, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SlipCliError(_("{what}: write the date as YYYY-MM-DD, e.g. 2026-12-01.").format(what=what)) from None


def _referral_id(svc: Any, actor: Any, number: str) -> Any:
    wanted = number.strip()
    for r in svc.referrals.list(actor):
        if r.number == wanted:
            return r.id
    raise SlipCliError(_("No referral slip has the number {number}.").format(number=wanted))


def _line(v: Any) -> str:
    source = v.referral_number or v.case_number or "-"
    state = (_("returned on {date}").format(date=v.returned_on.isoformat()) if v.returned_on
             else _("overdue since {date}").format(date=v.deadline.isoformat()) if v.overdue
             else _("due back by {date}").format(date=v.deadline.isoformat()))
    return "\t".join([v.number, source, v.sent_to, v.parties or "-", state])


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    cmd = args.slip_command
    if cmd == "issue":
        if bool(args.number) == bool(args.referral):
            raise SlipCliError(_("Name a case number or --referral REFERRAL_NUMBER (one of them)."))
        if args.referral:
            changes = svc.slips.issue_for_referral(actor, _referral_id(svc, actor, args.referral))
        else:
            case_id = svc.cases.find_by_number(actor, args.number)
            changes = svc.slips.issue_for_case(actor, case_id, sent_to=args.to or None, instructions=args.asked or None,
                                               deadline=_day(args.deadline, "--deadline"))
        view = svc.slips.get(actor, changes.created_id)
        out.write(_("Four-part slip {number}: to {unit}, returned part due by {date}.").format(
            number=view.number, unit=view.sent_to, date=view.deadline.isoformat()) + "\n")
        return 0
    if cmd == "print":
        number = args.number.strip()
        if args.referral:
            doc = svc.slips.print_for_referral(actor, _referral_id(svc, actor, number))
        else:
            slip_id = _slip_id(svc, actor, number)
            doc = (svc.slips.render(actor, slip_id) if slip_id is not None
                   else svc.slips.print_for_case(actor, svc.cases.find_by_number(actor, number)))
        from mediation_app.fileio import atomic_write_bytes

        atomic_write_bytes(Path(args.output), doc.pdf)
        out.write(ngettext("Wrote {file} ({pages} page).", "Wrote {file} ({pages} pages).", doc.pages)
                  .format(file=args.output, pages=doc.pages) + "\n")
        return 0
    if cmd == "return":
        view = svc.slips.by_number(actor, args.number)
        on = _day(args.on, "--on") or svc.clock.today()
        svc.slips.record_return(actor, view.id, returned_on=on, feedback=args.result, handled_by=args.handler)
        out.write(_("Returned part of {number} recorded ({date}).").format(number=view.number, date=on.isoformat())
                  + "\n")
        return 0
    return _overdue(args, svc, actor, out)


def _slip_id(svc: Any, actor: Any, number: str) -> Any:
    from mediation_app.services.errors import NotFound

    try:
        return svc.slips.by_number(actor, number).id
    except NotFound:
        return None


def _overdue(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    after, total, rows = None, None, []
    while True:
        page = svc.slips.overdue(actor, after=after, limit=500, total=total)
        rows += page.items
        total, after = page.total, page.next_key
        if after is None:
            break
    if args.json:
        out.write(json.dumps([{"number": v.number, "case": v.case_number, "referral": v.referral_number,
                               "sent_to": v.sent_to, "parties": v.parties, "issued_on": v.issued_on.isoformat(),
                               "deadline": v.deadline.isoformat()} for v in rows], ensure_ascii=False, indent=1) + "\n")
        return 0
    out.writelines(_line(v) + "\n" for v in rows)
    out.write(ngettext("{n} slip overdue.", "{n} slips overdue.", total).format(n=total) + "\n")
    return 0
