from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_app.domain.search_text import (
    fts_phrase,
    is_single_token_char,
    phone_tokens,
    unigram,
    unigram_tokens,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张伟 13800", "张 伟 13800"),
        ("买卖合同纠纷，欠款¥86,933元！", "买 卖 合 同 纠 纷 欠 款 86 933 元"),
        ("ABC公司abc123", "abc 公 司 abc123"),
        ("１３８００　Ｔｅｓｔ", "13800 test"),
        ("㐀𠀀𪚥", "㐀 𠀀 𪚥"),  # Extension A, Extension B
        ("", ""),
        ("、。！？", ""),
        ("扎西·才让", "扎 西 才 让"),
        ("Café au lait", "café au lait"),
    ],
)
def test_unigram(text: str, expected: str) -> None:
    assert unigram(text) == expected


def test_single_token_ranges() -> None:
    assert is_single_token_char("中")
    assert is_single_token_char("㐀")
    assert is_single_token_char("𠀀")
    assert is_single_token_char("〇")
    assert not is_single_token_char("a")
    assert not is_single_token_char("，")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("合同", '"合 同"'),
        ("熊", '"熊"'),
        ("张伟 借款", '"张 伟" AND "借 款"'),
        ("  张伟\t 8000 ", '"张 伟" AND "8000"'),
        ('合同" OR "x', '"合 同" AND "or" AND "x"'),
        ("a* NOT b", '"a" AND "not" AND "b"'),
        ("NEAR(合同 赔偿)", '"near 合 同" AND "赔 偿"'),
        ("买卖-合同", '"买 卖 合 同"'),
        ("", None),
        ("   ", None),
        ('" ，。 "', None),
    ],
)
def test_fts_phrase(query: str, expected: str | None) -> None:
    assert fts_phrase(query) == expected


@given(st.text(max_size=30))
def test_fts_phrase_is_always_balanced(query: str) -> None:
    expr = fts_phrase(query)
    if expr is None:
        assert unigram(query) == ""
        return
    for part in expr.split(" AND "):
        assert part.startswith('"') and part.endswith('"')
        assert '"' not in part[1:-1]


def test_phone_tokens() -> None:
    assert phone_tokens("13800138000") == "13800138000 8000 138000"
    assert phone_tokens("0971-6123456") == "09716123456 6123456 3456 123456"
    assert phone_tokens("") == ""
    assert phone_tokens("1234") == "1234"


@pytest.fixture
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("create virtual table t using fts5(body, phone)")
    except sqlite3.OperationalError:
        pytest.skip("SQLite built without FTS5")
    rows = [
        (1, "张伟诉王芳买卖合同纠纷", "13800138000"),
        (2, "李强 借款 20000 元", "0971-6123456"),
        (3, "合同 x 赔偿", "13912348000"),
        (4, "熊猫基地", ""),
    ]
    for rowid, body, phone in rows:
        conn.execute(
            "insert into t(rowid, body, phone) values (?, ?, ?)", (rowid, unigram(body), phone_tokens(phone))
        )
    yield conn
    conn.close()


def hits(conn: sqlite3.Connection, query: str) -> list[int]:
    expr = fts_phrase(query)
    assert expr is not None
    return [r[0] for r in conn.execute("select rowid from t where t match ? order by rowid", (expr,))]


def test_queries_against_real_fts5(fts: sqlite3.Connection) -> None:
    assert hits(fts, "合同") == [1, 3]
    assert hits(fts, "熊") == [4]
    assert hits(fts, "张伟") == [1]
    assert hits(fts, "伟诉") == [1]
    assert hits(fts, "张伟 合同") == [1]
    assert hits(fts, "同合") == []
    assert hits(fts, "20000") == [2]
    assert hits(fts, "8000") == [1, 3]
    assert hits(fts, "138000") == [1]
    assert hits(fts, "3456") == [2]
    assert hits(fts, "6123456") == [2]


def test_injection_attempts_are_harmless(fts: sqlite3.Connection) -> None:
    # Would match rows 1 and 3 if the OR got through; as literal terms nothing has "or".
    assert hits(fts, '合同" OR "x') == []
    assert hits(fts, '合同" x') == [3]
    assert hits(fts, "body:熊") == []
    assert fts_phrase('"') is None
    assert hits(fts, "合同 OR 熊猫") == []
    assert fts_phrase("*") is None
    assert hits(fts, "合同*") == [1, 3]  # the star is dropped, not a prefix operator


def test_tokens_round_trip() -> None:
    assert unigram_tokens("ab 中") == ["ab", "中"]
