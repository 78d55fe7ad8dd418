"""An agreement a court confirmed invalid (law Art. 33): nothing of it is reminded any more, it cannot
be submitted again, and the parties may mediate again — the agreement stays in the file, superseded,
and a new one is drafted, signed and submitted for confirmation on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_app.domain.enums import CaseStatus, ConfirmationOutcome
from mediation_app.domain.lifecycle import Action
from mediation_app.services import Services
from mediation_app.services.context import Actor
from mediation_app.services.errors import GuardRefused
from tests.factories import TODAY, make_case
from tests.services.test_due_corrections import kinds_on
from tests.services.test_followup import FIRST_DUE, effective_agreement
from tests.services.test_today_overview import COURT

RULED = TODAY + dt.timedelta(days=9)


def _invalid(services: Services, admin: Actor):
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)  # two instalments, 11-15 and 12-15; effective on TODAY
    services.clock.set(TODAY + dt.timedelta(days=2))
    applied = services.confirmation.apply(admin, case_id, COURT, "domicile", services.clock.today()).created_id
    services.clock.set(RULED)
    services.confirmation.record_outcome(admin, case_id, applied, ConfirmationOutcome.INVALID, RULED,
                                         court_case_number="（2026）青0105民特31号")
    return case_id


def test_nothing_of_an_agreement_confirmed_invalid_is_reminded(services: Services, admin: Actor) -> None:
    case_id = _invalid(services, admin)
    for day in (FIRST_DUE - dt.timedelta(days=2), FIRST_DUE + dt.timedelta(days=5)):
        services.clock.set(day)
        today, page = kinds_on(services, admin, case_id)
        assert today == page == set(), day  # no instalment, visit or confirmation window of it
    detail = services.cases.detail(admin, case_id)
    assert not detail.blocked[Action.MEDIATE_AGAIN.value]
    assert any("Art. 33" in r for r in detail.blocked[Action.APPLY_CONFIRMATION.value])


def test_the_parties_mediate_again_and_a_new_agreement_is_confirmed_on_its_own(services: Services,
                                                                              admin: Actor) -> None:
    case_id = _invalid(services, admin)
    old = services.cases.detail(admin, case_id).current_agreement
    assert old is not None
    services.clock.set(RULED + dt.timedelta(days=3))
    services.confirmation.mediate_again(admin, case_id, reason="双方同意重新调解，变更原协议。")
    detail = services.cases.detail(admin, case_id)
    assert detail.status == CaseStatus.MEDIATING and detail.current_agreement is None
    resumed = RULED + dt.timedelta(days=3)
    # a new period of mediation from the day it resumed (the committee's rule: one calendar month)
    assert detail.deadline_on == dt.date(2026, 12, 14) and detail.deadline_on > resumed
    assert detail.history[-1].reason == "双方同意重新调解，变更原协议。"
    assert kinds_on(services, admin, case_id) == (set(), set())  # nothing of the old agreement
    services.clock.set(detail.deadline_on - dt.timedelta(days=3))
    today, page = kinds_on(services, admin, case_id)
    assert today == page == {("mediation", detail.deadline_on)}
    services.clock.set(resumed)
    with pytest.raises(GuardRefused):  # once only: there is no agreement in force to set aside now
        services.confirmation.mediate_again(admin, case_id)

    effective_agreement(services, admin, case_id, instalments=False,
                        terms=("被申请人同意核减货款7,600元。", "申请人于2026年12月31日前一次付清余款16,400元。"))
    new = services.cases.detail(admin, case_id).current_agreement
    assert new is not None and new.id != old.id and new.number != old.number
    # the window of the new agreement runs from its own effect, and the old ruling does not bar it
    closes = resumed + dt.timedelta(days=30)
    services.clock.set(closes - dt.timedelta(days=3))
    today, page = kinds_on(services, admin, case_id)
    assert ("confirmation", closes) in today and today == page
    services.confirmation.apply(admin, case_id, COURT, "domicile", services.clock.today())
    assert services.cases.detail(admin, case_id).status in (CaseStatus.AGREEMENT_EFFECTIVE, CaseStatus.PERFORMING)


def test_mediation_starts_again_only_after_a_ruling_of_invalidity(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    effective_agreement(services, admin, case_id)
    with pytest.raises(GuardRefused) as exc:
        services.confirmation.mediate_again(admin, case_id)
    assert "Art. 33" in str(exc.value)
    assert services.cases.detail(admin, case_id).status == CaseStatus.AGREEMENT_EFFECTIVE
