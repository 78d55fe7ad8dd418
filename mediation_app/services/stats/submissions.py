"""Submitting a report freezes it: the numbers, the ids behind every cell, the code list, the
definitions and a hash. A submitted report is listed, re-exported exactly as submitted, and compared
with the same report computed now ("changed since submission": the cells and cases that differ)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from mediation_app.domain.permissions import Perm
from mediation_app.domain.statistics import Definitions, Period, form_words
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, ValidationFailed
from mediation_app.services.stats import engine
from mediation_app.services.stats.columns import FORM_LANGUAGE, M
from mediation_app.services.stats.frozen import canonical, fingerprint, report_from_dict, report_to_dict
from mediation_app.services.stats.model import CaseRef, CellChange, StatsReport, SubmissionComparison, SubmissionView
from mediation_app.services.stats.output import Format, render, to_form, to_stock
from mediation_app.services.stats.service import StatsService
from mediation_app.storage import stats_queries as sq
from mediation_app.storage.models import StatsSubmissionCellRecord, StatsSubmissionRecord


def _cell_ids(s: Any, scope: engine.Scope, report: StatsReport) -> dict[str, list[str]]:
    """``"row|column" -> sorted ids`` for every cell of the report (cases, or records for the
    screening and prevention cells), by the same drill-down the client and the CLI use."""
    out: dict[str, list[str]] = {}
    for row in report.rows:
        if not row.committee_ids:
            continue
        for column in report.columns:
            items = engine.cell_items(s, scope, row, column, report.value(row.key, column.key))
            ids = [i.hex for i in items.case_ids] if column.basis.value == "cases" else [r.id.hex for r in items.records]
            if ids:
                out[f"{row.key}|{column.key}"] = sorted(ids)
    return out


class SubmissionService(ServiceBase):
    def __init__(self, db: Any, clock: Any, stats: StatsService) -> None:
        super().__init__(db, clock)
        self.stats = stats

    def submit(self, actor: Actor, period: Period, committees: list[uuid.UUID] | None = None,
               version: str | None = None, note: str = "") -> Changes:
        self.require_role(actor, Perm.SUPERVISE)
        note = self.cleaned_texts(note=note)["note"] or ""
        with self.db.write() as s:
            scope = self.stats._scope(s, actor, period, committees, version, None)
            report = engine.compute(s, scope, now=self.clock.now())
            data = report_to_dict(report)
            cells = _cell_ids(s, scope, report)
            digest = fingerprint(data, cells)
            rec = StatsSubmissionRecord(
                period=period.code, committees=json.dumps([c.hex for c in scope.committee_ids]),
                version_code=scope.version.code, definitions=canonical(scope.definitions.as_dict()),
                report=canonical(data), hash=digest, submitted_at=self.clock.now(), submitted_by=actor.user_id,
                note=note.strip())
            s.add(rec)
            s.flush()
            keys = {k for k in cells} | {f"{r}|{c}" for (r, c) in report.values}
            for key in sorted(keys):
                row, column = key.split("|", 1)
                s.add(StatsSubmissionCellRecord(submission_id=rec.id, row_key=row, column_key=column,
                                                value=report.value(row, column), case_ids=" ".join(cells.get(key, []))))
            self.audit(s, actor, "stats.submit", "stats_submission", rec.id, None,
                       {"period": period.code, "version": scope.version.code, "hash": digest})
            return Changes.of(ChangeKind.STATS_SUBMISSION, created_id=rec.id)

    def submitted(self, actor: Actor, period: Period | None = None) -> tuple[SubmissionView, ...]:
        self.require_role(actor, Perm.READ_CASE)
        with self.db.read() as s:
            return tuple(self._view(rec, name) for rec, name in sq.submissions(s, period.code if period else None)
                         if _sees_all(actor, rec))

    @staticmethod
    def _view(rec: StatsSubmissionRecord, name: str) -> SubmissionView:
        return SubmissionView(id=rec.id, period=rec.period, version=rec.version_code,
                              committees=tuple(json.loads(rec.committees)), submitted_at=rec.submitted_at,
                              submitted_by=name, hash=rec.hash, note=rec.note or "")

    def _load(self, s: Any, actor: Actor, submission_id: uuid.UUID) -> StatsSubmissionRecord:
        self.require_role(actor, Perm.READ_CASE)
        rec: StatsSubmissionRecord | None = s.get(StatsSubmissionRecord, submission_id)
        if rec is None or not _sees_all(actor, rec):
            raise NotFound(_("No such submitted report."))
        return rec

    def find(self, actor: Actor, prefix: str) -> uuid.UUID:
        """A submission named by the start of its id (as listed)."""
        matches = [v.id for v in self.submitted(actor) if v.id.hex.startswith(prefix.replace("-", "").lower())]
        if len(matches) != 1:
            raise ValidationFailed({"submission": _("No single submitted report starts with {prefix}.").format(
                prefix=prefix)})
        return matches[0]

    def as_submitted(self, actor: Actor, submission_id: uuid.UUID) -> StatsReport:
        """The report exactly as it was submitted (its hash is checked)."""
        with self.db.read() as s:
            rec = self._load(s, actor, submission_id)
            data = json.loads(rec.report)
            cells = {f"{c.row_key}|{c.column_key}": c.case_ids.split() for c in sq.submission_cells(s, rec.id)}
            cells = {k: v for k, v in cells.items() if v}
            if fingerprint(data, cells) != rec.hash:
                raise ValidationFailed({"submission": _("This submitted report was altered after submission.")})
            return report_from_dict(data)

    def compare(self, actor: Actor, submission_id: uuid.UUID) -> SubmissionComparison:
        """The submitted report against the same report computed now: cells whose number or cases differ."""
        submitted = self.as_submitted(actor, submission_id)
        with self.db.read() as s:
            rec = self._load(s, actor, submission_id)
            committees = [uuid.UUID(h) for h in json.loads(rec.committees)]
            old = {(c.row_key, c.column_key): (c.value, set(c.case_ids.split())) for c in sq.submission_cells(s, rec.id)}
            scope = self.stats._scope(s, actor, submitted.period, committees, rec.version_code,
                                      Definitions.from_dict(json.loads(rec.definitions)))
            now = engine.compute(s, scope, now=self.clock.now())
            new_ids = _cell_ids(s, scope, now)
            changes = []
            keys = set(old) | set(now.values) | {tuple(k.split("|", 1)) for k in new_ids}
            # a column this version added is not a change of what was submitted
            submitted_columns = {c.key for g in submitted.groups for c in g.columns}
            keys = {k for k in keys if k[1] in submitted_columns}
            for row, column in sorted(keys):
                before, before_ids = old.get((row, column), (0, set()))
                after, after_ids = now.value(row, column), set(new_ids.get(f"{row}|{column}", []))
                if before != after or before_ids != after_ids:
                    changes.append(CellChange(row=row, column=column, submitted=before, now=after,
                                              added=tuple(uuid.UUID(i) for i in sorted(after_ids - before_ids)),
                                              removed=tuple(uuid.UUID(i) for i in sorted(before_ids - after_ids))))
            rows = sq.submissions(s, rec.period)
            name = next((n for r, n in rows if r.id == rec.id), "")
            return SubmissionComparison(submission=self._view(rec, name), report=submitted, changes=tuple(changes))

    # -- files ------------------------------------------------------------------------------------
    def export(self, actor: Actor, period: Period, fmt: Format, committees: list[uuid.UUID] | None = None,
               version: str | None = None, submission_id: uuid.UUID | None = None) -> bytes:
        """The report as a PDF, xlsx or CSV file: computed now, or exactly as a submission froze it."""
        if submission_id is not None:
            report = self.as_submitted(actor, submission_id)
            view = next(v for v in self.submitted(actor) if v.id == submission_id)
            stamp = form_words(M.pgettext("statistics form", "Submitted {at} by {who}; fingerprint {hash}"),
                               FORM_LANGUAGE).format(
                at=view.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M"), who=view.submitted_by, hash=view.hash[:16])
            cases = self._submitted_cases(actor, submission_id, report) if fmt is Format.XLSX else []
        else:
            report = self.stats.compute(actor, period, committees, version)
            stamp = form_words(M.pgettext("statistics form", "Computed {at}; not submitted"), FORM_LANGUAGE).format(
                at=report.generated_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            cases = self._current_cases(actor, report, committees, version) if fmt is Format.XLSX else []
            if fmt is not Format.CSV:  # the stock of today (a submitted report did not freeze one)
                stock = to_stock(self.stats.organisation(actor, committees), self.clock.today())
                return render(to_form(report, stamp, cases, stock), fmt)
        return render(to_form(report, stamp, cases), fmt)

    def _current_cases(self, actor: Actor, report: StatsReport, committees: list[uuid.UUID] | None,
                       version: str | None) -> list[tuple[str, CaseRef]]:
        out: list[tuple[str, CaseRef]] = []
        for column in report.columns:
            if column.basis.value == "cases" and report.value("level_total", column.key):
                out += [(column.key, ref) for ref in self.stats.cell_case_refs(
                    actor, report.period, "level_total", column.key, committees, version, report.definitions)]
        return out

    def _submitted_cases(self, actor: Actor, submission_id: uuid.UUID,
                         report: StatsReport) -> list[tuple[str, CaseRef]]:
        with self.db.read() as s:
            self._load(s, actor, submission_id)
            refs = {r.id: CaseRef(**vars(r)) for r in sq.case_ref_rows(s, [uuid.UUID(i) for c in sq.submission_cells(s, submission_id)
                                                          if c.row_key == "level_total" for i in c.case_ids.split()])}
            out: list[tuple[str, CaseRef]] = []
            for c in sorted(sq.submission_cells(s, submission_id), key=lambda c: [x.key for x in report.columns].index(
                    c.column_key) if c.column_key in [x.key for x in report.columns] else 0):
                if c.row_key != "level_total" or report.column(c.column_key).basis.value != "cases":
                    continue
                out += [(c.column_key, refs[uuid.UUID(i)]) for i in c.case_ids.split() if uuid.UUID(i) in refs]
            return out


def _sees_all(actor: Actor, rec: StatsSubmissionRecord) -> bool:
    """A submitted report holds every committee's figures and the cases behind each cell: it is shown
    to an account that sees every committee in it (as a report is computed: stats.compute), not to
    one that works in only one of them."""
    return all(actor.sees(uuid.UUID(hex_id)) for hex_id in json.loads(rec.committees))
