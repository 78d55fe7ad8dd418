from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.numbering import (
    AGREEMENT_WORD,
    CASE_WORD,
    DEFAULT_PATTERN,
    check_pattern,
    format_case_number,
    parse_case_number,
)


def test_default_pattern() -> None:
    assert format_case_number(DEFAULT_PATTERN, "客商", CASE_WORD, 2026, 15) == "客商人调字〔2026〕第015号"
    assert format_case_number(DEFAULT_PATTERN, "客商", CASE_WORD, 2026, 1234) == "客商人调字〔2026〕第1234号"
    assert check_pattern(DEFAULT_PATTERN).ok


def test_agreement_number_uses_another_word() -> None:
    assert (
        format_case_number(DEFAULT_PATTERN, "客商", AGREEMENT_WORD, 2026, 7) == "客商人调协字〔2026〕第007号"
    )
    assert parse_case_number(DEFAULT_PATTERN, "客商人调协字〔2026〕第007号") == (2026, 7)


@pytest.mark.parametrize(
    "pattern",
    [
        "{short}{word}[{year}]{serial:03d}号",
        "（{year}）{short}{word}第{serial}号",
        "{year}-{serial:04d}",
        "{short}{year}{serial:03d}",
        "{{{year}}}{serial}",
    ],
)
def test_valid_patterns_round_trip(pattern: str) -> None:
    assert check_pattern(pattern).ok
    number = format_case_number(pattern, "晋医", CASE_WORD, 2019, 11)
    assert parse_case_number(pattern, number) == (2019, 11)


@pytest.mark.parametrize(
    ("pattern", "code", "fragment"),
    [
        ("{short}{word}〔{year}〕第号", "pattern_serial", "{serial}"),
        ("{short}{word}第{serial:03d}号", "pattern_year", "{year}"),
        ("{short}{wrd}〔{year}〕第{serial}号", "pattern_field", "{wrd}"),
        ("{}〔{year}〕第{serial}号", "pattern_field", "{}"),
        ("{year.real}{serial}", "pattern_field", "{year.real}"),
        ("{year!r}{serial}", "pattern_field", "!r"),
        ("{year}{serial}{serial}", "pattern_duplicate", "2 times"),
        ("{year}第{serial:03x号", "pattern_syntax", "brace"),
        ("{year}{serial:q}", "pattern_format_spec", "cannot be applied"),
        ("{year}}{serial}", "pattern_syntax", "brace"),
    ],
)
def test_invalid_patterns(pattern: str, code: str, fragment: str) -> None:
    checked = check_pattern(pattern)
    assert not checked.ok and checked.value is None
    assert code in checked.codes
    assert fragment in next(i for i in checked.errors if i.code == code).message


def test_unknown_field_message_lists_allowed_fields() -> None:
    message = check_pattern("{org}{year}{serial}").errors[0].message
    assert "{short}" in message and "{word}" in message and "{serial}" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客商人调字〔2026〕第015号", (2026, 15)),
        ("  客商人调字〔2026〕第015号 ", (2026, 15)),
        ("客商人调字[2026]第015号", (2026, 15)),
        ("客商人调字（2026）第015号", (2026, 15)),
        ("客商人调字〔２０２６〕第０１５号", (2026, 15)),
        ("人调字〔2026〕第100号", (2026, 100)),
        ("客商人调字〔2026〕第15号", None),  # fewer digits than the pattern writes
        ("客商人调字〔26〕第015号", None),
        ("客商人调字〔2026〕015号", None),
        ("随便写的", None),
        ("", None),
    ],
)
def test_parse(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_case_number(DEFAULT_PATTERN, text) == expected


def test_parse_with_invalid_pattern_is_none() -> None:
    assert parse_case_number("{nope}", "anything") is None


@given(
    short=st.text(alphabet="客商西宁市城中区调委会", max_size=6),
    word=st.sampled_from([CASE_WORD, AGREEMENT_WORD, "调字"]),
    year=st.integers(1990, 2099),
    serial=st.integers(1, 99999),
)
def test_round_trip(short: str, word: str, year: int, serial: int) -> None:
    number = format_case_number(DEFAULT_PATTERN, short, word, year, serial)
    assert parse_case_number(DEFAULT_PATTERN, number) == (year, serial)
