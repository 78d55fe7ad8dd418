from __future__ import annotations

from collections.abc import Iterator

import pytest
from babel.messages.extract import extract_from_file

from mediation_app import i18n
from mediation_app.domain import ethnicity as module
from mediation_app.domain.ethnicity import (
    CONTEXT,
    common_first,
    ethnicities,
    ethnicity_label,
    find_ethnicity,
)


@pytest.fixture
def chinese() -> Iterator[None]:
    before = i18n.current_language()
    i18n.set_language("zh_CN")
    try:
        yield
    finally:
        i18n.set_language(before)


def test_count_and_codes() -> None:
    entries = ethnicities()
    assert len(entries) == 58
    codes = [e.code for e in entries]
    assert len(set(codes)) == 58
    assert codes[:56] == [f"{n:02d}" for n in range(1, 57)]
    assert codes[56:] == ["97", "98"]
    assert len({e.zh_name for e in entries}) == 58
    assert len({e.msgid for e in entries}) == 58
    assert all(e.zh_name.endswith("族") for e in entries[:56])


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("01", "汉族", "Han"),
        ("02", "蒙古族", "Mongolian"),
        ("03", "回族", "Hui"),
        ("04", "藏族", "Tibetan"),
        ("05", "维吾尔族", "Uyghur"),
        ("26", "东乡族", "Dongxiang"),
        ("30", "土族", "Tu"),
        ("35", "撒拉族", "Salar"),
        ("47", "保安族", "Bonan"),
        ("48", "裕固族", "Yugur"),
        ("56", "基诺族", "Jino"),
        ("98", "外国血统中国籍人士", "Chinese citizen of foreign origin"),
    ],
)
def test_known_entries(code: str, zh: str, en: str) -> None:
    entry = find_ethnicity(code)
    assert entry is not None
    assert (entry.zh_name, entry.msgid) == (zh, en)
    assert ethnicity_label(code) == en  # English interface


def test_common_first() -> None:
    ordered = common_first()
    assert [e.zh_name for e in ordered[:6]] == ["汉族", "回族", "藏族", "土族", "撒拉族", "蒙古族"]
    assert len(ordered) == 58
    assert {e.code for e in ordered} == {e.code for e in ethnicities()}
    rest = [e.code for e in ordered[6:]]
    assert rest == sorted(rest)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("4", "04"),
        ("04", "04"),
        ("藏族", "04"),
        ("藏", "04"),
        ("撒拉", "35"),
        ("土族", "30"),
        ("土家族", "15"),
        ("土家", "15"),
        ("tibetan", "04"),
        (" Salar ", "35"),
        ("其他", "97"),
    ],
)
def test_find(text: str, code: str) -> None:
    found = find_ethnicity(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", ["", "99", "火星族", "Martian", "00"])
def test_find_unknown(text: str) -> None:
    assert find_ethnicity(text) is None


def test_label_edge_cases() -> None:
    assert ethnicity_label(None) == ""
    assert ethnicity_label("") == ""
    assert ethnicity_label("77") == "77"


@pytest.mark.usefixtures("chinese")
def test_chinese_interface_shows_official_names() -> None:
    assert ethnicity_label("04") == "藏族"
    assert ethnicity_label("35") == "撒拉族"
    found = find_ethnicity("Tibetan")
    assert found is not None and found.code == "04"


def test_msgids_are_extractable_with_context() -> None:
    extracted = list(extract_from_file("python", module.__file__))
    assert len(extracted) == 58
    assert {ctx for _line, _msg, _comments, ctx in extracted} == {CONTEXT}
    assert {msg for _line, msg, _comments, _ctx in extracted} == {e.msgid for e in ethnicities()}
