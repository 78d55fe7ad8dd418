"""The market's advance compensation fund (先行赔付) on the command line:

    mediation-app fund topup --amount 50,000 --source 商户保证金 [--date D] [--note T]
    mediation-app fund pay CASE_NUMBER --party NAME --amount 1,200.50 [--stall S] [--date D] [--note T]
    mediation-app fund recover PAYMENT_NUMBER --amount 200 [--receipt R] [--date D] [--note T]
    mediation-app fund reverse NUMBER --reason TEXT
    mediation-app fund list [--case CASE_NUMBER | --stall S | --outstanding] [--json]
    mediation-app fund balance
    mediation-app fund receipt NUMBER [-o FILE.pdf]

Amounts are typed as in the client (yuan, with or without separators). Lists print every page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any, TextIO

from mediation_app.domain.money import fen_to_plain, format_fen
from mediation_app.i18n import _

COMMANDS = ("fund",)
PAGE = 500


class FundCliError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    fund = sub.add_parser("fund", help=_("The market's advance compensation fund (先行赔付)"))
    fsub = fund.add_subparsers(dest="fund_command", required=True)
    top = fsub.add_parser("topup", help=_("Money put into the fund (head or administrator)"))
    top.add_argument("--amount", required=True)
    top.add_argument("--source", required=True, help=_("Where the money comes from, e.g. 商户保证金"))
    _date_note(top)
    pay = fsub.add_parser("pay", help=_("Pay a party of a case out of the fund (head or administrator)"))
    pay.add_argument("case_number")
    pay.add_argument("--party", required=True, help=_("The name of the party paid"))
    pay.add_argument("--amount", required=True)
    pay.add_argument("--stall", default="", help=_("The merchant to recover from (default: the one linked to the case)"))
    _date_note(pay)
    rec = fsub.add_parser("recover", help=_("Money recovered from the merchant against a payment"))
    rec.add_argument("payment_number")
    rec.add_argument("--amount", required=True)
    rec.add_argument("--receipt", default="", help=_("The number of the merchant's transfer or receipt"))
    _date_note(rec)
    rev = fsub.add_parser("reverse", help=_("Cancel an entry by a reversing entry (head or administrator)"))
    rev.add_argument("number")
    rev.add_argument("--reason", required=True)
    lst = fsub.add_parser("list", help=_("The fund's entries (every page), or the outstanding recoveries"))
    which = lst.add_mutually_exclusive_group()
    which.add_argument("--case", default="", help=_("Only the entries of this case"))
    which.add_argument("--stall", default="", help=_("Only the entries of the merchant at this stall"))
    which.add_argument("--outstanding", action="store_true",
                       help=_("Payments still to be recovered, by merchant, the oldest first"))
    lst.add_argument("--json", action="store_true")
    fsub.add_parser("balance", help=_("What the fund holds, paid out, recovered and outstanding"))
    rct = fsub.add_parser("receipt", help=_("Print the receipt of a payment or a recovery to a PDF"))
    rct.add_argument("number")
    rct.add_argument("-o", "--output", default="", help=_("The PDF file to write (default: the number)"))


def _date_note(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", default="", help=_("YYYY-MM-DD (default: today)"))
    p.add_argument("--note", default="")


def _day(svc: Any, text: str) -> dt.date:
    if not text:
        today: dt.date = svc.fund.clock.today()
        return today
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FundCliError(_("{text} is not a date; write it as YYYY-MM-DD.").format(text=text)) from None


def _written(out: TextIO, changes: Any) -> None:
    out.write(_("Recorded as {number}.").format(number=changes.number) + "\n")


def _one_at(svc: Any, actor: Any, stall: str) -> Any:
    found = [r.merchant for r in svc.merchants.find_by_stall(actor, stall) if r.merchant.active]
    if not found:
        raise FundCliError(_("No merchant at stall {stall}.").format(stall=stall))
    return found[0]


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    cmd, fund = args.fund_command, svc.fund
    if cmd == "topup":
        _written(out, fund.topup(actor, amount=args.amount, paid_in_on=_day(svc, args.date), source=args.source,
                                 note=args.note))
    elif cmd == "pay":
        case_id = svc.cases.find_by_number(actor, args.case_number)
        choices = fund.case_fund(actor, case_id)
        party = next((p for p in choices.parties if p.label == args.party), None)
        if party is None:
            raise FundCliError(_("No party named {name} on that case.").format(name=args.party))
        merchant = _one_at(svc, actor, args.stall).id if args.stall else None
        _written(out, fund.pay(actor, case_id, party_id=party.id, amount=args.amount, paid_on=_day(svc, args.date),
                               merchant_id=merchant, note=args.note))
    elif cmd == "recover":
        payment = fund.find(actor, args.payment_number)
        _written(out, fund.recover(actor, payment.id, amount=args.amount, recovered_on=_day(svc, args.date),
                                   receipt=args.receipt, note=args.note))
    elif cmd == "reverse":
        _written(out, fund.reverse(actor, fund.find(actor, args.number).id, reason=args.reason))
    elif cmd == "balance":
        b = fund.balance(actor)
        for label, fen in ((_("Balance"), b.balance_fen), (_("Topped up"), b.topups_fen), (_("Paid out"), b.paid_fen),
                           (_("Recovered"), b.recovered_fen), (_("Outstanding"), b.outstanding_fen)):
            out.write(f"{label}\t{format_fen(fen)}\n")
    elif cmd == "receipt":
        entry = fund.find(actor, args.number)
        doc = fund.receipt(actor, entry.id)
        path = Path(args.output or f"{entry.number}.pdf")
        from mediation_app.fileio import atomic_write_bytes

        atomic_write_bytes(path, doc.pdf)
        out.write(_("Wrote {path} ({pages} page(s)).").format(path=path, pages=doc.pages) + "\n")
    elif args.outstanding:
        _outstanding(fund, actor, args.json, out)
    else:
        _entries(svc, actor, args, out)
    return 0


def _outstanding(fund: Any, actor: Any, as_json: bool, out: TextIO) -> None:
    rows: list[Any] = []
    offset = 0
    while True:
        page = fund.outstanding(actor, offset=offset, limit=PAGE)
        rows += page.rows
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            break
    if as_json:
        out.write(json.dumps([{"number": r.number, "case": r.case_number, "merchant": r.merchant,
                               "paid_on": r.paid_on.isoformat(), "paid": fen_to_plain(r.paid_fen),
                               "recovered": fen_to_plain(r.recovered_fen),
                               "outstanding": fen_to_plain(r.outstanding_fen)} for r in rows],
                             ensure_ascii=False, indent=1) + "\n")
        return
    out.write("\t".join([_("Merchant"), _("Payment"), _("Paid on"), _("Case"), _("Paid"), _("Recovered"),
                         _("Outstanding")]) + "\n")
    for r in rows:
        out.write("\t".join([r.merchant or "-", r.number, r.paid_on.isoformat(), r.case_number or "-",
                             format_fen(r.paid_fen), format_fen(r.recovered_fen), format_fen(r.outstanding_fen)]) + "\n")
    out.write(_("{n} payment(s) with an amount outstanding.").format(n=len(rows)) + "\n")


def _entries(svc: Any, actor: Any, args: argparse.Namespace, out: TextIO) -> None:
    fund = svc.fund
    where: dict[str, Any] = {}
    if args.case:
        where["case_id"] = svc.cases.find_by_number(actor, args.case)
    if args.stall:
        where["merchant_id"] = _one_at(svc, actor, args.stall).id
    rows: list[Any] = []
    offset = 0
    while True:
        page = fund.entries(actor, offset=offset, limit=PAGE, **where)
        rows += page.rows
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            break
    if args.json:
        out.write(json.dumps([{"number": e.number, "kind": e.kind, "date": e.entry_on.isoformat(),
                               "amount": fen_to_plain(e.amount_fen), "case": e.case_number, "merchant": e.merchant,
                               "payee": e.payee, "against": e.reverses_number or e.payment_number,
                               "reversed_by": e.reversed_by, "note": e.note} for e in rows],
                             ensure_ascii=False, indent=1) + "\n")
        return
    for e in rows:
        against = e.reverses_number or e.payment_number
        state = _("reversed by {number}").format(number=e.reversed_by) if e.reversed_by else ""
        out.write("\t".join([e.entry_on.isoformat(), e.number, e.kind_label, format_fen(e.amount_fen),
                             e.case_number or "-", e.merchant or e.source or "-", e.payee or "-", against or "-",
                             e.note or "-", state or "-"]) + "\n")
    out.write(_("{n} entries.").format(n=len(rows)) + "\n")
