"""Control and format characters, line breaks and absurd lengths are cleaned or refused where the
services take text in, with a message naming the field and the character; glyphs the document
font lacks are warned at input."""

from __future__ import annotations

import pytest

from mediation_app.services.agreements import AgreementInput
from mediation_app.services.errors import ValidationFailed
from mediation_app.services.parties import PartyInput
from tests.factories import BUYER, STALLHOLDER, make_case, market_case_input


def _register(services, admin, **changes):
    return services.intake.register(admin, market_case_input(**changes))


def test_control_and_direction_characters_are_refused_with_the_field(services, admin) -> None:
    before = services.cases.count_cases(admin)
    bad_name = PartyInput(**{**BUYER.__dict__, "name": "马福\x00海"})
    with pytest.raises(ValidationFailed) as err:
        _register(services, admin, parties=(bad_name, STALLHOLDER))
    assert err.value.field_errors == {"parties.0.name": (
        "Remove the invisible control character (U+0000) at character 3; it would print as a blank box.")}
    with pytest.raises(ValidationFailed) as err:
        _register(services, admin, facts="欠款\x1b[31m三万元")
    assert err.value.field_errors == {"facts": (
        "Remove the invisible control character (U+001B) at character 3; it would print as a blank box.")}
    rlo = PartyInput(**{**STALLHOLDER.__dict__, "address": "西宁市\u202e路一八"})
    with pytest.raises(ValidationFailed) as err:
        _register(services, admin, parties=(BUYER, rlo))
    assert err.value.field_errors == {"parties.1.address": (
        "Remove the invisible direction mark (U+202E RIGHT-TO-LEFT OVERRIDE) at character 4; it can make text "
        "print in the wrong order.")}
    assert services.cases.count_cases(admin) == before


def test_line_breaks_only_in_multi_line_fields_and_invisible_marks_removed(services, admin) -> None:
    with pytest.raises(ValidationFailed) as err:
        _register(services, admin, parties=(PartyInput(**{**BUYER.__dict__, "name": "马福海\n李四"}), STALLHOLDER))
    assert err.value.field_errors == {"parties.0.name": "Write this on one line: it contains a line break."}
    pasted = PartyInput(**{**BUYER.__dict__, "name": "马\u200b福\ufeff海\t"})
    case_id = _register(services, admin, parties=(pasted, STALLHOLDER), facts="第一行\r\n第二行\t完").created_id
    detail = services.cases.detail(admin, case_id)
    assert detail.parties[0].name == "马福海" and detail.facts == "第一行\n第二行 完"


def test_absurd_lengths_are_refused_with_the_limit(services, admin) -> None:
    with pytest.raises(ValidationFailed) as err:
        _register(services, admin, facts="欠" * 20_001)
    assert err.value.field_errors == {"facts": "This is 20,001 characters long; the limit is 20,000."}
    _register(services, admin, facts="欠" * 20_000)  # a long but real statement of facts is fine
    with pytest.raises(ValidationFailed) as err:
        _register(services, admin, parties=(PartyInput(**{**BUYER.__dict__, "name": "马" * 101}), STALLHOLDER))
    assert err.value.field_errors == {"parties.0.name": "This is 101 characters long; the limit is 100."}
    case_id = make_case(services, admin)
    with pytest.raises(ValidationFailed) as err:
        services.agreements.save_draft(admin, case_id, AgreementInput(facts="事实", issues="争议",
                                                                      terms=("付款", "退货\x07")))
    assert err.value.field_errors == {"terms.1": (
        "Remove the invisible control character (U+0007) at character 3; it would print as a blank box.")}


def test_a_name_the_document_font_cannot_print_is_warned_at_input(services, admin) -> None:
    rare = PartyInput(**{**BUYER.__dict__, "name": "马\U0002A6A5海"})
    with pytest.raises(ValidationFailed) as err:
        _register(services, admin, parties=(rare, STALLHOLDER))
    assert err.value.warnings == {"parties.0.name": (
        "The document font has no character for 𪚥 (U+2A6A5); it would print as □. Check the spelling, "
        "or confirm to keep it.")}
    confirmed = PartyInput(**{**rare.__dict__, "confirm_warnings": True})
    assert _register(services, admin, parties=(confirmed, STALLHOLDER)).created_id
