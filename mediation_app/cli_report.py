"""The screening report and the centre's board on the command line.

    mediation-app stats screening-report --period 2026-10 [--committee SHORT ...] [--format pdf|xlsx|csv] [-o FILE]
    mediation-app board [--list MEASURE --committee SHORT]

(Rounds of screening are recorded with ``mediation-app stats screening [--concentrated]``.)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("board",)


def add_parsers(sub: Any) -> None:
    board = sub.add_parser("board", help=_("The centre's board: open, overdue and risk cases, referrals, per committee"))
    board.add_argument("--list", dest="measure", help=_("List what is behind one number (a column name)"))
    board.add_argument("--committee", help=_("Committee short name (with --list)"))


def add_screening_parser(stats_sub: Any) -> None:
    """``stats screening-report``, added to the subcommands of ``stats``."""
    scr = stats_sub.add_parser("screening-report", help=_("The dispute screening report (矛盾纠纷排查情况表)"))
    scr.add_argument("--period", required=True, help=_("2026-11, 2026-Q3, 2026-H2 or 2026"))
    scr.add_argument("--committee", action="append", help=_("Committee short name (repeat for several; default: yours)"))
    scr.add_argument("--format", choices=("pdf", "xlsx", "csv", "text"), help=_("Output format (default: from the file name)"))
    scr.add_argument("-o", "--output", type=Path, help=_("File to write (default: a text table on screen)"))


class ReportCliError(Exception):
    pass


def _period(text: str) -> Any:
    from mediation_app.domain.statistics import Period

    try:
        return Period.parse(text)
    except ValueError as exc:
        raise ReportCliError(str(exc)) from None


def _committee_ids(svc: Any, actor: Any, shorts: list[str] | None) -> list[Any] | None:
    if not shorts:
        return None
    choices = {c.short_name: c.id for c in svc.screening.committees(actor)}
    missing = [s for s in shorts if s not in choices]
    if missing:
        raise ReportCliError(_("No committee with the short name {name}.").format(name=missing[0]))
    return [choices[s] for s in shorts]


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    return _board(args, svc, actor, out)


def screening_report(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    try:
        return _screening(args, svc, actor, out)
    except ReportCliError as exc:
        from mediation_app.cli_stats import StatsCliError

        raise StatsCliError(str(exc)) from None


def _screening(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.fileio import atomic_write_bytes
    from mediation_app.services import screening_export as export

    period = _period(args.period)
    ids = _committee_ids(svc, actor, args.committee)
    report = svc.screening.report(actor, period, ids)
    monthly = svc.screening.monthly(actor, period, ids)
    fmt = args.format or (args.output.suffix.lower().lstrip(".") if args.output else "text")
    if fmt not in ("pdf", "xlsx", "csv", "text"):
        raise ReportCliError(_("Give --format pdf, xlsx or csv, or a file name ending in .pdf, .xlsx or .csv."))
    if fmt == "text" or args.output is None:
        if fmt != "text":
            raise ReportCliError(_("Give the file to write with -o."))
        sheet = export.sheet(report, monthly)
        out.write(sheet.title + "\n")
        out.write("\t".join(["", "", "县市区", "乡镇街道", "村居", "小计", "年度累计"]) + "\n")
        for row in sheet.rows:
            out.write(f"{row.number}\t{row.group}·{row.item}\t" + "\t".join(row.values) + "\n")
        for m in sheet.monthly:
            out.write(f"{m.committee}\t{m.month}\t{m.mediated}\t{m.rounds}\t{m.found}\t{m.prevented}\n")
        return 0
    writers = {"pdf": export.to_pdf, "xlsx": export.to_xlsx, "csv": export.to_csv}
    data = writers[fmt](report, monthly)
    atomic_write_bytes(args.output, data)
    out.write(_("Wrote {path}").format(path=args.output) + "\n")
    return 0


def _board(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.services.board import CASE_MEASURES, MEASURES

    board = svc.board.board(actor)
    if not args.measure:
        out.write("\t".join([_("Committee"), *[_(m) for m in MEASURES.values()]]) + "\n")
        for row in (*board.rows, board.total):
            values = [str(row.value(m)) for m in MEASURES]
            out.write("\t".join([row.committee, *values]) + "\n")
        return 0
    if args.measure not in MEASURES:
        raise ReportCliError(_("Choose one of: {names}").format(names=", ".join(MEASURES)))
    ids = {c.short_name: c.id for c in svc.screening.committees(actor)}
    short = args.committee or next((c.short_name for c in svc.screening.committees(actor)
                                    if c.id == actor.committee_id), None)
    if short not in ids:
        raise ReportCliError(_("No committee with the short name {name}.").format(name=short))
    committee_id = ids[short]
    if args.measure in CASE_MEASURES:
        flt = svc.board.case_filter(committee_id, args.measure)
        page = svc.cases.list_cases(actor, flt, limit=1000)
        while True:
            for c in page.rows:
                out.write(f"{c.number}\t{c.title}\t{c.deadline_on or ''}\t{c.risk_level}\n")
            if page.next_key is None:
                break
            page = svc.cases.list_cases(actor, flt, after=page.next_key, limit=1000)
    elif args.measure == "overdue_items":
        due = svc.board.overdue_items(actor, committee_id)
        while True:
            for item in due.items:
                out.write(f"{item.due_on.isoformat()}\t{item.case_number}\t{item.message}\n")
            if due.next_key is None:
                break
            due = svc.board.overdue_items(actor, committee_id, after=due.next_key)
    elif args.measure in ("referrals_waiting", "referrals_overdue"):
        today = svc.clock.today()
        for r in svc.board.referrals_waiting(actor, committee_id):
            if args.measure == "referrals_overdue" and not (r.deadline and r.deadline < today):
                continue
            out.write(f"{r.number}\t{r.to_department}\t{r.deadline or ''}\n")
    elif args.measure == "ledger_overdue":
        for i in svc.board.ledger_overdue(actor, committee_id):
            out.write(f"{i.screened_on.isoformat()}\t{i.area}\t{i.deadline}\t{i.parties_text}\n")
    elif args.measure == "warnings":
        from mediation_app.cli_warnings import open_lines

        open_lines(svc, actor, out, committee_id)
    else:  # to_route
        flt = svc.board.to_route_filter(actor, committee_id)
        page = svc.cases.list_cases(actor, flt, limit=1000)
        while flt.case_ids:  # an empty filter would mean every case
            for c in page.rows:
                out.write(f"{c.number}\t{c.title}\n")
            if page.next_key is None:
                break
            page = svc.cases.list_cases(actor, flt, after=page.next_key, limit=1000)
    return 0
