"""The statistics subcommands of ``mediation-app`` (plugged into ``mediation_app.cli``).

    mediation-app stats --period 2026-Q3|2026-09|2026 [--committee SHORT] [--version V] --format pdf|xlsx|csv -o FILE
    mediation-app stats cell ROW COLUMN --period …       the cases behind one cell
    mediation-app stats submit --period … [--note TEXT]  freeze the report as submitted
    mediation-app stats submitted [--export ID --format … -o FILE] [--compare ID]
    mediation-app stats settings [--version V] [--anchor accepted|closed]
    mediation-app stats codes [--version V] [--map SUBTYPE CODE]
    mediation-app stats facts CASE_NUMBER [--complexity …] [--persons N] [--wages yes|no]
    mediation-app stats prevention KIND --persons N [--date D] [--case NUMBER] [--note TEXT]
    mediation-app stats screening [--date D] [--area TEXT] [--screeners TEXT] [--found N]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from mediation_app.domain.statistics import Period, PeriodAnchor, PreventionKind
from mediation_app.i18n import _


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(sub: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--period", type=_period, default=argparse.SUPPRESS,
                        help=_("2026 (year), 2026-Q3 (quarter) or 2026-09 (month)"))
    common.add_argument("--committee", action="append", default=argparse.SUPPRESS,
                        help=_("Committee short name (repeat for several; default: your own)"))
    common.add_argument("--version", default=argparse.SUPPRESS, help=_("Dispute-type list (see stats settings)"))
    common.add_argument("--format", choices=("pdf", "xlsx", "csv"), default=argparse.SUPPRESS)
    common.add_argument("-o", "--output", type=Path, default=argparse.SUPPRESS, help=_("File to write"))
    stats = sub.add_parser("stats", parents=[common], help=_("The statistics report, its cells and submissions"))
    ssub = stats.add_subparsers(dest="stats_command")
    cell = ssub.add_parser("cell", parents=[common], help=_("List the cases behind one cell"))
    cell.add_argument("row", help=_("Committee short name, 'total' or 'subtotal'"))
    cell.add_argument("column", help=_("Column key or code, e.g. total, type.04, JFLB:04"))
    organisation = ssub.add_parser("organisation", help=_("Committees by type and mediators full-time and part-time"))
    organisation.add_argument("--committee", action="append", default=argparse.SUPPRESS,
                              help=_("Committee short name (repeat for several)"))
    submit = ssub.add_parser("submit", parents=[common], help=_("Submit the report: freeze its numbers and cases"))
    submit.add_argument("--note", default="")
    submitted = ssub.add_parser("submitted", parents=[common], help=_("List submitted reports"))
    submitted.add_argument("--export", metavar="ID", help=_("Write this submitted report exactly as submitted"))
    submitted.add_argument("--compare", metavar="ID", help=_("Show what changed since this report was submitted"))
    settings = ssub.add_parser("settings", help=_("Show or choose the dispute-type list and the period date"))
    settings.add_argument("--version", dest="set_version")
    settings.add_argument("--anchor", choices=[a.value for a in PeriodAnchor])
    codes = ssub.add_parser("codes", help=_("How every dispute type and sub-type counts in a list"))
    codes.add_argument("--version", dest="list_version")
    codes.add_argument("--map", nargs=2, metavar=("SUBTYPE", "CODE"),
                       help=_("Count a sub-type under another code of the list ('-' for its type's code)"))
    facts = ssub.add_parser("facts", help=_("Record a case's statistics fields"))
    facts.add_argument("number", help=_("Case number"))
    facts.add_argument("--complexity", choices=("simple", "ordinary", "difficult"))
    facts.add_argument("--persons", type=int)
    facts.add_argument("--wages", choices=("yes", "no"), help=_("Migrant workers' wages"))
    prevention = ssub.add_parser("prevention", help=_("Record a dispute prevented (件 and 人)"))
    prevention.add_argument("kind", choices=[k.value for k in PreventionKind])
    prevention.add_argument("--persons", type=int, required=True)
    prevention.add_argument("--date", type=dt.date.fromisoformat)
    prevention.add_argument("--case", dest="case_number")
    prevention.add_argument("--note", default="")
    screening = ssub.add_parser("screening", help=_("Record a round of screening (排查)"))
    screening.add_argument("--date", type=dt.date.fromisoformat)
    screening.add_argument("--area", default="")
    screening.add_argument("--screeners", default="")
    screening.add_argument("--found", type=int, default=0)
    screening.add_argument("--note", default="")
    screening.add_argument("--concentrated", action="store_true", help=_("A concentrated screening drive"))
    from mediation_app.cli_report import add_screening_parser

    add_screening_parser(ssub)  # stats screening-report: the screening report (矛盾纠纷排查情况表)


class StatsCliError(Exception):
    pass


def _need(args: argparse.Namespace, *names: str) -> None:
    for name in names:
        if getattr(args, name, None) is None:
            raise StatsCliError(_("Give --{option}.").format(option=name.replace("_", "-")))


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.fileio import atomic_write_bytes
    from mediation_app.services.stats.output import Format
    from mediation_app.services.stats.recording import CaseFactsInput

    command = args.stats_command
    if command == "screening-report":
        from mediation_app.cli_report import screening_report

        return screening_report(args, svc, actor, out)
    committees = svc.stats.committee_ids(actor, args.committee) if getattr(args, "committee", None) else None
    version = getattr(args, "version", None)
    period = getattr(args, "period", None)
    if command in (None, "cell", "submit"):
        _need(args, "period")
    if command is None:
        _need(args, "format", "output")
        data = svc.stats_submissions.export(actor, period, Format(args.format), committees, version)
        atomic_write_bytes(args.output, data)
        out.write(_("{path}: the report for {period}").format(path=args.output, period=period.code) + "\n")
        return 0
    if command == "cell":
        return _cell(args, svc, actor, out, period, committees, version)
    if command == "organisation":
        return _organisation(svc, actor, out, committees)
    if command == "submit":
        changes = svc.stats_submissions.submit(actor, period, committees, version, args.note)
        view = next(v for v in svc.stats_submissions.submitted(actor) if v.id == changes.created_id)
        out.write(_("Submitted {period}: {id} (fingerprint {hash})").format(
            period=view.period, id=view.id.hex[:12], hash=view.hash[:16]) + "\n")
        return 0
    if command == "submitted":
        return _submitted(args, svc, actor, out, atomic_write_bytes, Format)
    if command == "settings":
        if args.set_version or args.anchor:
            svc.stats.choose(actor, args.set_version, PeriodAnchor(args.anchor) if args.anchor else None)
        current, defs = svc.stats.settings(actor)
        for v in svc.stats.versions(actor):
            mark = "*" if v.code == current.code else " "
            out.write(f"{mark} {v.code}\t{v.name}\n")
        out.write(_("Period date: {anchor}").format(anchor=defs.anchor.value) + "\n")
        return 0
    if command == "codes":
        if args.map:
            sub, code = args.map
            svc.stats.map_subtype(actor, args.list_version or svc.stats.settings(actor)[0].code, sub,
                                  None if code == "-" else code)
        for kind, key, label, code in svc.stats.mapping(actor, args.list_version):
            out.write(f"{kind}\t{key}\t{label}\t{code}\n")
        return 0
    if command == "facts":
        case_id = svc.cases.find_by_number(actor, args.number)
        wages = None if args.wages is None else args.wages == "yes"
        svc.stats_recording.set_case_facts(actor, case_id, CaseFactsInput(
            complexity=args.complexity, persons_involved=args.persons, migrant_wages=wages))
        out.write(_("Recorded.") + "\n")
        return 0
    if command == "prevention":
        case_id = svc.cases.find_by_number(actor, args.case_number) if args.case_number else None
        svc.stats_recording.record_prevention(actor, PreventionKind(args.kind), args.persons,
                                              args.date or svc.clock.today(), args.note, case_id)
        out.write(_("Recorded.") + "\n")
        return 0
    svc.stats_recording.record_screening(actor, args.date or svc.clock.today(), args.area, args.screeners,
                                         args.found, args.note, concentrated=args.concentrated)
    out.write(_("Recorded.") + "\n")
    return 0


def _submitted(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO, write: Any, fmt: Any) -> int:
    if args.export:
        _need(args, "format", "output")
        sid = svc.stats_submissions.find(actor, args.export)
        view = next(v for v in svc.stats_submissions.submitted(actor) if v.id == sid)
        data = svc.stats_submissions.export(actor, Period.parse(view.period), fmt(args.format), submission_id=sid)
        write(args.output, data)
        out.write(_("{path}: the report for {period} as submitted").format(path=args.output, period=view.period)
                  + "\n")
        return 0
    if args.compare:
        cmp = svc.stats_submissions.compare(actor, svc.stats_submissions.find(actor, args.compare))
        if not cmp.changed:
            out.write(_("Unchanged since submission.") + "\n")
            return 0
        out.write(_("Changed since submission:") + "\n")
        for c in cmp.changes:
            out.write(f"  {c.row}\t{c.column}\t{c.submitted} → {c.now}\t+{len(c.added)} −{len(c.removed)}\n")
        return 0
    period = getattr(args, "period", None)
    for v in svc.stats_submissions.submitted(actor, period):
        out.write(f"{v.id.hex[:12]}\t{v.period}\t{v.version}\t{v.submitted_at:%Y-%m-%d %H:%M}\t{v.submitted_by}"
                  f"\t{v.hash[:16]}\t{v.note}\n")
    return 0


def _cell(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO, period: Any, committees: Any,
          version: Any) -> int:
    """Every case of the cell, written page by page as it is read (a large cell starts at once)."""
    after, shown, records, total = None, 0, (), 0
    while True:
        page = svc.stats.cell_page(actor, period, args.row, args.column, committees, version, after=after)
        total, records = page.total, records or page.records
        for r in page.refs:
            out.write(f"{r.number}\t{r.committee}\t{r.accepted_on or '-'}\t{r.closed_on or '-'}\t{r.title}\n")
        shown += len(page.refs)
        if page.after is None:
            break
        after = page.after
    for rec in records:
        persons = "" if rec.persons is None else f"\t{rec.persons}"
        out.write(f"{rec.on.isoformat()}\t{rec.committee}\t{rec.kind}{persons}\t{rec.description}\n")
    out.write(_("{cases} cases, {records} other records").format(cases=shown, records=len(records)) + "\n")
    if shown != total:  # cases changed while the list was being read
        out.write(_("The cell now counts {total} cases; run the command again for a consistent list.").format(
            total=total) + "\n")
    return 0


def _organisation(svc: Any, actor: Any, out: TextIO, committees: Any) -> int:
    from mediation_app.domain.statistics import FORM_BODY_LABELS, FormBody

    stock = svc.stats.organisation(actor, committees)
    out.write(_("Committees by type (active)") + "\n")
    for body, count in stock.by_body:
        label = _(FORM_BODY_LABELS[FormBody(body)])
        out.write(f"  {label}\t{count}\n")
    out.write(_("Mediators (active): full-time {full}, part-time {part}").format(
        full=stock.full_time, part=stock.part_time) + "\n")
    for c in stock.committees:
        state = "" if c.active else "\t" + _("retired")
        label = _(FORM_BODY_LABELS[FormBody(c.body)])
        out.write(f"  {c.name}\t{label}\t{c.full_time}\t{c.part_time}{state}\n")
    return 0
