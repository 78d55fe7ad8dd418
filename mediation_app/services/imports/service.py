"""Importing an office's Excel or CSV ledger: a preview with the guessed (or last saved) mapping,
a dry run that reports per row what would be created and every problem, and the import itself,
one transaction in which each row is a whole step (a row with a problem is left out, listed with
its row number). A row already imported (the same content, from any file) creates nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediation_app.domain.enums import DisputeType, LedgerStatus
from mediation_app.domain.ledger_fields import LedgerKind, field_label, fields_of, guess_mapping, normalise_header
from mediation_app.domain.ledger_values import SubtypeNames, cell_text, raw_fingerprint, row_fingerprint
from mediation_app.domain.market import stall_key
from mediation_app.domain.permissions import Perm
from mediation_app.i18n import LANGUAGES, _, gettext_in
from mediation_app.services.base import SUPERVISORS, ServiceBase
from mediation_app.services.clock import Clock
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import GuardRefused, ServiceError, ValidationFailed, too_long
from mediation_app.services.imports.historical import HistoricalCases
from mediation_app.services.imports.reader import LedgerFile, file_sha256
from mediation_app.services.imports.rows import (
    ParsedRow,
    mapped_values,
    parse_case_row,
    parse_merchant_row,
    parse_screening_row,
)
from mediation_app.services.intake import IntakeService
from mediation_app.services.ledger import LedgerService
from mediation_app.services.market.merchants import MerchantService
from mediation_app.storage import imports as qi
from mediation_app.storage import queries as q
from mediation_app.storage import queries_market as qm
from mediation_app.storage.db import Database
from mediation_app.storage.errors import TooLong
from mediation_app.storage.models import ImportBatchRecord, ImportedRowRecord
from mediation_app.storage.search import defer_index, settle_index, stop_deferring_index
from mediation_app.storage.stats_facts import defer as defer_stats
from mediation_app.storage.stats_facts import settle as settle_stats
from mediation_app.storage.stats_facts import stop_deferring as stop_deferring_stats

PREVIEW_ROWS = 8
Progress = Callable[[int, int], None]  # rows done, rows in all (an estimate until the end)


@dataclass(frozen=True, kw_only=True)
class ImportPreview:
    kind: str
    headers: tuple[str, ...]
    mapping: dict[int, str]  # column -> field key (the last saved mapping, else the guess)
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # the first rows as text, with their row numbers
    fields: tuple[tuple[str, str, bool], ...]  # (key, label, required) of the fields to map to
    encoding: str | None
    saved: bool  # the mapping comes from the committee's last import of this kind


@dataclass(frozen=True, kw_only=True)
class RowReport:
    row: int
    status: str  # "create" | "duplicate" | "problem"
    summary: str  # what is (or would be) created
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    number: str | None = None  # the case's number

    def lines(self) -> list[str]:
        head = _("Row {n}").format(n=self.row)
        out = [_("{row}: {text}").format(row=head, text=self.summary)]
        out += ["    ✗ " + p for p in self.problems]
        out += ["    ! " + n for n in self.notes]
        return out


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    file_name: str
    kind: str
    dry_run: bool
    rows: tuple[RowReport, ...]
    created: int
    duplicates: int
    refused: int
    earlier_imports: tuple[str, ...]  # "imported on … by …" when this very file came in before

    def details(self) -> str:
        """Every row's line and problems, and earlier imports of the same file."""
        return "\n".join([line for r in self.rows for line in r.lines()] + list(self.earlier_imports))

    def text(self) -> str:
        return self.details() + "\n" + self.summary()

    def summary(self) -> str:
        if self.dry_run:
            return _("Dry run: {created} would be created, {dup} already imported, {bad} with problems; nothing "
                     "was written.").format(created=self.created, dup=self.duplicates, bad=self.refused)
        return _("Imported: {created} created, {dup} already imported, {bad} left out with problems.").format(
            created=self.created, dup=self.duplicates, bad=self.refused)


class _DryRun(Exception):
    """Raised to roll the dry run's transaction back after the report is built."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


class LedgerImportService(ServiceBase):
    def __init__(self, db: Database, clock: Clock, intake: IntakeService, ledger: LedgerService,
                 merchants: MerchantService | None = None) -> None:
        super().__init__(db, clock)
        self.intake = intake
        self.ledger = ledger
        self.merchants = merchants or MerchantService(db, clock)
        self.history = HistoricalCases(self, intake)

    def _require(self, actor: Actor, kind: LedgerKind) -> None:
        # Past cases come in closed, with their mediators assigned: a committee head's decision.
        # the market's list of merchants and screening items: whoever registers disputes
        self.require_role(actor, SUPERVISORS if kind is LedgerKind.CASES else Perm.REGISTER_CASE)

    # -- preview and mapping ----------------------------------------------------------------------
    def preview(self, actor: Actor, path: Path, kind: LedgerKind) -> ImportPreview:
        self._require(actor, kind)
        rows: list[tuple[int, tuple[str, ...]]] = []
        with LedgerFile(Path(path), kind) as ledger:
            headers = list(ledger.sheet.headers)
            for number, cells in ledger.rows():
                rows.append((number, tuple(cell_text(c) for c in cells)))
                if len(rows) >= PREVIEW_ROWS:
                    break
        with self.db.read() as s:
            saved_json = qi.last_mapping(s, actor.committee_id, kind)
        mapping = guess_mapping(kind, headers)
        saved = False
        if saved_json:
            by_header = apply_saved(json.loads(saved_json), headers)
            if by_header:
                mapping, saved = by_header, True
        return ImportPreview(kind=kind, headers=tuple(headers), mapping=mapping, rows=tuple(rows),
                             fields=tuple((f.key, f.label, f.required) for f in fields_of(kind)),
                             encoding=ledger.sheet.encoding, saved=saved)

    # -- dry run and import -----------------------------------------------------------------------
    def run(self, actor: Actor, path: Path, kind: LedgerKind, mapping: dict[str, str] | None = None, *,
            dry_run: bool = True, progress: Progress | None = None) -> ImportReport:
        """Read the whole file and build every row's record inside one write transaction; a dry run
        rolls it back, so it checks exactly what the import would. ``mapping``: header text ->
        field key (None: the guess from the header words)."""
        self._require(actor, kind)
        path = Path(path)
        with LedgerFile(path, kind) as ledger:
            headers = list(ledger.sheet.headers)
            columns = columns_of(kind, headers, mapping)
            missing = [f.label for f in fields_of(kind) if f.required and f.key not in columns.values()]
            if missing:
                raise ValidationFailed(message=_("Map a column to each of these fields first: {fields}.").format(
                    fields="、".join(missing)))
            sha = file_sha256(path)
            try:
                with self.db.write() as s:
                    report = self._run_in(s, actor, ledger, kind, columns, sha, dry_run, progress)
                    if dry_run:
                        raise _DryRun(report)
                    return report
            except _DryRun as done:
                return done.report

    def import_file(self, actor: Actor, path: Path, kind: LedgerKind, mapping: dict[str, str] | None = None,
                    progress: Progress | None = None) -> tuple[ImportReport, Changes]:
        report = self.run(actor, path, kind, mapping, dry_run=False, progress=progress)
        if kind is LedgerKind.MERCHANTS:
            return report, Changes(kinds=frozenset({ChangeKind.MERCHANT}))
        return report, Changes(kinds=frozenset({ChangeKind.CASE, ChangeKind.CASE_ROW, ChangeKind.LEDGER}))

    def _run_in(self, s: Any, actor: Actor, ledger: LedgerFile, kind: LedgerKind, columns: dict[int, str],
                sha: str, dry_run: bool, progress: Progress | None) -> ImportReport:
        earlier = [
            _("This file was imported before, on {day} ({n} records created).").format(
                day=b.imported_at.date().isoformat(), n=b.rows_created)
            for b in qi.batches_of_file(s, actor.committee_id, sha)]
        batch = ImportBatchRecord(
            committee_id=actor.committee_id, kind=kind, file_name=ledger.path.name[:300], file_sha256=sha,
            mapping=json.dumps({ledger.sheet.headers[c]: k for c, k in columns.items()}, ensure_ascii=False),
            rows_created=0, rows_skipped=0, imported_at=self.clock.now(), by_user_id=actor.user_id)
        s.add(batch)
        s.flush()
        batch_id = batch.id
        route_codes = {item.code for item in q.lookups(s, "route")}
        subtypes = subtype_names(s)
        today = self.clock.today()
        headers = ledger.sheet.headers
        seen: dict[str, int] = {}
        reports: list[RowReport] = []
        pending: list[ParsedRow] = []
        # every row goes through the whole path of a case (tens of milliseconds): the bar moves per row,
        # and a progress that raises (the user cancelled) leaves the transaction, which writes nothing
        estimate = (ledger.rows_below_header() or 0) if progress is not None else 0

        def flush_pending() -> None:
            done = qi.imported(s, actor.committee_id, kind,
                               [fp for p in pending for fp in (p.fingerprint, p.raw_fingerprint)])
            for parsed in pending:
                reports.append(self._one(s, actor, ledger, kind, batch_id, parsed, done, seen))
                if progress is not None:
                    progress(len(reports), max(estimate, len(reports) + 1))
            pending.clear()
            s.flush()
            settle_stats(s)  # the statistics facts and counts of this batch's cases, set-based
            settle_index(s)  # and their search index rows, in one pass
            s.expunge_all()  # written rows leave the session: memory stays bounded on a 10,000-row sheet

        defer_stats(s)
        defer_index(s)
        for number, cells in ledger.rows():
            values, raw, problems = mapped_values(kind, columns, cells)
            if kind is LedgerKind.CASES:
                parsed = parse_case_row(number, values, raw, problems, today, route_codes, subtypes)
            elif kind is LedgerKind.MERCHANTS:
                parsed = parse_merchant_row(number, values, problems)
            else:
                parsed = parse_screening_row(number, values, raw, problems, actor.display_name)
            parsed.fingerprint = row_fingerprint(kind, values)
            parsed.raw_fingerprint = raw_fingerprint(kind, {
                normalise_header(headers[i]) or str(i): cell_text(v) for i, v in enumerate(cells) if i < len(headers)})
            pending.append(parsed)
            if len(pending) >= 200:
                flush_pending()
        flush_pending()
        if progress is not None:
            progress(len(reports), len(reports))
        stop_deferring_stats(s)
        stop_deferring_index(s)
        created = sum(1 for r in reports if r.status == "create")
        duplicates = sum(1 for r in reports if r.status == "duplicate")
        refused = sum(1 for r in reports if r.status == "problem")
        batch = s.get(ImportBatchRecord, batch_id)
        batch.rows_created, batch.rows_skipped = created, duplicates + refused
        self.audit(s, actor, "import.ledger", "import_batch", batch.id, None,
                   {"file": batch.file_name, "sha256": sha, "kind": kind, "created": created,
                    "duplicates": duplicates, "problems": refused, "dry_run": dry_run})
        return ImportReport(file_name=ledger.path.name, kind=kind, dry_run=dry_run, rows=tuple(reports),
                            created=created, duplicates=duplicates, refused=refused, earlier_imports=tuple(earlier))

    def _one(self, s: Any, actor: Actor, ledger: LedgerFile, kind: LedgerKind, batch_id: uuid.UUID,
             parsed: ParsedRow, done: dict[str, Any], seen: dict[str, int]) -> RowReport:
        fp = parsed.fingerprint
        known = done.get(fp) or done.get(parsed.raw_fingerprint)
        if known:
            name, row, at, number = known
            text = _("already imported from {file}, row {row}, on {day}").format(file=name, row=row,
                                                                                 day=at.date().isoformat())
            return RowReport(row=parsed.row, status="duplicate", summary=text + (f" ({number})" if number else ""),
                             number=number)
        earlier = seen.get(fp) or seen.get(parsed.raw_fingerprint)
        if earlier:
            return RowReport(row=parsed.row, status="duplicate",
                             summary=_("the same as row {row}; imported once").format(row=earlier))
        summary = describe(kind, parsed)
        if parsed.merchant is not None:
            held = [m for m in qm.merchants_at_stall(s, actor.committee_id, stall_key(parsed.merchant.stall_number))
                    if m.active]
            if held and held[0].name == parsed.merchant.name:
                return RowReport(row=parsed.row, status="duplicate", summary=_(
                    "stall {stall}, {name}: already in the registry").format(stall=held[0].stall_number,
                                                                             name=held[0].name))
        if parsed.problems:
            return RowReport(row=parsed.row, status="problem", summary=summary, problems=tuple(parsed.problems),
                             notes=tuple(parsed.notes))
        notes = list(parsed.notes)
        provenance = f"{ledger.path.name} #{parsed.row}"
        details = {"import": {"file": ledger.path.name, "row": parsed.row, "batch": str(batch_id)}}
        try:
            with s.begin_nested():
                record = ImportedRowRecord(batch_id=batch_id, committee_id=actor.committee_id, kind=kind,
                                           fingerprint=fp, raw_fingerprint=parsed.raw_fingerprint,
                                           row_number=parsed.row)
                number = None
                if parsed.case is not None:
                    case = self.history.create(s, actor, parsed.case, provenance, details, notes)
                    record.case_id, number = case.id, case.number
                elif parsed.merchant is not None:
                    merchant = self.merchants.add_in(s, actor, parsed.merchant, confirm_warnings=True,
                                                     details=details)
                    record.merchant_id = merchant.id
                elif parsed.item is not None:
                    item = self.ledger.add_in(s, actor, parsed.item, details)
                    if parsed.item_result:
                        item.status, item.result = LedgerStatus.RESOLVED, parsed.item_result
                    record.ledger_item_id = item.id
                s.add(record)
                s.flush()
        except (ValidationFailed, GuardRefused) as exc:
            return RowReport(row=parsed.row, status="problem", summary=summary,
                             problems=tuple(problem_lines(kind, exc)), notes=tuple(notes))
        except ServiceError as exc:
            return RowReport(row=parsed.row, status="problem", summary=summary, problems=(exc.message,),
                             notes=tuple(notes))
        except TooLong as exc:  # a cell longer than its field keeps: this row's problem, not the whole file's
            return RowReport(row=parsed.row, status="problem", summary=summary,
                             problems=tuple(problem_lines(kind, too_long(exc))), notes=tuple(notes))
        seen[fp] = seen[parsed.raw_fingerprint] = parsed.row
        return RowReport(row=parsed.row, status="create", summary=summary, notes=tuple(notes), number=number)


def problem_lines(kind: LedgerKind, exc: ValidationFailed | GuardRefused) -> list[str]:
    if isinstance(exc, GuardRefused):
        return list(exc.reasons)
    known = {f.key for f in fields_of(kind)}
    lines = []
    for key, message in {**exc.field_errors, **exc.warnings}.items():
        short = key.rsplit(".", 1)[-1]
        lines.append(_("{column}: {problem}").format(column=field_label(kind, short), problem=message)
                     if short in known else message)
    return lines or [exc.message]


def subtype_names(s: Any) -> list[SubtypeNames]:
    """The register's active sub-types by every name a ledger may give them: the name stored (a
    message id, or a committee's own words) and its translation into each language."""
    out = []
    for sub in q.subtypes(s):
        names = tuple(dict.fromkeys(n for n in (sub.label, *(gettext_in(lang, sub.label) for lang in LANGUAGES)) if n))
        out.append(SubtypeNames(code=sub.code, core=DisputeType(sub.core_type), names=names, label=_(sub.label)))
    return out


def describe(kind: LedgerKind, parsed: ParsedRow) -> str:
    """What the row becomes, in one line: "historical case 张三 / 李四, contract, mediation failed"."""
    if parsed.case is not None:
        c = parsed.case
        names = "、".join(p.name for p in c.parties)
        return _("historical case {number}{names}, {type}, {outcome}, closed {day}").format(
            number=(c.number + " ") if c.number else "", names=names,
            type=_("{type} ({subtype})").format(type=c.dispute_type.label(), subtype=c.subtype_label)
            if c.subtype_label else c.dispute_type.label(),
            outcome=c.outcome.label(), day=c.closed_on.isoformat())
    if parsed.merchant is not None:
        m = parsed.merchant
        return _("merchant at stall {stall}: {name}{kind}").format(
            stall=m.stall_number, name=m.name, kind=f" ({m.business_type})" if m.business_type else "")
    if parsed.item is not None:
        i = parsed.item
        return _("screening item {day} {area}: {parties}").format(day=i.screened_on.isoformat(), area=i.area,
                                                                  parties=i.parties_text)
    return _("nothing can be created from this row")


def columns_of(kind: LedgerKind, headers: list[str], mapping: dict[str, str] | None) -> dict[int, str]:
    """Column -> field from a mapping by header text (or the guess when None)."""
    if mapping is None:
        return guess_mapping(kind, headers)
    known = {f.key for f in fields_of(kind)}
    unknown = sorted(set(mapping.values()) - known)
    if unknown:
        raise ValidationFailed(message=_("Unknown fields in the mapping: {fields}; the fields are {known}.").format(
            fields=", ".join(unknown), known=", ".join(f.key for f in fields_of(kind))))
    columns = apply_saved(mapping, headers)
    absent = [h for h in mapping if normalise_header(h) not in {normalise_header(x) for x in headers}]
    if absent:
        raise ValidationFailed(message=_("The file has no column headed {headers}.").format(
            headers="、".join(absent)))
    return columns


def apply_saved(mapping: dict[str, str], headers: list[str]) -> dict[int, str]:
    by_header = {normalise_header(h): key for h, key in mapping.items() if key}
    out: dict[int, str] = {}
    for col, head in enumerate(headers):
        key = by_header.get(normalise_header(head))
        if key and key not in out.values():
            out[col] = key
    return out
