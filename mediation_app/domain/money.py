"""Money: integer fen (分) everywhere, never an inexact binary number.

Parsing accepts what people type ("1,000.00", "¥1000", "１０００", "1000元", "1.2万元", "壹万贰仟元整");
formatting gives figures through Babel and Chinese capitals (大写) for agreements.

Capitals follow the PBOC writing rules with these choices, frozen by tests:
- whole yuan end with 整 ("贰万元整"); so does an amount ending in 角 ("伍角整", "壹仟零肆元伍角整");
- when the yuan units digit is 0 and jiao follows, write 元零X角 ("壹仟陆佰捌拾元零叁角贰分");
- jiao 0 and fen non-zero: 元零X分 ("叁佰贰拾伍元零肆分"); below one yuan no leading 零 ("伍分");
- 壹拾 is written out ("壹拾元整"), zero runs collapse to one 零 ("壹亿零壹万元整").
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from mediation_app.domain.validation import Checked, Issue
from mediation_app.i18n import _, current_language

FEN_PER_YUAN = 100
MAX_FEN = 10**16 * FEN_PER_YUAN - 1  # capitals go up to 万亿 groups

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")

_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_LOCALES = {"zh_CN": "zh_Hans_CN", "zh_TW": "zh_Hant_TW", "en": "en"}


# ---------------------------------------------------------------------------------------------
# Parsing typed amounts


def parse_amount(text: str, ceiling_fen: int | None = None, *, allow_empty: bool = False) -> Checked[int]:
    """Parse a typed amount of yuan into fen.

    Errors: empty (unless ``allow_empty``), negative, exponent, letters or other characters,
    misplaced thousands separators, more than two decimals. Above ``ceiling_fen``: a warning asking
    the user to confirm a large amount.
    """
    s = "".join(unicodedata.normalize("NFKC", text or "").split())
    s = s.removeprefix("人民币").removeprefix("RMB").removeprefix("¥")
    if s[:1] in ("-", "−"):
        return Checked.failed(
            s, Issue.error("amount_negative", _("An amount cannot be negative ({text})").format(text=s))
        )
    if any(c in DIGITS for c in s):  # written in capitals (大写), as on an agreement
        return _capitals(s, ceiling_fen)
    s = s.removesuffix("元").removesuffix("圆")
    if s.endswith("万"):  # 1.2万元, as ledgers and statistics write amounts
        return _wan(s.removesuffix("万"), ceiling_fen)
    if not s:
        if allow_empty:
            return Checked(None, "", ())
        return Checked.failed(s, Issue.error("amount_empty", _("Enter an amount")))
    if re.fullmatch(r"[\d.,]*\d[eE][+\-]?\d+", s):
        msg = _("Write the amount in plain digits, without an exponent such as {text}")
        return Checked.failed(s, Issue.error("amount_exponent", msg.format(text=s)))
    bad = "".join(dict.fromkeys(c for c in s if not (c.isascii() and (c.isdigit() or c in ".,"))))
    if bad:
        msg = _("An amount contains only digits, a decimal point and thousands separators; found {chars}")
        return Checked.failed(s, Issue.error("amount_chars", msg.format(chars=" ".join(bad))))
    return _figures(s, 2, FEN_PER_YUAN, _(
        "{text} is not a valid amount: use one decimal point and put separators between groups of three "
        "digits, e.g. 20,000.50"), _("An amount has at most 2 decimal places (fen); {text} has {count}"), ceiling_fen)


def _wan(s: str, ceiling_fen: int | None) -> Checked[int]:
    """An amount in 万元 (ten thousand yuan): "1.2" -> 1,200,000 fen; up to six decimals (fen)."""
    return _figures(s, 6, 10_000 * FEN_PER_YUAN,
                    _("{text}万 is not a valid amount: write it as digits before 万, e.g. 1.2万"),
                    _("An amount in 万 has at most 6 decimal places (fen); {text}万 has {count}"), ceiling_fen)


def _figures(s: str, places: int, unit_fen: int, bad_format: str, too_precise: str,
             ceiling_fen: int | None) -> Checked[int]:
    """Figures of ``unit_fen`` each with up to ``places`` decimals (the last of which is one fen)."""
    match = _NUMBER.match(s)
    if not match:
        return Checked.failed(s, Issue.error("amount_format", bad_format.format(text=s)))
    decimals = match.group(1) or ""
    if len(decimals) > places:
        return Checked.failed(s, Issue.error("amount_decimals", too_precise.format(text=s, count=len(decimals))))
    whole = s.split(".")[0].replace(",", "")
    return _checked(int(whole) * unit_fen + int(decimals.ljust(places, "0")), s, ceiling_fen)


def _capitals(s: str, ceiling_fen: int | None) -> Checked[int]:
    """An amount in capitals (壹万贰仟元整), read as :func:`parse_rmb_upper` reads it."""
    try:
        fen = parse_rmb_upper(s)
    except ValueError:
        msg = _("{text} cannot be read as an amount in capitals (大写), e.g. 壹万贰仟元整")
        return Checked.failed(s, Issue.error("amount_capitals", msg.format(text=s)))
    return _checked(fen, s, ceiling_fen)


def _checked(fen: int, s: str, ceiling_fen: int | None) -> Checked[int]:
    if fen > MAX_FEN:
        msg = _("{text} is too large to be an amount in this application")
        return Checked.failed(s, Issue.error("amount_too_large", msg.format(text=s)))
    issues: tuple[Issue, ...] = ()
    if ceiling_fen is not None and fen > ceiling_fen:
        msg = _("{amount} is more than {ceiling}; please confirm such a large amount")
        issues = (
            Issue.warning(
                "amount_large", msg.format(amount=format_fen(fen), ceiling=format_fen(ceiling_fen))
            ),
        )
    return Checked(fen, fen_to_plain(fen), issues)


# ---------------------------------------------------------------------------------------------
# Figures


def fen_to_decimal(fen: int) -> Decimal:
    """Exact decimal yuan, e.g. 2000050 -> Decimal('20000.50')."""
    return Decimal(fen).scaleb(-2)


def fen_to_plain(fen: int) -> str:
    """Plain figures without grouping or symbol: 2000000 -> "20000.00"."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{cents:02d}"


@cache  # Babel resolves a locale name against every locale it knows: once per language is enough
def babel_locale(lang: str) -> Locale:
    """The language's Babel locale (money here, dates in ui/formatting), parsed once per language."""
    try:
        return Locale.parse(_LOCALES.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_fen(fen: int, *, symbol: bool = True, lang: str | None = None) -> str:
    """Figures for display in the current language: 2000000 -> "¥20,000.00"."""
    locale = babel_locale(lang or current_language())
    figures = format_decimal(fen_to_decimal(abs(fen)), format="#,##0.00", locale=locale)
    return ("-" if fen < 0 else "") + ("¥" if symbol else "") + figures


# ---------------------------------------------------------------------------------------------
# Chinese capitals (大写)


def _four_upper(n: int) -> str:
    """Capitals for 1..9999 without a leading 零 (a run of zeros inside becomes one 零)."""
    out, zero = "", False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit:
            out += ("零" if zero else "") + DIGITS[digit] + _UNITS[power]
            zero = False
        elif out:
            zero = True
    return out


def _yuan_upper(yuan: int) -> str:
    chunks: list[int] = []
    while yuan:
        yuan, chunk = divmod(yuan, 10000)
        chunks.append(chunk)
    out, gap = "", False
    for group in range(len(chunks) - 1, -1, -1):
        chunk = chunks[group]
        if not chunk:
            gap = bool(out)
            continue
        if out and (gap or chunk < 1000):
            out += "零"
        out += _four_upper(chunk) + _GROUPS[group]
        gap = False
    return out


def rmb_upper(fen: int) -> str:
    """Chinese capitals of an amount, without the 人民币 prefix: 2000000 -> "贰万元整"."""
    if fen < 0:
        raise ValueError("amounts are never negative")
    if fen > MAX_FEN:
        raise ValueError("amount too large for Chinese capitals")
    yuan, rest = divmod(fen, FEN_PER_YUAN)
    jiao, cent = divmod(rest, 10)
    out = _yuan_upper(yuan) + "元" if yuan else ""
    if not jiao and not cent:
        return (out or "零元") + "整"
    if jiao:
        out += ("零" if yuan and yuan % 10 == 0 else "") + DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    return out + (DIGITS[cent] + "分" if cent else "整")


def rmb_phrase(fen: int) -> str:
    """Capitals and figures as written in an agreement: "人民币贰万元整（¥20,000.00）"."""
    return f"人民币{rmb_upper(fen)}（{format_fen(fen, lang='zh_CN')}）"


_UNIT_VALUES = {"拾": 10, "佰": 100, "仟": 1000}
_TAIL = re.compile(r"^零?(?:([零壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?$")


def _parse_yuan(text: str) -> int:
    total, section, number = 0, 0, -1  # number -1: no digit pending
    i = 0
    while i < len(text):
        c = text[i]
        if c in DIGITS:
            value = DIGITS.index(c)
            if value and number > 0:
                raise ValueError(f"two digits in a row in {text!r}")
            number = value if value else -1
        elif c in _UNIT_VALUES:
            section += (number if number > 0 else 1) * _UNIT_VALUES[c]
            number = -1
        elif c in "万亿":
            if c == "万" and text[i + 1 : i + 2] == "亿":
                scale, i = 10**12, i + 1
            else:
                scale = 10**4 if c == "万" else 10**8
            total += (section + max(number, 0)) * scale
            section, number = 0, -1
        else:
            raise ValueError(f"unexpected character {c!r} in {text!r}")
        i += 1
    return total + section + max(number, 0)


def parse_rmb_upper(text: str) -> int:
    """Inverse of :func:`rmb_upper`: capitals (optionally with 人民币, 圆, 正) back to fen."""
    s = "".join(text.split()).removeprefix("人民币").replace("圆", "元").replace("正", "整")
    s = s.removesuffix("整")
    if not s:
        raise ValueError("no amount in capitals")
    if s.count("元") > 1:
        raise ValueError(f"more than one 元 in {text!r}")
    yuan_text, _sep, tail = s.rpartition("元") if "元" in s else ("", "", s)
    yuan = _parse_yuan(yuan_text)
    match = _TAIL.match(tail)
    if not match:
        raise ValueError(f"cannot read jiao and fen in {text!r}")
    jiao = DIGITS.index(match.group(1)) if match.group(1) else 0
    cent = DIGITS.index(match.group(2)) if match.group(2) else 0
    if not yuan_text and not tail:
        raise ValueError("no amount in capitals")
    return yuan * FEN_PER_YUAN + jiao * 10 + cent
