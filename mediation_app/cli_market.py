"""The market room on the command line:

    mediation-app merchant add --stall B-117 --name 建国果业 [--type 水果批发] [--credit-code C] [--operator NAME]
                               [--phone P] [--contacts TEXT] [--note TEXT] [--confirm]
    mediation-app merchant list [--text Q] [--all] [--json]
    mediation-app merchant edit STALL [--name …] [--left | --back] [--confirm]
    mediation-app merchant import FILE [--mapping MAP] [--dry-run] [--yes]
    mediation-app merchant history STALL_OR_NAME
    mediation-app merchant link CASE_NUMBER PARTY_NAME STALL      (or --unlink)
    mediation-app merchant threshold N
    mediation-app market clock list | set SUBTYPE DAYS --unit working|calendar [--label L] | remove SUBTYPE
    mediation-app market holiday list --year 2026 | set DAY off|work [--name N] | reset DAY
    mediation-app market stats --period 2026-Q3
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("merchant", "market")


class MarketCliError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    mer = sub.add_parser("merchant", help=_("The market's merchant registry"))
    msub = mer.add_subparsers(dest="merchant_command", required=True)
    add = msub.add_parser("add", help=_("Add a merchant to the registry"))
    _merchant_args(add, required=True)
    lst = msub.add_parser("list", help=_("List the merchants (every page), by stall"))
    lst.add_argument("--text", default="", help=_("Search stall, name, operator, business type or credit code"))
    lst.add_argument("--all", action="store_true", help=_("Include merchants who left the market"))
    lst.add_argument("--json", action="store_true")
    edit = msub.add_parser("edit", help=_("Change the merchant at a stall; --left when it leaves the market"))
    edit.add_argument("stall_or_merchant", metavar="STALL")
    _merchant_args(edit, required=False)
    state = edit.add_mutually_exclusive_group()
    state.add_argument("--left", action="store_true", help=_("The merchant has left the market"))
    state.add_argument("--back", action="store_true", help=_("The merchant is back at the stall"))
    imp = msub.add_parser("import", help=_("Import the market's list of merchants (Excel or CSV)"))
    imp.add_argument("file")
    imp.add_argument("--mapping", help=_("JSON file mapping header text to fields (default: guessed from the headers)"))
    imp.add_argument("--save-mapping", help=_("Write the mapping used to this JSON file, to edit and use next time"))
    imp.add_argument("--dry-run", action="store_true", help=_("Only report what would be created; write nothing"))
    imp.add_argument("--yes", action="store_true", help=_("Import without asking after the dry run"))
    his = msub.add_parser("history", help=_("A stall's or a merchant's disputes and the repeat warning"))
    his.add_argument("stall_or_name", metavar="STALL_OR_NAME")
    link = msub.add_parser("link", help=_("Link a party of a case to the merchant at a stall"))
    link.add_argument("case_number")
    link.add_argument("party_name")
    link.add_argument("stall", nargs="?", default="")
    link.add_argument("--unlink", action="store_true", help=_("Remove the party's link to its merchant"))
    thr = msub.add_parser("threshold", help=_("Disputes from which intake warns of a repeat disputant (0: never)"))
    thr.add_argument("number", type=int)

    mkt = sub.add_parser("market", help=_("The market's clock, its holiday calendar and statistics"))
    ksub = mkt.add_subparsers(dest="market_command", required=True)
    clock = ksub.add_parser("clock", help=_("Additional clocks per dispute sub-type"))
    csub = clock.add_subparsers(dest="clock_command", required=True)
    csub.add_parser("list", help=_("The committee's market clocks"))
    cset = csub.add_parser("set", help=_("Set the clock of a dispute sub-type"))
    cset.add_argument("subtype")
    cset.add_argument("days", type=int)
    cset.add_argument("--unit", choices=("working", "calendar"), default="working")
    cset.add_argument("--label", default="", help=_("What the clock is called, e.g. 市场监管时限"))
    crm = csub.add_parser("remove", help=_("Remove the clock of a dispute sub-type"))
    crm.add_argument("subtype")
    hol = ksub.add_parser("holiday", help=_("The holiday calendar that working days come from"))
    hsub = hol.add_subparsers(dest="holiday_command", required=True)
    hl = hsub.add_parser("list", help=_("Holidays, make-up working days and corrections of a year"))
    hl.add_argument("--year", type=int, required=True)
    hs = hsub.add_parser("set", help=_("Make a day a day off or a working day (administrator)"))
    hs.add_argument("day")
    hs.add_argument("kind", choices=("off", "work"))
    hs.add_argument("--name", default="")
    hr = hsub.add_parser("reset", help=_("Drop the correction of a day (administrator)"))
    hr.add_argument("day")
    st = ksub.add_parser("stats", help=_("Disputes per business type, repeat merchants, the market clock kept"))
    st.add_argument("--period", required=True, help=_("2026-11, 2026-Q3, 2026-H2 or 2026"))


def _merchant_args(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--stall", required=required, help=_("Stall number"))
    p.add_argument("--name", required=required, help=_("Shop name (or the operator's name)"))
    p.add_argument("--type", dest="business_type", help=_("Business type, e.g. 水果批发"))
    p.add_argument("--credit-code", help=_("Unified social credit code of the business licence"))
    p.add_argument("--operator", help=_("Operator's name"))
    p.add_argument("--phone", help=_("Operator's phone"))
    p.add_argument("--contacts", help=_("Other contacts"))
    p.add_argument("--note")
    p.add_argument("--confirm", action="store_true", help=_("Keep a credit code or phone that only raised a warning"))


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    if args.command == "merchant":
        return _merchant(args, svc, actor, out)
    return _market(args, svc, actor, out)


def _status(v: Any) -> str:
    return _("left on {day}").format(day=v.left_on.isoformat()) if not v.active and v.left_on else (
        _("active") if v.active else _("left"))


def _line(v: Any) -> str:
    mark = "  ⚠" if v.repeat else ""
    return "\t".join([v.stall_number, v.name, v.business_type or "-", v.operator_name or "-", v.credit_code or "-",
                      _status(v), _("{n} disputes").format(n=v.disputes) + mark])


def _one_at(svc: Any, actor: Any, stall: str) -> Any:
    found = svc.merchants.find_by_stall(actor, stall)
    active = [r for r in found if r.merchant.active]
    if not found:
        raise MarketCliError(_("No merchant at stall {stall}.").format(stall=stall))
    return (active or found)[0].merchant


def _merchant(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.services.market.read_models import MerchantInput

    cmd = args.merchant_command
    if cmd == "add":
        data = MerchantInput(stall_number=args.stall, name=args.name, business_type=args.business_type or "",
                             credit_code=args.credit_code or "", operator_name=args.operator or "",
                             operator_phone=args.phone or "", contacts=args.contacts or "", note=args.note or "")
        svc.merchants.add(actor, data, confirm_warnings=args.confirm)
        out.write(_("Added {name} at stall {stall}.").format(name=args.name, stall=args.stall) + "\n")
        return 0
    if cmd == "list":
        key, rows, total = None, [], 0
        while True:
            page = svc.merchants.list_merchants(actor, args.text, include_left=args.all, after=key, limit=500)
            rows += page.rows
            total = page.total
            if page.next_key is None:
                break
            key = page.next_key
        if args.json:
            out.write(json.dumps([{**dataclasses.asdict(r), "id": str(r.id),
                                   "left_on": r.left_on.isoformat() if r.left_on else None} for r in rows],
                                 ensure_ascii=False, indent=1) + "\n")
            return 0
        for r in rows:
            out.write(_line(r) + "\n")
        out.write(_("{n} merchants").format(n=total) + "\n")
        return 0
    if cmd == "edit":
        m = _one_at(svc, actor, args.stall_or_merchant)
        given = {"stall_number": args.stall, "name": args.name, "business_type": args.business_type,
                 "credit_code": args.credit_code, "operator_name": args.operator, "operator_phone": args.phone,
                 "contacts": args.contacts, "note": args.note}
        if any(v is not None for v in given.values()):
            base = MerchantInput(stall_number=m.stall_number, name=m.name, business_type=m.business_type,
                                 credit_code=m.credit_code, operator_name=m.operator_name,
                                 operator_phone=m.operator_phone, contacts=m.contacts, note=m.note)
            svc.merchants.edit(actor, m.id, dataclasses.replace(base, **{k: v for k, v in given.items() if v is not None}),
                               confirm_warnings=args.confirm)
        if args.left or args.back:
            svc.merchants.mark_left(actor, m.id, left=args.left)
        out.write(_("Saved.") + "\n")
        return 0
    if cmd == "import":
        from mediation_app import cli_ledger

        args.kind = "merchants"
        try:
            return cli_ledger.cmd_import_ledger(svc, actor, args, out)
        except cli_ledger.LedgerCliError as exc:
            raise MarketCliError(str(exc)) from None
    if cmd == "history":
        found = svc.merchants.intake_check(actor, stall=args.stall_or_name, name=args.stall_or_name)
        if not found:
            raise MarketCliError(_("No merchant at that stall or of that name."))
        for rec in found:
            out.write(_line(rec.merchant) + "\n")
            if rec.warning:
                out.write("⚠ " + rec.warning + "\n")
            if rec.parties:
                out.write(_("Linked parties: {names}").format(names="、".join(rec.parties)) + "\n")
            for c in rec.cases:
                out.write(f"  {c.registered_on.isoformat()}  {c.number}  {c.title}  ({c.party})\n")
            if not rec.cases:
                out.write("  " + _("No disputes on record.") + "\n")
        return 0
    if cmd == "link":
        case_id = svc.cases.find_by_number(actor, args.case_number)
        party = next((p for p in svc.cases.detail(actor, case_id).parties if p.name == args.party_name), None)
        if party is None:
            raise MarketCliError(_("No party named {name} on that case.").format(name=args.party_name))
        if args.unlink:
            svc.merchants.link_party(actor, case_id, party.party_id, None)
        else:
            if not args.stall:
                raise MarketCliError(_("Name the stall of the merchant to link to."))
            svc.merchants.link_party(actor, case_id, party.party_id, _one_at(svc, actor, args.stall).id)
        out.write(_("Saved.") + "\n")
        return 0
    svc.merchants.set_threshold(actor, args.number)
    out.write(_("Saved.") + "\n")
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise MarketCliError(_("{text} is not a date; write it as YYYY-MM-DD.").format(text=text)) from None


def _market(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.domain.market import DayKind

    cmd = args.market_command
    if cmd == "clock":
        if args.clock_command == "set":
            svc.market_clock.set_rule(actor, args.subtype, args.days, args.unit, args.label)
        elif args.clock_command == "remove":
            svc.market_clock.remove_rule(actor, args.subtype)
        rules = svc.market_clock.rules(actor)
        for r in rules:
            out.write("\t".join([r.subtype_code, r.subtype_label, r.description, r.label or "-"]) + "\n")
        if not rules:
            out.write(_("No market clock is set.") + "\n")
        return 0
    if cmd == "holiday":
        if args.holiday_command == "list":
            if svc.market_clock.provisional(args.year):
                out.write(_("{year}: only the statutory holidays are shipped; enter the State Council's arrangement "
                            "(days off and make-up working days) when it is published.").format(year=args.year) + "\n")
            for d in svc.market_clock.calendar(actor, args.year):
                source = _("corrected") if d.source == "edited" else _("shipped")
                out.write("\t".join([d.day.isoformat(), DayKind(d.kind).label(), d.name or "-", source]) + "\n")
            return 0
        day = _day(args.day)
        if args.holiday_command == "set":
            svc.market_clock.set_day(actor, day, args.kind, args.name)
        else:
            svc.market_clock.set_day(actor, day, None)
        out.write(_("Saved.") + "\n")
        return 0
    from mediation_app.domain.statistics import Period

    try:
        period = Period.parse(args.period.strip())
    except ValueError as exc:
        raise MarketCliError(str(exc)) from None
    write_stats(svc.market_stats.report(actor, period.start, period.end), out)
    return 0


def write_stats(r: Any, out: TextIO) -> None:
    from mediation_app.services.market.stats import stats_lines

    out.write("\n".join(stats_lines(r)) + "\n")
