"""Text preparation for full-text search (SQLite FTS5 with the unicode61 tokenizer).

FTS5 cannot split Chinese into words, so the application writes pre-split text: every CJK
character is its own token ("unigram"), runs of letters and digits stay together, punctuation is
dropped. Queries are turned into phrase queries over the same tokens, which finds any substring
of one or more characters exactly.
"""

from __future__ import annotations

import re
import unicodedata

# Code-point ranges whose characters are each a token of their own.
_SINGLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # kana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B-F, Compatibility Supplement
    (0x30000, 0x323AF),  # Extensions G-H
)

PHONE_SUFFIXES = (4, 6)


def is_single_token_char(char: str) -> bool:
    """True for CJK ideographs (all extensions), kana and hangul."""
    cp = ord(char)
    return any(low <= cp <= high for low, high in _SINGLE_RANGES)


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


_SINGLE_CLASS = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _SINGLE_RANGES)
# A run: letters, digits and combining marks (Tibetan stacks, accents) that are not single tokens.
_RUN_CLASS = r"[^\W_" + _SINGLE_CLASS + r"]|[\u0300-\u036f\u0f18\u0f19\u0f35\u0f37\u0f39\u0f3e\u0f3f\u0f71-\u0f84\u0f86\u0f87\u0f8d-\u0fbc\u0fc6\u1ab0-\u1aff\u20d0-\u20ff]"
_TOKEN = re.compile(f"([{_SINGLE_CLASS}])|((?:{_RUN_CLASS})+)")


def unigram_tokens(text: str) -> list[str]:
    """Tokens of a text: one per CJK character, one per letter/digit run (lower case)."""
    normal = unicodedata.normalize("NFKC", text or "")
    return [single or run.casefold() for single, run in _TOKEN.findall(normal)]


def typed_tokens(text: str) -> list[tuple[str, bool]]:
    """The tokens of ``unigram_tokens`` with, for each, whether it is a single CJK character."""
    normal = unicodedata.normalize("NFKC", text or "")
    return [(single, True) if single else (run.casefold(), False) for single, run in _TOKEN.findall(normal)]


def unigram(text: str) -> str:
    """Space-joined tokens for indexing: "张伟 借款 13800 元" -> "张 伟 借 款 13800 元"."""
    return " ".join(unigram_tokens(text))


def _quote(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def fts_phrase(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query, or None when nothing is left to search for.

    Whitespace separates terms; each term becomes a quoted phrase of its tokens and terms are
    combined with AND. Operators and quotes typed by the user lose their meaning, so a query can
    never change the shape of the expression.
    """
    phrases = [_quote(" ".join(tokens)) for term in (query or "").split() if (tokens := unigram_tokens(term))]
    if not phrases:
        return None
    return " AND ".join(phrases)


def phone_tokens(normalized_phone: str) -> str:
    """Index tokens of a phone: the full digits, the local number of a landline, last 4 and 6 digits.

    "13800138000" -> "13800138000 8000 138000"; a 4-digit query then matches the tail.
    """
    digits = "".join(c for c in normalized_phone or "" if c.isdigit())
    if not digits:
        return ""
    tokens = [digits]
    _area, sep, local = (normalized_phone or "").partition("-")
    if sep and local.isdigit():
        tokens.append(local)
    for n in PHONE_SUFFIXES:
        if len(digits) > n:
            tokens.append(digits[-n:])
    return " ".join(dict.fromkeys(tokens))
