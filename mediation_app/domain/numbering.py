"""Human numbers of cases and agreements, built from a committee's pattern.

A pattern is a Python format string over four fields:
``{short}`` (committee abbreviation, 机构简称), ``{word}`` (category word, 类别字),
``{year}`` and ``{serial}`` (with an optional format such as ``{serial:03d}``).
The default ``{short}{word}〔{year}〕第{serial:03d}号`` gives "客商人调字〔2026〕第015号".

Agreement numbers (协议编号) use the same functions and pattern with another category word,
e.g. ``AGREEMENT_WORD`` "人调协字" -> "客商人调协字〔2026〕第015号". Allocating serials (unique
per committee and year, never reused) belongs to storage, not here.
"""

from __future__ import annotations

import re
import unicodedata
from string import Formatter

from mediation_app.domain.validation import Checked, Issue
from mediation_app.i18n import _

DEFAULT_PATTERN = "{short}{word}〔{year}〕第{serial:03d}号"
CASE_WORD = "人调字"
AGREEMENT_WORD = "人调协字"
FIELDS = ("short", "word", "year", "serial")

_OPEN = "〔[［(（【"
_CLOSE = "〕]］)）】"


def format_case_number(pattern: str, short: str, word: str, year: int, serial: int) -> str:
    """Fill a pattern: ("{short}{word}〔{year}〕第{serial:03d}号", "客商", "人调字", 2026, 15)
    -> "客商人调字〔2026〕第015号". The pattern must have passed :func:`check_pattern`."""
    return pattern.format(short=short, word=word, year=year, serial=serial)


def _fields(pattern: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return list(Formatter().parse(pattern))


def check_pattern(pattern: str) -> Checked[str]:
    """Check a numbering pattern: known fields only, {year} and {serial} exactly once each."""
    p = pattern.strip()
    allowed = ", ".join("{" + f + "}" for f in FIELDS)
    try:
        parts = _fields(p)
    except ValueError:
        msg = _("The pattern has an unmatched brace; write a literal brace as {{ or }}")
        return Checked.failed(p, Issue.error("pattern_syntax", msg))
    issues: list[Issue] = []
    counts = dict.fromkeys(FIELDS, 0)
    for _literal, field, _spec, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS:
            msg = _("Unknown field {{{field}}} in the pattern; the fields are {allowed}")
            issues.append(Issue.error("pattern_field", msg.format(field=field, allowed=allowed)))
            continue
        if conversion:
            msg = _("Field {{{field}}} cannot have a conversion (!{conversion})")
            issues.append(Issue.error("pattern_field", msg.format(field=field, conversion=conversion)))
        counts[field] += 1
    for field, code in (("year", "pattern_year"), ("serial", "pattern_serial")):
        if counts[field] == 0:
            msg = _("The pattern must contain {{{field}}}")
            issues.append(Issue.error(code, msg.format(field=field)))
    for field, count in counts.items():
        if count > 1:
            msg = _("Field {{{field}}} appears {count} times in the pattern; use it once")
            issues.append(Issue.error("pattern_duplicate", msg.format(field=field, count=count)))
    if not issues:
        try:
            format_case_number(p, "客商", CASE_WORD, 2026, 15)
        except (ValueError, TypeError) as exc:
            msg = _("The pattern's format cannot be applied: {detail}")
            issues.append(Issue.error("pattern_format_spec", msg.format(detail=str(exc))))
    if issues:
        return Checked(None, p, tuple(issues))
    return Checked(p, p, ())


def _literal_regex(literal: str) -> str:
    out = []
    for char in unicodedata.normalize("NFKC", literal):
        if char in _OPEN:
            out.append("[" + re.escape(_OPEN) + "]")
        elif char in _CLOSE:
            out.append("[" + re.escape(_CLOSE) + "]")
        elif char.isspace():
            out.append(r"\s*")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = ["^"]
    for literal, field, spec, _conversion in _fields(pattern):
        parts.append(_literal_regex(literal))
        if field == "year":
            parts.append(r"(?P<year>\d{4})")
        elif field == "serial":
            width = re.match(r"0?(\d+)d$", spec or "")
            minimum = int(width.group(1)) if width else 1
            parts.append(r"(?P<serial>\d{" + str(minimum) + ",})")
        elif field in ("short", "word"):
            parts.append(f"(?P<{field}>.*?)")
    parts.append(r"\s*$")
    return re.compile("".join(parts))


def parse_case_number(pattern: str, text: str) -> tuple[int, int] | None:
    """Read (year, serial) back from a number made with ``pattern``; None if it does not fit.

    Tolerates full-width digits, surrounding spaces and other bracket shapes ([2026], （2026）).
    """
    if not check_pattern(pattern).ok:
        return None
    s = unicodedata.normalize("NFKC", text or "").strip()
    match = _pattern_regex(pattern.strip()).match(s)
    if not match:
        return None
    return int(match.group("year")), int(match.group("serial"))


# A dispute registered at a one-stop centre's window carries a window number until it is routed
# (then the committee it goes to numbers it as its own case).
WINDOW_WORD = "窗受字"


def centre_pattern_problem(pattern: str) -> str | None:
    """Several committees share one database and their numbers must never collide: beyond
    :func:`check_pattern`, the pattern needs ``{short}`` (each committee's own short name)."""
    checked = check_pattern(pattern)
    if not checked.ok:
        return checked.errors[0].message
    if not any(field == "short" for _literal, field, _spec, _conv in _fields(pattern.strip())):
        return _("With several committees in one database the pattern must contain {short}, "
                 "or two committees would issue the same numbers")
    return None
