from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.phone import check_phone, phone_tail


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("13800138000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("0086-13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("19912345678", "19912345678"),
        ("16612345678", "16612345678"),
        ("17012345678", "17012345678"),
        ("１３８００１３８０００", "13800138000"),
        ("(138) 0013-8000", "13800138000"),
        ("0971-6123456", "0971-6123456"),
        ("09716123456", "0971-6123456"),
        ("(0971)6123456", "0971-6123456"),
        ("（0971）6123456", "0971-6123456"),
        ("+86 971 6123456", "0971-6123456"),
        ("010-12345678", "010-12345678"),
        ("02112345678", "021-12345678"),
    ],
)
def test_valid_numbers(raw: str, normalized: str) -> None:
    checked = check_phone(raw)
    assert checked.ok and checked.issues == ()
    assert checked.value == normalized
    assert checked.normalized == normalized


@pytest.mark.parametrize("raw", ["", "   ", "无", " 无 ", "没有", "暂无"])
def test_no_phone_is_fine(raw: str) -> None:
    checked = check_phone(raw)
    assert checked.ok and checked.value is None and checked.issues == ()


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("12345678901", "phone_mobile_prefix", "starts with 12"),
        ("1380013800", "phone_length", "has 10"),
        ("138001380001", "phone_length", "has 12"),
        ("1380013800a", "phone_chars", "found a"),
        ("0971-61234", "phone_length", "61234 has 5"),
        ("0971-612345678", "phone_length", "has 9"),
        ("6123456", "phone_area_code", "0971-6123456"),
        ("912345678901", "phone_kind", "neither"),
    ],
)
def test_rejected_numbers(raw: str, code: str, fragment: str) -> None:
    checked = check_phone(raw)
    assert not checked.ok and checked.value is None
    assert checked.codes == (code,)
    assert fragment in checked.errors[0].message


@pytest.mark.parametrize("raw", ["15412345678", "19412345678", "14612345678", "14812345678", "14912345678"])
def test_outside_known_ranges_is_a_warning_not_an_error(raw: str) -> None:
    checked = check_phone(raw)
    assert checked.ok
    assert checked.value == raw
    assert checked.codes == ("phone_unusual_mobile",)
    assert raw in checked.warnings[0].message


def test_unknown_landline_is_a_warning() -> None:
    checked = check_phone("011-01234567")
    assert checked.ok and checked.value == "011-01234567"
    assert checked.codes == ("phone_unusual_landline",)
    assert "011-01234567" in checked.warnings[0].message


def test_phone_tail() -> None:
    assert phone_tail("13800138000") == "8000"
    assert phone_tail("13800138000", 6) == "138000"
    assert phone_tail("0971-6123456") == "3456"
    assert phone_tail("0971-6123456", 8) == "16123456"
    assert phone_tail("", 4) == ""


@given(st.sampled_from(["13", "15", "18", "19"]), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_spacing_and_prefix_do_not_change_result(prefix: str, rest: str) -> None:
    number = prefix + rest
    plain = check_phone(number)
    for variant in (
        f"+86 {number[:3]} {number[3:7]} {number[7:]}",
        f"0086-{number}",
        f"{number[:3]}-{number[3:]}",
    ):
        other = check_phone(variant)
        assert other.value == plain.value
        assert other.codes == plain.codes


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("+852 9123 4567", "+852 9123 4567"),  # a Hong Kong mobile
        ("00852-91234567", "+852 9123 4567"),
        ("+853 6612 3456", "+853 6612 3456"),  # Macao
        ("+886 912 345 678", "+886 912 345 678"),  # Taiwan
        ("+44 20 7946 0958", "+44 20 7946 0958"),  # abroad
    ],
)
def test_a_number_outside_the_mainland_keeps_its_country_code(raw: str, normalized: str) -> None:
    checked = check_phone(raw)
    assert checked.ok and checked.issues == ()
    assert checked.value == normalized


@pytest.mark.parametrize("raw", ["+852 123", "+999 1234 5678", "+852 9123 456a"])
def test_a_number_outside_the_mainland_that_no_country_has_is_refused(raw: str) -> None:
    checked = check_phone(raw)
    assert not checked.ok
    assert "country code" in checked.issues[0].message
