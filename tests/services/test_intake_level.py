"""The level a case starts at on the ladder, chosen at intake: set by the same rule as every move on
the ladder (kept in the case's history, audited), only among the levels the ladder offers now."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from mediation_app.domain.ladder import LevelMove
from mediation_app.i18n import set_language
from mediation_app.services import Services
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.intake import Refusal
from mediation_app.services.ladder.read_models import LevelInput
from mediation_app.storage.models import AuditRecord, CaseRecord
from tests.factories import TODAY, market_case_input
from tests.services.test_ladder import define


def _audit(services: Services, case_id) -> list[tuple[str, dict]]:
    with services.db.read() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.case_id == case_id).order_by(AuditRecord.seq))
        return [(a.action, json.loads(a.details)) for a in rows]


def _cases(services: Services) -> int:
    with services.db.read() as s:
        return len(list(s.scalars(select(CaseRecord.id))))


def test_a_case_starts_at_the_level_chosen_at_intake(services: Services, admin) -> None:
    set_language("en")
    levels = define(services, admin)
    centre = levels[2]  # a dispute the centre itself takes
    case_id = services.intake.register(admin, replace(market_case_input(), ladder_level_id=centre.id),
                                       accept=True).created_id
    view = services.ladder.case_level(admin, case_id)
    assert (view.level_id, view.level, view.position, view.since) == (centre.id, "乡镇(街道)综治中心", 3, TODAY)
    assert view.due_on is not None and view.next_level == "乡镇领导"
    assert [(e.move, e.from_level, e.to_level, e.reason) for e in view.history] == [
        (str(LevelMove.SET), "", "乡镇(街道)综治中心", "")]
    actions = [a for a, _d in _audit(services, case_id)]
    assert actions.index("case.register") < actions.index("case.level_set") < actions.index("case.accept")
    assert dict(_audit(services, case_id))["case.level_set"] == {"from": None, "to": "乡镇(街道)综治中心",
                                                                  "reason": None}
    # from there it moves as any case on the ladder does
    services.ladder.escalate(admin, case_id, "镇领导包案", to_level_id=levels[3].id)
    assert services.ladder.case_level(admin, case_id).level == "乡镇领导"


def test_without_a_level_the_case_is_not_on_the_ladder(services: Services, admin) -> None:
    define(services, admin)
    case_id = services.intake.register(admin, market_case_input(), accept=True).created_id
    view = services.ladder.case_level(admin, case_id)
    assert view.level_id is None and view.history == ()
    assert "case.level_set" not in [a for a, _d in _audit(services, case_id)]


def test_a_level_the_ladder_does_not_offer_is_refused_in_words(services: Services, admin) -> None:
    set_language("en")
    levels = define(services, admin)
    # the ladder loses its top level: a form still offering it is refused, nothing is registered
    services.ladder.set_ladder(admin, [LevelInput(id=v.id, name=v.name, days=v.days) for v in levels[:3]])
    before = _cases(services)
    with pytest.raises(ValidationFailed) as exc:
        services.intake.register(admin, replace(market_case_input(), ladder_level_id=levels[3].id), accept=True)
    assert exc.value.field_errors == {"ladder_level": "The level “乡镇领导” was removed from the ladder; choose one "
                                                      "of the levels it offers now."}
    with pytest.raises(ValidationFailed) as exc:
        services.intake.register(admin, replace(market_case_input(), ladder_level_id=admin.user_id))
    assert exc.value.field_errors == {"ladder_level": "That level is not on the centre's ladder; choose one of the "
                                                      "levels it offers now."}
    set_language("zh_CN")
    with pytest.raises(ValidationFailed) as exc:
        services.intake.register(admin, replace(market_case_input(), ladder_level_id=levels[3].id))
    assert "乡镇领导" in exc.value.message and "removed" not in exc.value.message
    # not accepted and put on the ladder at once: refused, nothing half-saved
    code = services.reference.lookups("refusal_reason")[0].code
    route = services.reference.lookups("route")[0].code
    set_language("en")
    with pytest.raises(ValidationFailed) as exc:
        services.intake.register(admin, replace(market_case_input(), ladder_level_id=levels[0].id),
                                 refusal=Refusal(code, (route,), "说明"))
    assert "not accepted is not put on the ladder" in exc.value.field_errors["ladder_level"]
    assert _cases(services) == before


def test_the_window_leaves_the_level_to_the_committee_that_takes_the_dispute(services: Services) -> None:
    from tests.services.centre import build_centre

    set_language("en")
    c = build_centre(services)
    levels = define(services, c.admin)
    before = _cases(services)
    with pytest.raises(ValidationFailed) as exc:
        services.routing.register(c.window, replace(market_case_input(), ladder_level_id=levels[2].id))
    assert exc.value.field_errors == {"ladder_level": "A dispute registered at the window is put on the ladder of "
                                                      "levels by the committee that takes it."}
    assert _cases(services) == before
