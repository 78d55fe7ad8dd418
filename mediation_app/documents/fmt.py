"""Formatting of values as printed on the official (Chinese) forms."""

from __future__ import annotations

import datetime as dt

from mediation_app.domain.enums import Sex
from mediation_app.domain.money import format_fen, rmb_phrase, rmb_upper

NBSP = "\u00a0"  # ReportLab collapses ordinary and ideographic spaces; no-break spaces are kept
GAP = NBSP * 3  # between fields on one line
BLANK = NBSP * 8  # an empty field stays visibly empty, to be filled in by hand
_CN_DIGITS = "零一二三四五六七八九"
_SEX = {Sex.MALE: "男", Sex.FEMALE: "女"}


def date_cn(value: dt.date | None) -> str:
    """2026年11月21日; empty date → blank form field "　　年　　月　　日"."""
    if value is None:
        return f"{NBSP * 8}年{NBSP * 5}月{NBSP * 5}日"
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def datetime_cn(value: dt.datetime | None) -> str:
    """2026年11月21日14时30分."""
    if value is None:
        return date_cn(None) + f"{NBSP * 5}时{NBSP * 5}分"
    return f"{date_cn(value)}{value.hour}时{value.minute:02d}分"


def time_span_cn(start: dt.datetime, end: dt.datetime | None) -> str:
    if end is None:
        return datetime_cn(start)
    if end.date() == start.date():
        return f"{datetime_cn(start)}至{end.hour}时{end.minute:02d}分"
    return f"{datetime_cn(start)}至{datetime_cn(end)}"


def cn_number(n: int) -> str:
    """Chinese numerals for list numbering: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[units] if units else "")
    return str(n)


def sex_cn(value: str) -> str:
    return _SEX.get(Sex(value), "") if value in Sex._value2member_map_ else ""


def money_both(fen: int) -> str:
    """人民币贰万元整（¥20,000.00）: figures and capitals (facts 9–14: definite content)."""
    return rmb_phrase(fen)


def money_upper(fen: int) -> str:
    return rmb_upper(fen)


def money_figures(fen: int) -> str:
    return format_fen(fen, lang="zh_CN")


def or_blank(value: object) -> str:
    text = "" if value is None else str(value)
    return text if text.strip() else BLANK


def xml(text: str) -> str:
    """Escape text for a ReportLab Paragraph and keep its line breaks."""
    # xml.sax.saxutils.escape, without importing it (it pulls in urllib.request, http and email)
    escaped = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return escaped.replace("\r\n", "\n").replace("\n", "<br/>")
