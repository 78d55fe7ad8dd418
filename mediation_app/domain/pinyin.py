"""Pinyin search keys for party names, so "zw" or "zhangwei" finds 张伟.

Each Han character is read with its default (most common) reading, looked up once and cached.
Surnames whose reading as a surname differs from the default (单 shan, 曾 zeng, 尉迟 yuchi …) are
indexed under both readings, because users type either. ü is indexed as both "v" and "u".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Compound surnames (复姓) and their readings as surnames; checked before single characters.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "欧阳": ("ou", "yang"),
    "上官": ("shang", "guan"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "皇甫": ("huang", "fu"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "慕容": ("mu", "rong"),
    "公孙": ("gong", "sun"),
    "宇文": ("yu", "wen"),
    "轩辕": ("xuan", "yuan"),
    "端木": ("duan", "mu"),
    "南宫": ("nan", "gong"),
    "呼延": ("hu", "yan"),
    "赫连": ("he", "lian"),
    "鲜于": ("xian", "yu"),
    "闻人": ("wen", "ren"),
}

# Single-character surnames read differently from the character's default reading.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "乐": "yue",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "繁": "po",
    "员": "yun",
    "召": "shao",
    "秘": "bi",
    "句": "gou",
    "种": "chong",
    "折": "she",
    "黑": "he",
}

_IGNORED = frozenset("·•・‧.-'’ ")


@lru_cache(maxsize=65536)
def char_reading(char: str) -> str | None:
    """Default toneless reading of one Han character ("吕" -> "lv"), None for anything else."""
    from pypinyin import Style, pinyin  # its phrase dictionary takes a while: loaded on first use

    result = pinyin(char, style=Style.NORMAL, errors="ignore")
    if not result or not result[0]:
        return None
    return result[0][0]


def _syllables(name: str) -> list[str]:
    """Readings of a name's Han characters; ASCII letter/digit runs kept whole (lower-cased)."""
    out: list[str] = []
    run = ""
    for c in name:
        if c.isascii() and c.isalnum():
            run += c.lower()
            continue
        if run:
            out.append(run)
            run = ""
        reading = char_reading(c)
        if reading:
            out.append(reading)
    if run:
        out.append(run)
    return out


def _surname_syllables(name: str) -> list[str] | None:
    """Syllables with the surname read as a surname, or None if the name has no such surname."""
    for surname, readings in COMPOUND_SURNAMES.items():
        if name.startswith(surname):
            return [*readings, *_syllables(name[len(surname) :])]
    if name and name[0] in SURNAME_READINGS:
        return [SURNAME_READINGS[name[0]], *_syllables(name[1:])]
    return None


def _with_u_variant(key: str) -> list[str]:
    return [key, key.replace("v", "u")] if "v" in key else [key]


def name_search_keys(name: str) -> str:
    """Space-separated lower-case search keys: full pinyin and initials, for each reading.

    "张伟" -> "zhangwei zw"; "单雄信" -> "danxiongxin dxx shanxiongxin sxx"; "吕" -> "lv l lu".
    """
    s = "".join(c for c in unicodedata.normalize("NFKC", name or "") if c not in _IGNORED and not c.isspace())
    variants = [_syllables(s)]
    surname = _surname_syllables(s)
    if surname is not None:
        variants.append(surname)
    keys: list[str] = []
    for syllables in variants:
        if not syllables:
            continue
        for key in ("".join(syllables), "".join(x[0] for x in syllables)):
            for variant in _with_u_variant(key):
                if variant not in keys:
                    keys.append(variant)
    return " ".join(keys)


def query_is_pinyin(q: str) -> bool:
    """True when a query looks like pinyin: ASCII letters only (spaces and apostrophes allowed)."""
    s = "".join(c for c in (q or "") if not c.isspace() and c not in "'’")
    return bool(s) and s.isascii() and s.isalpha()


def pinyin_query(q: str) -> str:
    """A pinyin query as matched against the keys: lower case, no spaces or apostrophes."""
    return "".join(c for c in (q or "").lower() if not c.isspace() and c not in "'’")
