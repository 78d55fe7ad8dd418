"""How many originals an agreement is made in: never fewer than one for each party and one for the
committee (law Art. 29), so that the printed wording and the copies printed agree."""

from __future__ import annotations

import dataclasses

import pytest

from mediation_app.services import Services
from mediation_app.services.agreements import AgreementInput
from mediation_app.services.context import Actor
from mediation_app.services.errors import ValidationFailed
from tests.documents.conftest import pdf_text, squash
from tests.factories import make_case
from tests.services.test_followup import hold_meeting


def _draft(originals: int | None) -> AgreementInput:
    return AgreementInput(facts="申请人购进被申请人苹果120箱，运输途中损坏38箱。", issues="余款如何支付。",
                          responsibilities="双方各自承担一半损失。", terms=("申请人于2026年12月15日前支付余款16,400元。",),
                          performance_method="银行转账", performance_place="西宁市", recorder_name="王书记",
                          originals_override=originals)


def test_fewer_originals_than_parties_and_committee_are_refused(services: Services, admin: Actor) -> None:
    case_id = make_case(services, admin)
    hold_meeting(services, admin, case_id)
    with pytest.raises(ValidationFailed) as refused:
        services.agreements.save_draft(admin, case_id, _draft(2))
    assert "3" in refused.value.field_errors["originals_override"]
    assert services.cases.detail(admin, case_id).current_agreement is None  # nothing saved
    services.agreements.save_draft(admin, case_id, dataclasses.replace(_draft(4)))  # one more, for the court
    number = services.cases.detail(admin, case_id).number
    draft = services.documents.render(admin, number, "agreement", draft=True)
    text = squash(pdf_text(draft.pdf))  # the wording and the copies printed agree
    assert "一式四份，当事人各执一份，人民调解委员会留存一份，另一份备存。" in text
