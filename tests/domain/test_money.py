from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain import money
from mediation_app.domain.money import (
    MAX_FEN,
    fen_to_decimal,
    fen_to_plain,
    format_fen,
    parse_amount,
    parse_rmb_upper,
    rmb_phrase,
    rmb_upper,
)
from mediation_app.i18n import current_language

# The 18 fixed cases: amount in fen -> capitals.
UPPER_CASES = [
    (1200000, "壹万贰仟元整"),
    (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
    (1001000, "壹万零壹拾元整"),
    (20500, "贰佰零伍元整"),
    (5, "伍分"),
    (168032, "壹仟陆佰捌拾元零叁角贰分"),
    (1000, "壹拾元整"),
    (10000000000, "壹亿元整"),
    (10001000000, "壹亿零壹万元整"),
    (101010101, "壹佰零壹万零壹佰零壹元零壹分"),
    (0, "零元整"),
    (50, "伍角整"),
    (10500000, "壹拾万伍仟元整"),
    (100450, "壹仟零肆元伍角整"),
    (10700053, "壹拾万柒仟元零伍角叁分"),
    (600714, "陆仟零柒元壹角肆分"),
    (140950, "壹仟肆佰零玖元伍角整"),
    (32504, "叁佰贰拾伍元零肆分"),
]


def test_eighteen_cases_listed() -> None:
    assert len(UPPER_CASES) == 18


@pytest.mark.parametrize(("fen", "upper"), UPPER_CASES)
def test_rmb_upper_fixed_cases(fen: int, upper: str) -> None:
    assert rmb_upper(fen) == upper
    assert parse_rmb_upper(upper) == fen


@pytest.mark.parametrize(
    ("fen", "upper"),
    [
        (100000000000000, "壹万亿元整"),
        (100000000000001, "壹万亿元零壹分"),
        (120000000000000000, "壹仟贰佰万亿元整"),
        (100200000000000, "壹万亿零贰拾亿元整"),
        (100000000100, "壹拾亿零壹元整"),
        (1000100000, "壹仟万壹仟元整"),
        (10000000010, "壹亿元零壹角整"),
    ],
)
def test_rmb_upper_large_groups(fen: int, upper: str) -> None:
    assert rmb_upper(fen) == upper
    assert parse_rmb_upper(upper) == fen


def test_rmb_upper_rejects_negative_and_huge() -> None:
    with pytest.raises(ValueError):
        rmb_upper(-1)
    with pytest.raises(ValueError):
        rmb_upper(MAX_FEN + 1)
    assert rmb_upper(MAX_FEN).startswith("玖仟玖佰玖拾玖万亿")


@given(st.integers(min_value=0, max_value=10**10))
def test_round_trip_up_to_ten_to_the_ten_fen(fen: int) -> None:
    upper = rmb_upper(fen)
    assert parse_rmb_upper(upper) == fen
    assert parse_rmb_upper("人民币" + upper) == fen
    assert not upper.startswith("零") or fen == 0
    assert "零零" not in upper
    assert upper.endswith(("整", "分"))


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_round_trip_full_range(fen: int) -> None:
    assert parse_rmb_upper(rmb_upper(fen)) == fen


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_amount_round_trips_plain_and_formatted(fen: int) -> None:
    assert parse_amount(fen_to_plain(fen)).value == fen
    assert parse_amount(format_fen(fen, lang="zh_CN")).value == fen
    assert parse_amount(fen_to_plain(fen)).normalized == fen_to_plain(fen)


def test_parse_rmb_upper_variants_and_errors() -> None:
    assert parse_rmb_upper("人民币贰万圆正") == 2000000
    assert parse_rmb_upper("拾元整") == 1000
    assert parse_rmb_upper("壹仟陆佰捌拾元叁角贰分") == 168032
    for bad in ["", "元整", "贰万美元", "壹贰元", "贰万元伍", "壹元元"]:
        with pytest.raises(ValueError):
            parse_rmb_upper(bad)


def test_phrase_has_capitals_and_figures() -> None:
    assert rmb_phrase(2000000) == "人民币贰万元整（¥20,000.00）"
    assert rmb_phrase(168032) == "人民币壹仟陆佰捌拾元零叁角贰分（¥1,680.32）"


def test_format_and_plain() -> None:
    assert format_fen(2000000) == "¥20,000.00"
    assert format_fen(5, lang="zh_TW") == "¥0.05"
    assert format_fen(123456789, lang="en") == "¥1,234,567.89"
    assert format_fen(100, symbol=False) == "1.00"
    assert format_fen(-250) == "-¥2.50"
    assert format_fen(100, lang="xx") == "¥1.00"
    assert fen_to_plain(2000000) == "20000.00"
    assert fen_to_plain(7) == "0.07"
    assert fen_to_plain(-7) == "-0.07"
    assert str(fen_to_decimal(2000050)) == "20000.50"
    assert current_language() in ("en", "zh_CN", "zh_TW")


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1000", 100000),
        ("1,000.00", 100000),
        ("¥1,000.00", 100000),
        ("￥1000", 100000),
        ("１０００", 100000),
        ("１，０００．５", 100050),
        ("1000元", 100000),
        ("人民币 20,000 元", 2000000),
        ("0.5", 50),
        ("0", 0),
        (" 12 345 ", 1234500),
        ("1.2万元", 1_200_000),  # as ledgers and statistics write amounts
        ("１．２万", 1_200_000),
        ("0.000001万", 1),
        ("30万", 30_000_000),
        ("壹万贰仟元整", 1_200_000),  # capitals, as on an agreement
        ("人民币叁仟伍佰元零伍分", 350_005),
    ],
)
def test_parse_amount_accepts(text: str, fen: int) -> None:
    checked = parse_amount(text)
    assert checked.ok and checked.issues == ()
    assert checked.value == fen
    assert checked.normalized == fen_to_plain(fen)


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("-5", "amount_negative", "negative"),
        ("－5", "amount_negative", "negative"),
        ("1e3", "amount_exponent", "1e3"),
        ("1.5E+3", "amount_exponent", "exponent"),
        ("1.234", "amount_decimals", "has 3"),
        ("abc", "amount_chars", "found a b c"),
        ("12元5角", "amount_chars", "found 元 角"),
        ("1,00", "amount_format", "groups of three"),
        ("1.2.3", "amount_format", "one decimal point"),
        ("", "amount_empty", "Enter an amount"),
        ("¥", "amount_empty", "Enter an amount"),
        ("1" + "0" * 17, "amount_too_large", "too large"),
        ("-1.2万", "amount_negative", "negative"),
        ("1.2345678万", "amount_decimals", "has 7"),
        ("1万2千", "amount_chars", "found 万 千"),
        ("1.2.3万", "amount_format", "digits before 万"),
        ("贰万美元", "amount_capitals", "capitals"),
    ],
)
def test_parse_amount_rejects(text: str, code: str, fragment: str) -> None:
    checked = parse_amount(text)
    assert not checked.ok and checked.value is None
    assert checked.codes == (code,)
    assert fragment in checked.errors[0].message


def test_empty_allowed_on_request() -> None:
    checked = parse_amount("  ", allow_empty=True)
    assert checked.ok and checked.value is None and checked.issues == ()


def test_ceiling_gives_a_warning() -> None:
    checked = parse_amount("2,000,001", ceiling_fen=200_000_000)
    assert checked.ok and checked.value == 200_000_100
    assert checked.codes == ("amount_large",)
    assert "¥2,000,001.00" in checked.warnings[0].message
    assert "¥2,000,000.00" in checked.warnings[0].message
    assert parse_amount("2,000,000", ceiling_fen=200_000_000).issues == ()


def test_no_floats_in_money_module() -> None:
    source = Path(money.__file__).read_text(encoding="utf-8")
    assert "float" not in source
