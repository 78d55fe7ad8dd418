from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from mediation_app.domain.agreement_check import (
    AgreementDraft,
    PartyParticulars,
    check_agreement,
    execution_missing,
)
from mediation_app.domain.enums import DisputeType, PartyKind, Sex
from mediation_app.domain.validation import Issue

BUYER = PartyParticulars(
    key="p1",
    kind=PartyKind.NATURAL,
    name="王芳",
    sex=Sex.FEMALE,
    ethnicity="03",
    age=41,
    occupation="个体户",
    contact="13800138000",
    address="西宁市城北区",
    legal_rep_name=None,
    legal_rep_title=None,
)
SELLER = PartyParticulars(
    key="p2",
    kind=PartyKind.LEGAL,
    name="某某果品有限公司",
    sex=None,
    ethnicity=None,
    age=None,
    occupation=None,
    contact=None,
    address="西宁市城北区某路1号",
    legal_rep_name="李强",
    legal_rep_title="经理",
)
DRAFT = AgreementDraft(
    parties=(BUYER, SELLER),
    facts="运输途中水果损坏，双方对价款发生争议。",
    issues="损坏部分的价款由谁承担。",
    terms=("乙方减收货款人民币贰仟元整（¥2,000.00）。", "甲方于2026年6月1日前付清余款。"),
    performance_method="银行转账",
    performance_place="西宁市",
    performance_deadline=date(2026, 6, 1),
    obligation_due_dates=(),
    originals_override=None,
    executed_party_keys=frozenset(),
    mediator_signed=False,
    seal_affixed=False,
    recorder_name="记录员甲",
    dispute_type=DisputeType.CONTRACT,
    personal_status=False,
)


def codes(issues: Iterable[Issue]) -> list[str]:
    return [i.code for i in issues]


def test_complete_draft() -> None:
    check = check_agreement(DRAFT)
    assert check.missing == ()
    assert check.warnings == ()
    assert check.originals == 3
    assert check.confirmation_eligible
    assert check.can_finalise
    assert not check.can_take_effect


def test_can_take_effect_once_executed() -> None:
    done = replace(
        DRAFT, executed_party_keys=frozenset({"p1", "p2"}), mediator_signed=True, seal_affixed=True
    )
    assert execution_missing(done) == []
    assert check_agreement(done).can_take_effect
    assert not check_agreement(replace(done, seal_affixed=False)).can_take_effect
    assert not check_agreement(replace(done, mediator_signed=False)).can_take_effect
    assert not check_agreement(replace(done, executed_party_keys=frozenset({"p1"}))).can_take_effect
    assert not check_agreement(replace(done, facts=" ")).can_take_effect


@pytest.mark.parametrize(
    ("field", "value", "code", "message"),
    [
        ("name", "  ", "party_name_missing:p1", "The name of party 1 is missing"),
        ("sex", None, "party_sex_missing:p1", "The sex of party 1 (王芳) is missing"),
        ("sex", Sex.UNKNOWN, "party_sex_missing:p1", "The sex of party 1 (王芳) is missing"),
        ("ethnicity", "", "party_ethnicity_missing:p1", "The ethnicity of party 1 (王芳) is missing"),
        ("age", None, "party_age_missing:p1", "The age of party 1 (王芳) is missing"),
        ("age", 200, "party_age_invalid:p1", "The age of party 1 (王芳) is 200, which cannot be right"),
        (
            "occupation",
            None,
            "party_occupation_missing:p1",
            "The occupation or position of party 1 (王芳) is missing",
        ),
        ("contact", "", "party_contact_missing:p1", "The contact details of party 1 (王芳) are missing"),
        (
            "address",
            None,
            "party_address_missing:p1",
            "The work unit or address of party 1 (王芳) is missing",
        ),
    ],
)
def test_natural_person_particulars(field: str, value: Any, code: str, message: str) -> None:
    changes: dict[str, Any] = {field: value}
    draft = replace(DRAFT, parties=(replace(BUYER, **changes), SELLER))
    check = check_agreement(draft)
    assert [(i.code, i.message) for i in check.missing] == [(code, message)]
    assert all(i.severity == "error" for i in check.missing)
    assert not check.can_finalise


@pytest.mark.parametrize(
    ("field", "code", "message"),
    [
        ("name", "party_name_missing:p2", "The name of party 2 (legal person) is missing"),
        ("address", "party_address_missing:p2", "The address of party 2 (某某果品有限公司) is missing"),
        (
            "legal_rep_name",
            "party_legal_rep_name_missing:p2",
            "The legal representative's name of party 2 (某某果品有限公司) is missing",
        ),
        (
            "legal_rep_title",
            "party_legal_rep_title_missing:p2",
            "The legal representative's position of party 2 (某某果品有限公司) is missing",
        ),
    ],
)
def test_legal_person_particulars(field: str, code: str, message: str) -> None:
    changes: dict[str, Any] = {field: ""}
    draft = replace(DRAFT, parties=(BUYER, replace(SELLER, **changes)))
    check = check_agreement(draft)
    assert [(i.code, i.message) for i in check.missing] == [(code, message)]


def test_legal_person_needs_no_natural_fields() -> None:
    # SELLER has no sex, ethnicity, age, occupation or contact: none is reported.
    assert not [i for i in check_agreement(DRAFT).missing if i.code.endswith(":p2")]


@pytest.mark.parametrize(
    ("changes", "code", "fragment"),
    [
        ({"parties": (BUYER,)}, "agreement_parties_count", "at least 2 parties; this one has 1"),
        ({"facts": ""}, "agreement_facts_missing", "main facts"),
        ({"issues": "  "}, "agreement_issues_missing", "disputed issues"),
        ({"terms": ()}, "agreement_terms_missing", "at least one agreed term"),
        ({"terms": ("付款。", " ")}, "agreement_term_empty", "Term 2 is empty"),
        ({"performance_method": ""}, "agreement_method_missing", "method of performance"),
        ({"performance_deadline": None}, "agreement_deadline_missing", "deadline or a due date"),
        (
            {"performance_deadline": None, "obligation_due_dates": (date(2026, 6, 1), None, None)},
            "obligation_due_missing",
            "Instalments 2、3 have no due date; give every instalment its own date",
        ),
        (  # an overall deadline does not date an undated instalment (it would print blank)
            {"performance_deadline": date(2026, 7, 1), "obligation_due_dates": (date(2026, 6, 1), None)},
            "obligation_due_missing",
            "Instalment 2 has no due date; give every instalment its own date",
        ),
        ({"originals_override": 0}, "agreement_originals_invalid", "at least 1; 0 was given"),
    ],
)
def test_content_missing(changes: dict[str, Any], code: str, fragment: str) -> None:
    check = check_agreement(replace(DRAFT, **changes))
    assert code in codes(check.missing)
    issue = next(i for i in check.missing if i.code == code)
    assert fragment in issue.message
    assert not check.can_finalise


def test_deadline_by_obligation_due_dates() -> None:
    draft = replace(
        DRAFT, performance_deadline=None, obligation_due_dates=(date(2026, 6, 1), date(2026, 7, 1))
    )
    assert check_agreement(draft).missing == ()


def test_warnings() -> None:
    check = check_agreement(replace(DRAFT, performance_place=" ", recorder_name="", originals_override=5))
    assert codes(check.warnings) == [
        "agreement_place_missing",
        "agreement_originals",
        "agreement_recorder_missing",
    ]
    assert "place of performance is not stated" in check.warnings[0].message
    assert "courts prefer" in check.warnings[0].message
    assert "5 originals" in check.warnings[1].message and "usual number is 3" in check.warnings[1].message
    assert "recorder" in check.warnings[2].message
    assert all(i.severity == "warning" for i in check.warnings)
    assert check.can_finalise
    assert check.originals == 5


def test_originals_default_follows_party_count() -> None:
    third = replace(BUYER, key="p3", name="第三人")
    check = check_agreement(replace(DRAFT, parties=(BUYER, SELLER, third)))
    assert check.originals == 4
    same = check_agreement(replace(DRAFT, originals_override=3))
    assert same.originals == 3 and same.warnings == ()


def test_personal_status_not_eligible() -> None:
    family = check_agreement(replace(DRAFT, dispute_type=DisputeType.MARRIAGE_FAMILY, personal_status=True))
    assert not family.confirmation_eligible
    assert codes(family.warnings) == ["agreement_not_confirmable"]
    assert "will not confirm" in family.warnings[0].message
    other = check_agreement(replace(DRAFT, personal_status=True))
    assert not other.confirmation_eligible
    assert "cannot be judicially confirmed" in other.warnings[0].message
    property_only = check_agreement(replace(DRAFT, dispute_type=DisputeType.MARRIAGE_FAMILY))
    assert property_only.confirmation_eligible and property_only.warnings == ()


def test_execution_missing() -> None:
    issues = execution_missing(DRAFT)
    assert codes(issues) == [
        "party_not_executed:p1",
        "party_not_executed:p2",
        "mediator_not_signed",
        "seal_missing",
    ]
    assert issues[0].message == "Still to sign, seal or put a fingerprint on the agreement: party 1 (王芳)"
    assert "company seal" in issues[1].message and "party 2 (某某果品有限公司)" in issues[1].message
    assert issues[2].message == "The mediator has not signed the agreement"
    assert issues[3].message == "The committee seal has not been affixed"
    partly = execution_missing(replace(DRAFT, executed_party_keys=frozenset({"p2"}), seal_affixed=True))
    assert codes(partly) == ["party_not_executed:p1", "mediator_not_signed"]
