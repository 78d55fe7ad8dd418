"""Risk early warnings on the command line:

    mediation-app warnings scan [--case NUMBER]
    mediation-app warnings list [--case NUMBER] [--json]          (every open warning, page by page)
    mediation-app warnings review ID --decision raise|keep --note TEXT [--level orange] [--containment TEXT]
                                     [--escalated-to TEXT] [--police STATION [--reported-on DATE]]
    mediation-app warnings words [--export FILE | --import FILE | --reset]
    mediation-app warnings settings [--repeat-months N] [--recurring-months N] [--rise-weeks N] [--no-route-days N]
    mediation-app warnings stats --period 2026-Q3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import uuid
from typing import Any, TextIO

from mediation_app.i18n import _

COMMANDS = ("warnings",)
SETTINGS = ("repeat_months", "recurring_months", "rise_weeks", "no_route_days")


class WarningsCliError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    w = sub.add_parser("warnings", help=_("Risk early warnings (命案风险预警): scan, list, review, the word list"))
    wsub = w.add_subparsers(dest="warnings_command", required=True)
    scan = wsub.add_parser("scan", help=_("Raise the warnings the records call for, over every case"))
    scan.add_argument("--case", dest="case_number", help=_("Only this case"))
    lst = wsub.add_parser("list", help=_("Open warnings of the committees you see (or every warning of one case)"))
    lst.add_argument("--case", dest="case_number")
    lst.add_argument("--json", action="store_true")
    rev = wsub.add_parser("review", help=_("Record the review of a warning"))
    rev.add_argument("warning_id", metavar="ID", help=_("The warning's number as listed (its first characters do)"))
    rev.add_argument("--decision", choices=("raise", "keep"), required=True)
    rev.add_argument("--note", required=True, help=_("What the review found"))
    rev.add_argument("--level", choices=("yellow", "orange", "red"), help=_("The new risk level (with raise)"))
    rev.add_argument("--containment", help=_("Containment measures (稳控措施)"))
    rev.add_argument("--escalated-to", help=_("The unit or leader an orange or red risk was reported up to"))
    rev.add_argument("--police", metavar="STATION", help=_("Escalated to the police: the station told"))
    rev.add_argument("--reported-on", type=dt.date.fromisoformat, help=_("The day the police were told (YYYY-MM-DD)"))
    words = wsub.add_parser("words", help=_("The word list of threats, weapons and self-harm (administrator edits)"))
    group = words.add_mutually_exclusive_group()
    group.add_argument("--export", metavar="FILE", help=_("Write the list to a text file to edit"))
    group.add_argument("--import", dest="import_file", metavar="FILE", help=_("Replace the list with a text file"))
    group.add_argument("--reset", action="store_true", help=_("Go back to the list shipped with the application"))
    st = wsub.add_parser("settings", help=_("The months and weeks the rules look back"))
    for key in SETTINGS:
        st.add_argument("--" + key.replace("_", "-"), dest=key, type=int)
    stats = wsub.add_parser("stats", help=_("Warnings raised, reviewed, escalated to the police and prevented"))
    stats.add_argument("--period", required=True, help=_("2026-11, 2026-Q3, 2026-H2 or 2026"))


def _line(w: Any) -> str:
    state = (_("reviewed {day}: {decision}").format(day=w.reviewed_at.date().isoformat(), decision=w.decision_label)
             if w.reviewed else _("open"))
    police = _("; police told: {unit}").format(unit=w.police_unit) if w.police else ""
    return f"{str(w.id)[:8]}  {w.case_number}  [{w.rule_label}] {w.reason}  ({state}{police})"


def _as_json(w: Any) -> dict[str, Any]:
    return {"id": str(w.id), "case": w.case_number, "rule": w.rule, "reason": w.reason,
            "evidence_on": w.evidence_on.isoformat() if w.evidence_on else None, "raised_at": w.raised_at.isoformat(),
            "reviewed_at": w.reviewed_at.isoformat() if w.reviewed_at else None, "decision": w.decision,
            "police": w.police}


def _all_open(svc: Any, actor: Any, committee_id: uuid.UUID | None = None) -> list[Any]:
    items: list[Any] = []
    page = svc.warnings.open_page(actor, committee_id=committee_id)
    items += page.items
    while page.next_key is not None:
        page = svc.warnings.open_page(actor, after=page.next_key, committee_id=committee_id)
        items += page.items
    return items


def open_lines(svc: Any, actor: Any, out: TextIO, committee_id: uuid.UUID | None = None) -> None:
    """Every open warning (of one committee), one a line (also ``board --list warnings``)."""
    for w in _all_open(svc, actor, committee_id):
        out.write(_line(w) + "\n")


def _find(svc: Any, actor: Any, text: str) -> uuid.UUID:
    text = text.strip().lower()
    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    found = [w.id for w in _all_open(svc, actor) if str(w.id).startswith(text)]
    if len(found) != 1:
        raise WarningsCliError(_("No open warning starts with “{id}”.").format(id=text) if not found else
                               _("Several open warnings start with “{id}”: give more characters.").format(id=text))
    return found[0]


def run(args: argparse.Namespace, svc: Any, actor: Any, out: TextIO) -> int:
    from mediation_app.domain.enums import RiskLevel
    from mediation_app.domain.warnings import ReviewDecision, WordKind

    cmd = args.warnings_command
    if cmd == "scan":
        ids = [svc.cases.find_by_number(actor, args.case_number)] if args.case_number else None
        result = svc.warnings.scan(actor, ids)
        out.write(_("New warnings: {n}").format(n=result.raised) + "\n")
        from mediation_app.domain.warnings import WarningRule

        for rule, n in sorted(result.by_rule.items()):
            out.write(f"  {WarningRule(rule).label()}: {n}\n")
        return 0
    if cmd == "list":
        if args.case_number:
            items = svc.warnings.for_case(actor, svc.cases.find_by_number(actor, args.case_number))
        else:
            items = _all_open(svc, actor)
        if args.json:
            out.write(json.dumps([_as_json(w) for w in items], ensure_ascii=False, indent=1) + "\n")
            return 0
        for w in items:
            out.write(_line(w) + "\n")
        out.write(_("{n} warnings").format(n=len(items)) + "\n")
        return 0
    if cmd == "review":
        warning_id = _find(svc, actor, args.warning_id)
        svc.warnings.review(actor, warning_id, ReviewDecision(args.decision), args.note,
                            containment=args.containment, police=bool(args.police), police_unit=args.police,
                            level=RiskLevel(args.level) if args.level else None, escalated_to=args.escalated_to,
                            reported_on=args.reported_on or (svc.clock.today() if args.police else None))
        out.write(_("Review recorded.") + "\n")
        return 0
    if cmd == "words":
        if args.import_file:
            with open(args.import_file, encoding="utf-8") as f:
                svc.warnings.set_words(actor, f.read())
        elif args.reset:
            svc.warnings.reset_words(actor)
        words = svc.warnings.words(actor)
        if args.export:
            from mediation_app.fileio import atomic_write_text

            atomic_write_text(args.export, words.text)
        out.write((_("The list shipped with the application") if words.shipped else _("The list as edited here"))
                  + ": " + ", ".join(f"{WordKind(k).label()} {n}" for k, n in words.counts.items()) + "\n")
        return 0
    if cmd == "settings":
        values = {k: getattr(args, k) for k in SETTINGS if getattr(args, k) is not None}
        if values:
            svc.warnings.set_settings(actor, **values)
        for key, value in svc.warnings.settings(actor).items():
            out.write(f"{key} = {value}\n")
        return 0
    from mediation_app.domain.statistics import Period

    try:
        period = Period.parse(args.period)
    except ValueError as exc:
        raise WarningsCliError(str(exc)) from None
    st = svc.warnings.stats(actor, period)
    out.write(_("Warnings in {period}: raised {raised}, reviewed {reviewed}, escalated to the police {police}, "
                "prevented {prevented}").format(period=period.words(), raised=st.raised, reviewed=st.reviewed,
                                                police=st.police, prevented=st.prevented) + "\n")
    return 0
