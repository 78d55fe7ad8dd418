from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.enums import IdType, Sex
from mediation_app.domain.identity import (
    CREDIT_ALPHABET,
    PROVINCE_CODES,
    age_on,
    check_credit_code,
    check_id_document,
    check_resident_id,
    credit_code_check_char,
    id_birth_date,
    id_sex,
    resident_id_check_char,
    upgrade_id15,
)

TODAY = date(2026, 3, 1)

VALID_IDS = [
    ("11010519491231002X", "11010519491231002X"),
    ("440524188001010014", "440524188001010014"),
    ("11010519491231002x", "11010519491231002X"),
    ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
    (" 110105 19491231 002X ", "11010519491231002X"),
    ("110105-19491231-002X", "11010519491231002X"),
    ("110105200002290013", "110105200002290013"),
    ("370101190102039973", "370101190102039973"),
    ("34052419800101001X", "34052419800101001X"),
    ("513101198201130014", "513101198201130014"),
    ("53010219200508011X", "53010219200508011X"),
    ("440524188001015368", "440524188001015368"),
    ("630102199001011235", "630102199001011235"),
    ("630102199001011243", "630102199001011243"),
    ("810000199001010019", "810000199001010019"),
    ("820000199001010029", "820000199001010029"),
    ("830000199001010039", "830000199001010039"),
]


@pytest.mark.parametrize(("raw", "normalized"), VALID_IDS)
def test_valid_resident_ids(raw: str, normalized: str) -> None:
    checked = check_resident_id(raw, TODAY)
    assert checked.ok, checked.issues
    assert checked.issues == ()
    assert checked.value == normalized
    assert checked.normalized == normalized


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("110105194912310021", "resident_id_check", "should be X, not 1"),
        ("11010520000229001X", "resident_id_check", "should be 3, not X"),
        ("110105195001010014", "resident_id_check", "should be 2, not 4"),
        ("110105195001010027", "resident_id_check", "should be 0, not 7"),
        ("110105194902310026", "resident_id_date", "1949-02-31"),
        ("110105190002290010", "resident_id_date", "1900-02-29"),
        ("160105194912310029", "resident_id_province", "Province code 16"),
    ],
)
def test_invalid_resident_ids(raw: str, code: str, fragment: str) -> None:
    checked = check_resident_id(raw, TODAY)
    assert not checked.ok
    assert checked.value is None
    assert code in checked.codes
    matching = [i for i in checked.errors if i.code == code]
    assert fragment in matching[0].message


def test_province_code_error_is_the_only_error_when_checksum_fine() -> None:
    checked = check_resident_id("160105194912310029", TODAY)
    assert checked.codes == ("resident_id_province",)


def test_foreign_permanent_residence_number_hints_document_type() -> None:
    first17 = "93010019900101001"
    checked = check_resident_id(first17 + resident_id_check_char(first17), TODAY)
    assert checked.codes == ("resident_id_province",)
    assert "permanent residence" in checked.errors[0].message


def test_legacy_15_digit_number_is_upgraded_with_warning() -> None:
    checked = check_resident_id("110105491231002", TODAY)
    assert checked.ok
    assert checked.value == "11010519491231002X"
    assert checked.codes == ("resident_id_upgraded",)
    assert checked.warnings[0].severity == "warning"
    assert "11010519491231002X" in checked.warnings[0].message
    assert upgrade_id15("110105491231002") == "11010519491231002X"


def test_birth_date_in_future_and_before_1850() -> None:
    first17 = "11010520270101001"
    future = check_resident_id(first17 + resident_id_check_char(first17), TODAY)
    assert future.codes == ("resident_id_date",)
    assert "2027-01-01" in future.errors[0].message and "future" in future.errors[0].message
    first17 = "11010518491231001"
    old = check_resident_id(first17 + resident_id_check_char(first17), TODAY)
    assert old.codes == ("resident_id_date",)
    assert "1849-12-31" in old.errors[0].message and "1850" in old.errors[0].message


def test_the_1880_example_is_inside_the_lower_bound() -> None:
    assert check_resident_id("440524188001010014", TODAY).ok


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("", "resident_id_empty", "Enter"),
        ("1101051949123100", "resident_id_length", "has 16"),
        ("1101051949123100211", "resident_id_length", "has 19"),
        ("11010519491231002Y", "resident_id_chars", "found Y"),
        ("1101051949一231002X", "resident_id_chars", "found 一"),
        ("1101051949X231002X", "resident_id_chars", "position 11"),
        ("11010549123100X", "resident_id_chars", "only digits"),
    ],
)
def test_format_errors(raw: str, code: str, fragment: str) -> None:
    checked = check_resident_id(raw, TODAY)
    assert checked.codes == (code,)
    assert fragment in checked.errors[0].message


def test_province_table() -> None:
    assert {"11", "63", "62", "54", "65", "71", "81", "82", "83"} <= PROVINCE_CODES
    assert (
        not {"10", "16", "20", "24", "30", "38", "40", "47", "55", "60", "66", "72", "84", "91"}
        & PROVINCE_CODES
    )
    assert len(PROVINCE_CODES) == 35


def test_birth_sex_age() -> None:
    assert id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert id_sex("11010519491231002X") is Sex.FEMALE  # 17th digit 2
    assert id_sex("440524188001010014") is Sex.MALE  # 17th digit 1
    assert age_on(date(1949, 12, 31), date(2026, 12, 30)) == 76
    assert age_on(date(1949, 12, 31), date(2026, 12, 31)) == 77
    assert age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25
    assert age_on(date(2000, 2, 29), date(2026, 3, 1)) == 26
    with pytest.raises(ValueError):
        id_birth_date("110105194902310026")
    with pytest.raises(ValueError):
        id_sex("12345")


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    area=st.integers(0, 9999),
    born=st.dates(date(1850, 1, 1), TODAY),
    seq=st.integers(0, 999),
)
def test_generated_ids_round_trip(province: str, area: int, born: date, seq: int) -> None:
    first17 = f"{province}{area:04d}{born:%Y%m%d}{seq:03d}"
    number = first17 + resident_id_check_char(first17)
    checked = check_resident_id(number.lower(), TODAY)
    assert checked.ok and checked.value == number
    assert id_birth_date(number) == born
    assert id_sex(number) is (Sex.MALE if seq % 2 else Sex.FEMALE)
    wrong = "0" if number[17] != "0" else "1"
    broken = check_resident_id(number[:17] + wrong, TODAY)
    assert broken.codes == ("resident_id_check",)
    assert f"should be {number[17]}" in broken.errors[0].message


# --- unified social credit code ------------------------------------------------------------


@pytest.mark.parametrize("code", ["91350100M000100Y43", "9131000063159284XQ", "9131 0000 6315 9284 xq"])
def test_valid_credit_codes(code: str) -> None:
    checked = check_credit_code(code)
    assert checked.ok and checked.issues == ()
    assert checked.value == code.replace(" ", "").upper()


def test_credit_code_with_forbidden_last_char_names_expected() -> None:
    checked = check_credit_code("91350100M000100Y4Z")
    assert not checked.ok
    assert checked.codes == ("credit_code_chars",)
    assert "should be 3" in checked.errors[0].message


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("91350211M0000XUF46", "R"),
        ("91350100M0001TGQXM", "1"),
        ("91310115MA1H8R7C6D", "7"),
        ("91310115MA1G4L1WXK", "7"),
    ],
)
def test_credit_code_checksum_is_only_a_warning(code: str, expected: str) -> None:
    checked = check_credit_code(code)
    assert checked.ok
    assert checked.value == code
    assert checked.codes == ("credit_code_checksum",)
    assert checked.warnings[0].severity == "warning"
    assert f"should be {expected}" in checked.warnings[0].message
    assert credit_code_check_char(code[:17]) == expected


@pytest.mark.parametrize(
    ("code", "issue", "fragment"),
    [
        ("", "credit_code_empty", "Enter"),
        ("91350100M000100Y4", "credit_code_length", "has 17"),
        ("91350100MO00100Y43", "credit_code_chars", "found O"),
        ("9135010IS000100Y43", "credit_code_chars", "found I S"),
        ("913501A0M000100Y43", "credit_code_area", "3501A0"),
    ],
)
def test_credit_code_format_errors(code: str, issue: str, fragment: str) -> None:
    checked = check_credit_code(code)
    assert not checked.ok and checked.value is None
    assert checked.codes == (issue,)
    assert fragment in checked.errors[0].message


def test_credit_alphabet() -> None:
    assert len(CREDIT_ALPHABET) == 31
    assert not set("IOSVZ") & set(CREDIT_ALPHABET)


@given(st.text(alphabet=CREDIT_ALPHABET, min_size=17, max_size=17))
def test_credit_code_check_char_validates(body: str) -> None:
    code = body[:2] + "630102" + body[8:]
    full = code + credit_code_check_char(code)
    assert check_credit_code(full).issues == ()


# --- other documents ---------------------------------------------------------------------------


def test_document_dispatch() -> None:
    assert check_id_document(IdType.RESIDENT_ID, "11010519491231002x").value == "11010519491231002X"
    assert check_id_document(IdType.RESIDENT_ID, "110105194912310021").codes == ("resident_id_check",)
    assert check_id_document(IdType.PASSPORT, "e 1234 5678").value == "E12345678"
    assert check_id_document(IdType.HK_MACAO_PERMIT, "H12345678").ok
    assert check_id_document(IdType.TAIWAN_PERMIT, "12345678").ok
    assert check_id_document(IdType.FOREIGN_PR, "USA123456789012").ok
    other = check_id_document(IdType.OTHER, "  军官证  第 123 号 ")
    assert other.ok and other.value == "军官证 第 123 号"


def test_document_none_allows_empty() -> None:
    checked = check_id_document(IdType.NONE, "")
    assert checked.ok and checked.value is None and checked.issues == ()
    typed = check_id_document(IdType.NONE, "123")
    assert typed.ok and typed.codes == ("id_number_unexpected",)


@pytest.mark.parametrize(
    ("id_type", "text", "code", "fragment"),
    [
        (IdType.PASSPORT, "", "id_empty", "No document shown"),
        (IdType.PASSPORT, "E1234#5678", "id_chars", "found #"),
        (IdType.PASSPORT, "E12", "id_length", "5 to 20"),
        (IdType.HK_MACAO_PERMIT, "H123", "id_length", "this one has 4"),
        (IdType.OTHER, "   ", "id_empty", "Enter"),
        (IdType.OTHER, "x" * 41, "id_length", "at most 40"),
    ],
)
def test_document_errors(id_type: IdType, text: str, code: str, fragment: str) -> None:
    checked = check_id_document(id_type, text)
    assert not checked.ok
    assert checked.codes == (code,)
    assert fragment in checked.errors[0].message
