"""Risk early warning (命案风险预警, 民转刑; domain §4.5): warnings computed from the records, each
with its reason, and their review.

A warning never changes a risk level by itself: it asks the mediator or the committee head to
review the case. The review raises the level through the risk grading, or keeps it, with the
containment measures and whether the police were told; it is audited. A reviewed warning does not
come back: a new record is new evidence and raises a new warning.

Warnings are raised for the cases whose records changed: every write that concerns a case marks it
in its own transaction (``ServiceBase.changes``), and ``catch_up`` raises the warnings of the marked
cases after the save (the client runs it in the background once a save is done) and before any
warning is read (every reading method here and the centre's board), so a save does not wait for
the rules and what a user looks at is never behind the records. They are also raised on the first
look of the day at the open warnings (deadlines pass without any change), and by ``scan`` over
every case.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any

from mediation_app.domain.enums import RiskFlag, RiskLevel, Role
from mediation_app.domain.statistics import Period
from mediation_app.domain.warnings import ReviewDecision, WarningRule, WordKind, parse_words, settings_errors
from mediation_app.i18n import _
from mediation_app.services.base import CASE_WORKERS, ServiceBase
from mediation_app.services.changes import ChangeKind, Changes
from mediation_app.services.context import Actor
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.risk import risk_errors
from mediation_app.services.warnings import scan as sc
from mediation_app.services.warnings.read_models import (
    ScanResult,
    WarningPage,
    WarningStats,
    WarningView,
    WarningWords,
)
from mediation_app.services.warnings.reasons import reason_text
from mediation_app.storage import queries as q
from mediation_app.storage import queries_warnings as qw
from mediation_app.storage import warning_pending as wp
from mediation_app.storage.models import RiskWarningRecord

PAGE = 100
PAGE_MAX = 1000
SCANNED_ON = "scanned_on"
ADMIN = (Role.ADMIN,)


CATCH_UP_BATCH = 2000  # marked cases per transaction of ``catch_up``


def after_change(session: Any, case_ids: Sequence[uuid.UUID], now: dt.datetime, today: dt.date) -> None:
    """Raise the warnings the changed cases' records now call for, inside the caller's transaction."""
    if case_ids:
        sc.raise_new(session, list(case_ids), now, today)


def catch_up(db: Any, now: dt.datetime, today: dt.date) -> int:
    """Raise the warnings of every case marked as changed and take the marks away, in transactions of
    at most ``CATCH_UP_BATCH`` cases; the number of cases done. Nothing is done (and nothing is
    written) when no case is marked, or when the database is read-only."""
    done = 0
    if getattr(db, "read_only", False):
        return 0
    with db.read() as s:
        if not wp.any_marked(s):
            return 0
    while True:
        with db.write() as s:
            ids = wp.marked(s, CATCH_UP_BATCH)
            if ids:
                sc.raise_new(s, ids, now, today)
                wp.unmark(s, ids)
        done += len(ids)
        if len(ids) < CATCH_UP_BATCH:
            return done


class WarningService(ServiceBase):
    # -- computing ---------------------------------------------------------------------------------
    def catch_up(self) -> int:
        """Raise the warnings of the cases changed since they were last computed (see the module's
        text); the number of cases done. Cheap when nothing is waiting: one indexed read."""
        return catch_up(self.db, self.clock.now(), self.clock.today())

    def scan(self, actor: Actor, case_ids: Sequence[uuid.UUID] | None = None) -> ScanResult:
        """Raise every warning the records call for, over every case (or ``case_ids``)."""
        self.require_role(actor, (Role.ADMIN, Role.HEAD, Role.MEDIATOR))
        self.catch_up()  # what the saves called for is theirs, not the scan's: the scan counts what it finds
        with self.db.write() as s:
            by_rule = sc.raise_new(s, None if case_ids is None else list(case_ids), self.clock.now(), self.clock.today())
            if case_ids is None:
                qw.put_setting(s, SCANNED_ON, self.clock.today().isoformat())
                wp.unmark_all(s)  # every case was just computed
            else:
                wp.unmark(s, case_ids)
        return ScanResult(cases_scanned=None if case_ids is None else len(case_ids), raised=sum(by_rule.values()),
                          by_rule=by_rule)

    def _scan_once_a_day(self) -> None:
        """Deadlines pass without a change to any record: the first look of the day scans every case."""
        if self.db.read_only:
            return
        with self.db.read() as s:
            done = qw.settings(s).get(SCANNED_ON)
        if done == self.clock.today().isoformat():
            return
        with self.db.write() as s:
            sc.raise_new(s, None, self.clock.now(), self.clock.today())
            qw.put_setting(s, SCANNED_ON, self.clock.today().isoformat())
            wp.unmark_all(s)  # every case was just computed

    # -- reading -----------------------------------------------------------------------------------
    def _views(self, s: Any, actor: Actor, rows: builtins.list[tuple[RiskWarningRecord, str, str]]) -> builtins.list[WarningView]:
        names = q.user_names(s, {w.reviewed_by for w, _n, _p in rows if w.reviewed_by})
        out = []
        for w, number, parties in rows:
            out.append(WarningView(
                id=w.id, case_id=w.case_id, case_number=number, parties=parties, rule=w.rule,
                rule_label=WarningRule(w.rule).label(), reason=reason_text(w.rule, w.detail, actor.sees),
                evidence_on=w.evidence_on, raised_at=w.raised_at, reviewed_at=w.reviewed_at,
                reviewed_by=names.get(w.reviewed_by, "") if w.reviewed_by else "", decision=w.decision,
                decision_label=ReviewDecision(w.decision).label() if w.decision else "", note=w.note or "",
                containment=w.containment or "", police=bool(w.police), police_unit=w.police_unit or ""))
        return out

    def for_case(self, actor: Actor, case_id: uuid.UUID) -> builtins.list[WarningView]:
        """The case's warnings, open ones first, newest first."""
        self.require_role(actor)
        self.catch_up()
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            return self._views(s, actor, [(w, case.number, case.parties_text) for w in qw.case_warnings(s, case.id)])

    def open_page(self, actor: Actor, after: tuple[dt.datetime, uuid.UUID] | None = None,
                  limit: int = PAGE, committee_id: uuid.UUID | None = None) -> WarningPage:
        """The open warnings of the committees the user sees (or of ``committee_id``), newest first, a
        page at a time, with the exact total (the first page of the day first scans every case)."""
        self.require_role(actor)
        if committee_id is not None and not actor.sees(committee_id):
            raise PermissionDenied(_("You may see your own committee's work only."))
        if after is None:
            self._scan_once_a_day()
            self.catch_up()
        limit = max(1, min(limit, PAGE_MAX))
        visible = actor.visible_committees()
        committees = None if visible is None else builtins.list(visible)
        if committee_id is not None:
            committees = [committee_id]
        with self.db.read() as s:
            rows = qw.open_warnings(s, committees, after, limit + 1)
            total = sum(qw.open_counts(s, committees).values())
            views = self._views(s, actor, rows[:limit])
        more = len(rows) > limit
        return WarningPage(items=tuple(views), total=total,
                           next_key=(views[-1].raised_at, views[-1].id) if more and views else None)

    def open_counts(self, actor: Actor, committee_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Open warnings per committee (the centre's board)."""
        self.require_role(actor, (Role.MEDIATOR, Role.HEAD, Role.ADMIN))
        self.catch_up()
        with self.db.read() as s:
            return qw.open_counts(s, builtins.list(committee_ids))

    def stats(self, actor: Actor, period: Period | str,
              committee_ids: Sequence[uuid.UUID] | None = None) -> WarningStats:
        """Warnings raised, reviewed, escalated to the police and prevented in the period (of the
        committees chosen among those the user sees)."""
        self.require_role(actor)
        period = Period.parse(period) if isinstance(period, str) else period
        visible = actor.visible_committees()
        if committee_ids:
            visible = frozenset(c for c in committee_ids if actor.sees(c))
        start = dt.datetime.combine(period.start, dt.time(), dt.UTC)
        end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), dt.UTC)
        self.catch_up()
        with self.db.read() as s:
            counts = qw.period_counts(s, None if visible is None else builtins.list(visible), start, end)
        return WarningStats(period=period.code, **counts)

    # -- the review ----------------------------------------------------------------------------------
    def review(
        self, actor: Actor, warning_id: uuid.UUID, decision: ReviewDecision, note: str, *,
        containment: str | None = None, police: bool = False, police_unit: str | None = None,
        level: RiskLevel | None = None, flags: tuple[RiskFlag, ...] = (), escalated_to: str | None = None,
        reported_on: dt.date | None = None,
    ) -> Changes:
        """Record the review of a warning: raise the level (through the risk grading, with its rules) or
        keep it; the containment measures and whether the police were told. Audited."""
        self.require_role(actor, CASE_WORKERS)
        texts = self.cleaned_texts(note=note, containment=containment, police_unit=police_unit,
                                   escalated_to=escalated_to)
        note, containment, police_unit, escalated_to = (texts["note"], texts["containment"], texts["police_unit"],
                                                        texts["escalated_to"])
        errors: dict[str, str] = {}
        if not (note or "").strip():
            errors["note"] = _("Say what the review found.")
        if police and not (police_unit or "").strip():
            errors["police_unit"] = _("Name the police station told.")
        with self.db.write() as s:
            w = s.get(RiskWarningRecord, warning_id)
            if w is None:
                raise NotFound(_("No such warning."))
            case = self.load_case(s, actor, w.case_id)
            if w.reviewed_at is not None:
                raise ValidationFailed({"warning": _("This warning has already been reviewed.")})
            current = RiskLevel(case.risk_level)
            assessment = None
            if decision is ReviewDecision.RAISE:
                if level is None or level.rank <= current.rank:
                    errors["level"] = _("Choose a level above the present one ({level}).").format(level=current.label())
                else:
                    reported_to = police_unit if police else None
                    errors.update(risk_errors(level, flags, note or "", containment, escalated_to, reported_to,
                                              reported_on if police else None, self.clock.today()))
                if errors:
                    raise ValidationFailed(errors)
                from mediation_app.services.risk import RiskService

                assert level is not None
                assessment = RiskService(self.db, self.clock).grade(
                    s, actor, case, level, tuple(dict.fromkeys(flags)), note or "", containment, escalated_to,
                    police_unit if police else None, reported_on if police else None)
            elif errors:
                raise ValidationFailed(errors)
            w.reviewed_at, w.reviewed_by, w.decision = self.clock.now(), actor.user_id, decision.value
            w.note, w.containment = (note or "").strip(), (containment or "").strip() or None
            w.police, w.police_unit = bool(police), (police_unit or "").strip() or None if police else None
            w.risk_assessment_id = assessment.id if assessment is not None else None
            self.audit(s, actor, "warning.review", "risk_warning", w.id, case.id, {
                "rule": w.rule, "decision": decision.value, "police": bool(police),
                "from": current.value, "to": case.risk_level})
            kind = ChangeKind.RISK if assessment is not None else ChangeKind.WARNING
            changes = self.changes(s, kind, case.id, created_id=w.id)
            return Changes(kinds=changes.kinds | {ChangeKind.WARNING}, case_ids=changes.case_ids,
                           created_id=w.id)

    # -- the word list and the settings (administrator) ----------------------------------------------
    def words(self, actor: Actor) -> WarningWords:
        self.require_role(actor, (Role.ADMIN, Role.HEAD, Role.MEDIATOR))
        with self.db.read() as s:
            _config, words, shipped = sc.load_config(s)
        return WarningWords(text=sc.shipped_words_text() if shipped else words.to_text(), shipped=shipped,
                            counts={k.value: len(words.words.get(k, ())) for k in WordKind})

    def set_words(self, actor: Actor, text: str) -> Changes:
        """Replace the word list (the administrator); each problem is reported by its line."""
        self.require_role(actor, ADMIN)
        words, problems = parse_words(text)
        if problems:
            raise ValidationFailed({"words": "\n".join(
                _("Line {n}: {problem}").format(n=n, problem=p) for n, p in sorted(problems.items()))})
        if not words.searched:
            raise ValidationFailed({"words": _("The list has no word to look for.")})
        with self.db.write() as s:
            qw.put_setting(s, sc.WORDS_KEY, words.to_text())
            self.audit(s, actor, "warning.words", "warning_setting", None, None,
                       {k.value: len(words.words.get(k, ())) for k in WordKind})
        return Changes.of(ChangeKind.SETTINGS)

    def reset_words(self, actor: Actor) -> Changes:
        """Go back to the list shipped with the application."""
        self.require_role(actor, ADMIN)
        with self.db.write() as s:
            qw.delete_setting(s, sc.WORDS_KEY)
            self.audit(s, actor, "warning.words", "warning_setting", None, None, {"reset": True})
        return Changes.of(ChangeKind.SETTINGS)

    def settings(self, actor: Actor) -> dict[str, int]:
        self.require_role(actor, (Role.ADMIN, Role.HEAD, Role.MEDIATOR))
        with self.db.read() as s:
            config, _w, _shipped = sc.load_config(s)
        return {key: getattr(config, key) for key in sc.SETTING_KEYS}

    def set_settings(self, actor: Actor, **values: int) -> Changes:
        self.require_role(actor, ADMIN)
        unknown = set(values) - set(sc.SETTING_KEYS)
        if unknown:
            raise ValidationFailed({k: _("Unknown setting.") for k in unknown})
        errors = settings_errors(values)
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            for key, value in values.items():
                qw.put_setting(s, key, str(int(value)))
            self.audit(s, actor, "warning.settings", "warning_setting", None, None, json.loads(json.dumps(values)))
        return Changes.of(ChangeKind.SETTINGS)
