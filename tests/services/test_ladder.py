"""The centre's ladder of levels ("四级七天"): definition, days at a level, the flag, escalation
history and audit, permissions and the cases concluded at each level."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from mediation_app.domain.enums import Role
from mediation_app.domain.ladder import LevelMove, days_left, ladder_problems
from mediation_app.domain.market import ClockUnit, WorkCalendar
from mediation_app.domain.statistics import Period
from mediation_app.services import Services
from mediation_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from mediation_app.services.ladder.read_models import LevelInput
from mediation_app.storage.models import AuditRecord, CaseLevelEventRecord
from tests.factories import TODAY, make_case
from tests.services.screening_fixture import hold_meeting

GAOTAI = (("网格员", 7), ("村(社区)调委会", 7), ("乡镇(街道)综治中心", 7), ("乡镇领导", 7))


def define(services: Services, admin, unit: str = "calendar") -> list:
    services.ladder.set_ladder(admin, [LevelInput(name=n, days=d, unit=unit) for n, d in GAOTAI])
    return list(services.ladder.ladder(admin))


def test_domain_rules_of_a_ladder() -> None:
    assert ladder_problems([("网格员", 7, "calendar"), ("村调委会", 7, "working")]) == {}
    errors = ladder_problems([("网格员", 7, "calendar"), ("网格员", 7, "calendar"), ("", 3, "calendar"),
                              ("镇领导", 0, "calendar"), ("镇党委", 3, "weeks")])
    assert set(errors) == {"level_2", "level_3", "level_4", "level_5"}
    assert "网格员" in errors["level_2"] and "between 1 and 365" in errors["level_4"]
    cal = WorkCalendar()
    # from 30 September to 12 October: 1-7 October are the National Day holidays; 8, 9, 10 (a make-up
    # working Saturday) and 12 October are the working days left
    assert days_left(dt.date(2026, 9, 30), dt.date(2026, 10, 12), ClockUnit.WORKING, cal) == 4
    assert days_left(dt.date(2026, 10, 14), dt.date(2026, 10, 12), ClockUnit.WORKING, cal) == -2
    assert days_left(dt.date(2026, 11, 2), dt.date(2026, 11, 9), ClockUnit.CALENDAR, cal) == 7


def test_define_validate_and_keep_levels(services: Services, admin) -> None:
    levels = define(services, admin)
    assert [(v.position, v.name, v.days, v.description) for v in levels] == [
        (n, name, 7, "within 7 days") for n, (name, _d) in enumerate(GAOTAI, start=1)]
    with pytest.raises(ValidationFailed) as exc:
        services.ladder.set_ladder(admin, [LevelInput(name="网格员", days=7), LevelInput(name="网格员", days=400)])
    assert set(exc.value.field_errors) == {"level_2"}
    assert len(services.ladder.ladder(admin)) == 4  # nothing half-saved
    # a case at the second level keeps it when the ladder is reordered, and blocks its removal
    case_id = make_case(services, admin)
    services.ladder.set_level(admin, case_id, levels[1].id)
    with pytest.raises(ValidationFailed, match="Open cases stand at “村\\(社区\\)调委会”"):
        services.ladder.set_ladder(admin, [LevelInput(id=levels[0].id, name="网格员", days=7)])
    services.ladder.set_ladder(admin, [LevelInput(id=v.id, name=v.name, days=v.days) for v in levels[:2]])
    assert services.ladder.case_level(admin, case_id).level == "村(社区)调委会"
    assert [a[0] for a in _audit(services, "ladder.set")] == ["ladder.set"] * 2


def _audit(services: Services, action: str) -> list:
    with services.db.read() as s:
        return [(a.action, json.loads(a.details)) for a in s.scalars(select(AuditRecord).where(AuditRecord.action == action))]


def test_only_an_administrator_or_the_centres_head_defines_it(services: Services, admin) -> None:
    head = replace(admin, roles=frozenset({Role.HEAD}), role=Role.HEAD, memberships=())
    with pytest.raises(PermissionDenied, match="administrator or the centre's head"):
        services.ladder.set_ladder(head, [LevelInput(name="网格员", days=7)])
    services.ladder.set_ladder(replace(head, centre_head=True), [LevelInput(name="网格员", days=7)])
    assert [v.name for v in services.ladder.ladder(head)] == ["网格员"]
    with pytest.raises(PermissionDenied):
        services.supervision.set_sign_in_hours(head, 12)


def test_deadline_in_calendar_and_working_days(services: Services, admin) -> None:
    levels = define(services, admin, unit="working")
    case_id = make_case(services, admin)
    services.clock.set(dt.date(2026, 9, 30))  # type: ignore[attr-defined]
    services.ladder.set_level(admin, case_id, levels[0].id)
    view = services.ladder.case_level(admin, case_id)
    # 7 working days after 30 September skip the National Day holidays and the weekend, the make-up
    # working Saturday 10 October counts: 8, 9, 10, 12, 13, 14, 15 October
    assert (view.since, view.due_on, view.days_left, view.flagged) == (
        dt.date(2026, 9, 30), dt.date(2026, 10, 15), 7, False)
    # the level's days change to calendar days: the open case gets its due day again
    services.ladder.set_ladder(admin, [LevelInput(id=v.id, name=v.name, days=v.days, unit="calendar") for v in levels])
    assert services.ladder.case_level(admin, case_id).due_on == dt.date(2026, 10, 7)


def test_flag_escalation_history_and_audit(services: Services, admin) -> None:
    levels = define(services, admin)
    case_id = make_case(services, admin)
    services.ladder.set_level(admin, case_id, levels[0].id)
    assert services.ladder.flagged(admin) == []
    with pytest.raises(ValidationFailed, match="before its days run out"):
        services.ladder.escalate(admin, case_id)
    services.clock.set(TODAY + dt.timedelta(days=7))  # type: ignore[attr-defined]
    assert services.ladder.flagged(admin) == []  # the last day is still the level's
    services.clock.set(TODAY + dt.timedelta(days=8))  # type: ignore[attr-defined]
    flagged = services.ladder.flagged(admin)
    assert [(f.case_id, f.level, f.days_over, f.next_level) for f in flagged] == [
        (case_id, "网格员", 1, "村(社区)调委会")]
    view = services.ladder.case_level(admin, case_id)
    assert view.flagged and view.days_left == -1 and view.next_level == "村(社区)调委会"
    services.ladder.escalate(admin, case_id)  # the flag itself is the reason
    view = services.ladder.case_level(admin, case_id)
    assert (view.level, view.since, view.flagged) == ("村(社区)调委会", TODAY + dt.timedelta(days=8), False)
    assert services.ladder.flagged(admin) == []
    with pytest.raises(ValidationFailed, match="goes back down the ladder"):
        services.ladder.set_level(admin, case_id, levels[0].id)
    services.ladder.set_level(admin, case_id, levels[0].id, reason="网格员已约双方明日到场")
    services.ladder.escalate(admin, case_id, reason="当事人要求村调委会介入", to_level_id=levels[2].id)
    history = services.ladder.case_level(admin, case_id).history
    assert [(h.move, h.from_level, h.to_level, h.reason, h.by) for h in history] == [
        (LevelMove.SET, "", "网格员", "", "马调解"),
        (LevelMove.ESCALATE, "网格员", "村(社区)调委会", "The days at the level ran out without a result.", "马调解"),
        (LevelMove.DEESCALATE, "村(社区)调委会", "网格员", "网格员已约双方明日到场", "马调解"),
        (LevelMove.ESCALATE, "网格员", "乡镇(街道)综治中心", "当事人要求村调委会介入", "马调解"),
    ]
    escalations = _audit(services, "case.level_escalate")
    assert [(a, d["from"], d["to"]) for a, d in escalations] == [
        ("case.level_escalate", "网格员", "村(社区)调委会"), ("case.level_escalate", "网格员", "乡镇(街道)综治中心")]
    assert len(_audit(services, "case.level_deescalate")) == 1
    with pytest.raises(ValidationFailed, match="higher level"):
        services.ladder.escalate(admin, case_id, reason="x", to_level_id=levels[1].id)
    with pytest.raises(NotFound):
        services.ladder.set_level(admin, case_id, levels[0].id.__class__(int=1), reason="x")
    with pytest.raises(ValidationFailed, match="taken off the ladder"):
        services.ladder.set_level(admin, case_id, None)
    with services.db.read() as s:
        assert len(list(s.scalars(select(CaseLevelEventRecord)))) == 4  # append-only, nothing rewritten


def test_a_mediator_not_on_the_case_cannot_move_it(services: Services, admin) -> None:
    levels = define(services, admin)
    case_id = make_case(services, admin, assigned=False)
    other = replace(admin, roles=frozenset({Role.MEDIATOR}), role=Role.MEDIATOR, memberships=(),
                    mediator_id=None)
    with pytest.raises(PermissionDenied):
        services.ladder.set_level(other, case_id, levels[0].id)
    assert "assigned" in services.ladder.case_level(other, case_id).may_change


def test_results_by_level_in_a_period(services: Services, admin) -> None:
    levels = define(services, admin)
    agreed, failed, open_case, unladdered = (make_case(services, admin) for _ in range(4))
    for case_id in (agreed, failed, open_case):
        services.ladder.set_level(admin, case_id, levels[0].id)
    services.ladder.set_level(admin, failed, levels[1].id, reason="网格员调解未果")
    hold_meeting(services, admin, agreed)
    services.agreements.record_oral(admin, agreed, ("李建国当日退还多收货款300元。",), "缺斤短两")
    services.outcomes.terminate(admin, failed, "双方分歧大", ("lawsuit",))
    services.outcomes.terminate(admin, unladdered, "双方分歧大", ("lawsuit",))
    rows = services.ladder.results_by_level(admin, Period.parse("2026-11"))
    assert [(r.level, r.concluded, r.agreed) for r in rows] == [
        ("网格员", 1, 1), ("村(社区)调委会", 1, 0), ("乡镇(街道)综治中心", 0, 0), ("乡镇领导", 0, 0)]
    assert all(r.concluded == 0 for r in services.ladder.results_by_level(admin, Period.parse("2026-10")))
    with pytest.raises(ValidationFailed, match="has its result"):
        services.ladder.escalate(admin, failed, reason="x")
