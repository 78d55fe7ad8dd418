from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.pinyin import (
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    char_reading,
    name_search_keys,
    pinyin_query,
    query_is_pinyin,
)


def keys(name: str) -> list[str]:
    return name_search_keys(name).split(" ")


def test_plain_name() -> None:
    assert keys("张伟") == ["zhangwei", "zw"]


def test_surname_override_indexes_both_readings() -> None:
    k = keys("单雄信")
    assert "sxx" in k and "shanxiongxin" in k
    assert "dxx" in k and "danxiongxin" in k


def test_zeng() -> None:
    k = keys("曾国藩")
    assert "zgf" in k and "zengguofan" in k and "cgf" in k


def test_lv_indexed_as_v_and_u() -> None:
    k = keys("吕")
    assert "lv" in k and "lu" in k
    assert set(keys("吕小红")) >= {"lvxiaohong", "luxiaohong", "lxh"}


def test_tibetan_name_in_chinese_and_middle_dot() -> None:
    assert keys("扎西才让") == ["zhaxicairang", "zxcr"]
    assert keys("扎西·才让") == ["zhaxicairang", "zxcr"]
    assert keys(" 扎西 才让 ") == ["zhaxicairang", "zxcr"]


def test_latin_letters_and_digits() -> None:
    assert keys("李Tom") == ["litom", "lt"]
    assert keys("Anna") == ["anna", "a"]
    assert keys("王2") == ["wang2", "w2"]
    assert name_search_keys("") == ""
    assert name_search_keys("···") == ""


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("解小东", "xiexiaodong", "xxd"),
        ("仇小英", "qiuxiaoying", "qxy"),
        ("区家明", "oujiaming", "ojm"),
        ("朴正义", "piaozhengyi", "pzy"),
        ("查文", "zhawen", "zw"),
        ("乐平", "yueping", "yp"),
        ("覃丽", "qinli", "ql"),
        ("盖红", "gehong", "gh"),
        ("缪兰", "miaolan", "ml"),
        ("翟明", "zhaiming", "zm"),
        ("尉迟明", "yuchiming", "ycm"),
        ("万俟高", "moqigao", "mqg"),
        ("长孙明", "zhangsunming", "zsm"),
        ("单于平", "chanyuping", "cyp"),
        ("澹台明", "tantaiming", "ttm"),
        ("令狐明", "linghuming", "lhm"),
        ("欧阳云", "ouyangyun", "oyy"),
        ("上官云", "shangguanyun", "sgy"),
        ("司马云", "simayun", "smy"),
        ("诸葛明", "zhugeming", "zgm"),
        ("皇甫明", "huangfuming", "hfm"),
    ],
)
def test_surname_table(name: str, full: str, initials: str) -> None:
    k = keys(name)
    assert full in k and initials in k


def test_compound_surname_beats_single_override() -> None:
    # 单于 is a compound surname: 单 read chan, not the single-surname reading shan.
    k = keys("单于平")
    assert "chanyuping" in k and "shanyuping" not in k


def test_surname_reading_only_applies_at_the_start() -> None:
    assert keys("王曾") == ["wangceng", "wc"]


def test_tables_are_lower_ascii() -> None:
    for reading in SURNAME_READINGS.values():
        assert reading.isascii() and reading.isalpha() and reading.islower()
    for surname, readings in COMPOUND_SURNAMES.items():
        assert len(surname) == 2 and len(readings) == 2


def test_char_reading_cache_and_non_han() -> None:
    assert char_reading("张") == "zhang"
    assert char_reading("张") == "zhang"
    assert char_reading.cache_info().hits >= 1
    assert char_reading("A") is None
    assert char_reading("·") is None


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("zw", True),
        ("ZhangWei", True),
        ("zhang wei", True),
        ("xi'an", True),
        ("张", False),
        ("z1", False),
        ("", False),
        ("  ", False),
        ("ｚｗ", False),
    ],
)
def test_query_is_pinyin(q: str, expected: bool) -> None:
    assert query_is_pinyin(q) is expected


def test_pinyin_query() -> None:
    assert pinyin_query(" Zhang Wei ") == "zhangwei"


@given(st.text(alphabet="张王李赵刘陈杨黄吴周单曾吕欧阳", min_size=1, max_size=4))
def test_keys_are_lowercase_ascii_and_unique(name: str) -> None:
    result = keys(name)
    assert len(result) == len(set(result))
    assert all(k.isascii() and k.isalnum() and k == k.lower() for k in result)
    default_initials = "".join((char_reading(c) or "?")[0] for c in name)
    default_full = "".join(char_reading(c) or "?" for c in name)
    assert result[:2] == [default_full, default_initials] or result[:3] == [
        default_full,
        default_full.replace("v", "u"),
        default_initials,
    ]
