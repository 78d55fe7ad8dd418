"""Sessions on site and remote, and consumer complaints handed over, on the command line:

    mediation-app session record CASE --mode on_site|video|phone|mixed --text TEXT [--outcome continue|agreement|failed]
                         [--place P] [--platform 腾讯会议] [--failure-reason R] [--recorder NAME]
                         [--remote PARTY[=LOCATION]] [--consent PARTY=written|recorded] [--identity PARTY=CHECK]
    mediation-app session list CASE
    mediation-app session count --period 2026-Q4
    mediation-app complaint issue CASE --to 12315|market|association --complainant NAME (--stall S | --merchant NAME)
                         --goods G --request R --facts F [--phone P] [--id-number N] [--credit-code C]
                         [--purchased D] [--amount YUAN] [--evidence E]… [--register-number N] [--deadline D]
    mediation-app complaint list CASE
    mediation-app complaint register SLIP_NUMBER REGISTRATION_NUMBER
    mediation-app complaint feedback SLIP_NUMBER --result TEXT [--on D] [--handling-number N]
    mediation-app complaint slip SLIP_NUMBER -o FILE.pdf
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

from mediation_app.domain.complaints import ComplaintBody
from mediation_app.domain.enums import MeetingMode, MeetingOutcome, enum_label
from mediation_app.domain.remote import Attendance, IdentityCheck, RemoteConsent
from mediation_app.i18n import _, ngettext

COMMANDS = ("session", "complaint")
BODIES = {"12315": ComplaintBody.HOTLINE_12315, "market": ComplaintBody.MARKET_SUPERVISION,
          "association": ComplaintBody.CONSUMER_ASSOCIATION}


class SessionCliError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    ses = sub.add_parser("session", help=_("Mediation sessions, on site or remote"))
    ssub = ses.add_subparsers(dest="session_command", required=True)
    rec = ssub.add_parser("record", help=_("Record a held session; every party of the case present"))
    rec.add_argument("case_number")
    rec.add_argument("--mode", choices=[m.value for m in MeetingMode], default=MeetingMode.ON_SITE.value)
    rec.add_argument("--text", required=True, help=_("What was proposed, explained and agreed"))
    rec.add_argument("--outcome", choices=[o.value for o in MeetingOutcome], default=MeetingOutcome.CONTINUE.value)
    rec.add_argument("--place", default="")
    rec.add_argument("--platform", default="", help=_("Remote sessions: 微信视频, 腾讯会议, 移动微法院, 人民法院在线服务, 电话"))
    rec.add_argument("--failure-reason", default="")
    rec.add_argument("--recorder", default="")
    rec.add_argument("--remote", action="append", default=[], metavar="PARTY[=LOCATION]",
                     help=_("A party who took part remotely, and from where"))
    rec.add_argument("--consent", action="append", default=[], metavar="PARTY=HOW",
                     help=_("A party's consent to remote mediation: written or recorded"))
    rec.add_argument("--identity", action="append", default=[], metavar="PARTY=CHECK",
                     help=_("How a remote party's identity was checked: {codes}").format(
                         codes=", ".join(c.value for c in IdentityCheck)))
    lst = ssub.add_parser("list", help=_("A case's sessions, with mode and platform"))
    lst.add_argument("case_number")
    cnt = ssub.add_parser("count", help=_("Sessions held in a period, and how many were remote or mixed"))
    cnt.add_argument("--period", required=True, help=_("2026-11, 2026-Q3, 2026-H2 or 2026"))

    com = sub.add_parser("complaint", help=_("Consumer complaints handed over to market supervision, 12315 or "
                                             "the consumer association"))
    csub = com.add_subparsers(dest="complaint_command", required=True)
    iss = csub.add_parser("issue", help=_("Hand a consumer complaint over with a numbered slip"))
    iss.add_argument("case_number")
    iss.add_argument("--to", choices=tuple(BODIES), required=True)
    iss.add_argument("--department", default="", help=_("The office by name, e.g. 城北区市场监督管理局"))
    iss.add_argument("--complainant", required=True)
    iss.add_argument("--phone", default="")
    iss.add_argument("--id-number", default="")
    iss.add_argument("--stall", default="", help=_("The merchant's stall: taken from the registry when it is there"))
    iss.add_argument("--merchant", default="", help=_("The merchant's name"))
    iss.add_argument("--credit-code", default="")
    iss.add_argument("--goods", required=True, help=_("Goods or service"))
    iss.add_argument("--purchased", type=dt.date.fromisoformat, help=_("Purchase date, YYYY-MM-DD"))
    iss.add_argument("--amount", default="", help=_("Amount in yuan"))
    iss.add_argument("--request", required=True, help=_("What the complainant asks for"))
    iss.add_argument("--facts", required=True)
    iss.add_argument("--evidence", action="append", default=[])
    iss.add_argument("--register-number", default="", help=_("The 12315 registration number"))
    iss.add_argument("--deadline", type=dt.date.fromisoformat)
    cl = csub.add_parser("list", help=_("A case's complaint hand-overs"))
    cl.add_argument("case_number")
    reg = csub.add_parser("register", help=_("Record the 12315 registration number of a slip"))
    reg.add_argument("slip_number")
    reg.add_argument("register_number")
    fb = csub.add_parser("feedback", help=_("Record what the body reported back"))
    fb.add_argument("slip_number")
    fb.add_argument("--result", required=True)
    fb.add_argument("--on", type=dt.date.fromisoformat, help=_("Date of the feedback (default: today)"))
    fb.add_argument("--handling-number", default="")
    sl = csub.add_parser("slip", help=_("Print the hand-over slip as a PDF"))
    sl.add_argument("slip_number")
    sl.add_argument("-o", "--output", required=True)


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    if args.command == "session":
        return _session(args, svc, actor, out)
    return _complaint(args, svc, actor, out)


def _pairs(values: list[str], what: str, optional_value: bool = False) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not name.strip() or (not sep and not optional_value):
            raise SessionCliError(_("Write {what} as NAME=VALUE, e.g. 马福海=written.").format(what=what))
        pairs[name.strip()] = value.strip()
    return pairs


def _attendance(args: argparse.Namespace, parties: dict[str, Any]) -> tuple[Attendance, ...]:
    remote = _pairs(args.remote, "--remote", optional_value=True)
    consent = _pairs(args.consent, "--consent")
    identity = _pairs(args.identity, "--identity")
    for name in (*remote, *consent, *identity):
        if name not in parties:
            raise SessionCliError(_("{name} is not a party of this case.").format(name=name))
    everyone_remote = args.mode in (MeetingMode.VIDEO, MeetingMode.PHONE)
    try:
        return tuple(Attendance(
            ref_id=link_id, remote=everyone_remote or name in remote, location=remote.get(name, ""),
            consent=RemoteConsent(consent[name]) if name in consent else None,
            identity_check=IdentityCheck(identity[name]) if name in identity else None)
            for name, link_id in parties.items())
    except ValueError:
        raise SessionCliError(_("Consent is written or recorded; identity checks are {codes}.").format(
            codes=", ".join(c.value for c in IdentityCheck))) from None


def _session(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.services.meetings import MeetingInput

    cmd = args.session_command
    if cmd == "count":
        c = svc.meetings.remote_counts(actor, args.period)
        out.write(c.line() + "\n")
        return 0
    detail = svc.cases.detail_by_number(actor, args.case_number)
    if cmd == "list":
        for m in detail.meetings:
            when = (m.held_at or m.scheduled_at)
            remote = _("remote")
            places = "、".join(f"{a.name}（{a.location or remote}）" for a in m.attendees if a.remote)
            out.write("\t".join([when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "-",
                                 enum_label(m.mode, MeetingMode), m.platform or "-", m.place or "-", places or "-"])
                      + "\n")
        return 0
    parties = {p.name: p.link_id for p in detail.parties}
    mediators = tuple(a.mediator_id for a in detail.assignments if a.ended_at is None) or (
        (actor.mediator_id,) if actor.mediator_id else ())
    data = MeetingInput(
        place=args.place, mode=MeetingMode(args.mode), record_text=args.text, outcome=MeetingOutcome(args.outcome),
        failure_reason=args.failure_reason or None, recorder_name=args.recorder or None, platform=args.platform,
        party_links_present=tuple(parties.values()), mediator_ids_present=mediators,
        attendance=_attendance(args, parties))
    svc.meetings.record(actor, detail.id, data)
    out.write(_("Session recorded for {number}.").format(number=detail.number) + "\n")
    return 0


def _slip_id(svc: Any, actor: Any, number: str) -> Any:
    found = [r for r in svc.referrals.list(actor) if r.number == number.strip()]
    if not found:
        raise SessionCliError(_("No referral slip numbered {number}.").format(number=number))
    return found[0].id


def _complaint(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.domain.money import parse_amount
    from mediation_app.services.market.complaints import ComplaintInput

    cmd = args.complaint_command
    if cmd == "issue":
        case_id = svc.cases.find_by_number(actor, args.case_number)
        merchant_id = None
        if args.stall:
            found = [r.merchant for r in svc.merchants.find_by_stall(actor, args.stall) if r.merchant.active]
            merchant_id = found[0].id if found else None
        amount = None
        if args.amount:
            checked = parse_amount(args.amount)
            if checked.errors:
                raise SessionCliError(checked.errors[0].message)
            amount = checked.value
        data = ComplaintInput(
            body=BODIES[args.to], department=args.department, complainant_name=args.complainant,
            complainant_phone=args.phone, complainant_id_number=args.id_number, merchant_id=merchant_id,
            merchant_name=args.merchant, stall_number=args.stall, credit_code=args.credit_code, goods=args.goods,
            purchased_on=args.purchased, amount_fen=amount, request=args.request, facts=args.facts,
            evidence=tuple(args.evidence), register_number=args.register_number, deadline=args.deadline)
        changes = svc.complaints.issue(actor, case_id, data)
        out.write(_("Slip {number} issued.").format(number=changes.number) + "\n")
        return 0
    if cmd == "list":
        case_id = svc.cases.find_by_number(actor, args.case_number)
        for v in svc.complaints.of_case(actor, case_id):
            out.write("\t".join([v.number, v.department, v.merchant_name, v.goods, v.register_number or "-",
                                 v.feedback_result or "-", v.handling_number or "-"]) + "\n")
        return 0
    rid = _slip_id(svc, actor, args.slip_number)
    if cmd == "register":
        svc.complaints.record_register_number(actor, rid, args.register_number)
        out.write(_("Registration number recorded.") + "\n")
    elif cmd == "feedback":
        svc.complaints.record_feedback(actor, rid, args.on or dt.date.today(), args.result, args.handling_number)
        out.write(_("Feedback recorded.") + "\n")
    else:
        rendered = svc.complaints.slip(actor, rid)
        from mediation_app.fileio import atomic_write_bytes

        atomic_write_bytes(args.output, rendered.pdf)
        out.write(ngettext("{path}: {pages} page", "{path}: {pages} pages", rendered.pages).format(
            path=args.output, pages=rendered.pages) + "\n")
    return 0
