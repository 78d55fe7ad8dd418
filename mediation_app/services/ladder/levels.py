"""The centre's ladder of levels and the level of each case: definition (administrator or the
centre's head), the days at a level in calendar or working days (the market clock's calendar), the
flag when they run out without a result, escalation recorded append-only and audited, and the
cases concluded at each level in a period."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from mediation_app.domain.ladder import (
    AGREEMENT_RESULTS,
    DAYS_RAN_OUT,
    RESULTS,
    LevelMove,
    LevelRule,
    days_left,
    is_flagged,
    ladder_problems,
    reason_text,
)
from mediation_app.domain.market import ClockUnit
from mediation_app.domain.statistics import Period
from mediation_app.i18n import _
from mediation_app.services.base import ServiceBase
from mediation_app.services.context import Actor, ChangeKind, Changes
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.ladder import read_models as lm
from mediation_app.services.market.clock import work_calendar
from mediation_app.storage import queries_ladder as ql
from mediation_app.storage.models import (
    CaseLevelEventRecord,
    CaseLevelRecord,
    CaseRecord,
    LadderLevelRecord,
    UserRecord,
)
from mediation_app.storage.queries_board import LISTED_OPEN


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def rule_of(level: LadderLevelRecord) -> LevelRule:
    return LevelRule(name=level.name, days=level.days, unit=ClockUnit(level.unit))


def level_view(level: LadderLevelRecord, position: int, open_cases: int = 0) -> lm.LevelView:
    return lm.LevelView(id=level.id, position=position, name=level.name, days=level.days, unit=level.unit,
                        description=rule_of(level).describe(), open_cases=open_cases)


class LadderService(ServiceBase):
    # -- the ladder ---------------------------------------------------------------------------------
    @staticmethod
    def define_blocked(actor: Actor) -> str:
        """'' when the actor may define the centre's ladder (an administrator, or the centre's head)."""
        if actor.must_change_password:
            return _("An administrator has reset your password; change it before you go on.")
        if actor.is_admin or (actor.centre_head and actor.is_head):
            return ""
        return _("Only an administrator or the centre's head defines the ladder of levels.")

    def ladder(self, actor: Actor) -> tuple[lm.LevelView, ...]:
        self._require_current_password(actor)
        with self.db.read() as s:
            return tuple(level_view(lv, n, len(ql.cases_at(s, lv.id)))
                         for n, lv in enumerate(ql.levels(s), start=1))

    def set_ladder(self, actor: Actor, levels: Sequence[lm.LevelInput]) -> Changes:
        """Replace the ladder by ``levels`` (lowest first). A level keeps its id (and its cases) when
        given; a level left out is removed, which is refused while open cases stand at it. Open cases
        at a level whose days changed get their due day again."""
        blocked = self.define_blocked(actor)
        if blocked:
            raise PermissionDenied(blocked)
        cleaned = [(self.cleaned_texts(name=lv.name)["name"].strip(), lv.days, str(lv.unit), lv.id) for lv in levels]
        errors = ladder_problems([(n, d, u) for n, d, u, _i in cleaned])
        if errors:
            raise ValidationFailed(errors)
        with self.db.write() as s:
            current = {lv.id: lv for lv in ql.levels(s)}
            kept = {i for *_rest, i in cleaned if i is not None}
            unknown = kept - set(current)
            if unknown:
                raise ValidationFailed({"levels": _("A level of this ladder no longer exists; reload it.")})
            for old_id, rec in current.items():
                if old_id not in kept:
                    if ql.cases_at(s, old_id):
                        raise ValidationFailed({"levels": _(
                            "Open cases stand at “{name}”; move them before removing the level.").format(
                            name=rec.name)})
                    rec.active = False
            calendar = work_calendar(s)
            changed = 0
            for position, (name, days, unit, level_id) in enumerate(cleaned, start=1):
                if level_id is None:
                    s.add(LadderLevelRecord(position=position, name=name, days=days, unit=unit, active=True))
                    continue
                rec = current[level_id]
                clock_changed = (rec.days, rec.unit) != (days, unit)
                rec.position, rec.name, rec.days, rec.unit = position, name, days, unit
                if clock_changed:
                    for cl in ql.cases_at(s, level_id):
                        cl.due_on = rule_of(rec).due(cl.since, calendar)
                        changed += 1
            s.flush()
            self.audit(s, actor, "ladder.set", "ladder", None, None,
                       {"levels": [{"name": n, "days": d, "unit": u} for n, d, u, _i in cleaned],
                        "cases_changed": changed})
            return Changes(kinds=frozenset({ChangeKind.SETTINGS, ChangeKind.LEVEL}))

    # -- one case ------------------------------------------------------------------------------------
    def _names(self, s: Any) -> dict[uuid.UUID, str]:
        return {lv.id: lv.name for lv in ql.levels(s, active_only=False)}

    def case_level(self, actor: Actor, case_id: uuid.UUID) -> lm.CaseLevelView:
        with self.db.read() as s:
            case = self.load_case(s, actor, case_id)
            today = self.clock.today()
            ladder = ql.levels(s)
            views = tuple(level_view(lv, n) for n, lv in enumerate(ladder, start=1))
            names = self._names(s)
            cl: CaseLevelRecord | None = s.get(CaseLevelRecord, case_id)
            has_result = case.status not in LISTED_OPEN
            history = []
            users: dict[uuid.UUID, str] = {}
            for e in ql.events(s, case_id):
                if e.by_user_id not in users:
                    user = s.get(UserRecord, e.by_user_id)
                    users[e.by_user_id] = user.display_name if user else "-"
                history.append(lm.LevelEventView(
                    move=e.move, move_label=LevelMove(e.move).label(),
                    from_level=names.get(e.from_level_id, "") if e.from_level_id else "",
                    to_level=names.get(e.to_level_id, "") if e.to_level_id else "",
                    on=e.on, at=e.at, by=users[e.by_user_id], reason=reason_text(e.reason)))
            may = "" if not has_result else _("The case has its result; its level no longer changes.")
            if not may:
                may = self.case_denial(s, actor, case)
            level = s.get(LadderLevelRecord, cl.level_id) if cl else None
            position = next((v.position for v in views if level and v.id == level.id), 0)
            nxt = views[position] if level is not None and position < len(views) else None
            if level is None or cl is None:
                return lm.CaseLevelView(
                    case_id=case_id, level_id=None, level="", position=0, since=None, due_on=None, unit="",
                    days_left=None, flagged=False, has_result=has_result, next_level_id=views[0].id if views else None,
                    next_level=views[0].name if views else "", history=tuple(history), levels=views, may_change=may)
            calendar = work_calendar(s)
            return lm.CaseLevelView(
                case_id=case_id, level_id=level.id, level=level.name, position=position, since=cl.since,
                due_on=cl.due_on, unit=level.unit,
                days_left=days_left(today, cl.due_on, ClockUnit(level.unit), calendar),
                flagged=is_flagged(today, cl.due_on, has_result),
                has_result=has_result, next_level_id=nxt.id if nxt else None, next_level=nxt.name if nxt else "",
                history=tuple(history), levels=views, may_change=may)

    def set_level(self, actor: Actor, case_id: uuid.UUID, to_level_id: uuid.UUID | None, reason: str = "") -> Changes:
        """Put the case at ``to_level_id`` (``None``: off the ladder). Up the ladder is an escalation;
        down the ladder or off it needs a reason. The move is kept in the case's history and audited."""
        reason = self.cleaned_texts(reason=reason)["reason"].strip()
        with self.db.write() as s:
            case = self.load_case(s, actor, case_id)
            move_level_in(self, s, actor, case, to_level_id, reason)
            return self.changes(s, ChangeKind.LEVEL, case_id)

    def escalate(self, actor: Actor, case_id: uuid.UUID, reason: str = "",
                 to_level_id: uuid.UUID | None = None) -> Changes:
        """Up the ladder: to ``to_level_id`` or the next level. Without words, only once the days ran out."""
        if to_level_id is None:
            view = self.case_level(actor, case_id)
            if view.level_id is None:
                raise ValidationFailed({"level": _("The case is not on the ladder; set its level first.")})
            if view.next_level_id is None:
                raise ValidationFailed({"level": _("The case already stands at the top of the ladder.")})
            to_level_id = view.next_level_id
        with self.db.read() as s:
            positions = {lv.id: n for n, lv in enumerate(ql.levels(s), start=1)}
            cl = s.get(CaseLevelRecord, case_id)
            if cl is not None and positions.get(to_level_id, 0) <= positions.get(cl.level_id, 0):
                raise ValidationFailed({"level": _("Escalation goes to a higher level.")})
        return self.set_level(actor, case_id, to_level_id, reason)

    # -- lists and figures --------------------------------------------------------------------------
    def flagged(self, actor: Actor, committee_id: uuid.UUID | None = None) -> builtins.list[lm.FlaggedCaseView]:
        """Every open case whose days at its level ran out (all of them, the longest overdue first)."""
        self.require_role(actor)
        scope = actor.visible_committees()
        if committee_id is not None:
            if not actor.sees(committee_id):
                raise PermissionDenied(_("You may see your own committee's work only."))
            scope = frozenset({committee_id})
        today = self.clock.today()
        with self.db.read() as s:
            ladder = ql.levels(s)
            names = self._names(s)
            nxt = {lv.id: (ladder[n].name if n < len(ladder) else "") for n, lv in enumerate(ladder, start=1)}
            return [lm.FlaggedCaseView(case_id=c.id, case_number=c.number, committee_id=c.committee_id,
                                       level=names.get(cl.level_id, ""), since=cl.since, due_on=cl.due_on,
                                       days_over=(today - cl.due_on).days, next_level=nxt.get(cl.level_id, ""))
                    for c, cl in ql.flagged(s, scope, today)]

    def results_by_level(self, actor: Actor, period: Period) -> tuple[lm.LevelResultRow, ...]:
        """Cases that reached their result in ``period`` at each level of the ladder (the level they
        stood at when concluded), with how many of them by agreement; every level listed, even at 0."""
        self.require_role(actor)
        with self.db.read() as s:
            first: dict[uuid.UUID, tuple[uuid.UUID, str, dt.datetime]] = {}
            for case_id, level_id, status, at in ql.concluded_on_ladder(s, actor.visible_committees(), RESULTS):
                first.setdefault(case_id, (level_id, status, at))
            counts: dict[uuid.UUID, list[int]] = {}
            for level_id, status, at in first.values():
                if period.start <= at.astimezone().date() <= period.end:
                    row = counts.setdefault(level_id, [0, 0])
                    row[0] += 1
                    row[1] += status in AGREEMENT_RESULTS
            rows = [lm.LevelResultRow(level=lv.name, concluded=counts.get(lv.id, [0, 0])[0],
                                      agreed=counts.get(lv.id, [0, 0])[1]) for lv in ql.levels(s)]
            names = self._names(s)
            rows += [lm.LevelResultRow(level=names[i], concluded=c[0], agreed=c[1])
                     for i, c in counts.items() if i not in {lv.id for lv in ql.levels(s)}]
            return tuple(rows)


def move_level_in(svc: ServiceBase, s: Any, actor: Actor, case: CaseRecord, to_level_id: uuid.UUID | None,
                  reason: str) -> LevelMove:
    """The one rule that moves a case on the ladder, inside the caller's transaction (the Level part,
    the command line and the intake's starting level): only to a level the ladder offers now (never a
    removed one), a reason to go down or off the ladder or to escalate before the days run out, the
    move kept in the case's history and audited. ``reason`` is already cleaned."""
    if case.status not in LISTED_OPEN:
        raise ValidationFailed(message=_("The case has its result; its level no longer changes."))
    today = svc.clock.today()
    ladder = ql.levels(s)
    positions = {lv.id: n for n, lv in enumerate(ladder, start=1)}
    target = next((lv for lv in ladder if lv.id == to_level_id), None)
    if to_level_id is not None and target is None:
        raise NotFound(_("No such level on the ladder."))
    cl: CaseLevelRecord | None = s.get(CaseLevelRecord, case.id)
    before = cl.level_id if cl else None
    if before == to_level_id:
        raise ValidationFailed({"level": _("The case already stands at this level.")})
    if before is None:
        move = LevelMove.SET
    elif to_level_id is None:
        move = LevelMove.CLEAR
    elif positions[to_level_id] > positions.get(before, 0):
        move = LevelMove.ESCALATE
    else:
        move = LevelMove.DEESCALATE
    stored: str | None = reason or None
    if move in (LevelMove.DEESCALATE, LevelMove.CLEAR) and not reason:
        raise ValidationFailed({"reason": _("Say why the case goes back down the ladder.")
                                if move is LevelMove.DEESCALATE
                                else _("Say why the case is taken off the ladder.")})
    if move is LevelMove.ESCALATE and not reason:
        if cl is None or not is_flagged(today, cl.due_on, False):
            raise ValidationFailed({"reason": _("Say why the case is escalated before its days run out.")})
        stored = DAYS_RAN_OUT
    if target is None:
        assert cl is not None
        s.delete(cl)
    else:
        due = rule_of(target).due(today, work_calendar(s))
        if cl is None:
            s.add(CaseLevelRecord(case_id=case.id, level_id=target.id, since=today, due_on=due))
        else:
            cl.level_id, cl.since, cl.due_on = target.id, today, due
    past = ql.events(s, case.id)
    at = svc.clock.now()
    if past and _aware(past[-1].at) >= at:  # same instant by the clock: keep the order recorded
        at = _aware(past[-1].at) + dt.timedelta(microseconds=1)
    s.add(CaseLevelEventRecord(case_id=case.id, move=str(move), from_level_id=before,
                               to_level_id=to_level_id, at=at, on=today,
                               by_user_id=actor.user_id, reason=stored))
    names = {lv.id: lv.name for lv in ql.levels(s, active_only=False)}
    svc.audit(s, actor, f"case.level_{move}", "case", case.id, case.id,
              {"from": names.get(before) if before else None,
               "to": target.name if target else None, "reason": stored})
    return move
