"""Escalation by level and the supervision of referral slips on the command line:

    mediation-app ladder show [CASE_NUMBER] [--json]        the ladder, or one case's level and history
    mediation-app ladder set 网格员:7 村(社区)调委会:7 乡镇(街道)综治中心:7:working 乡镇领导:7
    mediation-app ladder level CASE_NUMBER LEVEL [--reason WHY]     set or move a case's level
    mediation-app ladder escalate CASE_NUMBER [--to LEVEL] [--reason WHY]
    mediation-app ladder due [--json]                       cases whose days at their level ran out
    mediation-app ladder results --period 2026-Q3           cases concluded at each level
    mediation-app referral due [--json]                     slips to press (督办)
    mediation-app referral sign-in SLIP_NUMBER --by NAME [--at 2026-11-03T08:30]
    mediation-app referral remind SLIP_NUMBER NOTE
    mediation-app referral hours [N]                        hours a department has to sign in
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("ladder", "referral")


class LadderCliError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    lad = sub.add_parser("ladder", help=_("The centre's ladder of levels and escalation"))
    lsub = lad.add_subparsers(dest="ladder_command", required=True)
    show = lsub.add_parser("show", help=_("Show the ladder, or one case's level and history"))
    show.add_argument("case_number", nargs="?", default=None)
    show.add_argument("--json", action="store_true")
    st = lsub.add_parser("set", help=_("Define the ladder, lowest level first, as NAME:DAYS[:working]"))
    st.add_argument("levels", nargs="+")
    lv = lsub.add_parser("level", help=_("Set or move a case's level"))
    lv.add_argument("case_number")
    lv.add_argument("level", help=_("The level's name, or 'none' to take the case off the ladder"))
    lv.add_argument("--reason", default="")
    esc = lsub.add_parser("escalate", help=_("Escalate a case to the next (or a named) level"))
    esc.add_argument("case_number")
    esc.add_argument("--to", default=None)
    esc.add_argument("--reason", default="")
    due = lsub.add_parser("due", help=_("Cases whose days at their level ran out without a result"))
    due.add_argument("--json", action="store_true")
    res = lsub.add_parser("results", help=_("Cases concluded at each level in a period"))
    res.add_argument("--period", required=True, help=_("2026, 2026-H2, 2026-Q3 or 2026-09"))

    ref = sub.add_parser("referral", help=_("Referral slips: departments' sign-in and reminders (督办)"))
    rsub = ref.add_subparsers(dest="referral_command", required=True)
    rdue = rsub.add_parser("due", help=_("Slips not signed in within the hours, or past their deadline"))
    rdue.add_argument("--json", action="store_true")
    sign = rsub.add_parser("sign-in", help=_("Record that the department signed in (报到)"))
    sign.add_argument("number")
    sign.add_argument("--by", required=True, help=_("Who reported for the department"))
    sign.add_argument("--at", default=None, help=_("When (YYYY-MM-DDTHH:MM, local time); now if left out"))
    rem = rsub.add_parser("remind", help=_("Record a reminder to the department (督办)"))
    rem.add_argument("number")
    rem.add_argument("note")
    hrs = rsub.add_parser("hours", help=_("Show or set the hours a department has to sign in"))
    hrs.add_argument("hours", nargs="?", type=int, default=None)


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    if args.command == "referral":
        return _referral(args, svc, actor, out)
    return _ladder(args, svc, actor, out)


def _level_id(levels: Any, name: str) -> Any:
    found = next((lv for lv in levels if lv.name == name.strip()), None)
    if found is None:
        raise LadderCliError(_("No level called “{name}” on the ladder.").format(name=name))
    return found.id


def _parse_levels(texts: list[str], current: Any) -> list[Any]:
    from mediation_app.services.ladder.read_models import LevelInput

    by_name = {lv.name: lv.id for lv in current}
    out = []
    for text in texts:
        parts = text.replace("：", ":").split(":")
        if len(parts) not in (2, 3) or not parts[1].strip().isdigit():
            raise LadderCliError(_("Write each level as NAME:DAYS or NAME:DAYS:working, not “{text}”.").format(
                text=text))
        unit = parts[2].strip() if len(parts) == 3 else "calendar"
        name = parts[0].strip()
        out.append(LevelInput(id=by_name.get(name), name=name, days=int(parts[1]), unit=unit))
    return out


def _ladder(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    cmd = args.ladder_command
    if cmd == "set":
        svc.ladder.set_ladder(actor, _parse_levels(args.levels, svc.ladder.ladder(actor)))
        cmd, args.case_number, args.json = "show", None, False
    if cmd == "show" and args.case_number is None:
        levels = svc.ladder.ladder(actor)
        if args.json:
            out.write(json.dumps([{"position": v.position, "name": v.name, "days": v.days, "unit": v.unit,
                                   "open_cases": v.open_cases} for v in levels], ensure_ascii=False) + "\n")
            return 0
        for v in levels:
            out.write("\t".join([str(v.position), v.name, v.description, str(v.open_cases)]) + "\n")
        if not levels:
            out.write(_("No ladder of levels is defined.") + "\n")
        return 0
    if cmd == "due":
        flagged = svc.ladder.flagged(actor)
        if args.json:
            out.write(json.dumps([{"case": f.case_number, "level": f.level, "due_on": f.due_on.isoformat(),
                                   "days_over": f.days_over, "next_level": f.next_level} for f in flagged],
                                 ensure_ascii=False) + "\n")
            return 0
        for f in flagged:
            out.write("\t".join([f.case_number, f.level, f.due_on.isoformat(), str(f.days_over),
                                 f.next_level or "-"]) + "\n")
        out.write(_("{n} cases to escalate").format(n=len(flagged)) + "\n")
        return 0
    if cmd == "results":
        from mediation_app.domain.statistics import Period

        try:
            period = Period.parse(args.period)
        except ValueError as exc:
            raise LadderCliError(str(exc)) from None
        for r in svc.ladder.results_by_level(actor, period):
            out.write("\t".join([r.level, str(r.concluded), str(r.agreed)]) + "\n")
        return 0
    case_id = svc.cases.find_by_number(actor, args.case_number)
    if cmd == "level":
        to = None if args.level.strip().lower() == "none" else _level_id(svc.ladder.ladder(actor), args.level)
        svc.ladder.set_level(actor, case_id, to, args.reason)
    elif cmd == "escalate":
        to = _level_id(svc.ladder.ladder(actor), args.to) if args.to else None
        svc.ladder.escalate(actor, case_id, args.reason, to_level_id=to)
    _write_case(svc.ladder.case_level(actor, case_id), out, getattr(args, "json", False))
    return 0


def _write_case(view: Any, out: TextIO, as_json: bool) -> None:
    if as_json:
        out.write(json.dumps({
            "level": view.level or None, "since": view.since.isoformat() if view.since else None,
            "due_on": view.due_on.isoformat() if view.due_on else None, "days_left": view.days_left,
            "flagged": view.flagged,
            "history": [{"on": h.on.isoformat(), "move": h.move, "from": h.from_level or None,
                         "to": h.to_level or None, "by": h.by, "reason": h.reason} for h in view.history],
        }, ensure_ascii=False) + "\n")
        return
    if view.level_id is None:
        out.write(_("This case is not on the ladder of levels.") + "\n")
    else:
        out.write(_("Level: {level} since {since}, due {due}, {left} days left").format(
            level=view.level, since=view.since.isoformat(), due=view.due_on.isoformat(), left=view.days_left) + "\n")
        if view.flagged:
            out.write(_("The days at this level ran out without a result: escalate the case.") + "\n")
    for h in view.history:
        out.write("\t".join([h.on.isoformat(), h.move_label, h.from_level or "-", h.to_level or "-", h.by,
                             h.reason or "-"]) + "\n")


def _slip_id(svc: Any, actor: Any, number: str) -> Any:
    found = next((r for r in svc.referrals.list(actor) if r.number == number.strip()), None)
    if found is None:
        raise LadderCliError(_("No referral slip numbered {number}.").format(number=number))
    return found.id


def _referral(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    cmd = args.referral_command
    if cmd == "hours":
        if args.hours is not None:
            svc.supervision.set_sign_in_hours(actor, args.hours)
        out.write(_("A department has {n} hours to sign in.").format(n=svc.supervision.sign_in_hours(actor)) + "\n")
        return 0
    if cmd == "due":
        items = svc.supervision.to_supervise(actor)
        if args.json:
            out.write(json.dumps([{"number": i.number, "department": i.to_department,
                                   "deadline": i.deadline.isoformat() if i.deadline else None,
                                   "not_signed_in": i.not_signed_in, "past_deadline": i.past_deadline,
                                   "reminders": i.reminders,
                                   "last_reminded_on": i.last_reminded_on.isoformat() if i.last_reminded_on else None}
                                  for i in items], ensure_ascii=False) + "\n")
            return 0
        for i in items:
            why = [w for w, on in ((_("not signed in"), i.not_signed_in), (_("past deadline"), i.past_deadline)) if on]
            out.write("\t".join([i.number, i.to_department, "、".join(why), str(i.reminders),
                                 i.last_reminded_on.isoformat() if i.last_reminded_on else "-"]) + "\n")
        out.write(_("{n} slips to press").format(n=len(items)) + "\n")
        return 0
    slip = _slip_id(svc, actor, args.number)
    if cmd == "remind":
        svc.referrals.remind(actor, slip, args.note)
    else:
        at = None
        if args.at:
            try:
                at = dt.datetime.fromisoformat(args.at)
            except ValueError:
                raise LadderCliError(_("{text} is not a time; write it as YYYY-MM-DDTHH:MM.").format(
                    text=args.at)) from None
            at = at if at.tzinfo else at.astimezone()  # local time
        svc.supervision.record_sign_in(actor, slip, args.by, at=at)
    out.write(_("Saved.") + "\n")
    return 0
