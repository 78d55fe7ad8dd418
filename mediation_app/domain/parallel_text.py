"""A parallel translation of an agreement (Tibetan and the like): which terms it covers.

The translation is stored as text: a title line, then paragraphs. A paragraph that translates
term N starts with N, in Tibetan digits (༡ ༢ ༣ …) or ASCII digits, optionally followed by a
separator. The agreement is printed with the translation only when every term has its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TIBETAN_DIGITS = str.maketrans("༠༡༢༣༤༥༦༧༨༩", "0123456789")
_LEADING_NUMBER = re.compile(r"^\s*[（(]?([0-9༠-༩]{1,3})(?![0-9༠-༩])")


def paragraph_number(paragraph: str) -> int | None:
    """The term number a translated paragraph starts with, if any."""
    m = _LEADING_NUMBER.match(paragraph)
    if m is None:
        return None
    return int(m.group(1).translate(_TIBETAN_DIGITS))


def numbered_terms(paragraphs: Iterable[str]) -> frozenset[int]:
    return frozenset(n for p in paragraphs if (n := paragraph_number(p)) is not None)


def split_text(text: str) -> tuple[str, tuple[str, ...]]:
    """(title, paragraphs) of a stored translation: the first non-empty line is the title."""
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    if not lines:
        return "", ()
    return lines[0], tuple(lines[1:])


def untranslated_terms(term_count: int, paragraphs: Iterable[str]) -> list[int]:
    """Numbers (1-based) of the terms that have no translated paragraph."""
    covered = numbered_terms(paragraphs)
    return [n for n in range(1, term_count + 1) if n not in covered]
