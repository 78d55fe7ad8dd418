"""中心吹哨、部门报到: the department's sign-in on a referral slip and the slips the centre presses (督办)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from mediation_app.domain.enums import CommitteeKind, ReferralStatus
from mediation_app.services import Services
from mediation_app.services.errors import PermissionDenied, ValidationFailed
from mediation_app.services.referrals import log_label
from tests.factories import TODAY, make_case
from tests.services.screening_fixture import VILLAGE, add_committee
from tests.services.test_referrals import MARKET_OFFICE


def _issue(services: Services, actor, case_id=None, deadline=None):
    return services.referrals.issue(actor, case_id, MARKET_OFFICE, "摊位电子秤疑似被改动，需计量复核。",
                                    deadline=deadline).created_id


def test_not_signed_in_within_the_hours_then_signed_in(services: Services, admin) -> None:
    case_id = make_case(services, admin)
    slip = _issue(services, admin, case_id, deadline=TODAY + dt.timedelta(days=7))
    assert services.supervision.sign_in_hours(admin) == 24
    assert services.supervision.to_supervise(admin) == []  # issued today at 09:00: the hours are not over
    services.clock.set(TODAY + dt.timedelta(days=1))  # type: ignore[attr-defined]
    items = services.supervision.to_supervise(admin)
    assert [(i.referral_id, i.not_signed_in, i.past_deadline, i.reminders) for i in items] == [(slip, True, False, 0)]
    # 督办: the reminder stamps the slip
    services.referrals.remind(admin, slip, "电话催办，对方称明日上午派员到场")
    item = services.supervision.to_supervise(admin)[0]
    assert (item.reminders, item.last_reminded_on) == (1, TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        services.supervision.record_sign_in(admin, slip, "  ")
    assert set(exc.value.field_errors) == {"by_name"}
    at = dt.datetime(2026, 11, 3, 8, 30, tzinfo=dt.UTC)
    services.supervision.record_sign_in(admin, slip, "城北区市场监管局 王科长", at=at)
    view = services.supervision.sign_in(admin, slip)
    assert (view.signed_in_at, view.signed_in_by) == (at, "城北区市场监管局 王科长")
    assert services.supervision.to_supervise(admin) == []
    referral = services.referrals.get(admin, slip)
    assert referral.status == ReferralStatus.RECEIVED
    assert [(code, note) for _on, code, note in referral.log][-2:] == [
        ("sign_in", "城北区市场监管局 王科长"), ("received", None)]
    assert log_label("sign_in") == "The department signed in (报到)"
    with pytest.raises(ValidationFailed, match="already signed in"):
        services.supervision.record_sign_in(admin, slip, "王科长")
    # past the deadline with no feedback: pressed again, though signed in
    services.clock.set(TODAY + dt.timedelta(days=8))  # type: ignore[attr-defined]
    items = services.supervision.to_supervise(admin)
    assert [(i.not_signed_in, i.past_deadline, i.reminders) for i in items] == [(False, True, 1)]
    services.referrals.update_status(admin, slip, ReferralStatus.FEEDBACK, "已复秤，电子秤误差超标，已责令整改")
    assert services.supervision.to_supervise(admin) == []


def test_hours_setting_and_sign_in_checks(services: Services, admin) -> None:
    slip = _issue(services, admin)
    with pytest.raises(ValidationFailed):
        services.supervision.set_sign_in_hours(admin, 0)
    services.supervision.set_sign_in_hours(admin, 4)
    assert services.supervision.sign_in_hours(admin) == 4
    services.clock._hour = 14  # type: ignore[attr-defined]  # five hours after issue the same day
    assert [i.referral_id for i in services.supervision.to_supervise(admin)] == [slip]
    with pytest.raises(ValidationFailed) as exc:
        services.supervision.record_sign_in(admin, slip, "王科长", at=dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC))
    assert set(exc.value.field_errors) == {"at"}
    with pytest.raises(ValidationFailed) as exc:
        services.supervision.record_sign_in(admin, slip, "王科长", at=dt.datetime(2026, 11, 5, 9, tzinfo=dt.UTC))
    assert set(exc.value.field_errors) == {"at"}


def test_another_committee_neither_sees_nor_signs_in(services: Services, admin) -> None:
    village_id = add_committee(services, VILLAGE, "元树尔", CommitteeKind.VILLAGE)
    village = replace(admin, committee_id=village_id, memberships=())
    slip = _issue(services, admin)
    services.clock.set(TODAY + dt.timedelta(days=2))  # type: ignore[attr-defined]
    assert services.supervision.to_supervise(village) == []
    with pytest.raises(PermissionDenied):
        services.supervision.record_sign_in(village, slip, "王科长")
    with pytest.raises(PermissionDenied):
        services.supervision.to_supervise(village, admin.committee_id)
    centre = replace(admin, centre_head=True)
    assert [i.referral_id for i in services.supervision.to_supervise(centre)] == [slip]
