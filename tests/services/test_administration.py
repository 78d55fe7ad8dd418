"""Keeping the roster, the accounts and the committee's settings."""

from __future__ import annotations

import pytest

from mediation_app.domain.enums import CommitteeKind, DeadlineRule, Role, Sex
from mediation_app.services.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from tests.factories import make_case, market_case_input


def test_roster_and_accounts(services, admin) -> None:
    services.accounts.add_mediator(admin, "韩秀英", Sex.FEMALE, "30", "汉语、藏语", True, "婚姻家庭", "13997001111")
    han = next(m for m in services.accounts.mediators(admin) if m.name == "韩秀英")
    assert (han.ethnicity, han.languages, han.full_time) == ("30", "汉语、藏语", True)
    services.accounts.create_user(admin, "hanxy", "韩2026-pass", "韩秀英", Role.MEDIATOR, mediator_id=han.id)
    user = services.accounts.authenticate("hanxy", "韩2026-pass")
    assert user.mediator_id == han.id and user.role is Role.MEDIATOR
    with pytest.raises(PermissionDenied):
        services.accounts.create_user(user, "x", "x2026-pass", "x", Role.ADMIN)
    services.accounts.update_mediator(admin, han.id, "韩秀英", Sex.FEMALE, "30", "汉语、藏语、土族语", True)
    services.accounts.set_mediator_active(admin, han.id, False)
    assert "韩秀英" not in {m.name for m in services.accounts.mediators(admin)}
    assert "韩秀英" in {m.name for m in services.accounts.mediators(admin, active_only=False)}
    with pytest.raises(ValidationFailed, match="at least 10 characters"):
        services.accounts.reset_password(admin, user.user_id, "short")
    services.accounts.reset_password(admin, user.user_id, "新的2026-pass")
    services.accounts.set_user_active(admin, user.user_id, False)
    with pytest.raises(AuthenticationFailed):
        services.accounts.authenticate("hanxy", "新的2026-pass")
    with pytest.raises(ValidationFailed, match="your own account"):
        services.accounts.set_user_active(admin, admin.user_id, False)


def test_committee_settings_apply_to_new_numbers_only(services, admin) -> None:
    first = make_case(services, admin, accepted=False, consented=False, assigned=False)
    old_number = services.cases.detail(admin, first).number
    assert services.setup.preview_next_number(admin, "{short}{word}[{year}]{serial:04d}号", "集散") == \
        "集散人调字[2026]0002号"
    with pytest.raises(ValidationFailed) as exc:
        services.setup.update_committee(admin, "调委会", "集散", CommitteeKind.CENTRE, "{short}无序号", DeadlineRule.THIRTY_DAYS)
    assert "number_pattern" in exc.value.field_errors
    services.setup.update_committee(admin, "青藏高原农副产品集散中心人民调解委员会", "集散", CommitteeKind.INDUSTRY_MARKET,
                                    "{short}{word}[{year}]{serial:04d}号", DeadlineRule.THIRTY_DAYS)
    changes = services.intake.register(admin, market_case_input(), accept=True)
    assert changes.number == "集散人调字[2026]0002号"
    assert services.cases.detail(admin, first).number == old_number  # issued numbers never change
    detail = services.cases.detail(admin, changes.created_id)
    assert (detail.deadline_on - detail.accepted_on).days == 30
