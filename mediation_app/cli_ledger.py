"""Ledgers in and lists out on the command line (the same services as the client's wizard and its
"Export…" button):

    mediation-app import-ledger FILE [--kind cases|screening] [--mapping MAP] [--dry-run] [--yes]
                                     [--save-mapping MAP]
    mediation-app export cases [--status S] [--text Q] [--overdue] [--type T] [--risk R]
                               [--from DATE] [--to DATE] [--format xlsx|csv] [--redacted] [--contacts] -o FILE

``import-ledger`` always shows the dry run's report first; the import happens only when confirmed
(asked in a terminal, or ``--yes``). A mapping file is JSON: {"header text": "field", …}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from mediation_app.fileio import atomic_write_text
from mediation_app.i18n import _


class LedgerCliError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    imp = sub.add_parser("import-ledger", help=_("Import an Excel or CSV ledger of past cases or screening items"))
    imp.add_argument("file")
    imp.add_argument("--kind", choices=("cases", "screening"), default="cases",
                     help=_("cases: a register of past cases; screening: a screening ledger"))
    imp.add_argument("--mapping", help=_("JSON file mapping header text to fields (default: guessed from the headers)"))
    imp.add_argument("--save-mapping", help=_("Write the mapping used to this JSON file, to edit and use next time"))
    imp.add_argument("--dry-run", action="store_true", help=_("Only report what would be created; write nothing"))
    imp.add_argument("--yes", action="store_true", help=_("Import without asking after the dry run"))
    exp = sub.add_parser("export", help=_("Export the case register as .xlsx or CSV"))
    exp_sub = exp.add_subparsers(dest="export_what", required=True)
    cases = exp_sub.add_parser("cases", help=_("The filtered case list, every matching case"))
    cases.add_argument("--status", action="append", default=[])
    cases.add_argument("--text", default="", help=_("Search: names, numbers, phone tails, words of the facts, pinyin initials"))
    cases.add_argument("--overdue", action="store_true")
    cases.add_argument("--type", dest="dispute_type")
    cases.add_argument("--risk", action="append", default=[])
    cases.add_argument("--from", dest="date_from", help=_("Registered on or after (YYYY-MM-DD)"))
    cases.add_argument("--to", dest="date_to", help=_("Registered on or before (YYYY-MM-DD)"))
    cases.add_argument("--format", choices=("xlsx", "csv"), default=None,
                       help=_("Default: from the file name's ending, else xlsx"))
    cases.add_argument("--redacted", action="store_true",
                       help=_("Mask names of persons, ID numbers, phones and addresses (for training or sending outside)"))
    cases.add_argument("--contacts", action="store_true", help=_("Add the parties' ID numbers, phones and addresses"))
    cases.add_argument("-o", "--output", required=True)


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise LedgerCliError(_("{text} is not a date; write it as YYYY-MM-DD.").format(text=text)) from None


def _confirm(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise LedgerCliError(_("Nothing was imported: confirm with --yes after reading the dry run."))
    return input(question + " [y/N] ").strip().lower() in ("y", "yes", "是", "j")


def _load_mapping(path: str | None) -> dict[str, str] | None:
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise LedgerCliError(_("The mapping file {name} cannot be read as JSON ({problem}).").format(
            name=path, problem=type(exc).__name__)) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise LedgerCliError(_("A mapping file is a JSON object: each header text with the field it goes to."))
    return data


def _progress(line: str, err: TextIO | None = None) -> Any:
    """A progress callback that rewrites one line on a terminal's error stream (at most twice a
    second, and the last row), or None when the error stream is not a terminal (a log or a pipe)."""
    import time

    err = err or sys.stderr
    if not err.isatty():
        return None
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.5:
            return
        last[0] = now
        err.write("\r" + line.format(done=f"{done:,}", total=f"{total:,}"))
        if done >= total:
            err.write("\n")
        err.flush()

    return report


def cmd_import_ledger(svc: Any, actor: Any, args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.domain.ledger_fields import LedgerKind

    kind = LedgerKind(args.kind)
    path = Path(args.file)
    mapping = _load_mapping(args.mapping)
    preview = svc.ledger_import.preview(actor, path, kind)
    if mapping is None:
        mapping = {preview.headers[c]: key for c, key in preview.mapping.items()}
    if args.save_mapping:
        atomic_write_text(args.save_mapping, json.dumps(mapping, ensure_ascii=False, indent=2) + "\n")
    labels = {key: label for key, label, _required in preview.fields}
    out.write(_("Columns:") + " " + "; ".join(f"{h} → {labels.get(k, k)}" for h, k in mapping.items()) + "\n")
    report = svc.ledger_import.run(actor, path, kind, mapping, dry_run=True,
                                   progress=_progress(_("Checking row {done} of about {total}…")))
    out.write(report.text() + "\n")
    if args.dry_run or report.created == 0:
        return 0
    if not _confirm(args, _("Import {n} rows now?").format(n=report.created)):
        out.write(_("Nothing was imported.") + "\n")
        return 0
    done = svc.ledger_import.run(actor, path, kind, mapping, dry_run=False,
                                 progress=_progress(_("Importing row {done} of about {total}…")))
    out.write(done.summary() + "\n")
    return 0


def cmd_export(svc: Any, actor: Any, args: argparse.Namespace, out: TextIO) -> int:
    from mediation_app.domain.enums import CaseStatus, DisputeType, RiskLevel
    from mediation_app.services.exports import ExportOptions
    from mediation_app.services.read_models import CaseFilter

    for status in args.status:
        if status not in {s.value for s in CaseStatus}:
            raise LedgerCliError(_("Unknown status {status}").format(status=status))
    if args.dispute_type and args.dispute_type not in {t.value for t in DisputeType}:
        raise LedgerCliError(_("Unknown dispute type {type}; choose one of: {types}").format(
            type=args.dispute_type, types=", ".join(t.value for t in DisputeType)))
    for risk in args.risk:
        if risk not in {r.value for r in RiskLevel}:
            raise LedgerCliError(_("Unknown risk grade {risk}").format(risk=risk))
    output = Path(args.output)
    fmt = args.format or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
    flt = CaseFilter(statuses=tuple(args.status), text=args.text, overdue_only=args.overdue,
                     dispute_type=args.dispute_type, risk_levels=tuple(args.risk), date_from=_day(args.date_from),
                     date_to=_day(args.date_to))
    result = svc.exports.export_cases(actor, flt, output, ExportOptions(format=fmt, redacted=args.redacted,
                                                                        contacts=args.contacts))
    line = _("Exported {n} cases to {path} (redacted).") if result.redacted else _("Exported {n} cases to {path}.")
    out.write(line.format(n=result.rows, path=result.path) + "\n")
    if result.still_indexing:
        from mediation_app.domain.search_terms import still_indexing_note

        out.write(still_indexing_note(result.still_indexing) + "\n")
    return 0
