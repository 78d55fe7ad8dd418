"""Which committees keep an advance compensation fund: one keeps it once anything is recorded in it
(the first top-up), and only its cases say they have a Fund part; a reversed top-up does not undo it."""

from __future__ import annotations

import pytest

from mediation_app.services import Services
from mediation_app.services.errors import PermissionDenied
from mediation_app.services.market.read_models import MerchantInput
from tests.factories import TODAY, make_case
from tests.services.centre import build_centre, open_case


def test_a_committee_keeps_a_fund_from_its_first_top_up(services: Services) -> None:
    c = build_centre(services)
    market_case = make_case(services, c.admin)
    centre_case = open_case(c, c.centre_head, c.centre_mediator)
    assert not services.fund.keeps_fund(c.admin) and not services.cases.detail(c.admin, market_case).keeps_fund
    services.merchants.add(c.admin, MerchantInput(stall_number="B-117", name="建国果业", business_type="水果批发",
                                                  operator_name="李建国"))
    assert not services.fund.keeps_fund(c.admin)  # a merchant registry alone is no fund

    topup = services.fund.topup(c.admin, amount="5,000", paid_in_on=TODAY, source="商户保证金").created_id
    assert topup is not None
    assert services.fund.keeps_fund(c.admin) and services.cases.detail(c.admin, market_case).keeps_fund
    # the centre's own committee never recorded anything in a fund: its cases have no Fund part
    assert not services.fund.keeps_fund(c.centre_head)
    assert not services.cases.detail(c.centre_head, centre_case).keeps_fund
    assert not services.fund.keeps_fund(c.admin, c.centre_id)  # the administrator asks of any committee
    with pytest.raises(PermissionDenied):
        services.fund.keeps_fund(c.market_mediator, c.centre_id)  # another committee's fund is not its business

    services.fund.reverse(c.admin, topup, reason="记错金额")  # a mistake is reversed: the fund stays kept
    assert services.fund.keeps_fund(c.admin) and services.cases.detail(c.admin, market_case).keeps_fund
